"""Looking for secrets in what the project wrote: cassettes and reports alike.

Two independent opinions: our own rules (the redactor's: known credentials, shapes,
names; for cassettes, the cassette scrubber's "would scrubbing change this?"), and
detect-secrets, Yelp's scanner, with only our placeholders and our own digests and
ids excused. A finding names the file, the line and the kind, never the secret.
"""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .placeholders import PLACEHOLDER_JWT, PLACEHOLDER_KEY
from .plugin import CASSETTE_FILE
from .redactor import Redactor

#: Our own digests and ids look like hex or base64 secrets to an entropy scanner:
#: `sha256: <hex>` of a stored body or file, the scenario digest, Allure's history and
#: test-case ids (md5 hex), cassette body file names.
OWN_DIGEST_LINES = (r"^\s*\"?(sha256|scenario_digest|historyId|testCaseId|digest|file)\"?:"
                    r" [\"']?(bodies/)?[0-9a-f]{32,64}(\.gz)?[\"']?,?\s*$")
#: Run ids and job names the harness chose (`<experiment>_<side>_<token>`).
RUN_NAME = r"parity-[a-z0-9-]+_v[12]_[0-9a-f]{8}"
#: md5 and sha256 digests in lower-case hex: Allure's history and test-case ids, file and
#: body digests in the certificate and evidence. (A secret that is exactly such a string
#: is still found by our own rules when its name or value is known.)
DIGEST = r"[0-9a-f]{32}|[0-9a-f]{64}"
MAX_TEXT_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Finding:
    """A secret found: where, and what kind (the value itself is never kept)."""

    path: Path
    line: int
    kind: str
    source: str = "aml-parity"

    def describe(self, root: Path | None = None) -> str:
        shown = self.path
        if root is not None:
            with contextlib.suppress(ValueError):
                shown = self.path.resolve().relative_to(root.resolve())
        return f"{shown}:{self.line}: {self.kind} ({self.source})"


def scan(paths: list[Path], redactor: Redactor, *, use_detect_secrets: bool = True
         ) -> list[Finding]:
    """Every finding under `paths` (files or folders)."""
    from ..cassettes.corrupt import CorruptCassette  # the cassette layer knows its own format
    from ..cassettes.scan import cassette_findings

    findings: list[Finding] = []
    for path in _files(paths):
        if CASSETTE_FILE.match(path.name):
            try:
                findings += cassette_findings(path)
            except CorruptCassette as exc:
                findings.append(Finding(path, 0, f"cannot be read: {exc}"))
        elif path.parent.name != "bodies":  # stored bodies are read through their cassette
            findings += _text_findings(path, redactor)
    if use_detect_secrets:
        for folder in (p for p in paths if p.is_dir()):
            findings += detect_secrets_findings(folder)
    return findings


def _files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file())
    return found


def _text_findings(path: Path, redactor: Redactor) -> list[Finding]:
    try:
        if path.stat().st_size > MAX_TEXT_BYTES:
            return []
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # binary: models, images, archives
    return [Finding(path, line, kind) for line, kind in redactor.findings(text)]


def detect_secrets_findings(folder: Path) -> list[Finding]:
    """detect-secrets over a folder, no baseline; our placeholders and digests excused."""
    command = [sys.executable, "-m", "detect_secrets", "scan", "--all-files", ".",
               "--exclude-secrets", placeholder_pattern(), "--exclude-lines", OWN_DIGEST_LINES]
    try:  # run inside the folder: detect-secrets skips paths outside its working directory
        result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=folder)
    except (OSError, subprocess.CalledProcessError) as exc:
        return [Finding(folder, 0, f"detect-secrets could not scan: {exc}", "detect-secrets")]
    results: dict[str, list[dict[str, object]]] = json.loads(result.stdout)["results"]
    return [Finding(folder / name, int(str(item.get("line_number") or 0)), str(item["type"]),
                    "detect-secrets")
            for name, items in results.items() for item in items]


def placeholder_pattern() -> str:
    """Our placeholders and ids and nothing else, as detect-secrets cuts them out of a line.

    Its JWT pattern may stop before the signature; its keyword and storage-key
    detectors keep an `AccountKey=` prefix or a closing quote or backslash; its YAML
    reader hands over a whole literal block that starts with the placeholder.
    """
    header, payload, signature = PLACEHOLDER_JWT.split(".")
    jwt = f"{re.escape(header)}\\.{re.escape(payload)}(\\.({re.escape(signature)})?)?"
    key = f"(AccountKey=)?{re.escape(PLACEHOLDER_KEY)}"
    # A YAML block's value runs on past the placeholder (`REDACTED\n\nnext line`).
    return f"^({jwt}|{key}|{RUN_NAME}|{DIGEST}|REDACTED\\**)([\\\\\"';]*$|\\s)"
