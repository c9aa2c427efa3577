"""Regenerate model/model.pkl: a linear model on scikit-learn's diabetes data (shipped with it)."""

from pathlib import Path

import joblib
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression

if __name__ == "__main__":
    X, y = load_diabetes(return_X_y=True)
    joblib.dump(LinearRegression().fit(X, y), Path(__file__).parent / "model" / "model.pkl")
