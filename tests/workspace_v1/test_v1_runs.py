"""A v1 ScriptRunConfig workflow, end to end, against the local workspace.

One real azureml-core 1.61 process submits a training script (and a failing one, and a
long one it cancels), streams the log, then reads back everything the run produced.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sdk_scripts import SdkRunner

WORKFLOW = """
    import contextlib, io, tempfile
    from azureml.core import Model
    code = sys.argv[1]
    exp = Experiment(ws, "x")
    env = Environment("e")
    report = {}

    def config(script, target="cpu-cluster", args=()):
        return ScriptRunConfig(source_directory=code, script=script, arguments=list(args),
                               compute_target=target, environment=env)

    started = time.monotonic()
    run = exp.submit(config("train.py", args=["--alpha", 0.1]))
    failing = exp.submit(config("fail.py"))
    sleeper = exp.submit(config("sleep.py"))
    report["submit_seconds"] = time.monotonic() - started
    try:
        exp.submit(config("train.py", target="no-such-cluster"))
    except Exception as exc:
        report["unknown_compute"] = [type(exc).__name__, str(exc)]

    shown = io.StringIO()
    with contextlib.redirect_stdout(shown):
        run.wait_for_completion(show_output=True)
    report["streamed"] = shown.getvalue()
    report["wait_seconds"] = time.monotonic() - started
    report["metrics"] = run.get_metrics()
    details = run.get_details()
    report["status"] = details["status"]
    report["definition"] = details["runDefinition"]
    report["log_files"] = sorted(details["logFiles"])
    report["tags"] = run.get_tags()
    report["files"] = run.get_file_names()
    folder = tempfile.mkdtemp()
    run.download_file("outputs/model.txt", os.path.join(folder, "model.txt"))
    report["model_bytes"] = open(os.path.join(folder, "model.txt")).read()
    run.download_files(prefix="outputs", output_directory=os.path.join(folder, "all"))
    report["downloaded"] = sorted(
        os.path.relpath(os.path.join(d, f), os.path.join(folder, "all"))
        for d, _, fs in os.walk(os.path.join(folder, "all")) for f in fs)
    logs = run.get_details_with_logs()["logFiles"]
    report["driver_log"] = logs["azureml-logs/70_driver_log.txt"]

    registered = run.register_model(model_name="ridge", model_path="outputs/model.txt",
                                    tags={"alpha": "0.1"})
    model = Model(ws, "ridge")
    report["model"] = [model.name, model.version, model.run_id, model.tags,
                       registered.id]
    os.chdir(folder)  # Model.register refuses paths outside the working directory
    local = "local-model.bin"
    open(local, "wb").write(b"local model bytes")
    Model.register(ws, model_path=local, model_name="local")
    again = Model.register(ws, model_path=local, model_name="local")
    report["local_model"] = [Model(ws, "local").version, again.version]
    target = Model(ws, "local").download(target_dir=os.path.join(folder, "dl"))
    report["local_model_bytes"] = open(target, "rb").read().decode()

    failing.wait_for_completion(show_output=False, raise_on_error=False)
    report["failed"] = [failing.get_status(), failing.get_details().get("error")]

    while sleeper.get_status() != "Running":
        time.sleep(0.5)
    sleeper.cancel()
    sleeper.wait_for_completion(raise_on_error=False)
    report["canceled"] = sleeper.get_status()
    report["total_seconds"] = time.monotonic() - started
    print(json.dumps(report, default=str))
"""


@pytest.fixture(scope="module")
def workflow(run_v1: SdkRunner, code_dir: Path) -> dict[str, Any]:
    code = WORKFLOW.replace("code = sys.argv[1]", f"code = {str(code_dir)!r}")
    return run_v1(code)


def test_show_output_streams_the_scripts_printed_lines(workflow: dict[str, Any]) -> None:
    streamed = workflow["streamed"]
    assert "Streaming azureml-logs/70_driver_log.txt" in streamed
    assert "training with alpha 0.1" in streamed
    assert "finished training" in streamed
    assert streamed.index("training with alpha") < streamed.index("Execution Summary")


def test_every_metric_kind_round_trips(workflow: dict[str, Any]) -> None:
    metrics = workflow["metrics"]
    assert metrics["alpha"] == 0.1
    assert metrics["loss"] == [1.0, 0.5, pytest.approx(1 / 3)]
    assert metrics["optimizer"] == "sgd"
    assert metrics["converged"] is True
    assert metrics["accuracies"] == [0.5, 0.6, 0.7]
    assert metrics["curve"] == {"epoch": [1, 2], "score": [2.5, 3.5]}
    assert metrics["table"] == {"a": [1, 2], "b": ["u", "v"]}
    assert metrics["plot"].startswith("aml://artifactId/ExperimentRun/dcid.")
    assert metrics["plot"].endswith("/plot.png")


def test_details_tags_and_definition(workflow: dict[str, Any]) -> None:
    assert workflow["status"] == "Completed"
    definition = workflow["definition"]
    assert definition["script"] == "train.py"
    assert definition["arguments"] == ["--alpha", 0.1]  # kept as the SDK sent them
    assert definition["target"] == "cpu-cluster"
    assert workflow["tags"] == {"team": "parity", "stage": None}  # value kept as sent
    assert workflow["log_files"] == ["azureml-logs/70_driver_log.txt"]


def test_outputs_logs_and_uploads_are_run_files(workflow: dict[str, Any]) -> None:
    files = workflow["files"]
    for name in ("outputs/model.txt", "outputs/notes.txt", "plot.png",
                 "azureml-logs/70_driver_log.txt"):
        assert name in files
    assert workflow["model_bytes"] == "weights=1,2,3"
    assert workflow["downloaded"] == ["outputs/model.txt", "outputs/notes.txt"]
    assert "finished training" in workflow["driver_log"]


def test_models_register_and_read_back(workflow: dict[str, Any]) -> None:
    name, version, run_id, tags, model_id = workflow["model"]
    assert (name, version, tags, model_id) == ("ridge", 1, {"alpha": "0.1"}, "ridge:1")
    assert run_id
    assert workflow["local_model"] == [2, 2]
    assert workflow["local_model_bytes"] == "local model bytes"


def test_a_script_that_raises_fails_with_its_exception(workflow: dict[str, Any]) -> None:
    status, error = workflow["failed"]
    assert status == "Failed"
    message = error["error"]["message"]
    assert "ValueError: alpha must be positive, got -1" in message
    assert "User process 'python' exited with status code 1" in message


def test_an_unknown_compute_fails_at_submit(workflow: dict[str, Any]) -> None:
    kind, message = workflow["unknown_compute"]
    assert kind == "ExperimentExecutionException"
    assert '"status_code": 400' in message
    assert "Compute target 'no-such-cluster' does not exist" in message


def test_cancel_ends_a_running_run(workflow: dict[str, Any]) -> None:
    assert workflow["canceled"] == "Canceled"


def test_the_server_never_keeps_the_client_waiting(workflow: dict[str, Any]) -> None:
    # The SDK polls every 2 s at first; the train script needs ~3 s including imports.
    assert workflow["wait_seconds"] < 20
