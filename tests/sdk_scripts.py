"""Real SDK code in a fresh interpreter against a local workspace, as the workspace tests run it.

Both SDKs read cloud settings, proxies and CA bundles at import time, so every check runs
its code in a new process with the workspace's environment applied before any import.
The code reports by printing one JSON object on its last stdout line. Shared by the
tests/workspace* folders (on sys.path through `pythonpath` in pyproject.toml); their
`run_v1`/`run_v2` fixtures are `SdkRunner`s made by `workspace_fixtures`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.workspace.runtime import LocalWorkspace

#: A script's report: the JSON object it printed last.
Report = dict[str, Any]

V1_PREAMBLE = """
    import json, os, sys, time
    from azureml.core import Environment, Experiment, Model, Run, ScriptRunConfig, Workspace
    from azureml.core.authentication import ServicePrincipalAuthentication
    from azureml.core.model import InferenceConfig
    from azureml.core.webservice import AciWebservice, Webservice
    from azureml.exceptions import WebserviceException
    auth = ServicePrincipalAuthentication(os.environ["AZURE_TENANT_ID"],
                                          os.environ["AZURE_CLIENT_ID"],
                                          os.environ["AZURE_CLIENT_SECRET"])
    ws = Workspace.from_config(path=os.environ["AML_PARITY_WORKSPACE_DIR"], auth=auth)
"""

V2_PREAMBLE = """
    import json, os, sys, time
    from azure.identity import DefaultAzureCredential
    from azure.ai.ml import MLClient, load_online_deployment, load_online_endpoint
    from azure.ai.ml.entities import (CodeConfiguration, Environment, ManagedOnlineDeployment,
                                      ManagedOnlineEndpoint, Model)
    from azure.core.exceptions import HttpResponseError
    ml = MLClient(DefaultAzureCredential(), os.environ["AZURE_SUBSCRIPTION_ID"], "parity-rg",
                  "parity-ws")
"""


def run_sdk_script(code: str, env: dict[str, str], *args: str, preamble: str = "",
                   cwd: Path | None = None, timeout: float = 120) -> Report:
    """Run `preamble + code` with `env` over this process's environment; its report."""
    result = subprocess.run(script_command(code, *args, preamble=preamble),
                            env={**os.environ, **env}, cwd=cwd, capture_output=True, text=True,
                            timeout=timeout)
    return parse_report(result)


def script_command(code: str, *args: str, preamble: str = V1_PREAMBLE) -> list[str]:
    """The command line that runs `preamble + code` (for callers that start it themselves)."""
    return [sys.executable, "-c", textwrap.dedent(preamble) + textwrap.dedent(code), *args]


def parse_report(result: subprocess.CompletedProcess[str]) -> Report:
    """The JSON object on the last stdout line; the script's output when there is none."""
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        raise AssertionError(f"script failed ({result.returncode}):\n"
                             f"{result.stdout[-4000:]}\n{result.stderr[-6000:]}")
    last = lines[-1]  # the SDKs print progress without a newline ("Succeeded{...}")
    report: Report = json.loads(last[last.find("{"):])
    return report


@dataclass(frozen=True)
class SdkRunner:
    """Runs scripts against one workspace, so that a test passes only its code and arguments.

    Preamble, working folder and default timeout are the test folder's (see
    `workspace_fixtures.sdk_runner_fixture`).
    """

    workspace: LocalWorkspace
    preamble: str
    timeout: float
    cwd: Path | None = None

    def __call__(self, code: str, *args: str, env: dict[str, str] | None = None,
                 timeout: float | None = None) -> Report:
        """The report of `code`; `env` stands for another workspace's (a test's own server)."""
        return run_sdk_script(code, self.workspace.env() if env is None else env, *args,
                              preamble=self.preamble, cwd=self.cwd,
                              timeout=self.timeout if timeout is None else timeout)
