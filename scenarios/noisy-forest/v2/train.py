"""The same unseeded random forest after migration: MLflow logging."""

import argparse

import mlflow
import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.ensemble import RandomForestRegressor
from sklearn.metrics import mean_squared_error, r2_score
from sklearn.model_selection import train_test_split

parser = argparse.ArgumentParser()
parser.add_argument("--trees", type=int, default=20)
args = parser.parse_args()

X, y = load_diabetes(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
model = RandomForestRegressor(n_estimators=args.trees, n_jobs=1).fit(X_train, y_train)
predictions = model.predict(X_test)
mlflow.log_metric("rmse", float(np.sqrt(mean_squared_error(y_test, predictions))))
mlflow.log_metric("r2", float(r2_score(y_test, predictions)))
