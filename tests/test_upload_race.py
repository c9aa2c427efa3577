"""Two sides uploading the same asset at once: the loser tries again, once."""

from __future__ import annotations

import pytest
from azure.core.exceptions import HttpResponseError, ResourceExistsError

from harness.sides import upload_race
from harness.sides.upload_race import retrying_upload_race


def failing(times: int, error: Exception) -> tuple[list[int], object]:
    calls: list[int] = []

    def call() -> str:
        calls.append(1)
        if len(calls) <= times:
            raise error
        return "created"

    return calls, call


@pytest.fixture(autouse=True)
def no_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(upload_race, "PAUSE_S", 0.0)


def test_a_lost_upload_race_is_tried_again() -> None:
    race = ResourceExistsError("The specified blob already exists. ErrorCode:BlobAlreadyExists")
    calls, call = failing(1, race)
    assert retrying_upload_race(call) == "created" and len(calls) == 2


def test_only_once_and_only_for_the_race() -> None:
    race = ResourceExistsError("ErrorCode:BlobAlreadyExists")
    calls, call = failing(2, race)
    with pytest.raises(ResourceExistsError):
        retrying_upload_race(call)
    assert len(calls) == 2
    calls, call = failing(1, HttpResponseError("quota exceeded"))
    with pytest.raises(HttpResponseError):
        retrying_upload_race(call)
    assert len(calls) == 1
