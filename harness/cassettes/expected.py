"""Which side cassettes the scenarios under a folder need (for `cassettes check` and `prune`).

One rule decides it for the run and for these commands: each kind's check names the sides
its items start (`Check.side_labels`), `cassette_path` where each one's cassette is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..checks.registry import sided
from ..scenario import ScenarioError, load_scenario
from ..scenario.loader import SCENARIO_FILE_NAMES
from .meta import cassette_path, certified_folders


@dataclass(frozen=True)
class Expected:
    """A cassette a scenario needs, and the scenario folder it certifies."""

    scenario: str
    label: str
    path: Path
    folder: Path
    certified: tuple[Path, ...]
    phase: str = "run"

    @property
    def marker(self) -> str:
        """The `-m` expression that runs (and so records) this cassette's item."""
        return self.phase


@dataclass
class ScenarioSet:
    """The scenarios under a folder: their folders by name, the side cassettes their run and
    endpoint items need, and the scenario files that failed to load (what they need is
    unknown)."""

    folders: dict[str, Path]
    expected: list[Expected]
    broken: list[str]


def expected_cassettes(scenarios: Path, cassettes: Path) -> ScenarioSet:
    """Every scenario under `scenarios` and the side cassettes it needs under `cassettes`."""
    files = sorted(p for name in SCENARIO_FILE_NAMES for p in scenarios.rglob(name))
    found = ScenarioSet({}, [], [])
    for file in files:
        try:
            scenario = load_scenario(file)
        except ScenarioError as exc:
            found.broken.append(str(exc))
            continue
        found.folders[scenario.name] = scenario.folder
        certified = tuple(certified_folders(scenario))
        for check in sided():
            if not check.applies(scenario):
                continue
            found.expected += [Expected(scenario.name, label,
                                        cassette_path(cassettes, scenario.name, label, check.name),
                                        scenario.folder, certified, check.name)
                               for label in check.side_labels(scenario)]
    return found
