"""The emulated services, one package each (urls / responses / models / exceptions).

To add a service, create its package and list it here; the server mounts every
package's ``urls.SERVICE``. See :mod:`harness.workspace.router` for the shape. Modules
starting with ``_`` are what several services share: ``_shapes`` (the v1 data-plane
error shape), ``_endpoints`` (keys and scoring forwards of the two endpoint services).
"""

from __future__ import annotations

import importlib

from ..router import Service

SERVICE_PACKAGES: tuple[str, ...] = (
    "aad",
    "arm",
    "discovery",
    "datastore",
    "blob",
    "assets",
    "environments",
    "runhistory",
    "metrics",
    "artifacts",
    "content",
    "execution",
    "modelmanagement",
    "jobs",
    "mlflow",
    "webservices",
    "onlineendpoints",
    "pipelines",
    "datasets",
    "registries",
    "keyvault",
    "credentials",
    "appinsights",
)


def all_services() -> list[Service]:
    """The ``SERVICE`` declared in each package's ``urls.py``, in the order above."""
    return [
        importlib.import_module(f"{__name__}.{name}.urls").SERVICE for name in SERVICE_PACKAGES
    ]
