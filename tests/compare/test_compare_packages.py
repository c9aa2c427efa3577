"""Run parity shows which packages differ between the sides' built environments."""

from __future__ import annotations

from pathlib import Path

from harness.compare.packages import compare_packages
from harness.evidence import SideEvidence
from harness.evidence.packages import environment_evidence


def _side(side: str, tmp_path: Path, text: str) -> SideEvidence:
    path = tmp_path / f"{side}.txt"
    path.write_text(text)
    evidence = SideEvidence(side)  # type: ignore[arg-type]
    evidence.environment.update(environment_evidence(path))
    return evidence


def test_a_changed_pin_and_a_missing_package_are_warnings(tmp_path: Path) -> None:
    v1 = _side("v1", tmp_path, "# python 3.11.7; environment k1\nnumpy==1.26.4\n"
                               "scikit-learn==1.5.2\nsix==1.16.0\n")
    v2 = _side("v2", tmp_path, "# warning: Python 3.7 was requested but is not installed\n"
                               "numpy==1.26.4\nscikit-learn==1.4.2\n")
    found = {d.path: (d.v1, d.v2) for d in compare_packages(v1, v2)}
    assert found["packages.scikit-learn"] == ("1.5.2", "1.4.2")
    assert found["packages.six"] == ("1.16.0", "(not installed)")
    assert "packages.numpy" not in found
    assert "Python 3.7 was requested" in found["build.v2"][1]
    assert all(not d.breaks_parity for d in compare_packages(v1, v2))


def test_sides_without_built_environments_compare_nothing(tmp_path: Path) -> None:
    assert compare_packages(SideEvidence("v1"), SideEvidence("v2")) == []
