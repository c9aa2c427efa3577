"""Fixtures for the spec tests: a scenario folder, and loaders for v2 YAML written into it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from azure.ai.ml import load_job, load_online_deployment, load_online_endpoint
from spec_support import CONDA, IMAGE, job_document


@pytest.fixture
def scenario(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scenario folder holding `src/` and `conda.yml`; the working directory, as in a run."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "train.py").write_text("print('train')\n")
    (tmp_path / "src" / "score.py").write_text("def init():\n    pass\n")
    (tmp_path / "conda.yml").write_text(yaml.safe_dump(CONDA))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def write_job(scenario: Path) -> Callable[..., Any]:
    """Write a v2 job YAML into the scenario folder and `load_job` it."""

    def write(document: dict[str, Any] | None = None, text: str | None = None) -> Any:
        path = scenario / "job.yml"
        path.write_text(text if text is not None else yaml.safe_dump(document or job_document()))
        return load_job(path)

    return write


@pytest.fixture
def v2_service(scenario: Path) -> Callable[..., list[Any]]:
    """Write endpoint and deployment YAML, load them, and return them as a v2 side would."""

    def build(auth_mode: str = "key", **changes: Any) -> list[Any]:
        endpoint = {"name": "sk-endpoint", "auth_mode": auth_mode}
        deployment: dict[str, Any] = {
            "name": "blue",
            "endpoint_name": "sk-endpoint",
            "model": "azureml:sk-model:1",
            "code_configuration": {"code": "./src", "scoring_script": "score.py"},
            "environment": {"image": IMAGE, "conda_file": "conda.yml"},
            "instance_type": "Standard_DS1_v2",
            "instance_count": 1,
        }
        deployment.update(changes)
        (scenario / "endpoint.yml").write_text(yaml.safe_dump(endpoint))
        (scenario / "blue.yml").write_text(yaml.safe_dump(deployment))
        return [load_online_endpoint(scenario / "endpoint.yml"),
                load_online_deployment(scenario / "blue.yml")]

    return build
