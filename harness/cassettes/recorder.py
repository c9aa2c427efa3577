"""The vcrpy configuration a side worker runs under: one cassette around the whole side.

Everything the side does (importing the SDK, authenticating, submitting,
waiting, collecting evidence) happens inside `recording(...)`, so a replay
answers every request from the cassette. The run token that the side's run
id and job name derive from is the cassette's own when replaying, so the
replay makes the same requests the recording made.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import vcr
import vcr.patch

from .guard import no_network
from .host import HostFacts, hide_request, hide_response
from .matchers import MATCH_ON, MATCHERS
from .meta import read_meta, recording_meta, region_of, replays_only
from .persister import BodyStorePersister
from .scrub import scrub_request, scrub_response
from .unmatched import TrackingCassette, Unmatched

#: v2 reads these as numbers (`int(...)`); azureml-core keeps them as strings and
#: would fail on `max("0", 1.5)`, so only the v2 side gets them. Polls are
#: fast-forwarded anyway; this removes the last sleep of `jobs.stream`.
V2_REPLAY_ENV = {"AZUREML_RUN_POLLING_INTERVAL_MIN": "0", "AZUREML_RUN_POLLING_INTERVAL_MAX": "0"}


@dataclass
class Recording:
    """The open cassette of one side, the run token to use, and what a replay refused."""

    cassette: TrackingCassette | None
    run_token: str
    replay_only: bool
    blocked: list[str] = field(default_factory=list)
    stored: dict[str, Any] = field(default_factory=dict)
    persister: BodyStorePersister | None = None

    def remember(self, key: str, value: Any) -> None:
        """Keep a measurement in the cassette's metadata when this side records."""
        if self.persister is not None and not self.replay_only:
            self.persister.meta[key] = value

    def recalled(self, key: str) -> Any:
        """A measurement the recording kept (None when replaying a cassette without it)."""
        return self.stored.get(key)

    @property
    def unmatched(self) -> list[Unmatched]:
        found = list(self.cassette.unmatched) if self.cassette is not None else []
        return found + [Unmatched("CONNECT", host, reason="network") for host in self.blocked]


@contextlib.contextmanager
def _keep_patches() -> Iterator[None]:
    """Stands in for `vcr.patch.force_reset`, recording and replaying.

    vcrpy builds every connection, and sends a request it records, inside
    `force_reset()`, which puts the real connection classes back *process-wide*.
    Threads that open a connection in that moment (azureml-core uploads snapshot
    files from a thread pool) get an unpatched connection: when recording, their
    requests are never recorded; when replaying, they try the network, fail (no
    DNS), and the storage SDK retries after a 15 s backoff. The real connection
    vcrpy holds needs none of the patched names (http.client and urllib3
    instantiate nothing vcrpy replaces), so keeping the patches in place serves
    every thread from the cassette.
    """
    yield


@contextlib.contextmanager
def _thread_safe_patches() -> Iterator[None]:
    original = vcr.patch.force_reset
    vcr.patch.force_reset = _keep_patches  # type: ignore[assignment]
    try:
        yield
    finally:
        vcr.patch.force_reset = original  # type: ignore[assignment]


def build_vcr(persister: BodyStorePersister, host: HostFacts | None = None) -> vcr.VCR:
    """Our matchers by name, secrets and this machine's facts hidden before anything is
    recorded (vcrpy applies the request hook to live requests too, so a replay matches on
    the same placeholders), our persister."""
    facts = host if host is not None else HostFacts.of_this_process()
    configured = vcr.VCR(
        match_on=MATCH_ON,
        before_record_request=lambda request: hide_request(scrub_request(request), facts),
        before_record_response=lambda response: hide_response(scrub_response(response), facts),
        decode_compressed_response=True,
        record_on_exception=False,
    )
    for name, matcher in MATCHERS.items():
        configured.register_matcher(name, matcher)
    configured.register_persister(persister)
    return configured


def _workspace_identity(config_path: str) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(Path(config_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data


@contextlib.contextmanager
def recording(*, cassette: str, record_mode: str, run_token: str, scenario: str, label: str,
              side: str, certified: list[Path], workspace_config: str, target: str,
              host_paths: dict[str, str] | None = None) -> Iterator[Recording]:
    """Record or replay one side; with no cassette path, run live and record nothing."""
    if not cassette:
        yield Recording(None, run_token, False)
        return
    path = Path(cassette)
    replay_only = replays_only(record_mode, path)
    stored = read_meta(path) if record_mode != "all" else {}
    token = str(stored.get("run_token") or run_token)
    persister = BodyStorePersister(replace=record_mode == "all")
    if stored:
        persister.meta = {"updated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    else:
        persister.meta = recording_meta(
            scenario=scenario, label=label, run_token=token,
            workspace=_workspace_identity(workspace_config),
            certified=certified, target=target)
    if replay_only and side == "v2":
        os.environ.update(V2_REPLAY_ENV)
    host = HostFacts.of_this_process(host_paths)
    config = build_vcr(persister, host).get_merged_config(
        path=str(path), record_mode=record_mode, drop_unused_requests=record_mode == "all")
    with TrackingCassette.use(**config) as opened:
        result = Recording(opened, token, replay_only, stored=stored, persister=persister)
        guard = no_network(result.blocked.append) if replay_only else contextlib.nullcontext()
        with _thread_safe_patches(), guard:
            yield result
        if not stored:
            persister.meta["workspace"]["region"] = region_of([r.uri for r in opened.requests])
