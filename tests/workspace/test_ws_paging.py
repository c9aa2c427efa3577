"""Paged answers end as Azure ends them: no ``nextLink``/``continuationToken`` on the last page.

azureml-core's ``Webservice.list`` follows ``nextLink`` whenever the key is present, so a
``"nextLink": null`` made it request the URL ``None`` (tests/workspace_endpoints has the
SDK-level check); this sweeps every list route of the local workspace at the wire.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests
from workspace_fixtures import proxy_session

from harness.workspace.runtime import LocalWorkspace
from harness.workspace.services._paging import page

CONTINUATION_KEYS = ("nextLink", "continuationToken")


def test_a_last_page_carries_only_its_items() -> None:
    assert page([1, 2]) == {"value": [1, 2]}
    assert page(("a", "b")) == {"value": ["a", "b"]}


def test_a_page_with_more_names_where_the_rest_is() -> None:
    assert page([1], next_link="https://x/next") == {"value": [1], "nextLink": "https://x/next"}
    assert page([1], continuation_token="t") == {"value": [1], "continuationToken": "t"}


def test_fields_beside_the_page_are_kept() -> None:
    count = {"type": "Total", "value": 1}
    assert page(["sub"], extra={"count": count}) == {"value": ["sub"], "count": count}


RUN = "paging-run"


@pytest.fixture(scope="module")
def one_run(local_workspace: LocalWorkspace) -> str:
    """A run to list the metrics and children of (both empty)."""
    s = local_workspace.settings
    url = f"https://{s.api_host}/history/v1.0{s.workspace_arm_id}/experiments/paging/runs/{RUN}"
    with proxy_session(local_workspace) as session:
        assert session.patch(url, json={"runId": RUN}, timeout=30).status_code == 200
    return RUN


def _list_calls(workspace: LocalWorkspace) -> list[tuple[str, str, dict[str, Any] | None]]:
    """(method, url, json body) of each list route; the lists are mostly empty."""
    s = workspace.settings
    arm = f"https://management.azure.com{s.workspace_arm_id}"
    api = f"https://{s.api_host}"
    ws = s.workspace_arm_id
    version = "?api-version=2024-10-01-preview"
    history = f"{api}/history/v1.0{ws}"
    return [
        ("GET", "https://management.azure.com/subscriptions?api-version=2022-12-01", None),
        ("GET", "https://management.azure.com/tenants?api-version=2022-12-01", None),
        ("GET", f"https://management.azure.com/subscriptions/{s.subscription_id}/resourceGroups/"
                f"{s.resource_group}/providers/Microsoft.MachineLearningServices/workspaces"
                f"{version}", None),
        ("GET", f"{arm}/datastores{version}", None),
        ("GET", f"{arm}/computes{version}", None),
        ("GET", f"{arm}/jobs{version}", None),
        ("GET", f"{arm}/onlineEndpoints{version}", None),
        ("GET", f"{arm}/models{version}", None),
        ("GET", f"{arm}/environments{version}", None),
        ("GET", f"{api}/datastore/v1.0{ws}/datastores", None),
        ("POST", f"{history}/experiments/none/runs:query", {}),
        ("GET", f"{history}/runs/{RUN}/children", None),
        ("POST", f"{api}/metric/v2.0{ws}/runs/{RUN}/list", {}),
        ("GET", f"{api}/artifact/v2.0{ws}/artifacts/ExperimentRun/dcid.none", None),
        ("GET", f"{api}/artifact/v2.0{ws}/artifacts/prefix/contentinfo/ExperimentRun/dcid.none",
         None),
        ("GET", f"{api}/modelmanagement/v1.0{ws}/assets", None),
        ("GET", f"{api}/modelmanagement/v1.0{ws}/models", None),
        ("GET", f"{api}/modelmanagement/v1.0{ws}/services", None),
        ("GET", f"{api}/dataset/v1.0{ws}/datasets", None),
    ]


@pytest.mark.parametrize("index", range(19))
def test_every_list_route_ends_without_a_continuation_key(
        index: int, local_workspace: LocalWorkspace, via_proxy: requests.Session,
        one_run: str) -> None:
    calls = _list_calls(local_workspace)
    assert len(calls) == 19  # keep the parametrize range in step
    method, url, body = calls[index]
    answer = via_proxy.request(method, url, json=body, timeout=30)
    assert answer.status_code == 200, f"{method} {url}: {answer.status_code} {answer.text[:300]}"
    document = answer.json()
    assert isinstance(document["value"], list)
    assert not [key for key in CONTINUATION_KEYS if key in document], (method, url, document)
