"""Real Azure traffic (recorded by Microsoft's own SDK tests) replays with our matcher set.

The recordings were made by azure-ai-ml 1.12/1.15 against real Azure; this replays them
through azure-ai-ml 1.35.2 with no network: newer api-versions, real content hashes
where the recordings hold zeros, a listSecrets body the old SDK did not send. Only
the names the tests generated are pinned (from `Variables`).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from vcr.request import Request

from harness.cassettes.persister import BodyStorePersister
from harness.cassettes.recorder import build_vcr
from harness.cassettes.framing import fix_framing
from harness.cassettes.scrub import FAR_FUTURE, PLACEHOLDER_JWT
from harness.cassettes.unmatched import TrackingCassette

REAL_TRAFFIC = Path("/work/shared/real-traffic")
SUBSCRIPTION, GROUP, WORKSPACE = "00000000-0000-0000-0000-000000000", "00000", "00000"

pytestmark = pytest.mark.skipif(not REAL_TRAFFIC.is_dir(), reason="real recordings not here")


def _body(value: Any, headers: dict[str, str]) -> bytes | None:
    """Test-proxy bodies are decoded: JSON as objects, octet-stream as base64."""
    if value is None:
        return None
    if isinstance(value, dict | list):
        return json.dumps(value).encode()
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    if "octet-stream" in content_type:
        return base64.b64decode(value)
    return str(value).encode()


def convert(recording: Path, cassette: Path) -> dict[str, str]:
    """A test-proxy JSON recording as one of our cassettes; returns its `Variables`."""
    data = json.loads(recording.read_text())
    requests, responses = [], []
    for entry in data["Entries"]:
        request_headers = entry["RequestHeaders"]
        requests.append(Request(entry["RequestMethod"], entry["RequestUri"],
                                _body(entry["RequestBody"], request_headers),
                                request_headers))
        body = _body(entry["ResponseBody"], entry["ResponseHeaders"]) or b""
        headers = fix_framing(
            {k: v if isinstance(v, list) else [v] for k, v in entry["ResponseHeaders"].items()},
            body)
        responses.append({"status": {"code": entry["StatusCode"], "message": ""},
                          "headers": headers, "body": {"string": body}})
    BodyStorePersister().save_cassette(cassette, {"requests": requests, "responses": responses})
    return dict(data.get("Variables") or {})


class PlaceholderCredential:
    """A TokenCredential handing out the placeholder JWT (the recordings hold no AAD calls)."""

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        from azure.core.credentials import AccessToken

        return AccessToken(PLACEHOLDER_JWT, FAR_FUTURE)

    def get_token_info(self, *scopes: str, options: Any = None) -> Any:
        from azure.core.credentials import AccessTokenInfo

        return AccessTokenInfo(PLACEHOLDER_JWT, FAR_FUTURE)


@pytest.fixture
def replay(tmp_path: Path) -> Iterator[Any]:
    """Replays one converted recording with the harness's vcrpy configuration, record mode none."""
    opened: list[TrackingCassette] = []

    def start(name: str) -> tuple[Any, dict[str, str]]:
        cassette = tmp_path / "cassettes" / f"{name}.yaml"
        variables = convert(REAL_TRAFFIC / f"{name}.json", cassette)
        config = build_vcr(BodyStorePersister()).get_merged_config(
            path=str(cassette), record_mode="none")
        context = TrackingCassette.use(**config)
        opened.append(context.__enter__())
        contexts.append(context)
        return opened[-1], variables

    contexts: list[Any] = []
    yield start
    for context in contexts:
        context.__exit__(None, None, None)


def client() -> Any:
    from azure.ai.ml import MLClient

    return MLClient(PlaceholderCredential(), SUBSCRIPTION, GROUP, WORKSPACE)


def unmatched_text(cassette: TrackingCassette) -> str:
    return "\n".join(u.describe() for u in cassette.unmatched)


def serverless_command_job(name: str, command_line: str, tmp_path: Path) -> Any:
    """The job of the `command_job_serverless` recording, over a data folder in `tmp_path`."""
    from azure.ai.ml import Input, command
    from azure.ai.ml.entities import AmlTokenConfiguration, QueueSettings

    data = tmp_path / "data"
    data.mkdir()
    (data / "sample1.csv").write_text("a,b\n1,2\n")
    return command(
        name=name, command=command_line,
        environment="azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33",
        inputs={"testdataset": Input(type="uri_folder", path=str(data), mode="ro_mount")},
        display_name="test_dataset_display_name1", experiment_name="mfe-test1-dataset",
        identity=AmlTokenConfiguration(), queue_settings=QueueSettings(job_tier="standard"),
    )


def test_model_from_a_local_file_replays(replay: Any, tmp_path: Path) -> None:
    from azure.ai.ml.entities import Model

    cassette, variables = replay("model_crud_file")
    folder = tmp_path / "lightgbm_mlflow_model"
    folder.mkdir()
    (folder / "MLmodel").write_text("flavors: {}\n")
    flavors = {"sklearn": {"sklearn_version": "0.23.2"},
               "python_function": {"loader_module": "office.plrmodel", "python_version": "3.8.5"}}
    model = Model(name=variables["model_name"], version="3", path=str(folder),
                  type="mlflow_model", description="this is my test model",
                  tags={"foo": "bar", "abc": "123"}, flavors=flavors)
    ml_client = client()
    created = ml_client.models.create_or_update(model)
    fetched = ml_client.models.get(variables["model_name"], "3")
    listed = list(ml_client.models.list(variables["model_name"]))
    assert not cassette.unmatched, unmatched_text(cassette)
    assert created.version == fetched.version == "3"
    assert fetched.tags == {"foo": "bar", "abc": "123"} and listed
    assert cassette.play_count == len(cassette)


def test_a_serverless_command_job_replays(replay: Any, tmp_path: Path) -> None:
    cassette, variables = replay("command_job_serverless")
    job = serverless_command_job(variables["job_name"], "pip freeze", tmp_path)
    ml_client = client()
    created = ml_client.jobs.create_or_update(job)
    fetched = ml_client.jobs.get(variables["job_name"])
    assert not cassette.unmatched, unmatched_text(cassette)
    assert created.name == fetched.name == variables["job_name"]
    assert fetched.display_name == "test_dataset_display_name1"


def test_a_changed_job_argument_is_reported_with_its_difference(replay: Any, tmp_path: Path
                                                                 ) -> None:
    cassette, variables = replay("command_job_serverless")
    job = serverless_command_job(variables["job_name"], "pip list", tmp_path)
    with pytest.raises(Exception):  # noqa: B017 - whatever the SDK makes of vcrpy's refusal
        client().jobs.create_or_update(job)
    [refused] = cassette.unmatched
    assert refused.method == "PUT" and refused.closest.startswith("PUT arm:")
    assert "properties.command: 'pip freeze' -> 'pip list'" in "\n".join(refused.differences)
