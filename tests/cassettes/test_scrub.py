"""Scrubbing: each kind of secret is replaced by a placeholder that still parses."""

from __future__ import annotations

import base64
import json

import jwt

from harness.cassettes.scrub import (
    FAR_FUTURE,
    PLACEHOLDER_JWT,
    PLACEHOLDER_KEY,
    expire_far_away,
    scrub_body,
    scrub_connection_strings,
    scrub_form,
    scrub_headers,
    scrub_json,
    scrub_jwts,
    scrub_response,
    scrub_sas,
    scrub_text,
)

REAL_LOOKING_JWT = jwt.encode({"tid": "t", "exp": 1, "upn": "someone@contoso.com"}, "k" * 32,
                              algorithm="HS256")
ACCOUNT_KEY = base64.b64encode(bytes(range(64))).decode()


def test_the_placeholder_jwt_decodes_with_a_far_expiry_and_a_tenant() -> None:
    claims = jwt.decode(PLACEHOLDER_JWT, options={"verify_signature": False})
    assert claims["exp"] == FAR_FUTURE and claims["tid"]


def test_the_placeholder_key_is_valid_base64_of_a_storage_key_size() -> None:
    assert len(base64.b64decode(PLACEHOLDER_KEY, validate=True)) == 64


def test_any_jwt_anywhere_is_replaced() -> None:
    text = f"run token {REAL_LOOKING_JWT} in a log line"
    assert scrub_jwts(text) == f"run token {PLACEHOLDER_JWT} in a log line"


def test_sas_signatures_in_urls_and_bodies_are_replaced() -> None:
    url = "https://a.blob.core.windows.net/c/b?se=2026&sp=r&sig=nv06UGWw%2BruwfeQ7yYKW%3D&sr=b"
    assert scrub_sas(url) == "https://a.blob.core.windows.net/c/b?se=2026&sp=r&sig=REDACTED&sr=b"
    assert "nv06" not in scrub_text(json.dumps({"sasUri": url}))


def test_connection_string_keys_are_replaced() -> None:
    text = (f"DefaultEndpointsProtocol=https;AccountName=a;AccountKey={ACCOUNT_KEY};"
            "EndpointSuffix=core.windows.net;SharedAccessSignature=sv=2020&sig=abc")
    cleaned = scrub_connection_strings(text)
    assert ACCOUNT_KEY not in cleaned and "sig=abc" not in cleaned
    assert f"AccountKey={PLACEHOLDER_KEY};" in cleaned


def test_a_list_secrets_answer_loses_its_key() -> None:
    answer = {"secretsType": "AccountKey", "key": ACCOUNT_KEY}
    assert scrub_json(answer) == {"secretsType": "AccountKey", "key": PLACEHOLDER_KEY}


def test_endpoint_keys_and_aad_tokens_are_replaced() -> None:
    keys = scrub_json({"primaryKey": "p" * 40, "secondaryKey": "s" * 40})
    assert keys == {"primaryKey": PLACEHOLDER_KEY, "secondaryKey": PLACEHOLDER_KEY}
    tokens = scrub_json({"access_token": "opaque-0123456789abcdef", "refresh_token": "r" * 40,
                         "id_token": "i" * 40, "token_type": "Bearer"})
    assert tokens == {"access_token": PLACEHOLDER_JWT, "refresh_token": PLACEHOLDER_JWT,
                      "id_token": PLACEHOLDER_JWT, "token_type": "Bearer"}


def test_short_identifiers_under_token_names_are_not_secrets() -> None:
    meta = {"run_token": "cc5201cd", "continuationToken": "abcdef0123456789abcdef"}
    assert scrub_json(meta) == meta


def test_error_codes_are_not_mistaken_for_secrets() -> None:
    error = {"error": {"code": "UserError", "message": "not found"}}
    assert scrub_json(error) == error


def test_a_token_request_form_loses_its_client_secret() -> None:
    form = "client_id=22&grant_type=client_credentials&client_secret=s3cr3t~x.y&scope=a"
    cleaned = scrub_form(form)
    assert "s3cr3t" not in cleaned and "client_secret=REDACTED" in cleaned
    assert "client_id=22" in cleaned


def test_credential_headers_become_placeholders() -> None:
    headers = {"Authorization": f"Bearer {REAL_LOOKING_JWT}", "Cookie": "x=1",
               "x-ms-authorization-auxiliary": "Bearer abc", "Accept": "application/json"}
    cleaned = scrub_headers(headers)
    assert cleaned["Authorization"] == f"Bearer {PLACEHOLDER_JWT}"
    assert cleaned["Cookie"] == "REDACTED"
    assert "abc" not in cleaned["x-ms-authorization-auxiliary"]
    assert cleaned["Accept"] == "application/json"


def test_token_expiry_moves_far_away() -> None:
    answer = {"access_token": "x", "expires_on": "1700000000"}
    assert expire_far_away(answer)["expires_on"] == str(FAR_FUTURE)


def test_a_recorded_token_response_is_scrubbed_and_still_consistent() -> None:
    body = json.dumps({"token_type": "Bearer", "expires_in": 3599,
                       "access_token": REAL_LOOKING_JWT}).encode()
    response = {"status": {"code": 200, "message": "OK"},
                "headers": {"Content-Length": [str(len(body))], "Set-Cookie": ["a=b"]},
                "body": {"string": body}}
    cleaned = scrub_response(response)
    assert REAL_LOOKING_JWT.encode() not in cleaned["body"]["string"]
    assert "Set-Cookie" not in cleaned["headers"]
    assert cleaned["headers"]["Content-Length"] == [str(len(cleaned["body"]["string"]))]
    assert json.loads(cleaned["body"]["string"])["expires_in"] == 3599


def test_scrubbing_is_idempotent_and_leaves_clean_bodies_alone() -> None:
    clean = b'{"runId": "parity-x_v1_ab12cd34", "status": "Completed"}'
    assert scrub_body(clean) is clean
    once = scrub_body(json.dumps({"key": ACCOUNT_KEY, "secretsType": "AccountKey"}).encode())
    assert scrub_body(once) is once
    binary = bytes(range(256))
    assert scrub_body(binary) is binary
