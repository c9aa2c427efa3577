"""v2 managed online endpoints and deployments (ARM ``onlineEndpoints``) and their scoring."""
