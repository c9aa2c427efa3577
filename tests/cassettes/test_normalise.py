"""Normalisation: what a request means, whatever host, id, hash or time it carries."""

from __future__ import annotations

import pytest

from harness.cassettes.normalise import (
    normalise_json,
    normalise_path,
    normalise_query,
    normalise_text,
    normalise_url,
    service_of,
)


@pytest.mark.parametrize(("host", "service"), [
    ("management.azure.com", "arm"),
    ("eastus.api.azureml.ms", "aml"),
    ("westeurope.api.azureml.ms", "aml"),
    ("paritywsstore.blob.core.windows.net", "blob"),
    ("nirovinswseast5028951403.blob.core.windows.net", "blob"),
    ("login.microsoftonline.com", "aad"),
    ("127.0.0.1:8080", "loopback"),
    ("example.org", "example.org"),
])
def test_a_host_becomes_its_service(host: str, service: str) -> None:
    assert service_of(host) == service


def test_generated_values_in_text_become_placeholders() -> None:
    text = ("code-17d33382-d959-44ef-9801-11f700a184be at 2024-04-09T16:55:00.8599404+00:00 "
            "hash 1c38620a493af2852835c09a60a01a3a4be77ebf7ab7f3eff0d19fb48da78279 "
            "epoch 1795677930")
    assert normalise_text(text) == "code-<uuid> at <time> hash <hex> epoch <epoch>"


def test_short_hex_and_ordinary_numbers_are_kept() -> None:
    assert normalise_text("--alpha 0.0001 --seed 42 run ab12cd34") == (
        "--alpha 0.0001 --seed 42 run ab12cd34")


def test_upload_hashes_in_paths_do_not_matter() -> None:
    recorded = "/azureml-blobstore-0bdd51b6-cd9c-4978-b870-99997b393b81/LocalUpload/" + "0" * 32
    live = "/azureml-blobstore-a1391af3-9f38-48e8-862f-db3846e81dd4/LocalUpload/" + "ab" * 16
    assert normalise_path("blob", recorded + "/data/x.csv") == normalise_path(
        "blob", live + "/data/x.csv")


def test_any_tenant_is_the_tenant() -> None:
    assert normalise_path("aad", "/contoso.onmicrosoft.com/oauth2/v2.0/token") == (
        "/<tenant>/oauth2/v2.0/token")


def test_volatile_query_parameters_are_dropped_and_comp_kept() -> None:
    query = ("api-version=2024-10-01-preview&comp=block&blockid=QUFB&timeout=30&se=2026-01-01"
             "&sp=r&sv=2025-11-05&sr=b&sig=abc%2Bdef&skoid=x&restype=container")
    assert normalise_query(query) == (("comp", "block"), ("restype", "container"))


def test_a_url_reads_as_service_path_and_query() -> None:
    url = ("https://management.azure.com/subscriptions/0/jobs/x?api-version=2025-01-01-preview"
           "&hash=" + "f" * 64)
    assert normalise_url(url) == "arm:/subscriptions/0/jobs/x?hash=<hex>"


def test_json_loses_git_state_and_empty_defaults_but_keeps_values() -> None:
    body = {"properties": {"command": "python train.py --alpha 0.0001",
                           "properties": {"azureml.git.dirty": "True",
                                          "mlflow.source.git.commit": "a" * 40},
                           "resources": None, "tags": {}, "inputs": {"alpha": {"value": "1"}},
                           "codeId": "/codes/e715909c-54ab-4c67-b482-1994d02785ab/versions/1"}}
    assert normalise_json(body) == {"properties": {
        "command": "python train.py --alpha 0.0001",
        "inputs": {"alpha": {"value": "1"}},
        "codeId": "/codes/<uuid>/versions/1"}}


def test_v1_upload_folders_do_not_matter() -> None:
    first = "/artifact/v2.0/x/artifacts/batch/metadata/LocalUpload/261126T082536-fe9167ee"
    later = "/artifact/v2.0/x/artifacts/batch/metadata/LocalUpload/270101T000001-0a1b2c3d"
    assert normalise_path("aml", first) == normalise_path("aml", later)


def test_the_generated_deploy_driver_does_not_matter() -> None:
    path = "/artifact/v2.0/x/artifacts/batch/metadata/LocalUpload/{}"
    assert normalise_path("aml", path.format("11060c08")) == normalise_path(
        "aml", path.format("9f3e2a1b"))
    recorded, live = '{"path": "tmpv_bed0no.py"}', '{"path": "tmp4k2j_9xa.py"}'
    assert normalise_text(recorded) == normalise_text(live)
