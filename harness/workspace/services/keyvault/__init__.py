"""Azure Key Vault secrets (``https://<vault>.vault.azure.net/secrets/<name>``) for the
workspace's vault (``settings.key_vault``); the v1 credential service stores here too.
"""
