"""``workspace`` commands: serve the local workspace, print its environment, reset it.

Mounted by the main ``aml-parity`` command; also runnable as ``python -m harness.workspace``.
``env`` starts nothing unless asked (``--start``): it reads the port from the running
server's ``server.json``, so its output is always the truth about a live server.
"""

from __future__ import annotations

import logging
import shlex
import shutil
import sys
from pathlib import Path

import click

from . import runtime
from .server import serve as serve_forever
from .settings import load_or_create

DIR_OPTION = click.option(
    "--dir", "directory", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Workspace folder [default: $AML_PARITY_WORKSPACE_DIR or .aml-parity/workspace].")

STATE_ENTRIES = ("state.db", "state.db-wal", "state.db-shm", "blobs", "blob-blocks", "home",
                 "leases", "server.log", "config.json")
IDENTITY_ENTRIES = ("settings.json", "ca.pem", "ca-key.pem")


def _folder(directory: Path | None) -> Path:
    return directory.resolve() if directory else runtime.default_directory()


@click.group(name="workspace")
def workspace() -> None:
    """The local workspace: an emulated Azure ML workspace on this machine."""


@workspace.command()
@DIR_OPTION
@click.option("--port", type=int, default=0, show_default=True,
              help="Port on 127.0.0.1 (0 picks a free one).")
@click.option("--log-calls", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Append one JSON line per HTTP call to this file (no secrets).")
@click.option("--managed", is_flag=True, hidden=True,
              help="Started by runtime.start: stop when the last lease is released.")
def serve(directory: Path | None, port: int, log_calls: Path | None, managed: bool) -> None:
    """Serve in the foreground until Ctrl-C."""
    folder = _folder(directory)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(message)s")
    if runtime.running(folder) is not None:
        raise click.ClickException(f"a local workspace server already serves {folder}; "
                                   "stop it first (`workspace stop`) or use another --dir")
    runtime.write_client_config(folder, load_or_create(folder))
    runtime.prepare_home(folder / runtime.HOME_DIR)
    if not managed:
        runtime.hold_lease(folder)  # a user's server outlives the clients that reuse it
    serve_forever(folder, port, log_calls)


@workspace.command()
@DIR_OPTION
@click.option("--start", "start_server", is_flag=True,
              help="Start a background server first if none is running (it runs until `stop`).")
def env(directory: Path | None, start_server: bool) -> None:
    """Print `export K=V` lines pointing clients at the running server."""
    folder = _folder(directory)
    server = runtime.start(folder) if start_server else runtime.running(folder)
    if start_server and server is not None:
        runtime.hold_lease(folder, server.pid)  # keep it up after this command exits
    if server is None:
        raise click.ClickException(
            f"no local workspace server is running for {folder}; start one with "
            f"`aml-parity workspace serve --dir {shlex.quote(str(folder))}` or pass --start")
    runtime.prepare_home(server.home)  # a server started by an older version made none
    warning = runtime.warn_about_no_proxy(emit=False)
    if warning:
        click.echo(f"# warning: {warning}", err=True)
    for key, value in server.env().items():
        click.echo(f"export {key}={shlex.quote(value)}")


@workspace.command()
@DIR_OPTION
def stop(directory: Path | None) -> None:
    """Stop the folder's background server."""
    folder = _folder(directory)
    click.echo("stopped" if runtime.stop(folder) else f"no server was running for {folder}")


@workspace.command()
@DIR_OPTION
@click.option("--all", "everything", is_flag=True,
              help="Also forget the settings and the CA (clients must re-read ca.pem).")
@click.option("--stop", "stop_first", is_flag=True, help="Stop a running server first.")
def reset(directory: Path | None, everything: bool, stop_first: bool) -> None:
    """Wipe the workspace's state (runs, assets, blobs, caches); keep identity and CA."""
    folder = _folder(directory)
    if runtime.running(folder) is not None:
        if not stop_first:
            raise click.ClickException(
                f"a server is running for {folder}; it holds the state open. "
                "Rerun with --stop to stop it first.")
        runtime.stop(folder)
    entries = STATE_ENTRIES + (IDENTITY_ENTRIES if everything else ())
    for name in entries:
        path = folder / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    click.echo(f"reset {folder}")
