"""Wire handlers for Blob Storage: one per URL shape, dispatching on ``restype``/``comp``.

Authentication is accepted as sent (SAS query or SharedKey header) and never checked:
the local workspace is not a security boundary, and signatures are never logged.
"""

from __future__ import annotations

import base64
import hashlib
import re
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

from ...http import Request, Response, http_date
from . import exceptions
from .exceptions import BlobError
from .models import BlobBackend, BlobProps, ContainerProps

DEFAULT_VERSION = "2021-08-06"
SERVER = "Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0"
CONTENT_HEADERS = {
    "content_type": ("x-ms-blob-content-type", "Content-Type"),
    "content_encoding": ("x-ms-blob-content-encoding", "Content-Encoding"),
    "content_language": ("x-ms-blob-content-language", "Content-Language"),
    "content_disposition": ("x-ms-blob-content-disposition", "Content-Disposition"),
    "cache_control": ("x-ms-blob-cache-control", "Cache-Control"),
    "content_md5": ("x-ms-blob-content-md5", None),
}
RANGE = re.compile(r"bytes=(\d+)-(\d*)")


def _backend(request: Request) -> BlobBackend:
    return request.ctx.backend(BlobBackend)


def _where(request: Request) -> tuple[str, str]:
    return request.params["account"], request.params["container"]


def _headers(request: Request, extra: dict[str, str] | None = None) -> dict[str, str]:
    return {"Server": SERVER,
            "x-ms-version": request.headers.get("x-ms-version") or DEFAULT_VERSION,
            **(extra or {})}


def _metadata(request: Request) -> dict[str, str]:
    return request.headers.with_prefix("x-ms-meta-")


def _content(request: Request, *, with_plain: bool) -> dict[str, str]:
    content: dict[str, str] = {}
    for key, (ms_header, plain) in CONTENT_HEADERS.items():
        value = request.headers.get(ms_header)
        if value is None and with_plain and plain:
            value = request.headers.get(plain)
        if value:
            content[key] = value
    return content


def _written(request: Request, props: BlobProps, status: int = 201) -> Response:
    extra = {"ETag": f'"{props.etag}"', "Last-Modified": http_date(props.modified),
             "x-ms-request-server-encrypted": "true"}
    if props.content_md5 and request.query.get("comp") is None:
        extra["Content-MD5"] = props.content_md5
    return Response.empty(status, _headers(request, extra))


def _blob_headers(request: Request, props: BlobProps) -> dict[str, str]:
    headers = {
        "Content-Type": props.content_type or "application/octet-stream",
        "ETag": f'"{props.etag}"',
        "Last-Modified": http_date(props.modified),
        "Accept-Ranges": "bytes",
        "x-ms-blob-type": props.blob_type,
        "x-ms-creation-time": http_date(props.created),
        "x-ms-lease-state": "available",
        "x-ms-lease-status": "unlocked",
        "x-ms-server-encrypted": "true",
        "x-ms-access-tier": "Hot",
        "x-ms-access-tier-inferred": "true",
    }
    for key, header in (("content_encoding", "Content-Encoding"),
                        ("content_language", "Content-Language"),
                        ("content_disposition", "Content-Disposition"),
                        ("cache_control", "Cache-Control")):
        if getattr(props, key):
            headers[header] = getattr(props, key)
    headers.update({f"x-ms-meta-{k}": v for k, v in props.metadata.items()})
    return _headers(request, headers)


def _container_headers(request: Request, props: ContainerProps) -> dict[str, str]:
    return _headers(request, {
        "ETag": f'"{props.etag}"', "Last-Modified": http_date(props.modified),
        "x-ms-lease-state": "available", "x-ms-lease-status": "unlocked",
        "x-ms-has-immutability-policy": "false", "x-ms-has-legal-hold": "false",
        **{f"x-ms-meta-{k}": v for k, v in props.metadata.items()}})


# service ------------------------------------------------------------------------------
def service(request: Request) -> Response:
    """``GET /?comp=list``: list containers."""
    if request.query.get("comp") != "list":
        raise exceptions.unsupported("Only ?comp=list is served at the account root.")
    account = request.params["account"]
    prefix = request.query.get("prefix", "")
    items = "".join(
        f"<Container><Name>{escape(name)}</Name><Properties>"
        f"<Last-Modified>{http_date(props.modified)}</Last-Modified>"
        f"<Etag>{props.etag}</Etag><LeaseStatus>unlocked</LeaseStatus>"
        "<LeaseState>available</LeaseState></Properties></Container>"
        for name, props in _backend(request).containers(account, prefix))
    return Response.xml(
        '<?xml version="1.0" encoding="utf-8"?><EnumerationResults '
        f'ServiceEndpoint="{request.base_url}/"><Prefix>{escape(prefix)}</Prefix>'
        f"<Containers>{items}</Containers><NextMarker /></EnumerationResults>",
        headers=_headers(request))


