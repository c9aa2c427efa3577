"""Wire handlers of the artifact service (and run history's run-scoped artifact routes)."""

from __future__ import annotations

from ...http import MalformedBody, Request, Response
from .._paging import page
from ..arm.models import ArmBackend
from ..runhistory.models import RunStore, data_container_id
from . import exceptions
from .models import RUN_ORIGIN, Artifact
from .views import ArtifactViews


def _views(request: Request) -> ArtifactViews:
    p = request.params
    request.ctx.backend(ArmBackend).check_workspace(p["sub"], p["rg"], p["ws"])
    return request.ctx.backend(ArtifactViews)


def _where(request: Request) -> tuple[str, str, str]:
    """(origin, container, path) from either the artifact or the run-history route."""
    p = request.params
    if "run" in p:
        request.ctx.backend(RunStore).get_run(p["run"])
        path = p.get("path") or str(request.query.get("path") or "")
        return RUN_ORIGIN, data_container_id(p["run"]), path
    return p["origin"], p["container"], p.get("path", "")


def _artifact(request: Request, *, stored: bool = False) -> tuple[ArtifactViews, Artifact]:
    """The artifact the route names; its 404 when it is not registered (or, with
    ``stored``, when its bytes were never uploaded)."""
    views = _views(request)
    origin, container, path = _where(request)
    artifact = views.store.get_in(origin, container, path)
    if artifact is None or (stored and not views.store.exists(artifact)):
        raise exceptions.artifact_not_found(origin, container, path)
    return views, artifact


def _paths(request: Request) -> list[str]:
    body = request.json_object()
    paths = body.get("paths")
    if not isinstance(paths, list):
        raise MalformedBody("the body needs a 'paths' list of {\"path\": ...} objects")
    return [str(item.get("path") if isinstance(item, dict) else item) for item in paths]


def batch_metadata(request: Request) -> Response:
    views = _views(request)
    origin, container, _ = _where(request)
    return Response.json(views.register_batch(origin, container, _paths(request)))


def create_metadata(request: Request) -> Response:
    views = _views(request)
    body = request.json_object()
    artifact = views.store.register_in(str(body.get("origin")), str(body.get("container")),
                                       str(body.get("path")))
    return Response.json(views.dto(artifact))


def get_metadata(request: Request) -> Response:
    views, artifact = _artifact(request)
    return Response.json(views.dto(artifact))


def content_info(request: Request) -> Response:
    views, artifact = _artifact(request)
    return Response.json(views.content_info(artifact))


def prefix_content_info(request: Request) -> Response:
    views = _views(request)
    origin, container, prefix = _where(request)
    found = [a for a in views.listing(origin, container, prefix) if views.store.exists(a)]
    return Response.json(page([views.content_info(a) for a in found]))


def list_artifacts(request: Request) -> Response:
    views = _views(request)
    origin, container, prefix = _where(request)
    return Response.json(page([views.dto(a) for a in views.listing(origin, container, prefix)]))


def download(request: Request) -> Response:
    views, artifact = _artifact(request, stored=True)
    data = views.store.local_path(artifact).read_bytes()
    return Response(200, data, {"Content-Type": "application/octet-stream"})


def upload(request: Request) -> Response:
    views = _views(request)
    origin, container, path = _where(request)
    artifact = views.store.write_in(origin, container, path, request.body)
    return Response.json(views.dto(artifact))


def sas_uri(request: Request) -> Response:
    """Run history's ``artifacturi``: a plain-text read SAS URL."""
    views, artifact = _artifact(request)
    return Response.json(views.content_info(artifact)["contentUri"])
