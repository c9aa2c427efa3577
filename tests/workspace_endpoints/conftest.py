"""tests/workspace_endpoints: a workspace of its own, a project, and services deployed once.

Deploying starts a real ``azmlinfsrv`` (a few seconds), so the session deploys each
kind of service once and the tests share them.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from endpoint_deployments import V1_DEPLOY, V2_DEPLOY
from endpoint_helpers import make_project
from sdk_scripts import V1_PREAMBLE, V2_PREAMBLE, SdkRunner
from workspace_fixtures import local_workspace_fixture, sdk_runner_fixture

local_workspace = local_workspace_fixture("endpoints-workspace")
run_v1 = sdk_runner_fixture(V1_PREAMBLE, timeout=180, in_project=True)
run_v2 = sdk_runner_fixture(V2_PREAMBLE, timeout=180, in_project=True)


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's project: trained model folders, scoring code, a request, YAML specs."""
    return make_project(tmp_path_factory.mktemp("endpoint-project"))


@pytest.fixture(scope="session")
def deployed(run_v1: SdkRunner, run_v2: SdkRunner) -> dict[str, dict[str, Any]]:
    """Both deployment scripts, run side by side (each mostly waits for azmlinfsrv)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        v1 = pool.submit(run_v1, V1_DEPLOY)
        v2 = pool.submit(run_v2, V2_DEPLOY)
        return {"v1": v1.result(), "v2": v2.result()}


@pytest.fixture(scope="session")
def v1_services(deployed: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """sk-svc (one model, key auth), multi-svc (two models, no auth), broken-svc (init fails)."""
    return deployed["v1"]


@pytest.fixture(scope="session")
def v2_endpoints(deployed: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """sk-ep (key) with blue (serving) and red (init fails); yaml-ep (aml_token) with green."""
    return deployed["v2"]
