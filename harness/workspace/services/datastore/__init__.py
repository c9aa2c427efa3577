"""v1 data-plane datastore service (``/datastore/v1.0``): what ``Datastore.get`` and
``Workspace.get_default_datastore`` read."""
