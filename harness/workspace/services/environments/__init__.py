"""v1 environment definitions (``/environment/v1.0``): register, get, list, labels."""
