"""The v1 scoring script, kept unchanged in the v2 deployment: the classic migration bug.

v1 registered the file model.pkl, so AZUREML_MODEL_DIR held it directly. The v2
deployment deploys the model *folder*, so the file is one level down and init() fails.
"""

import json
import os

import joblib
import numpy as np

model = None


def init():
    global model
    model = joblib.load(os.path.join(os.environ["AZUREML_MODEL_DIR"], "model.pkl"))


def run(raw_data):
    rows = np.array(json.loads(raw_data)["data"])
    return model.predict(rows).tolist()
