"""Run azureml-core code in a fresh interpreter and read the JSON report it prints."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

PREAMBLE = """
    import json, os, sys, time
    from azureml.core import Environment, Experiment, Run, ScriptRunConfig, Workspace
    from azureml.core.authentication import ServicePrincipalAuthentication
    auth = ServicePrincipalAuthentication(os.environ["AZURE_TENANT_ID"],
                                          os.environ["AZURE_CLIENT_ID"],
                                          os.environ["AZURE_CLIENT_SECRET"])
    ws = Workspace.from_config(path=os.environ["AML_PARITY_WORKSPACE_DIR"], auth=auth)
"""


def script_command(code: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(PREAMBLE) + textwrap.dedent(code)]


def parse_report(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        raise AssertionError(f"script failed ({result.returncode}):\n"
                             f"{result.stdout[-4000:]}\n{result.stderr[-6000:]}")
    report: dict[str, Any] = json.loads(lines[-1])
    report["_stdout"] = result.stdout
    return report
