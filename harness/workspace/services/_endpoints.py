"""What the v1 web service and v2 online endpoint services share: keys and scoring forwards.

A scoring request is forwarded to the deployment's local scoring server and its answer
brought back unchanged: hop-by-hop headers (RFC 9110 section 7.6.1) and the proxy's own
headers are not passed on; everything else, the body, the status and the content type
are.
"""

from __future__ import annotations

import hashlib
import http.client
import secrets
from collections.abc import Mapping

from ..http import Request, Response

SCORING_TIMEOUT_S = 300.0
_HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
                         "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
                         "host", "content-length"})


def new_key() -> str:
    """A fresh authentication key, 32 hex digits like Azure's."""
    return hashlib.sha256(secrets.token_bytes(32)).hexdigest()[:32]


def key_pair(given: Mapping[str, str] | None = None) -> dict[str, str]:
    """Primary and secondary keys: the ones ``given``, new ones for those missing."""
    chosen = given or {}
    return {"primaryKey": chosen.get("primaryKey") or new_key(),
            "secondaryKey": chosen.get("secondaryKey") or new_key()}


def regenerate_key(keys: dict[str, str], key_type: str, value: str | None) -> None:
    """Replace the primary (``Secondary``: the secondary) key with ``value`` or a new one."""
    field = "secondaryKey" if key_type.lower() == "secondary" else "primaryKey"
    keys[field] = value or new_key()


def forward(request: Request, port: int, extra_headers: dict[str, str] | None = None) -> Response:
    """Send ``request`` to ``127.0.0.1:port`` (same method, path, query, headers, body)."""
    target = request.raw_path + (f"?{request.query_string}" if request.query_string else "")
    headers = {name: value for name, value in request.headers.items()
               if name.lower() not in _HOP_BY_HOP}
    headers["Host"] = f"127.0.0.1:{port}"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=SCORING_TIMEOUT_S)
    try:
        connection.request(request.method, target, body=request.body or None, headers=headers)
        answer = connection.getresponse()
        body = answer.read()
        kept = {name: value for name, value in answer.getheaders()
                if name.lower() not in _HOP_BY_HOP}
    finally:
        connection.close()
    kept.update(extra_headers or {})
    return Response(answer.status, body, kept)
