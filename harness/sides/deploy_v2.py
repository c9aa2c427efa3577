"""Deploy a v2 side as a managed online endpoint, send it the requests, delete it."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

from ..evidence import EndpointEvidence, Response
from ..scenario import Scenario, ScenarioError
from .callables import call_side
from .connect import v2_client
from .context import SideContext
from .model_layout import DeployedModel, layout_hint
from .request import SideRequest
from .requests_file import ScoringRequest, rewrite_for_v2, scenario_requests
from .scoring import post_raw
from .upload_race import retrying_upload_race
from .yaml_entities import load_yaml_entities


def deploy_v2(scenario: Scenario, request: SideRequest, run_token: str = "") -> EndpointEvidence:
    ml_client = v2_client(Path(request.workspace_config))
    token = run_token or request.run_token
    ctx = SideContext(scenario.name, "v2", scenario.folder, "endpoint", token)
    rules = scenario.compare.get("endpoint") or {}
    normalise = list(rules.get("normalise", []))
    requests = scenario_requests(scenario)
    endpoint, deployment = _entities(scenario, ml_client, ctx)
    endpoint.name = ctx.unique_name("ep")
    deployment.endpoint_name = endpoint.name
    models = _deployed_models(deployment, scenario.folder)  # before the SDK uploads it
    try:
        ml_client.online_endpoints.begin_create_or_update(endpoint).result()
        failure = _deploy(ml_client, deployment)
        if failure:
            hint = layout_hint(failure, models)
            return EndpointEvidence("v2", status="Failed",
                                    error=f"{failure} {hint}" if hint else failure,
                                    logs=_logs(ml_client, endpoint.name, deployment.name))
        endpoint.traffic = {deployment.name: 100}
        ml_client.online_endpoints.begin_create_or_update(endpoint).result()
        live = ml_client.online_endpoints.get(endpoint.name)
        evidence = EndpointEvidence("v2", status="Succeeded", scoring_uri=live.scoring_uri or "",
                                    auth=str(live.auth_mode or ""))
        key = _key(ml_client, endpoint.name)
        for item in requests:
            body = rewrite_for_v2(item.body, normalise)
            answer = _via_sdk(ml_client, endpoint.name, deployment.name, item, body)
            evidence.responses.append(answer)
            if rules.get("raw_http"):
                evidence.responses.append(
                    post_raw(live.scoring_uri, item, body, key, deployment.name)
                )
        evidence.logs = _logs(ml_client, endpoint.name, deployment.name)
        return evidence
    finally:
        ml_client.online_endpoints.begin_delete(name=endpoint.name).result()


def _entities(scenario: Scenario, ml_client: Any, ctx: SideContext) -> tuple[Any, Any]:
    from azure.ai.ml.entities import ManagedOnlineDeployment, ManagedOnlineEndpoint

    objects: list[Any] = list(load_yaml_entities(scenario).values())
    if scenario.v2.callable:
        result = call_side(scenario, scenario.v2, ml_client, ctx)
        objects += list(result.values()) if isinstance(result, dict) else (
            list(result) if isinstance(result, list | tuple) else [result]
        )
    endpoint = next((o for o in objects if isinstance(o, ManagedOnlineEndpoint)), None)
    deployment = next((o for o in objects if isinstance(o, ManagedOnlineDeployment)), None)
    if endpoint is None or deployment is None:
        raise ScenarioError(
            scenario.path,
            "an endpoint item needs a v2 ManagedOnlineEndpoint and ManagedOnlineDeployment",
            "name them in the v2 side ('endpoint: endpoint.yml', 'deployment: deployment.yml') "
            "or return both from the v2 callable.",
            "v2",
        )
    return endpoint, deployment


def _deployed_models(deployment: Any, folder: Path) -> list[DeployedModel]:
    """The local file or folder the deployment registers, if it names one."""
    model = deployment.model
    local = getattr(model, "path", None)
    if not local or str(local).startswith(("azureml:", "http:", "https:")):
        return []
    path = Path(str(local))
    if not path.is_absolute():
        path = Path(getattr(model, "base_path", None) or folder) / path
    return [DeployedModel.from_path(path)] if path.exists() else []


def _deploy(ml_client: Any, deployment: Any) -> str:
    """Create the deployment; a failure (e.g. init() raising) is returned, not raised."""
    from azure.core.exceptions import HttpResponseError

    try:
        retrying_upload_race(
            lambda: ml_client.online_deployments.begin_create_or_update(deployment).result())
    except HttpResponseError as exc:
        return " ".join(str(exc.message or exc).split())[:2000]
    return ""


def _via_sdk(ml_client: Any, endpoint: str, deployment: str, item: ScoringRequest,
             body: Any) -> Response:
    from azure.core.exceptions import HttpResponseError

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(body, handle)
    started = time.perf_counter()
    try:
        text = ml_client.online_endpoints.invoke(
            endpoint_name=endpoint, deployment_name=deployment, request_file=handle.name
        )
    except HttpResponseError as exc:
        return Response(item.name, "sdk", int(exc.status_code or 0), None,
                        latency_ms=_ms(started), error=" ".join(str(exc).split())[:2000])
    finally:
        Path(handle.name).unlink(missing_ok=True)
    try:
        parsed: Any = json.loads(text)
    except (TypeError, ValueError):
        parsed = text
    return Response(item.name, "sdk", 200, parsed, "application/json", _ms(started))


def _key(ml_client: Any, endpoint: str) -> str:
    keys = ml_client.online_endpoints.get_keys(endpoint)
    return str(getattr(keys, "primary_key", None) or getattr(keys, "access_token", ""))


def _logs(ml_client: Any, endpoint: str, deployment: str) -> str:
    try:
        return str(ml_client.online_deployments.get_logs(deployment, endpoint, lines=300))
    except Exception as exc:  # logs are evidence, not a reason to fail the item
        return f"(logs unavailable: {' '.join(str(exc).split())[:300]})"


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
