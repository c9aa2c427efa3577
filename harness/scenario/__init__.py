"""Scenario files: the format, its schema, and a loader with user-facing errors."""

from .errors import ScenarioError
from .loader import is_scenario_file, load_scenario
from .model import Scenario, Side

__all__ = ["Scenario", "ScenarioError", "Side", "is_scenario_file", "load_scenario"]
