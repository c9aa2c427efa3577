"""Give a job the environment its side declared: build it (cached) and leave evidence.

Used while a job is Preparing. With the workspace setting ``build_environments`` off
(the default) nothing happens and the job runs in the harness's interpreter. On, the
declared requirements are built, the build log becomes the run's
``azureml-logs/20_image_build_log.txt`` (Azure's name for an environment build's log),
the resolved package set its ``azureml-logs/environment_packages.txt``, and the job's
interpreter is the environment's. A spec that cannot be resolved or built fails the job
with the resolver's message.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ....evidence.packages import PACKAGES_ARTIFACT
from ...context import WorkspaceContext
from ..process import JobStartError
from .build import BuildError, BuiltEnvironment, EnvironmentCache
from .requirements import Requirements, ResolutionError

BUILD_LOG_ARTIFACT = "azureml-logs/20_image_build_log.txt"
CACHE_VARIABLE = "AML_PARITY_ENV_CACHE"
BUILD_VARIABLE = "AML_PARITY_BUILD_ENVIRONMENTS"
"""Set to 1 in the server's environment: build environments whatever settings.json says
(what ``--parity-build-environments`` does)."""

Publish = Callable[[str, bytes], None]
"""``publish(artifact name, content)``: stores one file among the run's artifacts."""


def cache_root(context: WorkspaceContext) -> Path:
    """Where the workspace keeps built environments (:func:`cache_root_of`)."""
    return cache_root_of(context.directory)


def cache_root_of(workspace_dir: Path) -> Path:
    """``$AML_PARITY_ENV_CACHE``, else ``environments/`` beside the workspace folder (a
    ``workspace reset`` keeps built environments)."""
    configured = os.environ.get(CACHE_VARIABLE)
    return Path(configured) if configured else workspace_dir.parent / "environments"


def packages_text(built: BuiltEnvironment) -> str:
    """The evidence file: the resolved set, then notes and warnings as comments."""
    lines = [f"# python {built.interpreter_version}; environment {built.key}",
             *(f"# note: {note}" for note in built.requirements.notes),
             *(f"# warning: {warning}" for warning in built.warnings), *built.packages]
    return "\n".join(lines) + "\n"


SCORING_SERVER = "azureml-inference-server-http"
"""What a scoring server needs in its environment; added when the spec lacks it, as
Azure's inference images carry it."""


def building(context: WorkspaceContext) -> bool:
    """The workspace builds declared environments (its setting, or the variable)."""
    return bool(context.settings.build_environments) or os.environ.get(BUILD_VARIABLE) == "1"


def build_for_job(context: WorkspaceContext, resolve: Callable[[], Requirements | None],
                  publish: Publish, what: str = "job") -> Path | None:
    """The interpreter the job (or deployment: ``what``) runs with; None for the harness's.

    Raises :class:`JobStartError` with the resolver's message when it cannot be built.
    """
    if not building(context):
        return None
    try:
        requirements = resolve()
    except ResolutionError as exc:
        raise JobStartError(f"The {what}'s environment cannot be built: {exc}") from exc
    if requirements is None:
        return None
    try:
        built = EnvironmentCache(cache_root(context)).get(requirements)
    except BuildError as exc:
        if exc.log_path.is_file():
            publish(BUILD_LOG_ARTIFACT, exc.log_path.read_bytes())
        raise JobStartError(f"Building the {what}'s environment failed: {exc}") from exc
    log = built.log_path.read_bytes() if built.log_path.is_file() else b""
    if built.reused:
        log += f"\n# reused the cached environment {built.key}\n".encode()
    publish(BUILD_LOG_ARTIFACT, log)
    publish(PACKAGES_ARTIFACT, packages_text(built).encode())
    return built.python


def for_scoring(requirements: Requirements | None) -> Requirements | None:
    """A deployment's set, with the scoring server added when it does not name it."""
    if requirements is None:
        return None
    return requirements.with_packages([SCORING_SERVER], "added for the scoring server")


def folder_publisher(folder: Path) -> Publish:
    """Publish into a deployment's folder (``logs/...``) instead of run artifacts."""

    def publish(name: str, data: bytes) -> None:
        target = folder / "logs" / Path(name).name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    return publish
