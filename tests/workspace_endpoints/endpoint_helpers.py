"""Project files for endpoint tests, and where their scoring servers run.

Scoring scripts report what the container gives them (``AZUREML_MODEL_DIR`` and what is
in it), so a test sees the layout each SDK version produces, not a description of it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import joblib
from sklearn.linear_model import LinearRegression

ROWS = [[0.0, 1.0], [1.0, 0.5], [2.0, 2.0], [3.0, 1.5], [4.0, 3.0]]
TARGETS = [1.0, 2.5, 5.5, 6.0, 9.5]
REQUEST = {"data": [[1.5, 1.0], [5.0, 2.5]]}


SCORE = '''
import json, os
import joblib

def _find(root):
    for folder, _, names in os.walk(root):
        if "model.pkl" in names:
            return os.path.join(folder, "model.pkl")
    raise FileNotFoundError(f"no model.pkl below {root}")

def init():
    global model, report
    model_dir = os.environ["AZUREML_MODEL_DIR"]
    model = joblib.load(_find(model_dir))
    report = {"model_dir": model_dir, "listing": sorted(os.listdir(model_dir)),
              "cwd": os.getcwd(), "greeting": os.environ.get("GREETING")}

def run(raw_data):
    data = json.loads(raw_data)["data"]
    return {"predictions": model.predict(data).tolist(), **report}
'''

# The classic migration bug: a v1-style path that assumes the model file sits directly
# in AZUREML_MODEL_DIR, while the registered folder keeps its own name below it.
BROKEN_SCORE = '''
import os
import joblib

def init():
    global model
    model = joblib.load(os.path.join(os.environ["AZUREML_MODEL_DIR"], "model.pkl"))

def run(raw_data):
    return {"never": "reached"}
'''

def make_project(root: Path) -> Path:
    """A user's project: a trained model folder, scoring code, a request, YAML specs."""
    (root / "model_dir").mkdir(parents=True)
    model = LinearRegression().fit(ROWS, TARGETS)
    joblib.dump(model, root / "model_dir" / "model.pkl")
    (root / "other_model").mkdir()
    joblib.dump(LinearRegression().fit(ROWS, [t * 2 for t in TARGETS]),
                root / "other_model" / "model.pkl")
    (root / "src").mkdir()
    (root / "src" / "score.py").write_text(SCORE)
    (root / "broken").mkdir()
    (root / "broken" / "score.py").write_text(BROKEN_SCORE)
    (root / "request.json").write_text(json.dumps(REQUEST))
    (root / "endpoint.yml").write_text(
        "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json\n"
        "name: yaml-ep\nauth_mode: aml_token\n")
    (root / "deployment.yml").write_text(
        "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json\n"
        "name: green\nendpoint_name: yaml-ep\nmodel:\n  path: ./model_dir\n"
        "code_configuration:\n  code: ./src\n  scoring_script: score.py\n"
        "environment:\n  image: mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference"
        ":latest\n"
        "environment_variables:\n  GREETING: hello from yaml\n"
        "instance_type: Standard_DS3_v2\ninstance_count: 1\n")
    return root


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie waiting to be reaped does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "zombie" not in status.read_text()


def scoring_pid(workspace_dir: Path, deployment: str) -> int:
    """The pid of a deployment's azmlinfsrv, from the pid file the workspace keeps."""
    pid_file = workspace_dir / "endpoints" / deployment / "azmlinfsrv.pid"
    return int(pid_file.read_text().split()[0])
