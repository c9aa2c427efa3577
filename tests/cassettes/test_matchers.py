"""Matchers: the same meaning matches, a changed argument does not, and says what changed."""

from __future__ import annotations

import json

import pytest
from vcr.request import Request

from harness.cassettes.matchers import (
    MATCHERS,
    body,
    byte_range,
    explaining,
    path,
    query,
    service,
)

JOB = ("https://management.azure.com/subscriptions/0/resourceGroups/rg/providers/"
       "Microsoft.MachineLearningServices/workspaces/ws/jobs/parity-x_v2_ab12cd34")


def put_job(command: str, api_version: str = "2025-01-01-preview") -> Request:
    document = {"properties": {"command": command, "jobType": "Command",
                               "properties": {"azureml.git.dirty": "True"}}}
    return Request("PUT", f"{JOB}?api-version={api_version}", json.dumps(document).encode(),
                   {"Content-Type": "application/json"})


def matches(live: Request, recorded: Request) -> bool:
    try:
        if any(matcher(live, recorded) is False for matcher in MATCHERS.values()):
            return False
    except AssertionError:
        return False
    return True


def test_the_same_job_with_another_api_version_and_git_state_matches() -> None:
    recorded = put_job("python train.py --alpha 0.0001", "2023-04-01-preview")
    assert matches(put_job("python train.py --alpha 0.0001"), recorded)


def test_a_changed_argument_fails_with_the_difference() -> None:
    recorded = put_job("python train.py --alpha 0.0001")
    assert body(put_job("python train.py --alpha 0.001"), recorded) is False
    with explaining(), pytest.raises(AssertionError) as failure:
        body(put_job("python train.py --alpha 0.001"), recorded)
    assert ("properties.command: 'python train.py --alpha 0.0001' -> "
            "'python train.py --alpha 0.001'") in str(failure.value)


def test_blob_hosts_match_across_storage_accounts_and_regions() -> None:
    local = Request("HEAD", "https://paritywsstore.blob.core.windows.net/c/LocalUpload/"
                    + "ab" * 16 + "/data/x.csv?sv=2025&sig=abc", None, {})
    azure = Request("HEAD", "https://amltest58.blob.core.windows.net/c/LocalUpload/"
                    + "0" * 32 + "/data/x.csv", None, {})
    service(local, azure)
    path(local, azure)
    query(local, azure)


def test_blob_bodies_compare_by_digest() -> None:
    url = "https://acct.blob.core.windows.net/c/train.py"
    body(Request("PUT", url, b"\x00\x01", {}), Request("PUT", url, b"\x00\x01", {}))
    told = r"sha256 .* \(2 bytes\) -> .* \(3 bytes\)"
    with explaining(), pytest.raises(AssertionError, match=told):
        body(Request("PUT", url, b"\x00\x01\x02", {}), Request("PUT", url, b"\x00\x01", {}))


def test_token_requests_and_list_secrets_bodies_are_not_compared() -> None:
    token = "https://login.microsoftonline.com/t/oauth2/v2.0/token"
    body(Request("POST", token, b"client_secret=a", {}), Request("POST", token, b"x=b", {}))
    secrets = "https://management.azure.com/ws/datastores/d/listSecrets"
    body(Request("POST", secrets, b'{"expirableSecret": true}', {}),
         Request("POST", secrets, None, {}))


def test_query_differences_are_named() -> None:
    live = Request("GET", "https://management.azure.com/ws/models/m/versions?$top=2", None, {})
    recorded = Request("GET", "https://management.azure.com/ws/models/m/versions?$top=1", None, {})
    with pytest.raises(AssertionError, match=r"\$top=1 -> \$top=2"):
        query(live, recorded)


def test_a_ranged_read_only_matches_the_same_range() -> None:
    url = "https://acct.blob.core.windows.net/c/model.pkl"
    whole = Request("GET", url, None, {})
    first = Request("GET", url, None, {"x-ms-range": "bytes=0-33554431"})
    byte_range(first, Request("GET", url, None, {"x-ms-range": "bytes=0-33554431"}))
    with pytest.raises(AssertionError):
        byte_range(first, whole)
