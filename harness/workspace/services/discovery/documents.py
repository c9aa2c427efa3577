"""The discovery document: which base URL each service key maps to (all: this host)."""

from __future__ import annotations

SERVICE_KEYS = ("api", "experimentation", "history", "hyperdrive", "labeling",
                "modelmanagement", "pipelines")
STATIC = {"catalog": "https://catalog.cortanaanalytics.com",
          "gallery": "https://gallery.cortanaintelligence.com/project",
          "studio": "https://ml.azure.com"}


def discovery_document(base_url: str) -> dict[str, str]:
    """The ``GET /discovery`` answer for a workspace reached at ``base_url``."""
    return {**{key: base_url for key in SERVICE_KEYS}, **STATIC}
