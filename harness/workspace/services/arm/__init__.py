"""Azure Resource Manager: cloud metadata, subscriptions, the workspace, datastores, computes."""
