"""One item's evidence as reporters present it, whatever its kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ItemEvidence:
    """The canonical specs (spec items), each side's result (sided items, by side folder
    name: `v1`, `v2`, `v1-2`...) and endpoint latency samples, as far as they exist."""

    spec: dict[str, Any] | None = None
    sides: dict[str, Any] = field(default_factory=dict)
    latencies: dict[str, list[float]] = field(default_factory=dict)

    @property
    def repeats(self) -> list[Any]:
        """The noise repeats of v1 (`v1-2`, `v1-3`...), in order."""
        return [e for label, e in sorted(self.sides.items()) if label.startswith("v1-")]
