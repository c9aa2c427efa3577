"""v1 pipelines end to end: PipelineData between steps, reuse, a failing step.

One real azureml-core + azureml-pipeline 1.61 process submits a two-step pipeline
(``prep`` writes a PipelineData that ``train`` reads), submits it again unchanged (both
steps are reused, as on Azure), again with ``allow_reuse=False`` on ``prep`` (both run:
``train``'s input is new data), a pipeline whose second step fails, and one joined by an
OutputFileDatasetConfig instead of a PipelineData.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sdk_scripts import SdkRunner

WORKFLOW = """
    import contextlib, io, tempfile
    from azureml.core import RunConfiguration
    from azureml.pipeline.core import Pipeline, PipelineData, PipelineRun, StepRun
    from azureml.pipeline.steps import PythonScriptStep
    code = sys.argv[1]
    exp = Experiment(ws, "v1-pipeline")
    report = {}

    def build(prep_reuse=True, second="train.py"):
        prepared = PipelineData("prepared", datastore=ws.get_default_datastore())
        config = RunConfiguration()
        prep = PythonScriptStep(name="prep", script_name="prep.py",
                                arguments=["--out", prepared, "--rows", 4],
                                outputs=[prepared], source_directory=code,
                                compute_target="cpu-cluster", runconfig=config,
                                allow_reuse=prep_reuse)
        train = PythonScriptStep(name=second[:-3], script_name=second,
                                 arguments=["--data", prepared], inputs=[prepared],
                                 source_directory=code, compute_target="cpu-cluster",
                                 runconfig=config, allow_reuse=True)
        return Pipeline(ws, steps=[prep, train])

    def summary(run):
        steps = {}
        for step in run.get_steps():
            steps[step.name] = {"id": step.id, "type": type(step).__name__,
                                "reused": step._is_reused, "status": step.get_status(),
                                "metrics": step.get_metrics(),
                                "parent": step._run_dto.get("parent_run_id")
                                or step._run_dto.get("parentRunId")}
        details = run.get_details()
        return {"id": run.id, "type": type(run).__name__, "status": run.get_status(),
                "history_status": details["status"], "steps": steps,
                "error": (details.get("error") or {}).get("error", {}).get("message")}

    started = time.monotonic()
    first = exp.submit(build())
    shown = io.StringIO()
    with contextlib.redirect_stdout(shown):
        report["first_final"] = first.wait_for_completion(show_output=True)
    report["streamed"] = shown.getvalue()
    report["first"] = summary(first)
    report["first_seconds"] = time.monotonic() - started
    prep_run = first.find_step_run("prep")[0]
    folder = tempfile.mkdtemp()
    prep_run.get_output_data("prepared").download(local_path=folder)
    report["output_files"] = sorted(
        os.path.relpath(os.path.join(d, f), folder) for d, _, fs in os.walk(folder) for f in fs)
    report["train_found"] = [r.id for r in first.find_step_run("train")]
    fetched = PipelineRun(exp, first.id)
    report["fetched_status"] = fetched.get_status()
    report["children_types"] = sorted(type(r).__name__ for r in Run(exp, first.id).get_children())

    started = time.monotonic()
    again = exp.submit(build())
    report["again_final"] = again.wait_for_completion(show_output=False)
    report["again_seconds"] = time.monotonic() - started
    report["again"] = summary(again)
    report["again_children"] = sorted(
        [c.type, c.get_tags().get("azureml.reusedrunid")]
        for c in again.get_children(_rehydrate_runs=False))

    rerun = exp.submit(build(prep_reuse=False))
    report["rerun_final"] = rerun.wait_for_completion(show_output=False)
    report["rerun"] = summary(rerun)

    failing = exp.submit(build(second="fail.py"))
    report["failing_final"] = failing.wait_for_completion(show_output=False,
                                                          raise_on_error=False)
    report["failing"] = summary(failing)
    try:
        failing.wait_for_completion(show_output=False)
    except Exception as exc:
        report["raised"] = [type(exc).__name__, str(exc)]
    fail_step = failing.find_step_run("fail")[0]

    from azureml.data import OutputFileDatasetConfig
    dataset_out = OutputFileDatasetConfig("prepared")
    writer = PythonScriptStep(name="write", script_name="prep.py",
                              arguments=["--out", dataset_out, "--rows", 2],
                              source_directory=code, compute_target="cpu-cluster",
                              runconfig=RunConfiguration(), allow_reuse=False)
    reader = PythonScriptStep(name="read", script_name="train.py",
                              arguments=["--data", dataset_out.as_input("prepared")],
                              source_directory=code, compute_target="cpu-cluster",
                              runconfig=RunConfiguration(), allow_reuse=False)
    chained = exp.submit(Pipeline(ws, steps=[writer, reader]))
    report["dataset_final"] = chained.wait_for_completion(show_output=False)
    report["dataset_metrics"] = chained.find_step_run("read")[0].get_metrics()
    report["fail_log"] = fail_step.get_details_with_logs()["logFiles"].get(
        "azureml-logs/70_driver_log.txt", "")
    report["fail_error"] = (fail_step.get_details().get("error") or {}).get("error", {})
    print(json.dumps(report, default=str))
