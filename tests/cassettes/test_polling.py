"""Polling fast-forward: the first poll of a status resource answers with its final state."""

from __future__ import annotations

import json

from harness.cassettes.polling import collapse_polls, status_of

RUN = "https://eastus.api.azureml.ms/history/v1.0/ws/experiments/e/runs/r1"
MODEL = "https://management.azure.com/ws/models/m/versions"


def interaction(method: str, uri: str, status: str | None = None, code: int = 200):
    body = json.dumps({"status": status}) if status else ""
    return ({"method": method, "uri": uri, "body": None, "headers": {}},
            {"status": {"code": code, "message": ""}, "headers": {}, "body": {"string": body}})


def statuses(interactions) -> list[str | None]:
    return [status_of(response) for _request, response in interactions]


def test_every_poll_of_a_run_answers_with_its_last_status() -> None:
    details = RUN + "/details"
    recorded = [interaction("PATCH", RUN, "Running"), interaction("GET", RUN, "Queued"),
                interaction("GET", RUN, "Running"), interaction("GET", details, "Running"),
                interaction("GET", RUN, "Completed"), interaction("GET", details, "Completed")]
    assert statuses(collapse_polls(recorded)) == [
        "Running", "Completed", "Completed", "Completed", "Completed", "Completed"]


def test_a_write_in_between_keeps_what_came_before_it() -> None:
    recorded = [interaction("GET", MODEL + "/1", "Creating"), interaction("PUT", MODEL + "/1"),
                interaction("GET", MODEL + "/1", "Succeeded")]
    assert statuses(collapse_polls(recorded)) == ["Creating", None, "Succeeded"]


def test_answers_without_a_status_are_left_alone() -> None:
    recorded = [interaction("GET", MODEL, code=404), interaction("GET", MODEL)]
    assert collapse_polls(recorded) == recorded


def test_two_operations_with_ids_alike_are_not_merged() -> None:
    def poll(op: str, status: str) -> tuple[dict, dict]:
        uri = f"https://management.azure.com/subscriptions/s/providers/X/mfeOperationsStatus/{op}"
        body = json.dumps({"status": status}).encode()
        return ({"method": "GET", "uri": uri}, {"status": {"code": 200}, "body": {"string": body}})

    first = poll("11111111-1111-1111-1111-111111111111", "Failed")
    second = poll("22222222-2222-2222-2222-222222222222", "Succeeded")
    assert collapse_polls([first, second]) == [first, second]
