"""The scripts in the v1 pipeline tests' ``step_code``, which their pipeline steps run.

``prep.py`` writes the data ``train.py`` reads (each logs what it saw); ``fail.py`` fails
the step it runs in.
"""

PREP = '''
import argparse, os
from azureml.core import Run

parser = argparse.ArgumentParser()
parser.add_argument("--out")
parser.add_argument("--rows", type=int, default=3)
args = parser.parse_args()
os.makedirs(args.out, exist_ok=True)
with open(os.path.join(args.out, "data.csv"), "w") as handle:
    handle.write(",".join(str(i + 1) for i in range(args.rows)))
run = Run.get_context()
run.log("rows", args.rows)
print("prep wrote", args.out, "env", os.environ.get("AZUREML_DATAREFERENCE_prepared"), flush=True)
'''

TRAIN = '''
import argparse, os
from azureml.core import Run

parser = argparse.ArgumentParser()
parser.add_argument("--data")
args = parser.parse_args()
values = open(os.path.join(args.data, "data.csv")).read().split(",")
run = Run.get_context()
run.log("total", sum(int(v) for v in values))
run.log("parent", run.parent.id)
print("train read", values, flush=True)
'''

FAIL = '''
print("checking the prepared data", flush=True)
raise ValueError("the prepared data is not valid")
'''

STEP_SCRIPTS = {"prep.py": PREP, "train.py": TRAIN, "fail.py": FAIL}
