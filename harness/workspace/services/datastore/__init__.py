"""v1 data-plane datastore service (``/datastore/v1.0``): what ``Datastore.get`` and
``Workspace.get_default_datastore`` read.

No backend of its own: ``views.py`` renders the ARM backend's datastores in the v1 shape.
"""
