"""azure-storage-blob, unmodified, stores and reads blobs through the proxy."""

from __future__ import annotations

import pytest
import requests
from azure.storage.blob import BlobServiceClient, ContainerClient

from harness.workspace.runtime import LocalWorkspace


@pytest.fixture
def blob_service(local_workspace: LocalWorkspace, monkeypatch: pytest.MonkeyPatch
                 ) -> BlobServiceClient:
    """A shared-key client for the workspace's storage account, routed by the env vars."""
    for key, value in local_workspace.env().items():
        if key not in ("HOME", "AZURE_CONFIG_DIR"):
            monkeypatch.setenv(key, value)
    settings = local_workspace.settings
    chunk = 256 * 1024  # small, so a 1 MiB blob goes up in blocks and comes down in ranges
    return BlobServiceClient(f"https://{settings.storage_account}.blob.core.windows.net",
                             credential=settings.account_key, max_single_put_size=chunk,
                             max_block_size=chunk, max_single_get_size=chunk,
                             max_chunk_get_size=chunk)


def test_upload_download_and_list(blob_service: BlobServiceClient) -> None:
    container = blob_service.get_container_client("roundtrip")
    container.create_container()
    container.upload_blob("dir/a.txt", b"alpha", metadata={"kind": "text"})
    container.upload_blob("dir/sub/b.bin", b"\x00" * 10)
    container.upload_blob("top.txt", b"top")

    assert container.download_blob("dir/a.txt").readall() == b"alpha"
    assert sorted(b.name for b in container.list_blobs(name_starts_with="dir/")) == [
        "dir/a.txt", "dir/sub/b.bin"]
    assert sorted(i.name for i in container.walk_blobs(delimiter="/")) == ["dir/", "top.txt"]
    props = container.get_blob_client("dir/a.txt").get_blob_properties()
    assert props.size == 5 and props.metadata == {"kind": "text"}


def test_large_upload_goes_in_blocks_and_ranges_come_back(blob_service: BlobServiceClient
                                                           ) -> None:
    container = blob_service.get_container_client("blocks")
    container.create_container()
    data = bytes(range(256)) * 4096  # 1 MiB
    blob = container.get_blob_client("big.bin")
    blob.upload_blob(data)
    assert blob.download_blob().readall() == data
    assert blob.download_blob(offset=1000, length=24).readall() == data[1000:1024]


def test_missing_blob_is_blob_not_found(blob_service: BlobServiceClient) -> None:
    from azure.core.exceptions import ResourceNotFoundError

    container: ContainerClient = blob_service.get_container_client("azureml")
    with pytest.raises(ResourceNotFoundError) as caught:
        container.download_blob("nothing/here.txt").readall()
    assert caught.value.error_code == "BlobNotFound"


def test_metadata_and_sas_style_requests(via_proxy: requests.Session,
                                         local_workspace: LocalWorkspace) -> None:
    base = f"https://{local_workspace.settings.blob_host}/azureml/sas/file.txt"
    sas = "sv=2021-08-06&sr=b&sp=rcw&sig=c2VjcmV0"
    put = via_proxy.put(f"{base}?{sas}", data=b"x", headers={"x-ms-blob-type": "BlockBlob"})
    assert put.status_code == 201
    meta = via_proxy.put(f"{base}?comp=metadata&{sas}", headers={"x-ms-meta-upload_status": "done"})
    assert meta.status_code == 200
    head = via_proxy.head(f"{base}?{sas}")
    assert head.headers["x-ms-meta-upload_status"] == "done"
    assert head.headers["Content-Length"] == "1"


def test_chunked_request_bodies_are_read(via_proxy: requests.Session,
                                         local_workspace: LocalWorkspace) -> None:
    url = f"https://{local_workspace.settings.blob_host}/azureml/chunked.bin"
    put = via_proxy.put(url, data=iter([b"ab", b"cd", b"ef"]),
                   headers={"x-ms-blob-type": "BlockBlob"})
    assert put.status_code == 201
    assert via_proxy.get(url).content == b"abcdef"
