"""The last word on secrets in a session's outputs: every file under the reports folder.

Evidence, specs and failure records are scrubbed where they are made; Allure results,
JUnit XML, the summary and the certificate are made from them. This pass runs once the
session wrote everything (`pytest_unconfigure`, controller only) and scrubs each of
those files again with every credential the session knows, so a writer that forgot
cannot leak one. Cassettes (the demo records into `reports/demo-cassettes`) are left to
the cassette hooks, which keep placeholders that replays can parse.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ..workspace.runtime import default_directory
from ..workspace.settings import SETTINGS_FILE, load_or_create
from .redactor import Redactor, session_redactor

CASSETTE_FILE = re.compile(r"^(v1|v2)-[a-z]+(-\d+)?\.yaml$")
#: Built by `aml-parity report` from the (scrubbed) Allure results: Allure's own app.
GENERATED = ("allure-report", "report-screenshots")


class RedactionPlugin:
    NAME = "aml-parity-redaction"

    def __init__(self, config: pytest.Config, reports: Path) -> None:
        self.config = config
        self.reports = reports

    @pytest.hookimpl(trylast=True)
    def pytest_unconfigure(self, config: pytest.Config) -> None:
        if hasattr(config, "workerinput"):
            return
        redactor = session_redactor()
        learn_local_workspace(redactor, Path(config.rootpath))
        for path in session_outputs(self.reports, getattr(config.option, "xmlpath", None)):
            redactor.file(path)


def learn_local_workspace(redactor: Redactor, root: Path) -> None:
    """The local workspace's own credentials, from its settings, when it has a folder."""
    for folder in {default_directory(), root / ".aml-parity" / "workspace"}:
        if (folder / SETTINGS_FILE).is_file():
            for value in load_or_create(folder).secrets:
                redactor.learn(value)


def session_outputs(reports: Path, junit: str | None) -> list[Path]:
    """Every file a session writes, cassettes and their stored bodies excepted (and the HTML
    report, which is built from these files afterwards)."""
    files = [p for p in reports.rglob("*") if p.is_file() and not _is_cassette(p)
             and not any(part in GENERATED for part in p.relative_to(reports).parts)] \
        if reports.is_dir() else []
    if junit and Path(junit).is_file():
        files.append(Path(junit))
    return files


def _is_cassette(path: Path) -> bool:
    return bool(CASSETTE_FILE.match(path.name)) or path.parent.name == "bodies"
