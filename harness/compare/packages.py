"""The packages each side's job ran with: which differ, shown beside the metric differences.

A package difference alone does not break parity (a migration may well move to a newer
library and still give the same numbers): each is a warning, so a DRIFT in the metrics
shows the pin that explains it, and a PASS still lists what changed. A side whose
environment build warned (a Python version not installed, an unknown image) says so.
"""

from __future__ import annotations

from harness.compare.verdict import Difference
from harness.evidence import SideEvidence
from harness.evidence.packages import versions

ENVIRONMENT = "environment"
ABSENT = "(not installed)"


def compare_packages(v1: SideEvidence, v2: SideEvidence) -> list[Difference]:
    """One warning per package whose version differs, or that one side lacks."""
    differences = [Difference(ENVIRONMENT, f"build.{side.side}", warning if side is v1 else "",
                              warning if side is v2 else "", "reported", "environment build",
                              severity="warning")
                   for side in (v1, v2) for warning in side.environment.get(
                       "environment_warnings", [])]
    left, right = versions(v1.environment), versions(v2.environment)
    if left is None or right is None:
        return differences
    for name in sorted(set(left) | set(right)):
        one, other = left.get(name, ABSENT), right.get(name, ABSENT)
        if one != other:
            differences.append(Difference(ENVIRONMENT, f"packages.{name}", one, other,
                                          "reported", "resolved package version",
                                          severity="warning"))
    return differences
