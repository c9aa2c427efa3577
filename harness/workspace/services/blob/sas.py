"""SAS URLs other services hand out (snapshot uploads, artifacts, run logs, code assets).

The signature is a genuine one, computed with the workspace's account key by
azure-storage-blob, so a client that checks a SAS's shape sees nothing unusual; the blob
service itself never verifies it.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import quote

from ...settings import Settings


def _expiry(hours: float) -> datetime:
    return datetime.now(timezone.utc) + timedelta(hours=hours)


def blob_sas_url(settings: Settings, container: str, blob: str, permission: str = "r",
                 hours: float = 24, account: str | None = None) -> str:
    """``https://<account>.blob.core.windows.net/<container>/<blob>?<sas>`` for one blob."""
    from azure.storage.blob import generate_blob_sas

    account = account or settings.storage_account
    token = generate_blob_sas(account, container, blob, account_key=settings.account_key,
                              permission=permission, expiry=_expiry(hours))
    return f"https://{account}.blob.core.windows.net/{container}/{quote(blob)}?{token}"


def container_sas_url(settings: Settings, container: str, permission: str = "racwl",
                      hours: float = 24, account: str | None = None) -> str:
    """``https://<account>.blob.core.windows.net/<container>?<sas>`` for a whole container."""
    from azure.storage.blob import generate_container_sas

    account = account or settings.storage_account
    token = generate_container_sas(account, container, account_key=settings.account_key,
                                   permission=permission, expiry=_expiry(hours))
    return f"https://{account}.blob.core.windows.net/{container}?{token}"
