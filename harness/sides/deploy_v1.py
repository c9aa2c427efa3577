"""Deploy a v1 side as a web service (`Model.deploy`), send it the requests, tear it down."""

from __future__ import annotations

import contextlib
import re
import time
from pathlib import Path
from typing import Any

from ..evidence import EndpointEvidence, Response
from ..scenario import Scenario, ScenarioError
from .callables import call_side
from .connect import v1_workspace
from .context import SideContext
from .model_layout import DeployedModel, layout_hint
from .request import SideRequest
from .requests_file import ScoringRequest, scenario_requests
from .scoring import post_raw

_STATUS = re.compile(r"Response Code: (\d{3})")


def deploy_v1(scenario: Scenario, request: SideRequest, run_token: str = "") -> EndpointEvidence:
    ws = v1_workspace(Path(request.workspace_config))
    token = run_token or request.run_token
    ctx = SideContext(scenario.name, "v1", scenario.folder, "endpoint", token)
    requests = scenario_requests(scenario)
    raw_http = bool((scenario.compare.get("endpoint") or {}).get("raw_http"))
    service = None
    try:
        service = _deployed(scenario, ws, ctx, call_side(scenario, scenario.v1, ws, ctx))
        evidence = EndpointEvidence("v1", status="Succeeded", scoring_uri=service.scoring_uri or "",
                                    auth="key" if service.auth_enabled else "none")
        key = service.get_keys()[0] if service.auth_enabled else ""
        for item in requests:
            evidence.responses.append(_via_sdk(service, item))
            if raw_http:
                evidence.responses.append(post_raw(service.scoring_uri, item, item.body, key))
        evidence.logs = _logs(service)
        return evidence
    except _DeployFailed as failed:
        return EndpointEvidence("v1", status="Failed", error=failed.message, logs=failed.logs)
    finally:
        if service is not None:
            service.delete()


class _DeployFailed(Exception):
    def __init__(self, message: str, logs: str) -> None:
        super().__init__(message)
        self.message, self.logs = message, logs


def _deployed(scenario: Scenario, ws: Any, ctx: SideContext, result: Any) -> Any:
    """Deploy what the callable built (or take the service it deployed itself)."""
    from azureml.core.model import InferenceConfig, Model
    from azureml.core.webservice import Webservice
    from azureml.exceptions import WebserviceException

    if isinstance(result, Webservice):
        return result
    parts = result if isinstance(result, dict) else {}
    inference = next((v for v in parts.values() if isinstance(v, InferenceConfig)), None)
    config = parts.get("deployment")
    if inference is None or config is None or not parts.get("models"):
        raise ScenarioError(
            scenario.path,
            "the v1 callable must return a dict with 'models', an InferenceConfig and "
            "'deployment' (e.g. AciWebservice.deploy_configuration(...)) for an endpoint item",
            "return {'models': ['model/'], 'inference': InferenceConfig(...), "
            "'deployment': AciWebservice.deploy_configuration(...)}, or a deployed Webservice.",
            "v1",
        )
    models = [_registered(ws, ctx, m, scenario.path) for m in parts["models"]]
    local = [DeployedModel.from_path(Path(str(m)).resolve()) for m in parts["models"]
             if not isinstance(m, Model)]
    service = Model.deploy(ws, ctx.unique_name("svc"), models, inference, config, overwrite=True)
    try:
        service.wait_for_deployment(show_output=False)
    except WebserviceException as exc:
        raise _DeployFailed(_with_layout(_one_line(exc), local, models), _logs(service)) from exc
    if service.state != "Healthy":
        raise _DeployFailed(_with_layout(f"service state {service.state}: {service.error}",
                                         local, models), _logs(service))
    return service


def _with_layout(message: str, local: list[DeployedModel], models: list[Any]) -> str:
    """Add the model-layout sentence when every deployed model's kind is known."""
    hint = layout_hint(message, local) if len(local) == len(models) else ""
    return f"{message} {hint}" if hint else message


def _registered(ws: Any, ctx: SideContext, model: Any, scenario_path: Path) -> Any:
    """A path in the scenario folder is registered under a unique name; a Model is kept."""
    from azureml.core.model import Model

    if isinstance(model, Model):
        return model
    path = Path(str(model)).resolve()
    if not path.exists():
        raise ScenarioError(
            scenario_path,
            f"the v1 callable's models entry {str(model)!r} is not a file or folder in the "
            f"scenario folder (a string in 'models' is a path to register, never a model name)",
            f"fix the path, or return Model(ws, name={str(model)!r}) to deploy a model that "
            "is already registered (see docs/model-layouts.md).",
            "v1",
        )
    name = ctx.unique_name(path.stem or "model")
    with contextlib.chdir(path.parent):  # the SDK only uploads paths below the working directory
        return Model.register(ws, model_path=path.name, model_name=name)


def _via_sdk(service: Any, item: ScoringRequest) -> Response:
    from azureml.exceptions import WebserviceException

    started = time.perf_counter()
    try:
        body = service.run(input_data=item.text())
    except WebserviceException as exc:
        match = _STATUS.search(str(exc))
        return Response(item.name, "sdk", int(match[1]) if match else 0, None,
                        latency_ms=_ms(started), error=_one_line(exc))
    return Response(item.name, "sdk", 200, body, "application/json", _ms(started))


def _logs(service: Any) -> str:
    try:
        return str(service.get_logs() or "")
    except Exception as exc:  # logs are evidence, not a reason to fail the item
        return f"(logs unavailable: {_one_line(exc)})"


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:2000]
