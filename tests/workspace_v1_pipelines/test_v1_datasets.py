"""v1 datasets: register, get by name, mount/download into a ScriptRunConfig run or a step.

azureml-dataprep 5 is engineless (RSLex, no .NET): it reads datastores through the
workspace's datastore and blob services, so ``to_pandas_dataframe`` works too.
"""

from __future__ import annotations

from typing import Any

import pytest
from sdk_scripts import SdkRunner

READER = '''
import os, sys
from azureml.core import Run

run = Run.get_context()
mounted, downloaded = sys.argv[2], sys.argv[4]
print("mounted", mounted, sorted(os.listdir(mounted)), flush=True)
run.log("mounted_files", len(os.listdir(mounted)))
run.log("downloaded_text", open(os.path.join(downloaded, "b.csv")).read())
run.log("same_path", run.input_datasets["raw"] == mounted)
run.log("reference", os.environ.get("AZUREML_DATAREFERENCE_raw") == mounted)
'''

COUNTER = '''
import os, sys
from azureml.core import Run

run = Run.get_context()
run.log("files", len(os.listdir(sys.argv[2])))
run.log("same_path", run.input_datasets["raw"] == sys.argv[2])
'''

WORKFLOW = """
    import tempfile
    from azureml.core import Dataset
    code = sys.argv[1]
    report = {}
    store = ws.get_default_datastore()
    local = tempfile.mkdtemp()
    open(os.path.join(local, "a.csv"), "w").write("x,y\\n1,2\\n3,4\\n")
    open(os.path.join(local, "b.csv"), "w").write("x,y\\n5,6\\n")
    store.upload(local, target_path="raw", overwrite=True, show_progress=False)

    files = Dataset.File.from_files(path=(store, "raw/"))
    registered = files.register(ws, "raw-files", description="raw csv files")
    again = Dataset.File.from_files(path=(store, "raw/")).register(
        ws, "raw-files", create_new_version=True)
    narrower = Dataset.File.from_files(path=(store, "raw/a.csv")).register(
        ws, "raw-files", create_new_version=True)
    try:
        Dataset.File.from_files(path=(store, "raw/")).register(ws, "raw-files")
    except Exception as exc:
        report["duplicate"] = type(exc).__name__
    report["versions"] = [registered.version, again.version, narrower.version]
    fetched = Dataset.get_by_name(ws, "raw-files", version=1)
    report["fetched"] = [fetched.name, fetched.version, fetched.description,
                         type(fetched).__name__]
    report["latest"] = Dataset.get_by_name(ws, "raw-files").version
    report["by_id"] = Dataset.get_by_id(ws, fetched.id).name

    table = Dataset.Tabular.from_delimited_files(path=(store, "raw/a.csv"))
    table.register(ws, "raw-table")
    frame = Dataset.get_by_name(ws, "raw-table").to_pandas_dataframe()
    report["frame"] = frame.to_dict(orient="list")

    config = ScriptRunConfig(
        source_directory=code, script="read.py", compute_target="cpu-cluster",
        environment=Environment("e"),
        arguments=["--raw", fetched.as_named_input("raw").as_mount(),
                   "--copy", fetched.as_named_input("copy").as_download()])
    run = Experiment(ws, "v1-datasets").submit(config)
    report["status"] = run.wait_for_completion(show_output=False)["status"]
    report["metrics"] = run.get_metrics()

    from azureml.core import RunConfiguration
    from azureml.pipeline.core import Pipeline
    from azureml.pipeline.steps import PythonScriptStep
    raw = fetched.as_named_input("raw").as_mount()
    step = PythonScriptStep(name="count", script_name="count.py", arguments=["--raw", raw],
                            inputs=[raw], source_directory=code, compute_target="cpu-cluster",
                            runconfig=RunConfiguration())
    pipeline_run = Experiment(ws, "v1-datasets").submit(Pipeline(ws, steps=[step]))
    report["pipeline_status"] = pipeline_run.wait_for_completion(show_output=False)
    report["step_metrics"] = pipeline_run.find_step_run("count")[0].get_metrics()
    print(json.dumps(report, default=str))
"""


@pytest.fixture(scope="module")
def workflow(run_v1: SdkRunner, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    code = tmp_path_factory.mktemp("v1-dataset-code")
    (code / "read.py").write_text(READER)
    (code / "count.py").write_text(COUNTER)
    return run_v1(WORKFLOW, str(code))


def test_register_and_get_by_name(workflow: dict[str, Any]) -> None:
    # an unchanged definition keeps its version; a changed one becomes the next version
    assert workflow["versions"] == [1, 1, 2]
    assert workflow["duplicate"] == "UserErrorException"
    assert workflow["fetched"] == ["raw-files", 1, "raw csv files", "FileDataset"]
    assert workflow["latest"] == 2
    assert workflow["by_id"] == "raw-files"


def test_tabular_dataset_reads_into_pandas(workflow: dict[str, Any]) -> None:
    assert workflow["frame"] == {"x": [1, 3], "y": [2, 4]}


def test_mounted_and_downloaded_datasets_reach_the_script(workflow: dict[str, Any]) -> None:
    assert workflow["status"] == "Completed"
    metrics = workflow["metrics"]
    assert metrics["mounted_files"] == 2
    assert metrics["downloaded_text"] == "x,y\n5,6\n"
    assert metrics["same_path"] is True
    assert metrics["reference"] is True


def test_dataset_input_of_a_pipeline_step(workflow: dict[str, Any]) -> None:
    assert workflow["pipeline_status"] == "Finished"
    assert workflow["step_metrics"] == {"files": 2, "same_path": True}
