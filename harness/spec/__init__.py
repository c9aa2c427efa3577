"""Static spec parity: one canonical spec per side, built from real SDK objects, then diffed.

`v1_spec` and `v2_spec` read what a scenario side returned (azureml-core objects
or azure-ai-ml entities) into the same plain-dict shape; `diff_specs` reports
where the two disagree as `Difference` records. Nothing here needs a workspace.
"""

from __future__ import annotations

from harness.spec.diff import diff_specs
from harness.spec.errors import SpecError
from harness.spec.from_v1 import v1_spec
from harness.spec.from_v2 import v2_spec

__all__ = ["SpecError", "diff_specs", "v1_spec", "v2_spec"]
