"""The persister: readable YAML, metadata first, large and binary bodies stored once."""

from __future__ import annotations

import gzip
from pathlib import Path

from vcr.request import Request

from harness.cassettes.persister import BodyStorePersister, read_metadata, referenced_bodies


def response(body: bytes) -> dict:
    return {"status": {"code": 200, "message": "OK"},
            "headers": {"Content-Length": [str(len(body))]}, "body": {"string": body}}


def save(tmp_path: Path, pairs: list[tuple[Request, dict]], meta: dict | None = None) -> Path:
    path = tmp_path / "scenario" / "v1-run.yaml"
    BodyStorePersister(meta or {"run_token": "ab12cd34"}, threshold=1024).save_cassette(
        path, {"requests": [r for r, _ in pairs], "responses": [r for _, r in pairs]})
    return path


def test_small_text_stays_inline_and_large_or_binary_bodies_go_aside(tmp_path: Path) -> None:
    big = b"x" * 5000
    binary = bytes(range(256))
    path = save(tmp_path, [
        (Request("GET", "https://a/json", None, {}), response(b'{"status": "Completed"}')),
        (Request("GET", "https://a/big", None, {}), response(big)),
        (Request("PUT", "https://a/bin", binary, {}), response(b"")),
        (Request("PUT", "https://a/bin2", binary, {}), response(b"")),
    ])
    text = path.read_text()
    assert '{"status": "Completed"}' in text and "xxxxx" not in text
    files = sorted(p.name for p in (path.parent / "bodies").iterdir())
    assert len(files) == 2  # the binary body is stored once for both requests
    assert referenced_bodies(path) == {f"bodies/{name}" for name in files}
    requests, responses, meta = BodyStorePersister().load_cassette(path)
    assert responses[1]["body"]["string"] == big
    assert requests[2].body == binary and meta == {"run_token": "ab12cd34"}


def test_stored_bodies_are_deterministic(tmp_path: Path) -> None:
    pairs = [(Request("GET", "https://a/big", None, {}), response(b"y" * 5000))]
    first = save(tmp_path, pairs)
    stored = next((first.parent / "bodies").iterdir())
    before = stored.read_bytes()
    stored.unlink()
    save(tmp_path, pairs)
    assert stored.read_bytes() == before
    assert gzip.decompress(before) == b"y" * 5000


def test_metadata_is_readable_without_parsing_the_interactions(tmp_path: Path) -> None:
    path = save(tmp_path, [(Request("GET", "https://a/x", None, {}), response(b"{}"))],
                {"run_token": "ab12cd34", "workspace": {"workspace_name": "ws"}})
    assert path.read_text().startswith("metadata:")
    assert read_metadata(path) == {"run_token": "ab12cd34", "workspace": {"workspace_name": "ws"}}
