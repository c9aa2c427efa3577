"""Facts about the client's machine: hidden from cassettes, and never deciding a match.

A cassette recorded on one machine must replay on any other, so nothing in it may
depend on where it was recorded. Clients put their machine into requests in three
ways, each handled here by a small pure function:

- by field: azureml-core's `TelemetryValues` block (`amlClientOSVersion`,
  `amlClientPythonVersion`) in every v1 submission;
- by shape: every SDK's User-Agent (`Python/3.11.7 (Linux-6.1.0-...-with-glibc2.36)`),
  and `platform.platform()` or `sys.version` strings anywhere;
- by value: this process's host name, user name, kernel release and version, Python
  build string, and its absolute paths (checkout, local workspace folder, HOME, temp
  folder, Python prefix), which servers echo back in logs and error messages.

Each becomes a placeholder (`<platform>`, `<python>`, `<host>`, `<user>`, `<checkout>`,
...). Matching hides the live request the same way (vcrpy applies the recording hook to
it), so a replay on another machine meets the same placeholders. Host and user names
that are common words (`root`, `runner`, `vm`) are left alone: they identify no one and
replacing them would corrupt ordinary text such as the `root` logger's lines.
"""

from __future__ import annotations

import getpass
import os
import platform
import re
import socket
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .framing import fix_framing, partial_range

PLATFORM = "<platform>"
PYTHON = "<python>"

#: `platform.platform()` of any OS: `Linux-6.1.0-18-amd64-x86_64-with-glibc2.36`,
#: `Windows-10-10.0.19041-SP0`, `macOS-14.4-arm64-arm-64bit`.
PLATFORM_SHAPE = re.compile(r"(?<![\w.-])(?:Linux|Windows|macOS|Darwin|FreeBSD|OpenBSD"
                            r"|CYGWIN_NT-[\d.]+)-\d(?:[\w.+~-]*[\w+~])?")
#: `sys.version`: `3.11.7 (main, May  9 2026, 07:35:25) [GCC 12.2.0]`.
PYTHON_BUILD_SHAPE = re.compile(r"(?<![\w.])\d+\.\d+\.\d+\w*\+? \([^()\n]*\) ?\[[^\]\n]*\]")
#: The Python product token of a User-Agent: `Python/3.11.7`, msrest's `python/3.11.7`.
PYTHON_AGENT_SHAPE = re.compile(r"""(?i)(?<![^\s("'])(python)/\d+(?:\.\d+)*[\w+-]*""")

#: JSON fields that carry the client's machine whatever their value looks like.
HOST_FIELDS = {"amlclientosversion": PLATFORM, "amlclientpythonversion": PYTHON}
HOST_FIELD_VALUE = re.compile(
    r'("(?i:(' + "|".join(HOST_FIELDS) + r'))"\s*:\s*")((?:[^"\\]|\\.)*)(")')

#: Names too common to be a machine's identity (and too common to replace safely).
GENERIC_NAMES = frozenset({
    "root", "user", "users", "admin", "administrator", "runner", "ubuntu", "debian", "vm",
    "localhost", "docker", "node", "app", "azureuser", "jovyan", "vscode", "codespace",
    "codespaces", "build", "builder", "ci", "jenkins", "vsts", "cloudtest", "nobody", "default",
})
MIN_NAME_LENGTH = 4
#: Folders that are the same on every machine: not worth a placeholder.
STANDARD_PATHS = frozenset({"/", "/tmp", "/var/tmp", "/usr", "/usr/local", "/opt", "/home",
                            "/var", "/etc", "/bin", "/lib"})


@dataclass(frozen=True)
class HostFacts:
    """The values of this machine that a cassette must not keep, with their placeholders.

    `names` are matched as whole words, `paths` as whole path prefixes, `texts`
    anywhere. Built once per side process (`of_this_process`).
    """

    names: tuple[tuple[str, str], ...] = ()
    paths: tuple[tuple[str, str], ...] = ()
    texts: tuple[tuple[str, str], ...] = ()
    _patterns: list[tuple[re.Pattern[str], str]] = field(default_factory=list, compare=False,
                                                         repr=False)

    def __post_init__(self) -> None:
        patterns = [(re.compile(re.escape(value)), holder) for value, holder in self.texts]
        patterns += [(re.compile(rf"(?<![\w.~/-]){re.escape(value)}(?![\w.~-])"), holder)
                     for value, holder in self.paths]
        patterns += [(re.compile(rf"(?<![\w-]){re.escape(value)}(?![\w-])"), holder)
                     for value, holder in self.names]
        self._patterns.extend(patterns)

    @classmethod
    def of_this_process(cls, paths: Mapping[str, str] | None = None) -> HostFacts:
        """This machine's facts; `paths` names more folders (`checkout`, `workspace-dir`)."""
        uname = os.uname() if hasattr(os, "uname") else None
        texts = [(sys.version, PYTHON), (platform.platform(), PLATFORM)]
        if uname is not None:
            texts += [(uname.version, "<kernel-version>"), (uname.release, "<kernel-release>")]
        names = [(socket.gethostname(), "<host>"), (platform.node(), "<host>"),
                 (_user(), "<user>")]
        folders = dict(paths or {})
        for name, folder in (("side-home", os.path.expanduser("~")), ("tmp", tempfile.gettempdir()),
                             ("python-prefix", sys.prefix), ("python-base", sys.base_prefix)):
            folders.setdefault(name, folder)
        return cls(
            names=_distinct((v, h) for v, h in names if _identifies(v)),
            paths=_outermost(folders),
            texts=_distinct((v, h) for v, h in texts if len(v) >= MIN_NAME_LENGTH),
        )

    def hide(self, text: str, keep_length: bool = False) -> str:
        """`text` with every fact of this machine, and every machine's by shape, replaced."""
        substitute = _fitted if keep_length else _plain
        for pattern, holder in self._patterns:
            text = pattern.sub(substitute(holder), text)
        return hide_shapes(text, keep_length)