"""


@pytest.fixture(scope="module")
def workflow(run_v1: SdkRunner, step_code: Path) -> dict[str, Any]:
    return run_v1(WORKFLOW, str(step_code))


def test_two_step_pipeline_completes_with_data_flowing(workflow: dict[str, Any]) -> None:
    first = workflow["first"]
    assert workflow["first_final"] == "Finished"
    assert first["type"] == "PipelineRun"
    assert (first["status"], first["history_status"]) == ("Finished", "Completed")
    assert set(first["steps"]) == {"prep", "train"}
    prep, train = first["steps"]["prep"], first["steps"]["train"]
    assert prep["type"] == train["type"] == "StepRun"
    assert prep["status"] == train["status"] == "Finished"
    assert prep["metrics"] == {"rows": 4}
    # train read what prep wrote through the PipelineData: 1+2+3+4
    assert train["metrics"] == {"total": 10, "parent": first["id"]}
    assert prep["parent"] == train["parent"] == first["id"]
    # PortDataReference.download keeps the datastore path: azureml/<step run>/<output>
    assert workflow["output_files"] == [f"azureml/{prep['id']}/prepared/data.csv"]
    assert workflow["train_found"] == [train["id"]]
    assert workflow["fetched_status"] == "Finished"
    assert workflow["children_types"] == ["StepRun", "StepRun"]


def test_show_output_streams_each_step(workflow: dict[str, Any]) -> None:
    streamed = workflow["streamed"]
    assert "PipelineRun Status: Running" in streamed
    assert "StepRun( prep ) Status:" in streamed
    # Step log lines are streamed only while a step is Running (as on Azure): a step
    # that finishes between two polls prints none, so their content is not asserted here.
    assert "PipelineRun Execution Summary" in streamed
    assert "PipelineRun Status: Finished" in streamed


def test_unchanged_resubmission_reuses_every_step(workflow: dict[str, Any]) -> None:
    first, again = workflow["first"]["steps"], workflow["again"]["steps"]
    assert workflow["again_final"] == "Finished"
    for name in ("prep", "train"):
        assert again[name]["reused"] is True
        # the SDK shows the reused run: same id, metrics and status as the first time
        assert again[name]["id"] == first[name]["id"]
        assert again[name]["metrics"] == first[name]["metrics"]
        assert again[name]["status"] == "Finished"
    assert workflow["again_seconds"] < workflow["first_seconds"]
    # the new pipeline run's own children are ReusedStepRuns pointing at the earlier runs
    assert workflow["again_children"] == sorted(
        ["azureml.ReusedStepRun", first[name]["id"]] for name in ("prep", "train"))


def test_allow_reuse_false_reruns_the_step_and_its_consumers(workflow: dict[str, Any]) -> None:
    first, rerun = workflow["first"]["steps"], workflow["rerun"]["steps"]
    assert workflow["rerun_final"] == "Finished"
    assert rerun["prep"]["reused"] is False and rerun["prep"]["id"] != first["prep"]["id"]
    # new prep output means new input data for train, so train runs again too
    assert rerun["train"]["reused"] is False and rerun["train"]["id"] != first["train"]["id"]
    assert rerun["train"]["metrics"]["total"] == 10


def test_failing_step_fails_the_pipeline_naming_it(workflow: dict[str, Any]) -> None:
    failing = workflow["failing"]
    assert workflow["failing_final"] == "Failed"
    assert (failing["status"], failing["history_status"]) == ("Failed", "Failed")
    assert "/fail" in failing["error"]
    assert failing["steps"]["prep"]["reused"] is True
    assert failing["steps"]["fail"]["status"] == "Failed"
    assert workflow["raised"][0] == "ActivityFailedException"
    assert "Failed nodes: /fail" in workflow["raised"][1]
    assert "the prepared data is not valid" in workflow["fail_log"]
    assert "ValueError" in workflow["fail_error"].get("message", "")


def test_output_file_dataset_config_joins_steps(workflow: dict[str, Any]) -> None:
    assert workflow["dataset_final"] == "Finished"
    assert workflow["dataset_metrics"]["total"] == 3
