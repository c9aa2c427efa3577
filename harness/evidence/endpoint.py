"""What one side's deployment answered: per request status, body and latency, plus its logs."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Response:
    """One request's answer through one channel (the SDK's call, or raw HTTP)."""

    request: str
    channel: str
    status: int
    body: Any
    content_type: str = ""
    latency_ms: float = 0.0
    error: str = ""


@dataclass
class EndpointEvidence:
    """A side's deployment: whether it came up, what it answered, what it logged."""

    side: str
    status: str = ""
    error: str = ""
    scoring_uri: str = ""
    auth: str = ""
    responses: list[Response] = field(default_factory=list)
    logs: str = ""
    deployment: dict[str, Any] = field(default_factory=dict)
    #: `measured` (live), `recorded` (a replay using the recording's latencies) or
    #: `replayed` (a replay of a cassette that kept none: the numbers are vcrpy's, not
    #: the endpoint's, so no latency ceiling is judged on them).
    latency_source: str = "measured"

    @property
    def succeeded(self) -> bool:
        return self.status == "Succeeded"

    @property
    def done(self) -> bool:
        """The deployment came up (anything else makes its item BROKEN)."""
        return self.succeeded

    def log_text(self) -> str:
        """The scoring server's log."""
        return self.logs

    def by_channel(self, channel: str) -> dict[str, Response]:
        return {r.request: r for r in self.responses if r.channel == channel}

    def latencies(self, channel: str = "sdk") -> list[float]:
        return [r.latency_ms for r in self.responses if r.channel == channel and not r.error]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EndpointEvidence:
        responses = [Response(**r) for r in data.get("responses", [])]
        return cls(**{**data, "responses": responses})

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), indent=2, default=str), encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: Path) -> EndpointEvidence:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
