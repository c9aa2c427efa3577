"""v1 artifact service (``/artifact/v2.0``): artifact metadata and SAS URLs to their blobs.

``models.py`` is the artifact backend every surface uses (run outputs and logs, model
files); ``views.py`` renders ArtifactDto documents and content information.
"""
