"""Known-bad migration: `rmse` is now logged as `root_mean_squared_error`."""

import argparse
import os

import joblib
import mlflow
import numpy as np
import pandas as pd
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

X, y = load_diabetes(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=args.seed)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

model = SGDRegressor(alpha=args.alpha, random_state=args.seed, learning_rate="invscaling")
mlflow.log_metric("alpha", args.alpha)
for epoch in range(args.epochs):
    model.partial_fit(X_train, y_train)
    rmse = float(np.sqrt(mean_squared_error(y_train, model.predict(X_train))))
    mlflow.log_metric("train_rmse", rmse, step=epoch)

predictions = model.predict(X_test)
rmse = float(np.sqrt(mean_squared_error(y_test, predictions)))
mlflow.log_metric("root_mean_squared_error", rmse)
mlflow.log_metric("r2", float(r2_score(y_test, predictions)))

os.makedirs("outputs", exist_ok=True)
joblib.dump(make_pipeline(scaler, model), "outputs/model.pkl")
pd.DataFrame({"row": range(len(y_test)), "actual": y_test, "predicted": predictions}).to_csv(
    "outputs/predictions.csv", index=False
)
