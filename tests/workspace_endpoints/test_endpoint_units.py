"""Reading a scoring server's log: the error a failed start quotes, and log tails."""

from __future__ import annotations

from harness.workspace.executor.scoring.logs import start_error, tail

FAILED_START = """--- aml-parity: starting azmlinfsrv on port 5000 ---
2026-01-01 00:00:00,000 E [7] azmlinfsrv - User's init function failed
2026-01-01 00:00:00,001 E [7] azmlinfsrv - Encountered Exception Traceback (most recent call last):
  File ".../azureml_inference_server_http/server/user_script.py", line 119, in invoke_init
    self._user_init()
  File "/app/src/score.py", line 6, in init
    model = joblib.load(os.path.join(os.environ["AZUREML_MODEL_DIR"], "model.pkl"))
FileNotFoundError: [Errno 2] No such file or directory: '/app/azureml-models/m/1/model.pkl'

The above exception was the direct cause of the following exception:

azureml_inference_server_http.server.user_script.UserScriptException: Caught an unhandled exception
2026-01-01 00:00:01,000 E [6] gunicorn.error - Reason: Worker failed to boot.
"""


def test_the_users_exception_is_the_error_of_a_failed_start() -> None:
    assert start_error(FAILED_START) == (
        "FileNotFoundError: [Errno 2] No such file or directory: "
        "'/app/azureml-models/m/1/model.pkl'")


def test_only_the_last_start_attempt_counts() -> None:
    text = FAILED_START + "--- aml-parity: starting azmlinfsrv on port 5001 ---\n" \
        "2026-01-01 00:01:00,000 E [9] gunicorn.error - Reason: Worker failed to boot.\n"
    assert start_error(text) == \
        "2026-01-01 00:01:00,000 E [9] gunicorn.error - Reason: Worker failed to boot."


def test_tail_keeps_the_last_lines() -> None:
    assert tail("a\nb\nc\n", 2) == "b\nc\n"
    assert tail("a\nb\n", None) == "a\nb\n"