# containers ---------------------------------------------------------------------------
def container(request: Request) -> Response:
    backend = _backend(request)
    account, name = _where(request)
    restype, comp = request.query.get("restype"), request.query.get("comp")
    if restype != "container":
        raise exceptions.unsupported("Container operations need ?restype=container.")
    if request.method == "PUT" and comp is None:
        props = backend.create_container(account, name, _metadata(request))
        return Response.empty(201, _container_headers(request, props))
    if request.method == "DELETE" and comp is None:
        backend.delete_container(account, name)
        return Response.empty(202, _headers(request))
    if request.method in ("GET", "HEAD") and comp is None:
        return Response.empty(200, _container_headers(request, backend.container(account, name)))
    if request.method == "GET" and comp == "list":
        return _list_blobs(request, backend, account, name)
    raise exceptions.unsupported(f"{request.method} container with comp={comp} is not served.")


def _list_blobs(request: Request, backend: BlobBackend, account: str, name: str) -> Response:
    q = request.query
    prefix, delimiter, marker = q.get("prefix", ""), q.get("delimiter", ""), q.get("marker", "")
    try:
        max_results = int(q.get("maxresults", "5000"))
    except ValueError as exc:
        raise BlobError(400, "InvalidQueryParameterValue", "maxresults must be a number") from exc
    include = set(q.get("include", "").split(","))
    blobs, prefixes, next_marker = backend.list_blobs(account, name, prefix, delimiter, marker,
                                                max_results)
    parts = []
    for blob_name, props in blobs:
        metadata = ""
        if "metadata" in include:
            metadata = "<Metadata>" + "".join(
                f"<{k}>{escape(v)}</{k}>" for k, v in props.metadata.items()) + "</Metadata>"
        parts.append(
            f"<Blob><Name>{escape(blob_name)}</Name><Properties>"
            f"<Creation-Time>{http_date(props.created)}</Creation-Time>"
            f"<Last-Modified>{http_date(props.modified)}</Last-Modified>"
            f"<Etag>{props.etag}</Etag><Content-Length>{props.size}</Content-Length>"
            f"<Content-Type>{escape(props.content_type)}</Content-Type>"
            f"<Content-Encoding>{escape(props.content_encoding)}</Content-Encoding>"
            f"<Content-Language>{escape(props.content_language)}</Content-Language>"
            f"<Content-CRC64 /><Content-MD5>{props.content_md5}</Content-MD5>"
            f"<Cache-Control>{escape(props.cache_control)}</Cache-Control>"
            f"<Content-Disposition>{escape(props.content_disposition)}</Content-Disposition>"
            f"<BlobType>{props.blob_type}</BlobType><AccessTier>Hot</AccessTier>"
            "<AccessTierInferred>true</AccessTierInferred><LeaseStatus>unlocked</LeaseStatus>"
            "<LeaseState>available</LeaseState><ServerEncrypted>true</ServerEncrypted>"
            f"</Properties>{metadata}<OrMetadata /></Blob>")
    parts.extend(f"<BlobPrefix><Name>{escape(p)}</Name></BlobPrefix>" for p in prefixes)
    head = (f'<?xml version="1.0" encoding="utf-8"?><EnumerationResults '
            f'ServiceEndpoint="{request.base_url}/" ContainerName="{escape(name)}">'
            f"<Prefix>{escape(prefix)}</Prefix>"
            + (f"<Marker>{escape(marker)}</Marker>" if marker else "")
            + (f"<MaxResults>{max_results}</MaxResults>" if "maxresults" in q else "")
            + (f"<Delimiter>{escape(delimiter)}</Delimiter>" if delimiter else ""))
    tail = f"<NextMarker>{escape(next_marker)}</NextMarker>" if next_marker else "<NextMarker />"
    return Response.xml(head + "<Blobs>" + "".join(parts) + "</Blobs>" + tail
                        + "</EnumerationResults>", headers=_headers(request))


