"""Sweep sampling without a server: grid order, refusals, seeded random draws."""

from __future__ import annotations

import pytest

from harness.workspace.executor.jobs import sampling


def test_grid_varies_the_last_hyperparameter_fastest() -> None:
    space = sampling.parse({"lr": ["choice", [[0.1, 0.2]]], "depth": ["choice", [[3, 5]]]})
    assert sampling.samples(space, {"samplingAlgorithmType": "Grid"}, None) == [
        {"lr": 0.1, "depth": 3}, {"lr": 0.1, "depth": 5},
        {"lr": 0.2, "depth": 3}, {"lr": 0.2, "depth": 5}]
    assert len(sampling.samples(space, {"samplingAlgorithmType": "Grid"}, 3)) == 3


def test_grid_refuses_distributions_other_than_choice() -> None:
    space = sampling.parse({"lr": ["uniform", [0.0, 1.0]]})
    with pytest.raises(sampling.SearchSpaceError, match="only choice"):
        sampling.samples(space, {"samplingAlgorithmType": "Grid"}, None)


def test_random_draws_repeat_with_a_seed_and_stay_in_range() -> None:
    space = sampling.parse({"lr": ["loguniform", [-3.0, -1.0]], "n": ["randint", [4]],
                            "q": ["quniform", [0.0, 10.0, 2.0]]})
    algorithm = {"samplingAlgorithmType": "Random", "seed": 3}
    first = sampling.samples(space, algorithm, 5)
    assert first == sampling.samples(space, algorithm, 5)
    for draw in first:
        assert 0.049 < draw["lr"] < 0.37 and draw["n"] in range(4) and draw["q"] % 2 == 0


def test_malformed_search_spaces_are_explained() -> None:
    with pytest.raises(sampling.SearchSpaceError, match="expected \\[type, \\[arguments\\]\\]"):
        sampling.parse({"lr": 0.1})
    with pytest.raises(sampling.SearchSpaceError, match="takes 2"):
        sampling.parse({"lr": ["uniform", [0.1]]})
