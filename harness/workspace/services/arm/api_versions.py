"""Which api-version a datastore answer is written for: ARM shapes answers by version.

The Machine Learning RP serialises a resource with the model of the api-version asked
for, so the same datastore reads differently at different versions. The fields that
come and go, from the RP's published types (Azure/bicep-types-az,
``generated/machinelearningservices``): ``intellectualProperty`` exists only in the
previews 2023-04-01-preview to 2024-04-01-preview (real-traffic recordings at
2023-04-01-preview carry it as null); ``subscriptionId``/``resourceGroup`` of a blob
datastore are missing from the stable 2022-05-01, 2022-10-01 and 2023-04-01. ARM refuses
a request without api-version, or with one the RP does not publish, with a 400.
"""

from __future__ import annotations

from typing import Any

from ...http import Request
from .exceptions import ArmError

DATASTORE_VERSIONS: tuple[str, ...] = (
    "2022-05-01", "2022-06-01-preview", "2022-10-01", "2022-10-01-preview",
    "2022-12-01-preview", "2023-02-01-preview", "2023-04-01", "2023-04-01-preview",
    "2023-06-01-preview", "2023-08-01-preview", "2023-10-01", "2024-01-01-preview",
    "2024-04-01", "2024-04-01-preview", "2024-07-01-preview", "2024-10-01",
    "2024-10-01-preview", "2025-01-01-preview", "2025-04-01", "2025-04-01-preview",
    "2025-06-01", "2025-07-01-preview", "2025-09-01", "2025-10-01-preview", "2025-12-01",
    "2026-01-15-preview", "2026-03-01", "2026-03-15-preview", "2026-05-01",
    "2026-05-15-preview",
)
"""The datastore api-versions the RP publishes (those the SDKs of the last years send)."""

WITH_INTELLECTUAL_PROPERTY = frozenset({
    "2023-04-01-preview", "2023-06-01-preview", "2023-08-01-preview", "2024-01-01-preview",
    "2024-04-01-preview"})
WITHOUT_SCOPE_FIELDS = frozenset({"2022-05-01", "2022-10-01", "2023-04-01"})


def datastore_api_version(request: Request) -> str:
    """The request's api-version, or ARM's 400 when it is missing or not published."""
    version = request.query.get("api-version")
    if not version:
        raise ArmError(400, "MissingApiVersionParameter",
                       "The api-version query parameter (?api-version=) is required for all "
                       "requests.")
    if version not in DATASTORE_VERSIONS:
        raise ArmError(400, "NoRegisteredProviderFound",
                       f"No registered resource provider found for location "
                       f"'{request.ctx.settings.region}' and API version '{version}' for type "
                       f"'workspaces/datastores'. The supported api-versions are "
                       f"'{', '.join(DATASTORE_VERSIONS)}'.")
    return version


def datastore_at(document: dict[str, Any], version: str) -> dict[str, Any]:
    """The datastore resource as ``version`` serialises it (the stored one has every field)."""
    properties = dict(document["properties"])
    if version not in WITH_INTELLECTUAL_PROPERTY:
        properties.pop("intellectualProperty", None)
    if version in WITHOUT_SCOPE_FIELDS:
        properties.pop("subscriptionId", None)
        properties.pop("resourceGroup", None)
    return {**document, "properties": properties}
