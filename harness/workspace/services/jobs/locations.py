"""Map the URIs a job names (datastore paths, blob URLs, data assets) to local files.

Every datastore here is a container of the workspace's emulated storage account, whose
blobs are plain files (``blobs/<account>/<container>/<name>``), so a job can read its
inputs in place and a folder URI is simply a folder.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from ...context import WorkspaceContext
from ..arm.models import ArmBackend
from ..assets.models import AssetBackend, kind_of
from . import exceptions

_DATASTORE_PATH = re.compile(r"azureml://(?:.*/)?datastores/(?P<store>[^/]+)/paths/(?P<path>.*)")
_ASSET_ID = re.compile(r"/data/(?P<name>[^/]+)/versions/(?P<version>[^/]+)$")
_SHORT_ASSET = re.compile(r"azureml:(?P<name>[^/:]+):(?P<version>[^/:]+)")


class BlobLocation(NamedTuple):
    """A place in the emulated storage: account, container and blob name prefix."""

    account: str
    container: str
    prefix: str


def datastore_location(context: WorkspaceContext, store: str, path: str) -> BlobLocation:
    properties = context.backend(ArmBackend).datastore(store)["properties"]
    return BlobLocation(properties["accountName"], properties["containerName"], path)


def locate(context: WorkspaceContext, uri: str) -> BlobLocation:
    """Where the blobs behind ``uri`` live; the asset's or datastore's 404 if unknown."""
    text = uri.strip()
    match = _DATASTORE_PATH.fullmatch(text)
    if match:
        return datastore_location(context, match["store"], unquote(match["path"]))
    if text.startswith("https://"):
        parts = urlsplit(text)
        account = (parts.hostname or "").split(".", 1)[0]
        container, _, prefix = unquote(parts.path).lstrip("/").partition("/")
        return BlobLocation(account, container, prefix)
    assets = context.backend(AssetBackend)
    match = _ASSET_ID.search(text) or _SHORT_ASSET.fullmatch(text)
    if match:
        data = assets.get_version(kind_of("data"), match["name"], match["version"])
        return locate(context, data["properties"]["dataUri"])
    raise exceptions.bad_request(
        f"Input or output path {uri!r} is not a datastore path, blob URL or data asset; "
        "the local workspace cannot find its files.")


def local_path(context: WorkspaceContext, location: BlobLocation) -> Path:
    """The file or folder that holds the blobs at ``location``."""
    root = context.blob_files.root / location.account / location.container
    prefix = location.prefix.strip("/")
    return root / prefix if prefix else root
