"""v2 sweep jobs: trials run as child command jobs; the parent records the best one.

azure-ai-ml sends ``jobType: Sweep`` with ``trial`` (command, codeId, environmentId; the
swept inputs appear in the command as ``${{search_space.x}}``), ``searchSpace``,
``samplingAlgorithm`` (``Grid``/``Random``/``Bayesian``, optional ``seed``),
``objective`` (``primaryMetric``, ``goal``), ``limits`` (``maxTotalTrials``,
``maxConcurrentTrials``, ``timeout``, ``trialTimeout``) and ``earlyTermination``.

Trials are named ``<sweep>_<n>`` like HyperDrive's, get the sampled values substituted,
and run through the shared executor, at most ``maxConcurrentTrials`` at a time. When
they have ended the parent gets Azure's run properties ``best_child_run_id``, ``score``
and ``best_metric_status``; a trial that never logged the primary metric simply has
none (Studio's N/A) and can never be best. The sweep fails only when every trial failed.

Early termination policies are accepted and not applied: every trial runs to its end
(documented limitation). Bayesian sampling samples at random (see :mod:`.sampling`).
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

from ...services.jobs import exceptions
from ...services.metrics.models import MetricStore
from ..states import RunStatus
from . import sampling
from .parents import ParentRun

TRIAL_RUN_TYPE = "azureml.scriptrun"
_SEARCH_TOKEN = re.compile(r"\$\{\{\s*search_space\.([\w.-]+)\s*\}\}")


def _seconds(text: Any) -> float | None:
    if not isinstance(text, str) or not text.startswith("P"):
        return None
    import isodate

    return float(isodate.parse_duration(text).total_seconds())


class SweepRun(ParentRun):
    """Drives one sweep job."""

    run_type = "hyperdrive"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits: dict[str, Any] = dict(self.props.get("limits") or {})
        self.objective: dict[str, Any] = dict(self.props.get("objective") or {})
        self.trials: list[sampling.Sample] = []

    # submission ---------------------------------------------------------------------------
    def validate(self) -> None:
        trial = self.props.get("trial")
        if not isinstance(trial, dict) or not trial.get("command"):
            raise exceptions.bad_request("A sweep job needs a trial with a command.")
        if not self.objective.get("primaryMetric"):
            raise exceptions.bad_request("A sweep job needs objective.primaryMetric.")
        self.backend.check_assets(trial.get("codeId"), trial.get("environmentId"))
        total = self.limits.get("maxTotalTrials")
        try:
            space = sampling.parse(self.props.get("searchSpace") or {})
            self.trials = sampling.samples(space, self.props.get("samplingAlgorithm") or {},
                                           int(total) if total else None)
        except sampling.SearchSpaceError as exc:
            raise exceptions.bad_request(str(exc)) from exc

    def run_properties(self) -> dict[str, str]:
        goal = str(self.objective.get("goal") or "maximize").lower()
        return {"primary_metric_config": json.dumps({"name": self.objective.get("primaryMetric"),
                                                     "goal": goal}),
                "resume_from": "null", "runTemplate": "HyperDrive",
                "azureml.runsource": "hyperdrive", "platform": "AML",
                "space_size": str(len(self.trials))}

    # driving --------------------------------------------------------------------------------
    def drive(self) -> None:
        self.backend.set_status(self.name, "Running")
        concurrent = int(self.limits.get("maxConcurrentTrials") or len(self.trials) or 1)
        timeout = _seconds(self.limits.get("timeout"))
        deadline = None if timeout is None else time.monotonic() + timeout
        pending = list(enumerate(self.trials))
        running: set[str] = set()
        ended: dict[str, RunStatus] = {}
        while pending or running:
            out_of_time = deadline is not None and time.monotonic() >= deadline
            if self.canceled or out_of_time:
                ended.update(self.stop_children(running))
                break
            while pending and len(running) < concurrent:
                index, values = pending.pop(0)
                running.add(self._launch(index, values))
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            for child, status in self.wait_any(running, timeout=left).items():
                running.discard(child)
                ended[child] = status
        self._record_best(ended)
        if self.canceled:
            self.finish("Canceled")
        elif ended and all(s is RunStatus.FAILED for s in ended.values()):
            self.finish("Failed", f"All {len(ended)} trials of sweep job {self.name} failed; "
                        "see the trials' logs.")
        else:
            self.finish("Completed")

    def _launch(self, index: int, values: sampling.Sample) -> str:
        child = f"{self.name}_{index}"
        trial = dict(self.props.get("trial") or {})

        def fill(text: str) -> str:
            return _SEARCH_TOKEN.sub(
                lambda m: sampling.format_value(values[m.group(1)]) if m.group(1) in values
                else m.group(0), text)

        inputs = {}
        for name, value in (self.props.get("inputs") or {}).items():
            inputs[name] = dict(value)
            if isinstance(value.get("value"), str):
                inputs[name]["value"] = fill(value["value"])
        trial_timeout = self.limits.get("trialTimeout")
        properties = {
            "jobType": "Command", "command": fill(str(trial.get("command"))),
            "codeId": trial.get("codeId"), "environmentId": trial.get("environmentId"),
            "inputs": inputs,
            "outputs": {name: {k: v for k, v in (value or {}).items() if k != "uri"}
                        for name, value in (self.props.get("outputs") or {}).items()
                        if name != "default"},
            "computeId": self.props.get("computeId"),
            "experimentName": self.props.get("experimentName"), "displayName": child,
            "environmentVariables": trial.get("environmentVariables") or {},
            "resources": trial.get("resources"), "distribution": trial.get("distribution"),
            "limits": {"jobLimitsType": "Command", "timeout": trial_timeout}
            if trial_timeout else None,
            "properties": {}, "tags": {},
        }
        hyperparameters = json.dumps(values)
        self.backend.submit_command(
            child, properties, run_type=TRIAL_RUN_TYPE, parent=self.name,
            run_properties={"azureml.runsource": "azureml.scriptrun"},
            tags={"hyperparameters": hyperparameters})
        return child

    def _record_best(self, ended: dict[str, RunStatus]) -> None:
        """Azure's ``best_child_run_id``/``score`` from each trial's best logged value."""
        metric = str(self.objective.get("primaryMetric"))
        maximize = str(self.objective.get("goal") or "maximize").lower() == "maximize"
        metrics = self.backend.context.backend(MetricStore)
        scores: dict[str, float] = {}
        for child in ended:
            values = [v.data.get(metric) for v in metrics.history(child, metric)]
            numbers = [float(v) for v in values if isinstance(v, (int, float))]
            if numbers:
                scores[child] = max(numbers) if maximize else min(numbers)
        if not scores:
            found = {"best_metric_status": "Failed"}
        else:
            pick = max if maximize else min
            best = pick(scores, key=lambda c: scores[c])
            found = {"best_child_run_id": best, "score": str(scores[best]),
                     "best_metric_status": "Succeeded"}

        def note(document: dict[str, Any]) -> None:
            document["properties"]["properties"].update(found)

        self.backend.update_document(self.name, note)
        self.backend.runs.update_run(self.name, properties=found)
