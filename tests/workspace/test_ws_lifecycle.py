"""Starting, sharing, restarting and resetting a local workspace folder."""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from sdk_scripts import script_command

from harness.workspace import runtime
from harness.workspace.cli import workspace as workspace_cli

START_AND_REPORT = """
import json, sys
from harness.workspace import runtime
ws = runtime.start(sys.argv[1])
print(json.dumps({"pid": ws.pid, "port": ws.port}))
"""


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    """A private workspace folder whose server is stopped after the test."""
    yield tmp_path / "ws"
    runtime.stop(tmp_path / "ws")


def _session(ws: runtime.LocalWorkspace) -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    session.proxies = {"https": ws.proxy_url}
    session.verify = str(ws.ca_bundle)
    return session


def test_a_restart_keeps_a_stored_blob(folder: Path) -> None:
    first = runtime.start(folder)
    url = f"https://{first.settings.blob_host}/azureml/kept/model.pkl"
    stored = _session(first).put(url, data=b"weights", headers={"x-ms-blob-type": "BlockBlob"})
    assert stored.status_code == 201
    first.stop()
    assert runtime.running(folder) is None

    second = runtime.start(folder)
    assert second.pid != first.pid
    assert _session(second).get(url).content == b"weights"


def test_two_processes_starting_at_once_share_one_server(folder: Path) -> None:
    starters = [
        subprocess.Popen([sys.executable, "-c", START_AND_REPORT, str(folder)],
                         stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    reports = [json.loads(p.communicate(timeout=60)[0].strip().splitlines()[-1])
               for p in starters]
    assert reports[0] == reports[1]
    assert runtime.running(folder) is not None


def test_release_stops_the_server_only_when_the_last_user_leaves(folder: Path) -> None:
    mine = runtime.start(folder)
    other = subprocess.Popen([sys.executable, "-c",
                              START_AND_REPORT + "\nsys.stdin.read()\n", str(folder)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert other.stdout is not None
    assert json.loads(other.stdout.readline())["pid"] == mine.pid
    mine.release()
    assert runtime.running(folder) is not None  # the other process still holds a lease
    other.communicate("", timeout=30)  # it exits without releasing: its lease goes stale
    runtime.start(folder).release()
    assert runtime.running(folder) is None


def test_env_prints_exports_for_the_running_server(folder: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(workspace_cli, ["env", "--dir", str(folder)])
    assert missing.exit_code != 0 and "no local workspace server is running" in missing.output

    ws = runtime.start(folder)
    result = runner.invoke(workspace_cli, ["env", "--dir", str(folder)])
    assert result.exit_code == 0
    assert f"export HTTPS_PROXY=http://127.0.0.1:{ws.port}" in result.output
    assert "export NO_PROXY=127.0.0.1" in result.output


def test_reset_refuses_while_running_and_wipes_state_when_stopped(folder: Path) -> None:
    ws = runtime.start(folder)
    _session(ws).put(f"https://{ws.settings.blob_host}/azureml/a.txt", data=b"a",
                     headers={"x-ms-blob-type": "BlockBlob"})
    runner = CliRunner()
    refused = runner.invoke(workspace_cli, ["reset", "--dir", str(folder)])
    assert refused.exit_code != 0 and "--stop" in refused.output

    done = runner.invoke(workspace_cli, ["reset", "--dir", str(folder), "--stop"])
    assert done.exit_code == 0
    assert not (folder / "blobs" / "paritywsstore" / "azureml" / "a.txt").exists()
    assert (folder / "ca.pem").exists() and (folder / "settings.json").exists()


def test_client_config_json_names_the_workspace(folder: Path) -> None:
    ws = runtime.start(folder)
    assert json.loads(ws.config_path.read_text()) == {
        "subscription_id": ws.settings.subscription_id,
        "resource_group": "parity-rg",
        "workspace_name": "parity-ws",
    }
    assert ws.env()["REQUESTS_CA_BUNDLE"] == ws.env()["SSL_CERT_FILE"] == str(ws.ca_bundle)
    assert ws.env()["HOME"].startswith(str(folder))
    assert os.environ.get("HOME") != ws.env()["HOME"]


@contextlib.contextmanager
def served_by_hand(folder: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`aml-parity workspace serve` as a user starts it, in the foreground of another shell."""
    by_hand = subprocess.Popen([sys.executable, "-m", "harness.workspace", "serve", "--dir",
                                str(folder)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while runtime.running(folder) is None and time.monotonic() < deadline:
            time.sleep(0.05)  # the user's server is starting; nothing to wait on but polling
        yield by_hand
    finally:
        by_hand.terminate()
        by_hand.wait(timeout=10)


def test_a_server_started_by_hand_survives_the_clients_that_reuse_it(folder: Path) -> None:
    with served_by_hand(folder) as by_hand:
        client = runtime.start(folder)
        assert client.pid == by_hand.pid
        client.release()
        assert runtime.running(folder) is not None


def test_the_home_env_prints_lets_v1_keep_its_discovery_cache(folder: Path) -> None:
    with served_by_hand(folder):
        result = CliRunner().invoke(workspace_cli, ["env", "--dir", str(folder)])
        exported = dict(shlex.split(line)[1].split("=", 1)
                        for line in result.output.splitlines() if line.startswith("export "))
        v1 = subprocess.run(script_command("print(Experiment(ws, \"discovery-check\").id)"),
                            env={**os.environ, **exported}, capture_output=True, text=True,
                            timeout=120)
    assert v1.returncode == 0, v1.stderr
    assert "Could not write to .discovery cache" not in v1.stderr
    home = Path(exported["HOME"])
    assert (home / ".azure").is_dir()
    assert (home / ".azureml" / ".discovery").is_file()
