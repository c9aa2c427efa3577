"""A random forest trained without a seed, as many production scripts are: v1 logging."""

import argparse

import numpy as np
from azureml.core import Run
from sklearn.datasets import load_diabetes
from sklearn.ensemble import RandomForestRegressor
from sklearn.metrics import mean_squared_error, r2_score
from sklearn.model_selection import train_test_split

parser = argparse.ArgumentParser()
parser.add_argument("--trees", type=int, default=20)
args = parser.parse_args()

run = Run.get_context()
X, y = load_diabetes(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
model = RandomForestRegressor(n_estimators=args.trees, n_jobs=1).fit(X_train, y_train)
predictions = model.predict(X_test)
run.log("rmse", float(np.sqrt(mean_squared_error(y_test, predictions))))
run.log("r2", float(r2_score(y_test, predictions)))
