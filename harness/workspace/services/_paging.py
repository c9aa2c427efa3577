"""List answers ("pages") as Azure writes them: a continuation key only when there is more.

Real Azure omits ``nextLink`` on the last page (real-traffic/model_crud_file.json: the
model versions list is ``{"value": [...]}``), and clients depend on it: azureml-core's
``get_paginated_results`` (``Webservice.list``, ``Image.list``) follows ``nextLink``
whenever the key is present, so ``"nextLink": null`` makes it request the URL ``None``.
The autorest clients (run history, artifacts, metrics, datasets, azure-ai-ml) read a
missing ``continuationToken`` or ``nextLink`` as the last page, so every paged answer of
the local workspace leaves the key out when there is no next page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def page(items: Sequence[Any], *, next_link: str | None = None,
         continuation_token: str | None = None,
         extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``{"value": items}`` plus ``nextLink``/``continuationToken`` only when one is given.

    ``extra`` adds fields some lists carry beside the page (ARM's subscription ``count``).
    """
    answer: dict[str, Any] = {"value": list(items), **(extra or {})}
    if next_link is not None:
        answer["nextLink"] = next_link
    if continuation_token is not None:
        answer["continuationToken"] = continuation_token
    return answer
