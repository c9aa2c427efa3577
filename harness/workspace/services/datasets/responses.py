"""Wire handlers of the v1 dataset service and the dataflow read-back route."""

from __future__ import annotations

from ...http import Request, Response
from .._paging import page
from ..arm.models import ArmBackend
from . import exceptions
from .models import DatasetStore, rslex_yaml


def _datasets(request: Request) -> DatasetStore:
    p = request.params
    request.ctx.backend(ArmBackend).check_workspace(p["sub"], p["rg"], p["ws"])
    return request.ctx.backend(DatasetStore)


def _flag(request: Request, name: str) -> bool:
    return str(request.query.get(name, "")).lower() == "true"


def register(request: Request) -> Response:
    """``POST datasets?ifExistsOk=&updateDefinitionIfExists=`` with a DatasetDto."""
    dto = _datasets(request).register(request.json_object(),
                                      exist_ok=_flag(request, "ifExistsOk"),
                                      new_version=_flag(request, "updateDefinitionIfExists"))
    return Response.json(dto)


def get_by_name(request: Request) -> Response:
    version = request.query.get("versionId")
    return Response.json(_datasets(request).by_name(request.params["name"], version))


def get_by_id(request: Request) -> Response:
    return Response.json(_datasets(request).by_id(request.params["id"]))


def list_datasets(request: Request) -> Response:
    return Response.json(page(_datasets(request).all()))


def by_saved_id(request: Request) -> Response:
    found = _datasets(request).by_saved_id(request.params["saved"])
    return Response.json(page(found))


def ensure_saved(request: Request) -> Response:
    return Response.json(_datasets(request).ensure_saved(request.json_object()))


def get_saved(request: Request) -> Response:
    return Response.json(_datasets(request).saved(request.params["id"]))


def dataversion(request: Request) -> Response:
    """``GET /data/v1.0/.../dataversion/<key>/versions/<v>``: the RSLex YAML to read back."""
    p = request.params
    saved = _datasets(request).dataflow_of(p["key"], p.get("version"))
    yaml = rslex_yaml(saved.get("dataflowJson"))
    if yaml is None:
        raise exceptions.dataset_not_found(p["key"])
    return Response.json({"legacyDataflow": yaml, "dataVersion": None,
                          "savedDatasetId": saved["id"]})
