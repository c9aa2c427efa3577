"""The redactor finds secrets by value, shape and name, and leaves everything else alone."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from harness.redact import Redactor
from harness.redact.names import names_secret
from harness.redact.placeholders import PLACEHOLDER_JWT, PLACEHOLDER_KEY, is_placeholder

KEY = base64.b64encode(bytes(range(64))).decode()
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcDEF123_-x"


@pytest.mark.parametrize(("name", "value", "secret"), [
    ("DB_PASSWORD", "x", True),
    ("dbPassword", "hunter2", True),
    ("AZURE_CLIENT_SECRET", "abc", True),
    ("connectionString", "Server=x", True),
    ("access_token", "opaque-0123456789abcdef", True),
    ("primaryKey", "short-but-qualified-key", True),
    ("key1", "AbCdEf0123456789AbCdEf0123", True),
    ("x-functions-key", "", True),
    ("token_type", "Bearer", False),
    ("secretsType", "AccountKey", False),
    ("keyVault", "/subscriptions/x/vaults/kv", False),
    ("continuationToken", "abcdef0123456789abcdef", False),
    ("run_token", "cc5201cd", False),
    ("partitionKey", "0b1c2d3e-0000-4000-8000-000000000000", False),
    ("token", "e.tokens.length-1", False),
    ("PWD", "/work/main", False),
])
def test_what_a_name_says_about_its_value(name: str, value: str, secret: bool) -> None:
    assert names_secret(name, value) is secret


def test_a_value_found_by_name_is_scrubbed_wherever_it_appears_later() -> None:
    redactor = Redactor()
    assert redactor.text("DB_PASSWORD=Planted-Pa55") == "DB_PASSWORD=REDACTED"
    assert redactor.text("connecting as Planted-Pa55 now") == "connecting as REDACTED now"
    assert redactor.text("Planted-Pa55word stays") == "Planted-Pa55word stays"  # whole values


def test_credentials_from_the_environment_are_known_from_the_start() -> None:
    redactor = Redactor.from_environment({"AZURE_CLIENT_SECRET": "sp-secret-value",
                                          "HOME": "/home/someone", "PWD": "/work"})
    assert redactor.text("printed sp-secret-value and /home/someone") == (
        "printed REDACTED and /home/someone")


def test_shapes_keep_their_prefix_and_get_parseable_placeholders() -> None:
    redactor = Redactor()
    text = (f"t={JWT} u=https://a/b?sv=1&sig=abcDEF%3D&sr=b "
            f"c=AccountName=a;AccountKey={KEY};EndpointSuffix=x")
    assert redactor.text(text) == (
        f"t={PLACEHOLDER_JWT} u=https://a/b?sv=1&sig=REDACTED&sr=b "
        f"c=AccountName=a;AccountKey={PLACEHOLDER_KEY};EndpointSuffix=x")


def test_pem_blocks_and_aad_client_secrets() -> None:
    pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----"
    cleaned = Redactor().text(f"{pem}\nsecret Ab18Q~abcdefghijklmnopqrstuvwxyz0123456")
    assert "MIIEvQ" not in cleaned and "Ab18Q~" not in cleaned


def test_documents_scrub_named_fields_name_value_pairs_and_option_values() -> None:
    document = {"environmentVariables": {"API_TOKEN": "t0k-0123456789abcdef", "MODE": "fast"},
                "env": [{"name": "DB_PASSWORD", "value": "pw-12345678"}],
                "arguments": ["--password", "pw-87654321", "--alpha", "0.1"],
                "token_type": "Bearer"}
    assert Redactor().document(document) == {
        "environmentVariables": {"API_TOKEN": PLACEHOLDER_JWT, "MODE": "fast"},
        "env": [{"name": "DB_PASSWORD", "value": "REDACTED"}],
        "arguments": ["--password", "REDACTED", "--alpha", "0.1"],
        "token_type": "Bearer"}


def test_scrubbing_is_idempotent_and_text_without_secrets_is_untouched() -> None:
    redactor = Redactor()
    once = redactor.text(f"password: hunter2-x and {JWT}")
    assert redactor.text(once) == once
    plain = "INFO:root:token_type: Bearer; minified({token:e.tokens.length-1})"
    assert redactor.text(plain) == plain


def test_keep_length_masks_in_place() -> None:
    text = f"chunk password=hunter2-long-one {JWT} tail"
    masked = Redactor().text(text, keep_length=True)
    assert len(masked) == len(text) and "hunter2" not in masked and JWT not in masked


def test_placeholders_are_recognised_exactly() -> None:
    assert is_placeholder("REDACTED") and is_placeholder("REDACTED***") and is_placeholder("RED")
    assert not is_placeholder("REDACTEDScript-Secret-42") and not is_placeholder("hunter2")


def test_files_are_scrubbed_in_place_and_binary_files_are_left(tmp_path: Path) -> None:
    log = tmp_path / "logs" / "std_log.txt"
    log.parent.mkdir()
    log.write_text("password: hunter2-long-one\n")
    model = tmp_path / "model.pkl"
    model.write_bytes(bytes(range(256)) + b"password: hunter2-long-one")
    assert Redactor().tree(tmp_path) == [log]
    assert log.read_text() == "password: REDACTED\n"
    assert model.read_bytes().endswith(b"hunter2-long-one")


def test_findings_name_the_line_and_kind_and_learn_nothing() -> None:
    redactor = Redactor()
    found = redactor.findings(f"ok\npassword: hunter2-long-one\n{JWT}\n")
    assert found == [(2, "secret-named value"), (3, "JSON Web Token")]
    assert redactor.known_count == 0
