"""The scripts in the v1 run tests' ``code_dir``, which their ScriptRunConfigs submit.

``train.py`` logs every kind of evidence a run can hold, ``fail.py`` fails and
``sleep.py`` runs until it is canceled.
"""

TRAIN = '''
import argparse, base64, os
from azureml.core import Run

parser = argparse.ArgumentParser()
parser.add_argument("--alpha", type=float)
args = parser.parse_args()
run = Run.get_context()
print("training with alpha", args.alpha, flush=True)
run.log("alpha", args.alpha)
for step in range(3):
    run.log("loss", 1.0 / (step + 1))
run.log("optimizer", "sgd")
run.log("converged", True)
run.log_list("accuracies", [0.5, 0.6, 0.7])
run.log_row("curve", epoch=1, score=2.5)
run.log_row("curve", epoch=2, score=3.5)
run.log_table("table", {"a": [1, 2], "b": ["u", "v"]})
PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9a"
       "wAAAABJRU5ErkJggg==")
with open("plot.png", "wb") as handle:
    handle.write(base64.b64decode(PNG))
run.log_image("plot", path="plot.png")
run.tag("team", "parity")
run.tag("stage")
os.makedirs("outputs", exist_ok=True)
with open("outputs/model.txt", "w") as handle:
    handle.write("weights=1,2,3")
with open("notes.txt", "w") as handle:
    handle.write("uploaded by the script")
run.upload_file("outputs/notes.txt", "notes.txt")
print("finished training", flush=True)
'''

FAIL = '''
print("about to fail", flush=True)
raise ValueError("alpha must be positive, got -1")
'''

SLEEP = '''
import time
print("sleeping", flush=True)
time.sleep(120)
'''

SCRIPTS = {"train.py": TRAIN, "fail.py": FAIL, "sleep.py": SLEEP}
