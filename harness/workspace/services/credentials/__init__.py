"""The v1 credential service (``/credential/v2.0``): ``Keyvault.set_secret``/``get_secret``.

azureml-core reaches the workspace's Key Vault through this Azure ML service rather than
Key Vault itself; it stores in the same vault (:mod:`..keyvault`).
"""
