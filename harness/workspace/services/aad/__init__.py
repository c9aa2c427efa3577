"""Microsoft Entra ID (Azure AD) token service: discovery, OIDC config, tokens, device code."""
