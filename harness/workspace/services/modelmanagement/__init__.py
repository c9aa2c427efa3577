"""v1 model management (``/modelmanagement/v1.0``): assets and registered models only."""
