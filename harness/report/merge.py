"""Results of several sessions in one reports folder: every scenario item's latest verdict.

A session writes `certificate.json` and `verdicts.json` over what earlier sessions left,
scenario item by scenario item: what it ran replaces the earlier result of that item,
everything else stays with the stamp of the session that produced it. What stays must
still describe the scenarios, so that `aml-parity certify` stays sound:

- a scenario the session did not run keeps its whole entry (its scenario and cassette
  digests included, which `certify` checks against the files as they are now);
- an item the session did not run of a scenario it did run keeps its earlier result
  only if the scenario files are the ones this session saw (and, for run and endpoint
  items, the cassettes too);
- nothing is kept across a change of checkout, target, workspace or SDK versions, nor
  for a scenario whose file is gone: those results are dropped, and said so.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..compare.verdict import Verdict
from .certificate import judge_certificate
from .run_facts import SessionStamp

#: Items whose result depends on the cassettes as well as on the scenario files.
CASSETTE_ITEMS = ("run", "endpoint")
NOT_RUN = "NOT RUN"


@dataclass
class Merged:
    """The certificate to write, and what the user should hear about earlier sessions."""

    certificate: dict[str, Any]
    #: `scenario` or `scenario::item` -> the earlier session whose result it keeps
    kept: dict[str, SessionStamp] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)

    def notes(self, folder: str) -> list[str]:
        """One line per fact, for the end of the pytest output."""
        lines = []
        if self.kept:
            by_session: dict[str, list[str]] = {}
            for name, stamp in sorted(self.kept.items()):
                by_session.setdefault(stamp.shown, []).append(name)
            kept = "; ".join(f"{', '.join(names)} ({shown})"
                             for shown, names in sorted(by_session.items()))
            lines.append(f"{folder}: certificate.json, verdicts.json and summary.md keep the "
                         f"latest results of what this session did not run: {kept}")
        lines += [f"{folder}: {line}" for line in self.dropped]
        return lines


def merge_certificate(previous: Any, current: dict[str, Any], root: Path) -> Merged:
    """`current` (this session's certificate) with what `previous` holds that still applies."""
    merged = Merged(copy.deepcopy(current))
    if not isinstance(previous, dict) or not isinstance(previous.get("scenarios"), dict):
        return merged
    earlier = SessionStamp.from_dict(previous.get("session"), str(previous.get("created", "")))
    scenarios = merged.certificate["scenarios"]
    leftover = sorted(set(previous["scenarios"]) - set(scenarios))
    why = _incompatible(previous, current)
    if why:
        if leftover:
            merged.dropped.append(f"dropped the results of {', '.join(leftover)} from "
                                  f"{earlier.shown}: {why}")
        return merged
    paths = {entry["path"] for entry in scenarios.values()}
    for name, entry in previous["scenarios"].items():
        if name in scenarios:
            for kind in _keep_items(entry, scenarios[name]):
                merged.kept[f"{name}::{kind}"] = _stamp(entry["items"][kind], earlier)
            continue
        gone = ("no longer exists" if not (root / entry["path"]).is_file()
                else f"is now scenario {_name_at(scenarios, entry['path'])}"
                if entry["path"] in paths else "")
        if gone:
            merged.dropped.append(f"dropped the results of {name} from "
                                  f"{_stamp(entry, earlier).shown}: {entry['path']} {gone}")
        else:
            scenarios[name] = entry
            merged.kept[name] = _stamp(entry, earlier)
    merged.certificate["scenarios"] = dict(sorted(scenarios.items()))
    judge_certificate(merged.certificate, root)
    return merged


def _incompatible(previous: dict[str, Any], current: dict[str, Any]) -> str:
    """Why earlier results cannot stand next to this session's ("" when they can)."""
    if previous.get("root") != current.get("root"):
        return f"they were run in another checkout ({previous.get('root')})"
    for key in ("target", "workspace"):
        if previous.get(key) != current.get(key):
            return f"they ran against {key} {previous.get(key)!r}, this session against " \
                   f"{current.get(key)!r}"
    before, now = previous.get("sdk") or {}, current.get("sdk") or {}
    changed = [f"{name} {before.get(name)} -> {now.get(name)}"
               for name in sorted(set(before) | set(now)) if before.get(name) != now.get(name)]
    if changed:
        return f"the SDKs changed since ({'; '.join(changed)})"
    return ""


def _keep_items(before: dict[str, Any], entry: dict[str, Any]) -> list[str]:
    """Earlier results of items this session did not run, where they still apply."""
    if before.get("scenario_digest") != entry.get("scenario_digest"):
        return []
    same_cassettes = before.get("cassettes_digest") == entry.get("cassettes_digest")
    kept = []
    for kind, item in entry["items"].items():
        earlier = before.get("items", {}).get(kind)
        if (item["outcome"] != NOT_RUN or not earlier or earlier.get("outcome") == NOT_RUN
                or (kind in CASSETTE_ITEMS and not same_cassettes)):
            continue
        entry["items"][kind] = earlier
        kept.append(kind)
    entry["certified"] = not entry["error"] and all(
        i["meets_expectation"] for i in entry["items"].values())
    return kept


def _name_at(scenarios: dict[str, Any], path: str) -> str:
    return next(name for name, entry in scenarios.items() if entry["path"] == path)


def _stamp(entry: dict[str, Any], fallback: SessionStamp) -> SessionStamp:
    return SessionStamp.from_dict(entry.get("session")) if entry.get("session") else fallback


def merge_verdicts(previous: Any, current: Iterable[Verdict], certificate: dict[str, Any],
                   session: SessionStamp) -> list[dict[str, Any]]:
    """`verdicts.json`: this session's verdicts, and the earlier ones the certificate kept.

    Each verdict carries the stamp of its session (`session`), like the certificate items.
    """
    entries = {(v.scenario, v.evidence): {**v.to_dict(), "session": session.to_dict()}
               for v in current}
    for data in previous if isinstance(previous, list) else []:
        key = (data.get("scenario"), data.get("evidence"))
        item = certificate["scenarios"].get(key[0], {}).get("items", {}).get(key[1])
        if key in entries or not item or item.get("outcome") == NOT_RUN:
            continue
        if item.get("session", {}).get("id") == session.id:
            continue  # this session's certificate item without a verdict: nothing to keep
        entries[key] = {**data, "session": item.get("session") or data.get("session")}
    return [entries[key] for key in sorted(entries, key=lambda k: (str(k[0]), str(k[1])))]
