"""Size headers stay true after scrubbing changed a body (or the body keeps its size)."""

from __future__ import annotations

from harness.cassettes.framing import fix_framing, partial_range


def test_content_length_follows_a_changed_body() -> None:
    assert fix_framing({"Content-Length": ["760"]}, b"12345") == {"Content-Length": ["5"]}


def test_a_whole_blob_range_follows_a_changed_body() -> None:
    headers = {"Content-Length": ["882"], "Content-Range": ["bytes 0-881/882"]}
    assert fix_framing(headers, b"x" * 1229) == {
        "Content-Length": ["1229"], "Content-Range": ["bytes 0-1228/1229"]}


def test_a_chunk_of_a_larger_blob_is_partial_and_its_range_is_kept() -> None:
    chunk = {"Content-Range": ["bytes 0-4194303/9000000"]}
    assert partial_range(chunk)
    assert partial_range({"Content-Range": "bytes 4194304-8388607/9000000"})
    assert not partial_range({"Content-Range": "bytes 0-881/882"})
    assert not partial_range({"Content-Length": "882"})
    assert fix_framing(chunk, b"x" * 10)["Content-Range"] == ["bytes 0-4194303/9000000"]
