"""The user's project the v2 tests run azure-ai-ml in: code, data, a job YAML, a model.

``src/train.py`` logs through MLflow and writes its output folder (and fails when
``PARITY_FAIL`` is set); ``job.yml`` is a command job over ``data``. ``autolog/train.py``
fits a small scikit-learn model under ``mlflow.sklearn.autolog()``, the azureml-examples
v2 training pattern.
"""

TRAIN = """
import argparse, os, pathlib
import mlflow

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float)
parser.add_argument("--data")
parser.add_argument("--out")
args = parser.parse_args()
rows = pathlib.Path(args.data, "rows.csv").read_text().splitlines()
print(f"training with lr={args.lr} on {len(rows) - 1} rows")
for step in range(3):
    mlflow.log_metric("loss", round(1.0 / (step + 1), 4), step=step)
mlflow.log_param("lr", args.lr)
mlflow.set_tag("stage", "dev")
mlflow.log_dict({"lr": args.lr}, "config/params.json")
mlflow.log_text("notes", "notes.txt")
pathlib.Path(args.out, "model.txt").write_text(f"lr={args.lr}\\n")
pathlib.Path("outputs").mkdir(exist_ok=True)
pathlib.Path("outputs", "summary.txt").write_text("done\\n")
if os.environ.get("PARITY_FAIL"):
    raise ValueError("the training data is empty")
"""

AUTOLOG_TRAIN = """
import mlflow
import numpy as np
from sklearn.linear_model import LinearRegression

mlflow.sklearn.autolog()
features = np.array([[1.0], [2.0], [3.0], [4.0], [5.0]])
target = 2.0 * features[:, 0] + 1.0
LinearRegression().fit(features, target)
print("fitted under autolog")
"""

JOB_YAML = """
$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
command: python train.py --lr ${{inputs.lr}} --data ${{inputs.data}} --out ${{outputs.model}}
code: src
environment: azureml:parity-env:1
compute: azureml:cpu-cluster
experiment_name: parity-v2
display_name: yaml-job
inputs:
  lr: 0.1
  data:
    type: uri_folder
    path: ./data
outputs:
  model:
    type: uri_folder
"""

PROJECT: dict[str, str | bytes] = {
    "src/train.py": TRAIN,
    "autolog/train.py": AUTOLOG_TRAIN,
    "data/rows.csv": "x,y\n1,2\n3,4\n",
    "job.yml": JOB_YAML,
    "conda.yml": ("name: parity\nchannels: [conda-forge]\n"
                  "dependencies:\n- python=3.11\n- pip\n- pip: [pandas]\n"),
    "model_dir/model.pkl": b"weights",
    "single.csv": "a,b\n1,2\n",
}
