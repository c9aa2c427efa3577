"""Azure ML registries as azure-ai-ml reaches them: discovery, then the registry's MFE host.

The local workspace holds no registry assets: a registry client can be built
(``MLClient(credential, registry_name="azureml")``) and every asset lookup in it gets
the 404 Azure gives for a missing asset.
"""
