"""Secrets stored in a vault (Key Vault, Azure ML's credential service) never reach a cassette.

Their names are the user's (`db-conn`) and their values may be short or plain, so they are
known by the documents and APIs that carry them.
"""

from __future__ import annotations

import json

from vcr.request import Request

from harness.cassettes.scrub import PLACEHOLDER_SECRET, scrub_request, scrub_response
from harness.redact import Redactor
from harness.redact.vaults import holds_secret_value, is_secret_api

VAULT = "https://paritywskv.vault.azure.net"
CREDENTIALS = ("https://eastus.api.azureml.ms/credential/v2.0/subscriptions/s/resourceGroups/g"
               "/providers/Microsoft.MachineLearningServices/workspaces/w/secrets")


def test_vault_bundles_and_credentials_hold_secret_values() -> None:
    assert holds_secret_value({"value": "pw", "id": f"{VAULT}/secrets/db-conn/0123"})
    assert holds_secret_value({"name": "db-conn", "value": "pw",
                               "createdTime": "2026-01-01T00:00:00Z"})
    assert not holds_secret_value({"name": "alpha", "value": "0.1"})  # a parameter
    assert not holds_secret_value({"key": "loss", "value": "0.5", "id": "https://x/runs/1"})


def test_secret_apis_are_known_by_url() -> None:
    assert is_secret_api(f"{VAULT}/secrets/db-conn?api-version=7.4")
    assert is_secret_api(f"{CREDENTIALS}/db-conn")
    assert is_secret_api(f"{CREDENTIALS}:putbatch")
    assert not is_secret_api("https://management.azure.com/subscriptions/s/secrets-ish")


def test_a_document_with_a_vault_secret_is_scrubbed_however_short() -> None:
    bundle = {"value": "pw1", "id": f"{VAULT}/secrets/db-conn/0123", "attributes": {}}
    assert Redactor().document(bundle)["value"] != "pw1"


def test_a_set_secret_request_and_the_later_answer_are_both_scrubbed() -> None:
    value = "plain words nobody would call a secret"
    request = Request("PUT", f"{VAULT}/secrets/db-conn?api-version=7.4",
                      json.dumps({"value": value}).encode(), {"Content-Type": "application/json"})
    cleaned = scrub_request(request)
    assert json.loads(cleaned.body)["value"] == PLACEHOLDER_SECRET
    batch = Request("PUT", f"{CREDENTIALS}:putbatch",
                    json.dumps({"secrets": [{"name": "a", "value": "tiny"}]}).encode(), {})
    assert "tiny" not in scrub_request(batch).body.decode()
    # a later answer that shows the value in another shape: known by value from now on
    answer = {"status": {"code": 200, "message": "OK"}, "headers": {},
              "body": {"string": json.dumps({"echo": value}).encode()}}
    assert value not in scrub_response(answer)["body"]["string"].decode()
