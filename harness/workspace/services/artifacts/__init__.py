"""v1 artifact service (``/artifact/v2.0``): artifact metadata and SAS URLs to their blobs."""
