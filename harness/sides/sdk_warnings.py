"""SDK warnings raised while sides are built in this process, gathered to be shown once each.

azureml-core logs "azureml-defaults not detected ..." for every `InferenceConfig` it
builds, straight to stderr through logging's last-resort handler; `aml-parity validate`
builds one per endpoint scenario, so the same paragraph used to print once per scenario,
between the lines that matter. Gathered, each is said once, naming the scenarios it
came from.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

#: The loggers whose warnings are gathered: both SDKs and what they log through.
SDK_LOGGERS = ("azureml", "azure", "mlflow", "msrest")


@dataclass
class SdkWarnings:
    """Each distinct warning once, with the scenarios (`source`) that raised it."""

    source: str = ""
    seen: dict[str, list[str]] = field(default_factory=dict)

    def add(self, origin: str, message: str) -> None:
        sources = self.seen.setdefault(f"{origin}: {message.strip()}", [])
        if self.source and self.source not in sources:
            sources.append(self.source)

    def lines(self) -> list[str]:
        """One line per warning: `logger: message (scenario, scenario)`."""
        return [f"{text} ({', '.join(sources)})" if sources else text
                for text, sources in self.seen.items()]


class _Gatherer(logging.Handler):
    def __init__(self, gathered: SdkWarnings) -> None:
        super().__init__(logging.WARNING)
        self.gathered = gathered

    def emit(self, record: logging.LogRecord) -> None:
        self.gathered.add(record.name, record.getMessage())


@contextmanager
def gathered_sdk_warnings() -> Iterator[SdkWarnings]:
    """Within: SDK log warnings and Python warnings are gathered, not printed."""
    gathered = SdkWarnings()
    handler = _Gatherer(gathered)
    loggers = [logging.getLogger(name) for name in SDK_LOGGERS]
    propagate = [logger.propagate for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.propagate = False  # no second copy through the root's (or last resort) handler

    def show(message: Warning | str, category: type[Warning], *_: Any, **__: Any) -> None:
        gathered.add(category.__name__, str(message))

    try:
        with warnings.catch_warnings():
            warnings.showwarning = show
            yield gathered
    finally:
        for logger, before in zip(loggers, propagate, strict=True):
            logger.removeHandler(handler)
            logger.propagate = before
