"""One scrubber for everything the project writes: cassettes, evidence, logs, reports.

Secrets are found three ways, in this order:

- by value: every credential this process knows (secret-named environment variables
  such as `AZURE_CLIENT_SECRET`, the local workspace's keys) and every value an earlier
  rule found, so a password that was scrubbed from a job's submission by its name is
  also scrubbed where the training script printed it;
- by shape (`shapes.py`): JWTs, SAS `sig=`, connection-string keys, PEM blocks, Azure AD
  client secrets, storage account keys, bearer tokens;
- by name (`names.py`): `DB_PASSWORD=...`, `"apiKey": "..."`, `--password ...`.

A process has one `Redactor` (`session_redactor()`), so what the cassette hooks learn
reaches the evidence the same side writes next.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .names import names_secret, words
from .placeholders import is_placeholder, kind_of, placeholder
from .shapes import SHAPES
from .vaults import holds_secret_value

MIN_KNOWN_LENGTH = 8
NOT_SECRETS = frozenset({"null", "none", "true", "false", "bearer", "basic", "undefined",
                         "empty", "unset", "changeme", "secret", "password", "string"})
_VALUE = r"""(?P<value>[^\s"',;&<>(){}\[\]\\|]+)"""
#: `DB_PASSWORD=x`, `password: x`, `"apiKey": "x"`, `export TOKEN='x'`.
ASSIGNMENT = re.compile(r"""(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)["']?[ \t]*[:=][ \t]*["']?"""
                        + _VALUE)
#: `--password x`, `--api-key=x`, and in a JSON argument list `"--password", "x"`.
OPTION = re.compile(r"""(?<![\w-])--?(?P<name>[A-Za-z][A-Za-z0-9_-]*)(?:["']?[ \t]*,[ \t]*["']"""
                    r"""|=|[ \t]+)""" + _VALUE)


class Redactor:
    """Replaces secrets by value, shape and name; remembers what it found."""

    def __init__(self, known: Iterable[str] = ()) -> None:
        self._known: set[str] = set()
        self._lock = threading.Lock()
        self._pattern: re.Pattern[str] | None = None
        for value in known:
            self.learn(value)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> Redactor:
        """Knows the values of every secret-named variable (`AZURE_CLIENT_SECRET`, ...)."""
        return cls(v for k, v in environ.items() if names_secret(k, v))

    def learn(self, value: str) -> None:
        """Scrub `value` wherever it appears from now on."""
        value = value.strip()
        if (len(value) < MIN_KNOWN_LENGTH or value.lower() in NOT_SECRETS or value.isdigit()
                or is_placeholder(value) or value in self._known):
            return
        with self._lock:
            self._known.add(value)
            self._pattern = None

    def learn_environment(self, environ: Mapping[str, str]) -> None:
        for name, value in environ.items():
            if names_secret(name, value):
                self.learn(value)

    @property
    def known_count(self) -> int:
        return len(self._known)

    # text -----------------------------------------------------------------------------
    def text(self, text: str, keep_length: bool = False) -> str:
        """`text` with every secret replaced; `keep_length` keeps its size (blob chunks)."""
        if not text:
            return text
        before = len(self._known)
        for rule in self._rules():
            text = rule.pattern.sub(self._replacer(rule, keep_length), text)
        if len(self._known) != before:  # found something new: it may appear elsewhere too
            rule = self._rules()[0]
            text = rule.pattern.sub(self._replacer(rule, keep_length), text)
        return text

    def findings(self, text: str) -> list[tuple[int, str]]:
        """(line number, kind) of every secret in `text`, learning nothing (for scans)."""
        found = []
        for rule in self._rules():
            for match in rule.pattern.finditer(text):
                if rule.accepts(match):
                    found.append((text.count("\n", 0, match.start()) + 1, rule.kind))
        return sorted(set(found))

    def bytes(self, raw: bytes, keep_length: bool = False) -> bytes:
        """A text body scrubbed; binary content (models, archives) is returned as it is."""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw
        cleaned = self.text(text, keep_length)
        return raw if cleaned == text else cleaned.encode("utf-8")

    # documents --------------------------------------------------------------------------
    def document(self, value: Any) -> Any:
        """A JSON-like document: secret-named fields, `{"name": ..., "value": ...}` pairs,
        values of vault secrets (`vaults.py`), values after a secret option in argument
        lists, and every string's text."""
        if isinstance(value, dict):
            named = value.get("name") if isinstance(value.get("name"), str) else None
            stored = holds_secret_value(value)
            out = {}
            for key, item in value.items():
                if isinstance(item, str) and item and (
                        names_secret(str(key), item)
                        or (key == "value" and (stored or (named and names_secret(named,
                                                                                   item))))):
                    out[key] = self._replace(item, words(str(named if key == "value" else key)))
                else:
                    out[key] = self.document(item)
            return out
        if isinstance(value, list):
            out_list: list[Any] = []
            for index, item in enumerate(value):
                previous = value[index - 1] if index else None
                if (isinstance(item, str) and isinstance(previous, str)
                        and previous.startswith("-") and names_secret(previous.lstrip("-"), item)):
                    out_list.append(self._replace(item, words(previous)))
                else:
                    out_list.append(self.document(item))
            return out_list
        if isinstance(value, str):
            return self.text(value)
        return value

    # files ------------------------------------------------------------------------------
    def file(self, path: Path) -> bool:
        """Scrub a text file in place (atomically); True when it changed."""
        try:
            raw = path.read_bytes()
        except OSError:
            return False
        cleaned = self.bytes(raw)
        if cleaned is raw:
            return False
        temporary = path.with_name(f".{path.name}.redacting")
        temporary.write_bytes(cleaned)
        temporary.replace(path)
        return True

    def tree(self, folder: Path) -> list[Path]:
        """Scrub every text file below `folder`; the files that changed."""
        if not folder.is_dir():
            return []
        return [p for p in sorted(folder.rglob("*")) if p.is_file() and self.file(p)]

    # internals --------------------------------------------------------------------------
    def _replace(self, secret: str, name_words: list[str] | None = None) -> str:
        if is_placeholder(secret):
            return secret
        self.learn(secret)
        return placeholder(kind_of(secret, name_words))

    def _rules(self) -> list[Rule]:
        """By value first (known credentials), then by shape, then by name."""
        rules = [Rule("known credential", self._known_pattern() or _NOTHING, "secret", _always,
                      _by_value)]
        rules += [Rule(shape.kind, shape.pattern, "secret", _not_placeholder,
                       _constant(shape.placeholder)) for shape in SHAPES]
        rules += [Rule("secret-named value", pattern, "value", _named_secret, _by_name)
                  for pattern in (ASSIGNMENT, OPTION)]
        return rules

    def _known_pattern(self) -> re.Pattern[str] | None:
        with self._lock:
            if self._pattern is None and self._known:
                values = sorted(self._known, key=len, reverse=True)
                self._pattern = re.compile(
                    "(?P<secret>" + "|".join(_whole(v) for v in values) + ")")
            return self._pattern

    def _replacer(self, rule: Rule, keep_length: bool) -> Callable[[re.Match[str]], str]:
        def replace(match: re.Match[str]) -> str:
            if not rule.accepts(match):
                return match.group(0)
            secret = match.group(rule.group)
            self.learn(secret)
            start, end = match.span(rule.group)
            whole, offset = match.group(0), match.start()
            new = placeholder(rule.placeholder(match), len(secret) if keep_length else None)
            return whole[:start - offset] + new + whole[end - offset:]
        return replace


@dataclass(frozen=True)
class Rule:
    """One way of finding secrets: its name, pattern, which group is the secret, whether a
    match really is one, and which placeholder replaces it."""

    kind: str
    pattern: re.Pattern[str]
    group: str
    accepts: Callable[[re.Match[str]], bool]
    placeholder: Callable[[re.Match[str]], str]


_NOTHING = re.compile(r"(?P<secret>(?!))")


def _always(match: re.Match[str]) -> bool:
    return True


def _not_placeholder(match: re.Match[str]) -> bool:
    return not is_placeholder(match.group("secret"))


def _named_secret(match: re.Match[str]) -> bool:
    name, value = match.group("name"), match.group("value")
    return (names_secret(name, value) and not is_placeholder(value)
            and value.lower() not in NOT_SECRETS and not value.startswith(("$", "%", "{")))


def _constant(kind: str) -> Callable[[re.Match[str]], str]:
    return lambda match: kind


def _by_value(match: re.Match[str]) -> str:
    return kind_of(match.group("secret"))


def _by_name(match: re.Match[str]) -> str:
    return kind_of(match.group("value"), words(match.group("name")))


def _whole(value: str) -> str:
    """A known value as a pattern that does not match inside a longer word or number."""
    return r"(?<![A-Za-z0-9])" + re.escape(value) + r"(?![A-Za-z0-9])"


_session: Redactor | None = None
_session_lock = threading.Lock()


def session_redactor() -> Redactor:
    """This process's redactor: knows its environment's secrets and learns as it goes."""
    global _session
    with _session_lock:
        if _session is None:
            _session = Redactor.from_environment(os.environ)
        return _session
