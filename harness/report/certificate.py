"""The cutover certificate: what was run, what was found, and the digests that pin it.

`reports/certificate.json` is written at the end of every session, merged with what
earlier sessions left in the same folder (`merge.py`): each scenario item keeps its latest
result, stamped with the session that produced it. `aml-parity certify` reads it back: it
passes only when every required scenario met its expectation and none of the scenario
files (or replayed cassettes) changed since the session its result comes from.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..compare.verdict import Verdict
from ..evidence import EvidenceFolder
from ..paths import real_path
from ..scenario import Scenario, ScenarioError, load_scenario
from ..scenario.loader import SCENARIO_FILE_NAMES
from .digests import combined, file_digests, tree_files
from .run_facts import RunFacts, SessionStamp
from .shared_folder import write_atomic
from .summary import worst_difference

CERTIFICATE_FILE = "certificate.json"
FORMAT = 1


@dataclass
class ItemRecord:
    """What the session saw of one scenario item (from its reports, so xdist-safe)."""

    scenario_file: Path
    evidence: str
    status: str  # passed | failed | skipped | error
    verdict: Verdict | None = None
    message: str = ""


# --- writing ---------------------------------------------------------------------------


def build_certificate(
    root: Path, reports: Path, facts: RunFacts, records: Iterable[ItemRecord],
    session: SessionStamp | None = None,
) -> dict[str, Any]:
    """The certificate of this session's items alone (`merge.py` adds earlier sessions')."""
    stamp = (session or SessionStamp.new()).to_dict()
    by_file: dict[Path, list[ItemRecord]] = {}
    for record in records:
        by_file.setdefault(real_path(record.scenario_file), []).append(record)
    scenarios = {}
    for path, items in sorted(by_file.items()):
        entry = _scenario_entry(root, reports, path, items, stamp)
        scenarios[entry["name"]] = entry
    certificate = {
        "format": FORMAT,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "root": str(root.resolve()),
        "certified": False,
        "not_run": [],
        **facts.to_dict(),
        "session": stamp,
        "scenarios": scenarios,
    }
    return judge_certificate(certificate, root)


def judge_certificate(certificate: dict[str, Any], root: Path) -> dict[str, Any]:
    """`not_run` and `certified` from the scenario entries the certificate holds.

    A subset run certifies nothing for cutover: the scenarios beside the ones it holds
    that it does not hold are `not_run`, and `certify --require all` fails on them.
    """
    scenarios = certificate["scenarios"]
    not_run = sorted(set(scenarios_beside(root / e["path"] for e in scenarios.values()))
                     - set(scenarios))
    certificate["not_run"] = not_run
    certificate["certified"] = (bool(scenarios) and not not_run
                                and all(s["certified"] for s in scenarios.values()))
    return certificate


def write_certificate(reports: Path, certificate: dict[str, Any]) -> Path:
    path = reports / CERTIFICATE_FILE
    write_atomic(path, json.dumps(certificate, indent=2, sort_keys=False) + "\n")
    return path


def _scenario_entry(
    root: Path, reports: Path, path: Path, records: list[ItemRecord], stamp: dict[str, str]
) -> dict[str, Any]:
    scenario, error = _load(path)
    name = scenario.name if scenario else path.parent.name
    declared = scenario.evidence if scenario else ["scenario"]
    seen = {r.evidence: r for r in records}
    items = {}
    for kind in [*declared, *(k for k in seen if k not in declared)]:
        items[kind] = _item_entry(root, EvidenceFolder(reports, name, kind).path, seen.get(kind))
        if kind in seen:
            items[kind]["session"] = stamp
    files = scenario_files(path, scenario)
    digests = file_digests(files, root)
    cassettes = cassette_digests(root, name)
    return {
        "name": name,
        "path": _relative(path, root),
        "session": stamp,
        "certified": error is None and all(i["meets_expectation"] for i in items.values()),
        "error": error or "",
        "items": items,
        "tolerances": _tolerances(scenario),
        "scenario_digest": combined(digests),
        "scenario_files": digests,
        "cassettes_digest": combined(cassettes) if cassettes else "",
        "cassettes": cassettes,
    }


def _item_entry(root: Path, folder: Path, record: ItemRecord | None) -> dict[str, Any]:
    if record is None:
        return {"outcome": "NOT RUN", "meets_expectation": False,
                "note": "declared by the scenario but not run (deselected or interrupted)"}
    verdict = record.verdict
    entry: dict[str, Any] = {
        "outcome": verdict.outcome.value if verdict else record.status.upper(),
        "expect": verdict.expect if verdict else "",
        "meets_expectation": bool(verdict and verdict.meets_expectation
                                  and record.status == "passed"),
        "pytest": record.status,
    }
    if verdict:
        entry["differences"] = len(verdict.differences)
        entry["beyond_tolerance"] = len(verdict.blocking)
        entry["learned_noise"] = sum(d.noise for d in verdict.differences)
        entry["worst"] = worst_difference(verdict)
    if record.message and not entry["meets_expectation"]:
        entry["note"] = record.message.splitlines()[0][:300]
    evidence = file_digests(tree_files(folder), root)
    entry["evidence_folder"] = _relative(folder, root)
    entry["evidence_digest"] = combined(evidence) if evidence else ""
    entry["evidence_files"] = evidence
    return entry


def _tolerances(scenario: Scenario | None) -> dict[str, Any]:
    if scenario is None:
        return {}
    rules = {k: v for k, v in scenario.compare.items()}
    if scenario.noise:
        rules["noise"] = scenario.noise
    return json.loads(json.dumps(rules, default=str))


def scenario_files(path: Path, scenario: Scenario | None) -> list[Path]:
    """The scenario's folder, plus the folders of side files it borrows from elsewhere."""
    folders = {path.parent.resolve()}
    if scenario is not None:
        for side in (scenario.v1, scenario.v2):
            borrowed = [scenario.folder / side.callable_file] if side.callable_file else []
            borrowed += [scenario.folder / p for p in side.yaml_files.values()]
            for file in borrowed:
                parent = file.resolve().parent
                if not any(parent == f or f in parent.parents for f in folders):
                    folders.add(parent)
    files: set[Path] = set()
    for folder in folders:
        files.update(tree_files(folder))
    if path.is_file():
        files.add(path.resolve())
    return sorted(files)


