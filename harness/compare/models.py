"""Models compared by what they predict on a probe set, not by their bytes.

A model pickled by v1 and the same model saved by MLflow in v2 never share a
digest (different pickler, protocol, wrapper); two models that answer the same
inputs the same way are equivalent for a migration. Loading a pickle runs code:
only the scenario's own run outputs are loaded, never files from elsewhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from harness.compare.arrays import ArrayComparator
from harness.compare.base import CannotRead, FileRule
from harness.compare.verdict import Difference
from harness.evidence import FileRef

MLMODEL = "MLmodel"


def load_model(local: str) -> Any:
    """A joblib/pickle file, or the MLflow model folder of an `MLmodel` file, as a predictor."""
    path = Path(local)
    if path.name == MLMODEL:
        import mlflow.pyfunc

        return mlflow.pyfunc.load_model(str(path.parent))
    import joblib

    return joblib.load(path)


def predictions(model: Any, probe: pd.DataFrame) -> dict[str, npt.NDArray[Any]]:
    """`predict` (and `predict_proba` when the model has it) on the probe rows."""
    names = getattr(model, "feature_names_in_", None)
    if names is not None:
        features: Any = probe[list(names)]
    elif hasattr(model, "metadata"):
        features = probe
    else:
        features = probe.to_numpy()
    out = {"predict": np.asarray(model.predict(features))}
    if hasattr(model, "predict_proba"):
        out["predict_proba"] = np.asarray(model.predict_proba(features))
    return out


class ModelComparator(ArrayComparator):
    """Both models predict the `probe` CSV; the predictions are compared as arrays."""

    kind = "model"
    read_errors = (Exception,)  # unpickling runs the model's own code: anything may fail

    def compare(self, path: str, v1: FileRef, v2: FileRef, rule: FileRule) -> list[Difference]:
        probe_path = rule.probe_path()
        if probe_path is None:
            return [self.difference(path, "", "", rule,
                                    note="a model rule needs `probe`: a CSV of input rows, "
                                         "relative to the scenario folder")]
        try:
            probe = pd.read_csv(probe_path)
        except (OSError, ValueError) as error:
            return [self.difference(path, "", "", rule,
                                    note=f"cannot read probe {probe_path}: {error}")]
        try:
            left, right = self.read_both(path, v1, v2, rule,
                                         lambda local: predictions(load_model(local), probe))
        except CannotRead as unreadable:
            return [unreadable.difference]
        found: list[Difference] = []
        for method in sorted(left.keys() | right.keys()):
            where = f"{path}:{method}"
            if method not in left or method not in right:
                found.append(self.difference(where, method in left, method in right, rule,
                                             note=f"only one model has {method}()"))
            else:
                found.extend(self.compare_arrays(where, left[method], right[method], rule))
        return found
