"""v1 web services (``/modelmanagement/v1.0/.../services``): ACI deployments and scoring."""
