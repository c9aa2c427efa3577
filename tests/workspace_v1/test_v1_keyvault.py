"""The workspace's default Key Vault through the real azureml-core (the credential service)."""

from __future__ import annotations

from sdk_scripts import SdkRunner


def test_secrets_set_in_the_default_keyvault_are_read_back(run_v1: SdkRunner) -> None:
    report = run_v1("""
        from azureml.exceptions import AzureMLException
        vault = ws.get_default_keyvault()
        vault.set_secret("db-password", "s3cret-value")
        vault.set_secrets({"api-key": "k1", "other": "v2"})
        one = vault.get_secret("db-password")
        many = vault.get_secrets(["api-key", "other", "absent"])
        names = sorted(s["name"] for s in vault.list_secrets())
        vault.delete_secret("other")
        try:
            vault.get_secret("other")
            gone = False
        except Exception as error:
            gone = "404" in str(error) or "not found" in str(error).lower()
        print(json.dumps({"one": one, "many": many, "names": names, "gone": gone}))
    """)
    assert report["one"] == "s3cret-value"
    assert report["many"] == {"api-key": "k1", "other": "v2", "absent": None}
    assert {"db-password", "api-key", "other"} <= set(report["names"])
    assert report["gone"] is True
