"""Wire handler for ``GET /discovery``; URLs come from the Host header."""

from ...http import Request, Response
from .documents import discovery_document


def discovery(request: Request) -> Response:
    return Response.json(discovery_document(request.base_url))