def hide_shapes(text: str, keep_length: bool = False) -> str:
    """Platform strings, Python builds and User-Agent Python tokens of any machine."""
    substitute = _fitted if keep_length else _plain
    text = PYTHON_BUILD_SHAPE.sub(substitute(PYTHON), text)
    text = PLATFORM_SHAPE.sub(substitute(PLATFORM), text)
    if keep_length:
        return PYTHON_AGENT_SHAPE.sub(lambda m: _fit(m.group(1) + "/" + PYTHON, len(m[0])), text)
    return PYTHON_AGENT_SHAPE.sub(lambda m: m.group(1) + "/" + PYTHON, text)


def hide_fields(text: str, keep_length: bool = False) -> str:
    """JSON text with the client-machine fields (`TelemetryValues`) as placeholders."""
    def replace(match: re.Match[str]) -> str:
        holder = HOST_FIELDS[match.group(2).lower()]
        value = _fit(holder, len(match.group(3))) if keep_length else holder
        return match.group(1) + value + match.group(4)

    return HOST_FIELD_VALUE.sub(replace, text)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry and no USER variable
        return ""


def _identifies(name: str) -> bool:
    return len(name) >= MIN_NAME_LENGTH and name.lower() not in GENERIC_NAMES


def _distinct(pairs: Any) -> tuple[tuple[str, str], ...]:
    """Unique values, longest first (so a value containing another is replaced whole)."""
    seen: dict[str, str] = {}
    for value, holder in pairs:
        seen.setdefault(value, holder)
    return tuple(sorted(seen.items(), key=lambda pair: -len(pair[0])))


def _outermost(folders: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """Absolute folders worth hiding, without those inside another listed one."""
    cleaned: dict[str, str] = {}
    for name, folder in folders.items():
        path = os.path.normpath(os.path.abspath(folder)) if folder else ""
        if path and path not in STANDARD_PATHS and len(path) >= MIN_NAME_LENGTH:
            cleaned.setdefault(path, f"<{name}>")
    kept = {p: h for p, h in cleaned.items()
            if not any(p != other and p.startswith(other.rstrip("/") + "/") for other in cleaned)}
    return _distinct(kept.items())


def _plain(holder: str) -> Callable[[re.Match[str]], str]:
    return lambda match: holder


def _fitted(holder: str) -> Callable[[re.Match[str]], str]:
    return lambda match: _fit(holder, len(match.group(0)))


def _fit(holder: str, length: int) -> str:
    """The placeholder cut or padded to `length` characters (for bodies whose size is fixed)."""
    if length <= len(holder):
        return holder[:length]
    return holder[:-1] + "~" * (length - len(holder)) + holder[-1]


def hide_request(request: Any, facts: HostFacts) -> Any:
    """vcrpy request hook: URL, header values and text body without this machine's facts."""
    request.uri = facts.hide(request.uri)
    request.headers = _hidden_headers(dict(request.headers), facts)
    body = request.body
    if isinstance(body, bytes | str):
        raw = body.encode("utf-8") if isinstance(body, str) else body
        hidden = hide_body(raw, facts)
        if hidden is not raw:
            request.body = hidden
    return request


def hide_response(response: dict[str, Any], facts: HostFacts) -> dict[str, Any]:
    """vcrpy response hook: the same for a response, keeping its size headers true."""
    headers = _hidden_headers(dict(response.get("headers") or {}), facts)
    body = (response.get("body") or {}).get("string")
    if isinstance(body, str):
        body = body.encode("utf-8")
    hidden = hide_body(body, facts, keep_length=partial_range(headers))
    if hidden is not body:
        headers = fix_framing(headers, hidden)
        response = {**response, "body": {**response["body"], "string": hidden}}
    return {**response, "headers": headers}


def hide_body(body: bytes | None, facts: HostFacts, keep_length: bool = False) -> bytes | None:
    """A text body with host fields and facts replaced; binary bodies are returned as given."""
    if not body:
        return body
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return body
    hidden = facts.hide(hide_fields(text, keep_length), keep_length)
    return body if hidden == text else hidden.encode("utf-8")


def _hidden_headers(headers: dict[str, Any], facts: HostFacts) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in headers.items():
        values = value if isinstance(value, list | tuple) else [value]
        hidden = [facts.hide(v) if isinstance(v, str) else v for v in values]
        out[name] = hidden if isinstance(value, list | tuple) else hidden[0]
    return out
