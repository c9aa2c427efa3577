"""v2 scoring script that takes the MLflow-style `{"input_data": ...}` payload."""

import glob
import json
import os

import joblib
import numpy as np

model = None


def init():
    global model
    root = os.environ["AZUREML_MODEL_DIR"]
    model = joblib.load(glob.glob(os.path.join(root, "**", "model.pkl"), recursive=True)[0])


def run(raw_data):
    rows = np.array(json.loads(raw_data)["input_data"])
    return model.predict(rows).tolist()
