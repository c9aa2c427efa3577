"""MLflow pointed at a v1 workspace reads a v1 run's files: ``download_artifacts``.

Notebooks migrating to v2 often keep azureml-core runs and read them back through
``mlflow.set_tracking_uri(ws.get_mlflow_tracking_uri())``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sdk_scripts import SdkRunner

pytestmark = pytest.mark.workspace

DOWNLOAD = """
    import pathlib, tempfile
    import mlflow
    code = sys.argv[1]
    run = Experiment(ws, "v1-mlflow-artifacts").submit(ScriptRunConfig(
        source_directory=code, script="train.py", arguments=["--alpha", 0.5],
        compute_target="cpu-cluster"))
    run.wait_for_completion()
    mlflow.set_tracking_uri(ws.get_mlflow_tracking_uri())
    report = {"status": run.get_status()}
    model = mlflow.artifacts.download_artifacts(run_id=run.id, artifact_path="outputs/model.txt",
                                                dst_path=tempfile.mkdtemp())
    report["model"] = pathlib.Path(model).read_text()
    folder = mlflow.artifacts.download_artifacts(run_id=run.id, artifact_path="outputs",
                                                 dst_path=tempfile.mkdtemp())
    report["outputs"] = sorted(p.name for p in pathlib.Path(folder).iterdir())
    print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def downloaded(run_v1: SdkRunner, code_dir: Path) -> dict[str, Any]:
    return run_v1(DOWNLOAD, str(code_dir), timeout=240)


def test_a_v1_runs_output_file_downloads_through_mlflow(downloaded: dict[str, Any]) -> None:
    assert downloaded["status"] == "Completed"
    assert downloaded["model"] == "weights=1,2,3"


def test_a_v1_runs_output_folder_downloads_through_mlflow(downloaded: dict[str, Any]) -> None:
    assert {"model.txt", "notes.txt"} <= set(downloaded["outputs"])
