"""Azure Blob Storage on <account>.blob.core.windows.net, stored as files in the workspace."""
