"""Facts about the client's machine are hidden from cassettes and never decide a match."""

from __future__ import annotations

import json

from harness.cassettes.host import HostFacts, hide_body, hide_fields, hide_response, hide_shapes
from harness.cassettes.matchers import body_key
from harness.cassettes.unmatched import Unmatched, report, sdk_upgrade

FACTS = HostFacts(
    names=(("build-agent-0042", "<host>"), ("maria", "<user>")),
    paths=(("/home/maria/src/migration", "<checkout>"), ("/home/maria", "<home>")),
    texts=(("3.11.9 (main, Apr  2 2024, 08:25:04) [GCC 13.2.0]", "<python>"),),
)


def snapshotrun_body(os_version: str, python: str) -> bytes:
    return json.dumps({
        "Configuration": {"script": "train.py", "arguments": ["--C", 1.0]},
        "TelemetryValues": {"amlClientOSVersion": os_version, "amlClientPythonVersion": python,
                            "amlClientType": "azureml-sdk-core"},
    }).encode()


def test_any_machines_platform_and_python_build_are_hidden_by_shape() -> None:
    for platform in ("Linux-6.18.44-fc-v595-x86_64-with-glibc2.36", "Windows-10-10.0.19041-SP0",
                     "macOS-14.4-arm64-arm-64bit"):
        assert hide_shapes(f"os {platform}.") == "os <platform>."
    assert hide_shapes("3.11.7 (main, May  9 2026, 07:35:25) [GCC 12.2.0]") == "<python>"


def test_user_agents_keep_their_sdk_tokens_and_lose_the_machine() -> None:
    agent = ("azure-ai-ml/1.35.2 azsdk-python-core/1.41.0 Python/3.11.7 "
             "(Linux-6.18.44-fc-v595-x86_64-with-glibc2.36) msrest/0.7.1 python/3.11.7")
    assert hide_shapes(agent) == ("azure-ai-ml/1.35.2 azsdk-python-core/1.41.0 Python/<python> "
                                  "(<platform>) msrest/0.7.1 python/<python>")


def test_azureml_core_telemetry_fields_are_hidden_whatever_their_value() -> None:
    text = '{"TelemetryValues": {"amlClientOSVersion": "SomeOS 1", "notebookVM": false}}'
    assert hide_fields(text) == (
        '{"TelemetryValues": {"amlClientOSVersion": "<platform>", "notebookVM": false}}')
    assert len(hide_fields(text, keep_length=True)) == len(text)


def test_this_machines_paths_are_hidden_as_whole_folders_only() -> None:
    text = ("Entry Script Name: /home/maria/src/migration/.aml-parity/score.py; "
            "cache /home/maria/.cache; other /data/home/maria/x; /home/mariane")
    assert FACTS.hide(text) == ("Entry Script Name: <checkout>/.aml-parity/score.py; "
                                "cache <home>/.cache; other /data/home/<user>/x; /home/mariane")


def test_names_are_hidden_as_words_and_common_names_are_left_alone() -> None:
    assert FACTS.hide("ran on build-agent-0042 by maria (maria_x)") == (
        "ran on <host> by <user> (maria_x)")
    here = HostFacts.of_this_process({"checkout": "/srv/project"})
    assert all(name not in ("root", "runner", "vm") for name, _ in here.names)
    assert here.hide("INFO:root:training started") == "INFO:root:training started"


def test_folders_nested_in_another_are_named_by_the_outer_one() -> None:
    facts = HostFacts.of_this_process({"checkout": "/srv/project",
                                       "workspace-dir": "/srv/project/.aml-parity/workspace"})
    assert facts.hide("/srv/project/.aml-parity/workspace/jobs") == (
        "<checkout>/.aml-parity/workspace/jobs")


def test_a_chunk_of_a_larger_blob_keeps_its_size() -> None:
    body = b"log from /home/maria/src/migration/run.py\n" * 3
    headers = {"Content-Range": ["bytes 0-125/900000"], "Content-Length": [str(len(body))]}
    hidden = hide_response({"headers": headers, "body": {"string": body}}, FACTS)
    assert len(hidden["body"]["string"]) == len(body) and b"maria" not in hidden["body"]["string"]
    assert hidden["headers"] == headers


def test_a_whole_body_changes_size_and_its_headers_follow() -> None:
    body = b"log from /home/maria/src/migration/run.py"
    headers = {"Content-Range": [f"bytes 0-{len(body) - 1}/{len(body)}"],
               "Content-Length": [str(len(body))]}
    hidden = hide_response({"headers": headers, "body": {"string": body}}, FACTS)
    size = len(hidden["body"]["string"])
    assert hidden["body"]["string"] == b"log from <checkout>/run.py"
    assert hidden["headers"] == {"Content-Range": [f"bytes 0-{size - 1}/{size}"],
                                 "Content-Length": [str(size)]}


def test_binary_bodies_are_left_as_they_are() -> None:
    binary = bytes(range(256))
    assert hide_body(binary, FACTS) is binary


def test_submissions_from_two_machines_match() -> None:
    recorded = snapshotrun_body("Linux-6.18.44-fc-v595-x86_64-with-glibc2.36",
                                "3.11.7 (main, May  9 2026, 07:35:25) [GCC 12.2.0]")
    live = snapshotrun_body("Windows-10-10.0.19041-SP0", "3.11.9 (tags/v3.11.9) [MSC v.1938]")
    assert body_key("aml", "application/json", recorded) == body_key(
        "aml", "application/json", live)
    changed = live.replace(b'"--C", 1.0', b'"--C", 2.0')
    assert body_key("aml", "application/json", recorded) != body_key(
        "aml", "application/json", changed)


def test_an_sdk_upgrade_is_named_before_any_body_difference() -> None:
    recorded = {"azureml-core": "1.60.0", "azure-ai-ml": "1.35.2", "azure-core": "1.41.0"}
    installed = {"azureml-core": "1.60.0", "azure-ai-ml": "1.36.0", "azure-core": "1.42.0"}
    message = report([Unmatched("PUT", "arm:/jobs/x", closest="PUT arm:/jobs/x",
                                differences=["body properties.x: 1 -> 2"])],
                     scenario="s", label="v2", cassette="cassettes/s/v2-run.yaml",
                     scenario_arg="scenarios/s", recorded_sdk=recorded, installed_sdk=installed)
    first, rest = message.split("\n", 1)
    assert first.startswith("s v2: an SDK upgrade")
    assert "azure-ai-ml 1.35.2 -> 1.36.0; azure-core 1.41.0 -> 1.42.0" in first
    assert first.index("azure-ai-ml") < first.index("azure-core")
    assert "differs: body properties.x" in rest
    assert sdk_upgrade(recorded, recorded) == ""
    assert "not installed" in sdk_upgrade({"azureml-core": "1.60.0"}, {})
