"""Forward one request to a local scoring server and bring its answer back unchanged.

Hop-by-hop headers (RFC 9110 section 7.6.1) and the proxy's own headers are not passed
on; everything else, the body, the status and the content type are.
"""

from __future__ import annotations

import http.client

from ...http import Request, Response

SCORING_TIMEOUT_S = 300.0
_HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
                         "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
                         "host", "content-length"})


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
