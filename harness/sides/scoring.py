"""Raw HTTP to a scoring URI, as a client that does not use the SDK would call it."""

from __future__ import annotations

import time
from typing import Any

from ..evidence import Response
from .requests_file import ScoringRequest


def post_raw(uri: str, item: ScoringRequest, body: Any, key: str, deployment: str = "") -> Response:
    """POST the body with the key as a bearer token; keep status, content type and body."""
    import json

    import requests

    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    if deployment:
        headers["azureml-model-deployment"] = deployment
    started = time.perf_counter()
    reply = requests.post(uri, data=json.dumps(body), headers=headers, timeout=120)
    latency = round((time.perf_counter() - started) * 1000, 2)
    try:
        parsed: Any = reply.json()
    except ValueError:
        parsed = reply.text
    return Response(item.name, "http", reply.status_code, parsed,
                    reply.headers.get("Content-Type", ""), latency)
