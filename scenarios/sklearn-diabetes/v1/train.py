"""Diabetes regression, as written for SDK v1: metrics through the Run API."""

import argparse
import os

import joblib
import numpy as np
import pandas as pd
from azureml.core import Run
from sklearn.datasets import load_diabetes
from sklearn.linear_model import SGDRegressor
from sklearn.metrics import mean_squared_error, r2_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

parser = argparse.ArgumentParser()
parser.add_argument("--alpha", type=float, default=0.0001)
parser.add_argument("--epochs", type=int, default=20)
parser.add_argument("--seed", type=int, default=42)
args = parser.parse_args()

run = Run.get_context()
X, y = load_diabetes(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=args.seed)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

model = SGDRegressor(alpha=args.alpha, random_state=args.seed, learning_rate="invscaling")
run.log("alpha", args.alpha)
for _epoch in range(args.epochs):
    model.partial_fit(X_train, y_train)
    run.log("train_rmse", float(np.sqrt(mean_squared_error(y_train, model.predict(X_train)))))

predictions = model.predict(X_test)
run.log("rmse", float(np.sqrt(mean_squared_error(y_test, predictions))))
run.log("r2", float(r2_score(y_test, predictions)))

os.makedirs("outputs", exist_ok=True)
joblib.dump(make_pipeline(scaler, model), "outputs/model.pkl")
pd.DataFrame({"row": range(len(y_test)), "actual": y_test, "predicted": predictions}).to_csv(
    "outputs/predictions.csv", index=False
)
