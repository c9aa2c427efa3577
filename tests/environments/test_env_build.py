"""uv builds a requirement set once into the cache; a resolver failure says why."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from harness.workspace.executor.environments import (
    BuildError,
    BuiltEnvironment,
    EnvironmentCache,
    from_conda,
)

TINY = {"dependencies": [{"pip": ["six==1.16.0"]}]}


def test_a_tiny_environment_is_built_once_and_reused(tmp_path: Path) -> None:
    cache = EnvironmentCache(tmp_path)
    first = cache.get(from_conda(TINY))
    again = cache.get(from_conda({"dependencies": [{"pip": ["SIX == 1.16.0"]}]}))
    assert first.packages == ("six==1.16.0",)
    assert not first.reused and again.reused
    assert again.python == first.python and first.python.exists()
    assert "uv pip install" in first.log_path.read_text()


def test_two_workers_asking_at_once_build_once(tmp_path: Path) -> None:
    cache = EnvironmentCache(tmp_path)
    built: list[BuiltEnvironment] = []
    threads = [threading.Thread(target=lambda: built.append(cache.get(from_conda(TINY))))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(b.reused for b in built) == [False, True]


def test_an_unsatisfiable_pin_is_the_resolvers_message(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match=r"six==99\.1") as failure:
        EnvironmentCache(tmp_path).get(from_conda({"dependencies": [{"pip": ["six==99.1"]}]}))
    assert "Using Python" not in str(failure.value)
    assert failure.value.log_path.is_file()