# blobs --------------------------------------------------------------------------------
def blob(request: Request) -> Response:
    method, comp = request.method, request.query.get("comp")
    handler = {
        ("PUT", None): _put_blob,
        ("PUT", "block"): _put_block,
        ("PUT", "blocklist"): _put_block_list,
        ("PUT", "metadata"): _set_metadata,
        ("PUT", "properties"): _set_properties,
        ("PUT", "appendblock"): _append_block,
        ("GET", None): _get_blob,
        ("HEAD", None): _get_blob,
        ("GET", "metadata"): _get_metadata,
        ("HEAD", "metadata"): _get_metadata,
        ("DELETE", None): _delete_blob,
    }.get((method, comp))
    if handler is None:
        raise exceptions.unsupported(f"{method} blob with comp={comp} is not served.")
    return handler(request)


def _name(request: Request) -> tuple[str, str, str]:
    account, container_name = _where(request)
    return account, container_name, request.params["blob"]


def _put_blob(request: Request) -> Response:
    blob_type = request.headers.get("x-ms-blob-type") or "BlockBlob"
    if blob_type not in ("BlockBlob", "AppendBlob"):
        raise BlobError(400, "UnsupportedHeader", f"Blob type {blob_type} is not served.")
    props = _backend(request).put(
        *_name(request), request.body if blob_type == "BlockBlob" else b"",
        _content(request, with_plain=True), _metadata(request), blob_type=blob_type,
        if_match=request.headers.get("If-Match"),
        if_none_match=request.headers.get("If-None-Match"),
        compute_md5=blob_type == "BlockBlob")
    return _written(request, props)


def _put_block(request: Request) -> Response:
    block_id = request.query.get("blockid", "")
    if not block_id:
        raise BlobError(400, "InvalidQueryParameterValue", "blockid is required.")
    _backend(request).put_block(*_name(request), block_id, request.body)
    md5 = base64.b64encode(hashlib.md5(request.body).digest()).decode()
    return Response.empty(201, _headers(request, {"Content-MD5": md5,
                                                  "x-ms-request-server-encrypted": "true"}))


def _put_block_list(request: Request) -> Response:
    try:
        root = ET.fromstring(request.body)
    except ET.ParseError as exc:
        raise BlobError(400, "InvalidXmlDocument", f"Block list XML is malformed: {exc}") from exc
    ids = [element.text or "" for element in root
           if element.tag in ("Latest", "Uncommitted", "Committed")]
    props = _backend(request).commit_blocks(
        *_name(request), ids, _content(request, with_plain=False), _metadata(request),
        if_match=request.headers.get("If-Match"),
        if_none_match=request.headers.get("If-None-Match"))
    return _written(request, props)


def _append_block(request: Request) -> Response:
    props = _backend(request).append(*_name(request), request.body)
    return _written(request, props)


def _set_metadata(request: Request) -> Response:
    props = _backend(request).update(*_name(request), metadata=_metadata(request))
    return _written(request, props, status=200)


def _set_properties(request: Request) -> Response:
    props = _backend(request).update(*_name(request),
                                     content=_content(request, with_plain=False))
    return _written(request, props, status=200)


def _get_metadata(request: Request) -> Response:
    props = _backend(request).props(*_name(request))
    return Response.empty(200, _headers(request, {
        "ETag": f'"{props.etag}"', "Last-Modified": http_date(props.modified),
        **{f"x-ms-meta-{k}": v for k, v in props.metadata.items()}}))


def _get_blob(request: Request) -> Response:
    backend = _backend(request)
    props = backend.props(*_name(request))
    headers = _blob_headers(request, props)
    wanted = request.headers.get("x-ms-range") or request.headers.get("Range")
    match = RANGE.fullmatch(wanted.strip()) if wanted else None
    if match is None:
        if props.content_md5:
            headers["Content-MD5"] = props.content_md5
        if request.method == "HEAD":
            headers["Content-Length"] = str(props.size)
            return Response.empty(200, headers)
        return Response(200, backend.read(*_name(request)), headers)
    start = int(match.group(1))
    end = min(int(match.group(2)) if match.group(2) else props.size - 1, props.size - 1)
    if start >= props.size:
        raise exceptions.invalid_range(props.size)
    data = backend.read(*_name(request), start, end)
    headers["Content-Range"] = f"bytes {start}-{end}/{props.size}"
    if props.content_md5:
        headers["x-ms-blob-content-md5"] = props.content_md5
    if (request.headers.get("x-ms-range-get-content-md5") or "").lower() == "true":
        headers["Content-MD5"] = base64.b64encode(hashlib.md5(data).digest()).decode()
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(data))
        return Response.empty(206, headers)
    return Response(206, data, headers)


def _delete_blob(request: Request) -> Response:
    _backend(request).delete(*_name(request))
    return Response.empty(202, _headers(request, {"x-ms-delete-type-permanent": "true"}))
