"""Objects the spec builders do not know are refused with a message a user can act on."""

from __future__ import annotations

from pathlib import Path

import pytest
from azure.ai.ml.entities import ManagedOnlineEndpoint
from azureml.core import ScriptRunConfig
from azureml.data import FileDataset

from harness.spec import SpecError, v1_spec, v2_spec


def test_v2_object_on_the_v1_side_is_named(scenario: Path) -> None:
    with pytest.raises(SpecError) as caught:
        v1_spec({"endpoint": ManagedOnlineEndpoint(name="ep")}, scenario)

    message = str(caught.value)
    assert "ManagedOnlineEndpoint" in message
    assert "azureml.core.ScriptRunConfig" in message and "InferenceConfig" in message


def test_v1_object_on_the_v2_side_is_named(scenario: Path) -> None:
    with pytest.raises(SpecError, match=r"ScriptRunConfig.*supported v2 objects: .*Command"):
        v2_spec([ScriptRunConfig(source_directory="src", script="train.py")], scenario)


def test_bare_v1_dataset_argument_is_refused(scenario: Path) -> None:
    src = ScriptRunConfig(source_directory="src", script="train.py", arguments=[FileDataset()])
    with pytest.raises(SpecError, match="as_named_input"):
        v1_spec(src, scenario)
