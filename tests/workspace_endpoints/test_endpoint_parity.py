"""The same model deployed with v1 and with v2 answers the same request with the same numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import joblib
import pytest
from endpoint_helpers import REQUEST


def test_v1_service_and_v2_endpoint_predict_the_same(v1_services: dict[str, Any],
                                                     v2_endpoints: dict[str, Any],
                                                     project: Path) -> None:
    expected = joblib.load(project / "model_dir" / "model.pkl").predict(REQUEST["data"]).tolist()
    v1 = v1_services["secured"]["result"]["predictions"]
    v2 = v2_endpoints["key"]["result"]["predictions"]
    assert v1 == pytest.approx(expected)
    assert v2 == pytest.approx(expected)
    assert v1 == v2


def test_both_mount_one_folder_model_under_its_own_name(v1_services: dict[str, Any],
                                                        v2_endpoints: dict[str, Any]) -> None:
    """One folder model: the same listing; several models (v1 only) move the root."""
    v1 = v1_services["secured"]["result"]
    v2 = v2_endpoints["key"]["result"]
    assert v1["listing"] == v2["listing"] == ["model_dir"]
    assert Path(v1["model_dir"]).parts[-3:] == ("azureml-models", "sk-model", "1")
    assert Path(v2["model_dir"]).parts[-3] == "azureml-models"
    assert v1_services["open"]["result"]["listing"] == ["other-model", "sk-model"]