def cassette_digests(root: Path, scenario: str) -> dict[str, str]:
    """Every file of the scenario's cassettes: the YAML and the response bodies it points to."""
    return file_digests(tree_files(root / "cassettes" / scenario), root)


def _load(path: Path) -> tuple[Scenario | None, str | None]:
    try:
        return load_scenario(path), None
    except ScenarioError as exc:
        return None, str(exc)


def _relative(path: Path, root: Path) -> str:
    try:
        return real_path(path).relative_to(root.resolve()).as_posix()
    except ValueError:
        return real_path(path).as_posix()


# --- checking --------------------------------------------------------------------------


class CertificateRefused(Exception):
    """The certificate cannot be trusted (absent, unreadable, or its scenarios changed)."""


@dataclass
class Check:
    """The answer `aml-parity certify` prints: pass or not, and one line per scenario."""

    passed: bool
    lines: list[str]


def load_certificate(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise CertificateRefused(
            f"no certificate at {path}; run the scenarios first (pytest scenarios/ or "
            "aml-parity demo), or pass --reports DIR.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise CertificateRefused(f"{path} is not valid JSON ({exc}); run the scenarios again.") \
            from None
    if data.get("format") != FORMAT or "scenarios" not in data:
        raise CertificateRefused(f"{path} is not an aml-parity certificate of format {FORMAT}.")
    return data


def changed_since(certificate: dict[str, Any], root: Path) -> list[str]:
    """One line per scenario whose files or cassettes differ from the certified digests."""
    problems = []
    for name, entry in sorted(certificate["scenarios"].items()):
        path = root / entry["path"]
        if not path.is_file():
            problems.append(f"{name}: {entry['path']} no longer exists")
            continue
        scenario, _ = _load(path)
        now = file_digests(scenario_files(path, scenario), root)
        if combined(now) != entry["scenario_digest"]:
            problems.append(f"{name}: scenario files changed since the run "
                            f"({_describe_change(entry['scenario_files'], now)})")
        cassettes = cassette_digests(root, name)
        if cassettes != entry.get("cassettes", {}):
            problems.append(f"{name}: cassettes changed since the run "
                            f"({_describe_change(entry.get('cassettes', {}), cassettes)})")
    return problems


def check_certificate(
    certificate: dict[str, Any], root: Path, require: Sequence[str] = ("all",)
) -> Check:
    """Refuse a stale certificate; otherwise pass when every required scenario is certified."""
    changed = changed_since(certificate, root)
    if changed:
        raise CertificateRefused(
            "the certificate no longer describes these scenarios; run them again:\n  "
            + "\n  ".join(changed))
    scenarios = certificate["scenarios"]
    on_disk = _scenarios_on_disk(certificate, root)
    known = sorted(set(scenarios) | set(on_disk))
    if not require or "all" in require:
        required = known
    else:
        required = sorted({n for n in known for pattern in require if fnmatch.fnmatch(n, pattern)})
        if not required:
            raise CertificateRefused(
                f"no scenario matches --require {' '.join(require)}; known: {', '.join(known)}")
    lines, passed = [], True
    latest = SessionStamp.from_dict(certificate.get("session"))
    for name in required:
        entry = scenarios.get(name)
        if entry is None:
            passed = False
            lines.append(f"FAIL {name}: not run in the certified sessions")
            continue
        passed &= bool(entry["certified"])
        lines.append(("ok   " if entry["certified"] else "FAIL ") + f"{name}: "
                     + _items_text(entry) + _sessions_text(entry, latest))
    return Check(passed, lines)


def _sessions_text(entry: dict[str, Any], latest: SessionStamp) -> str:
    """` (from the session of ...)` when a result was kept from an earlier session."""
    earlier = {SessionStamp.from_dict(item.get("session")) for item in entry["items"].values()
               if item.get("session")} - {latest}
    return f" (from {', '.join(sorted(s.shown for s in earlier))})" if earlier else ""


def _items_text(entry: dict[str, Any]) -> str:
    if entry.get("error"):
        return entry["error"].splitlines()[0]
    parts = []
    for kind, item in entry["items"].items():
        mark = "" if item["meets_expectation"] else " ✗"
        expect = f" (expect {item['expect']})" if item.get("expect") in ("drift", "broken") else ""
        worst = f": {item['worst']}" if item.get("worst") and not item["meets_expectation"] else ""
        parts.append(f"{kind} {item['outcome']}{expect}{mark}{worst}")
    return ", ".join(parts)


def _scenarios_on_disk(certificate: dict[str, Any], root: Path) -> dict[str, Path]:
    """Scenario files next to the certified ones: a scenario added but never run is missing."""
    return scenarios_beside(root / e["path"] for e in certificate["scenarios"].values())


def scenarios_beside(files: Iterable[Path]) -> dict[str, Path]:
    """Every scenario in the folders that hold these scenario files, by name."""
    parents = {Path(file).parent.parent for file in files}
    found = {}
    for parent in parents:
        for file_name in SCENARIO_FILE_NAMES:
            for path in parent.glob(f"*/{file_name}"):
                scenario, _ = _load(path)
                found[scenario.name if scenario else path.parent.name] = path
    return found


def _describe_change(before: dict[str, str], after: dict[str, str]) -> str:
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    edited = sorted(k for k in set(before) & set(after) if before[k] != after[k])
    parts = [f"edited {', '.join(edited)}" if edited else "",
             f"added {', '.join(added)}" if added else "",
             f"removed {', '.join(removed)}" if removed else ""]
    return "; ".join(p for p in parts if p) or "changed"
