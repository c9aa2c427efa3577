"""Service and SDK error text made readable where space is short: each sentence once,
temporary folders as `<tmp>/`, content digests cut to their first characters.

Only presentation: verdicts.json, the evidence folder and Allure keep the error as it was.
"""

from __future__ import annotations

import re
import tempfile

#: azure-core's `HttpResponseError` says everything twice: `(Code) message` and then
#: `Code: Code` / `Message: message` (on one line once newlines were folded).
AZURE_DETAIL = re.compile(
    r"\((?P<code>[\w.]+)\) (?P<message>.+?)\s+Code: (?P=code)\s+Message: (?P=message)",
    re.DOTALL)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
#: Deployments and jobs of the local workspace run under its folder (`.aml-parity/workspace`).
LOCAL_WORKSPACE = re.compile(r"[^\s'\"]*/\.aml-parity/workspace/")
DIGEST = re.compile(r"\b([0-9a-f]{8})[0-9a-f]{24,}\b")
DIGEST_SHOWN = 8


def said_once(text: str) -> str:
    """The text with the repeats services add cut: azure-core's second copy of the message,
    and any sentence of the first line said again."""
    text = AZURE_DETAIL.sub(lambda m: f"({m['code']}) {m['message']}", text)
    first, newline, rest = text.partition("\n")
    said: set[str] = set()
    kept = []
    for sentence in SENTENCE_END.split(first):
        if not sentence.strip() or sentence.strip() in said:
            continue
        kept.append(sentence)
        said.update(_tails(sentence.strip()))
    return " ".join(kept) + newline + rest


def _tails(sentence: str) -> list[str]:
    """The sentence and what follows each `: ` in it: `v1 run ended Failed: no file x.`
    has already said `no file x.`"""
    parts = sentence.split(": ")
    return [": ".join(parts[i:]) for i in range(len(parts))]


def short_paths(text: str) -> str:
    """`/tmp/tmpk3j2x9/snapshot/train.py` -> `<tmp>/snapshot/train.py`, the local workspace's
    folder -> `<local workspace>/`, and a 64-character digest -> its first 8 characters."""
    text = _temp_folder().sub("<tmp>/", text)
    text = LOCAL_WORKSPACE.sub("<local workspace>/", text)
    return DIGEST.sub(lambda m: m[1] + "…", text)


def cell_error(text: str) -> str:
    """The first line of an error for a table cell, said once and with short paths."""
    lines = short_paths(said_once(text)).splitlines()
    return lines[0] if lines else ""


def _temp_folder() -> re.Pattern[str]:
    """A folder made in the system's temporary folder (`/tmp/<one name>/`)."""
    roots = sorted({tempfile.gettempdir().rstrip("/"), "/tmp", "/var/tmp"}, key=len,
                   reverse=True)
    return re.compile(rf"(?:{'|'.join(re.escape(r) for r in roots)})/[^/\s'\"]+/")
