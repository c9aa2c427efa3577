"""Run states match what both SDKs send, and only move the way Azure moves them."""

from __future__ import annotations

from itertools import pairwise

import pytest
from azure.ai.ml.operations._run_history_constants import RunHistoryConstants
from azureml._restclient.constants import RunStatus as V1RunStatus
from azureml._run_impl.run_watcher import TERMINAL_STATES as V1_TERMINAL

from harness.workspace.executor import (
    TERMINAL_STATES,
    RunStatus,
    can_transition,
    parse_status,
)
from harness.workspace.executor.states import to_v1, to_v2


@pytest.mark.parametrize("status", list(RunStatus))
def test_every_status_is_a_string_both_sdks_know(status: RunStatus) -> None:
    assert to_v1(status) in V1RunStatus.list()
    assert to_v2(status) in RunHistoryConstants.ALL_STATUSES


def test_terminal_states_are_where_v1_stops_polling() -> None:
    assert {s.value for s in TERMINAL_STATES} == set(V1_TERMINAL)
    assert {s.value for s in TERMINAL_STATES} <= set(RunHistoryConstants.TERMINAL_STATUSES)


def test_the_happy_path_is_legal_and_nothing_leaves_a_terminal_state() -> None:
    path = ["Queued", "Preparing", "Running", "Finalizing", "Completed"]
    for current, new in pairwise(path):
        assert can_transition(RunStatus(current), RunStatus(new))
    for end in TERMINAL_STATES:
        assert not any(can_transition(end, other) for other in RunStatus)


def test_states_never_go_backwards() -> None:
    assert not can_transition(RunStatus.RUNNING, RunStatus.PREPARING)
    assert not can_transition(RunStatus.CANCEL_REQUESTED, RunStatus.RUNNING)
    assert not can_transition(RunStatus.QUEUED, RunStatus.COMPLETED)


def test_status_strings_parse_case_insensitively() -> None:
    assert parse_status("cancelrequested") is RunStatus.CANCEL_REQUESTED
    assert str(parse_status(" Completed ")) == "Completed"
    with pytest.raises(ValueError, match="Unknown run status 'Done'"):
        parse_status("Done")
