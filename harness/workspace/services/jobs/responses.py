"""Wire handlers for v2 jobs (ARM) and the dataset data-plane call ``jobs.download`` makes."""

from __future__ import annotations

from typing import Any

from ...http import MalformedBody, Request, Response, new_id
from .._paging import page
from ..arm.models import ArmBackend
from .models import JobsBackend


def _ok(document: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response.json(document, status=status, headers={
        "Cache-Control": "no-cache", "Pragma": "no-cache", "Expires": "-1",
        "x-ms-response-type": "standard", "x-ms-correlation-request-id": new_id(),
        **(headers or {})})


def _jobs(request: Request) -> JobsBackend:
    p = request.params
    request.ctx.backend(ArmBackend).check_workspace(p["sub"], p["rg"], p["ws"])
    return request.ctx.backend(JobsBackend)


def put_job(request: Request) -> Response:
    properties = request.json_object().get("properties")
    if not isinstance(properties, dict):
        raise MalformedBody("job body needs a 'properties' object")
    document, created = _jobs(request).put(request.params["name"], properties)
    location = f"{request.base_url}{request.path}?{request.query_string}"
    return _ok(document, 201 if created else 200, {"Location": location} if created else None)


def get_job(request: Request) -> Response:
    return _ok(_jobs(request).get(request.params["name"]))


def list_jobs(request: Request) -> Response:
    jobs = _jobs(request).list()
    if request.query.get("listViewType", "ActiveOnly").lower() == "activeonly":
        jobs = [j for j in jobs if not j["properties"].get("isArchived")]
    return _ok(page(jobs))


def cancel_job(request: Request) -> Response:
    """Azure answers 202 and a polling URL; the cancel here is requested at once, so 200."""
    _jobs(request).cancel(request.params["name"])
    return Response.empty(200, {"x-ms-correlation-request-id": new_id()})


def batch_resolve_uris(request: Request) -> Response:
    """``POST /data/v1.0{WS}/dataversion/batchGetResolvedUris``: where job outputs went."""
    jobs = _jobs(request)
    ids = request.json_object().get("values") or []
    resolved = {}
    for asset_id in ids:
        found = jobs.output_uri(str(asset_id))
        if found is not None:
            resolved[asset_id] = {"uri": found[0], "type": found[1]}
    return Response.json({"values": resolved})
