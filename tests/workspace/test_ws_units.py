"""The server's parts on their own: router, store, CA, settings, proxy warnings."""

from __future__ import annotations

import sqlite3
import ssl
from pathlib import Path

import pytest

from harness.workspace import hosts
from harness.workspace.http import Headers, Request, Response
from harness.workspace.router import Outcome, Router, Service
from harness.workspace.runtime import bypassing_no_proxy
from harness.workspace.services import all_services
from harness.workspace.services._shapes import V1Errors
from harness.workspace.services.arm.exceptions import ArmErrors
from harness.workspace.settings import Settings, load_or_create
from harness.workspace.state import StateStore
from harness.workspace.tls import CertificateAuthority


def _request(method: str, host: str, path: str) -> Request:
    return Request(method=method, host=host, authority=host, path=path, raw_path=path,
                   query_string="", headers=Headers(), body=b"")


def test_a_scoring_service_registers_like_any_other() -> None:
    scoring = Service(
        name="scoring", errors=ArmErrors(), claims={hosts.SCORING_ONLINE: "/"},
        routes=[(hosts.SCORING_ONLINE, "POST", r"/score",
                 lambda r: Response.json({"endpoint": r.params["endpoint"]}))],
    )
    router = Router.from_services([scoring, *all_services()])  # before the real one
    answer, outcome = router.dispatch(
        _request("POST", "my-ep.eastus.inference.ml.azure.com", "/score"))
    assert outcome is Outcome.HANDLED and b'"my-ep"' in answer.body


def test_the_longest_claimed_prefix_chooses_the_error_shape() -> None:
    mlflow = Service(name="mlflow", errors=ArmErrors(), claims={hosts.AML_API: "/mlflow/"},
                     routes=[])
    v1 = Service(name="v1", errors=V1Errors(), claims={hosts.AML_API: "/"}, routes=[])
    router = Router.from_services([v1, mlflow])
    under_mlflow, _ = router.dispatch(_request("GET", "eastus.api.azureml.ms", "/mlflow/x"))
    elsewhere, outcome = router.dispatch(_request("GET", "eastus.api.azureml.ms", "/x"))
    assert b'"details"' not in under_mlflow.body
    assert b'"details": []' in elsewhere.body and outcome is Outcome.UNKNOWN_ROUTE


def test_store_lists_by_exact_prefix_and_uses_wal(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.put("runs", "exp_1/run_a", {"n": 1})
    store.put("runs", "exp_1/run_b", {"n": 2})
    store.put("runs", "EXP_1/run_c", {"n": 3})
    store.put("runs", "exp_10/run_d", {"n": 4})
    assert [k for k, _ in store.list("runs", "exp_1/")] == ["exp_1/run_a", "exp_1/run_b"]
    assert not store.insert("runs", "exp_1/run_a", {"n": 9})
    assert store.get("runs", "exp_1/run_a") == {"n": 1}
    mode = sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_the_ca_survives_a_restart_and_mints_per_host(tmp_path: Path) -> None:
    first = CertificateAuthority(tmp_path)
    pem = first.bundle_path.read_bytes()
    assert CertificateAuthority(tmp_path).bundle_path.read_bytes() == pem
    assert first.server_context("a.blob.core.windows.net") is first.server_context(
        "A.blob.core.windows.net")
    assert isinstance(first.server_context("management.azure.com"), ssl.SSLContext)
    assert (tmp_path / "ca-key.pem").stat().st_mode & 0o077 == 0


def test_settings_are_written_once_and_read_back(tmp_path: Path) -> None:
    first = load_or_create(tmp_path)
    assert first == Settings()
    (tmp_path / "settings.json").write_text(
        (tmp_path / "settings.json").read_text().replace("parity-ws", "my-ws"))
    assert load_or_create(tmp_path).workspace_name == "my-ws"


def test_unknown_settings_are_reported_by_name(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text('{"workspace": "x"}')
    with pytest.raises(ValueError, match="unknown setting"):
        load_or_create(tmp_path)


@pytest.mark.parametrize(("no_proxy", "bypass"), [
    ("localhost,127.0.0.1", []),
    (".azure.com,internal.corp", [".azure.com"]),
    ("*", ["*"]),
    ("management.azure.com", ["management.azure.com"]),
    ("blob.core.windows.net", ["blob.core.windows.net"]),
])
def test_no_proxy_entries_that_bypass_azure_are_detected(no_proxy: str,
                                                         bypass: list[str]) -> None:
    assert bypassing_no_proxy({"NO_PROXY": no_proxy}) == bypass
