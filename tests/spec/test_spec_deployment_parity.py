"""A v1 ACI service and its managed online deployment: same spec, SKU mapping, auth."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from azureml.core.webservice import AksWebservice
from spec_support import v1_service

from harness.spec import diff_specs, v1_spec, v2_spec
from harness.spec.skus import lookup, smallest_covering


def test_faithful_deployment_has_no_difference(scenario: Path, v2_service: Any) -> None:
    v1 = v1_spec(v1_service(), scenario)
    v2 = v2_spec(v2_service(), scenario)

    assert diff_specs(v1, v2) == []
    assert v1["deployment"]["resources"] == {"instance_type": "Standard_DS1_v2", "cpu": 1,
                                             "memory_gb": 2}
    assert v2["deployment"]["models"] == ["sk-model"]


def test_changed_entry_script_is_one_error(scenario: Path, v2_service: Any) -> None:
    (scenario / "src" / "score2.py").write_text("")
    changed = {"code": "./src", "scoring_script": "score2.py"}

    found = diff_specs(v1_spec(v1_service(), scenario),
                       v2_spec(v2_service(code_configuration=changed), scenario))

    assert [(d.path, d.v1, d.v2, d.severity) for d in found] == [
        ("deployment.entry_script", "score.py", "score2.py", "error")
    ]


def test_bigger_sku_is_a_warning_naming_both(scenario: Path, v2_service: Any) -> None:
    found = diff_specs(v1_spec(v1_service(), scenario),
                       v2_spec(v2_service(instance_type="Standard_DS3_v2"), scenario))

    assert [(d.path, d.v1, d.v2, d.severity) for d in found] == [
        ("deployment.resources.instance_type", "Standard_DS1_v2", "Standard_DS3_v2", "warning")
    ]


def test_smaller_sku_is_an_error(scenario: Path, v2_service: Any) -> None:
    found = diff_specs(v1_spec(v1_service(cpu_cores=4, memory_gb=16), scenario),
                       v2_spec(v2_service(instance_type="Standard_DS2_v2"), scenario))

    assert [(d.path, d.v1, d.v2, d.severity) for d in found] == [
        ("deployment.resources.instance_type", "Standard_D4as_v4", "Standard_DS2_v2", "error")
    ]


def test_no_auth_has_no_v2_equivalent(scenario: Path, v2_service: Any) -> None:
    found = diff_specs(v1_spec(v1_service(auth_enabled=False), scenario),
                       v2_spec(v2_service(), scenario))

    assert [(d.path, d.v1, d.v2, d.severity) for d in found] == [
        ("deployment.auth", "none", "key", "warning")
    ]
    assert "always require" in found[0].note


def test_token_auth_differs_from_key(scenario: Path, v2_service: Any) -> None:
    found = diff_specs(v1_spec(v1_service(), scenario),
                       v2_spec(v2_service(auth_mode="aml_token"), scenario))

    assert [(d.path, d.severity) for d in found] == [("deployment.auth", "error")]


@pytest.mark.parametrize(
    ("cpu", "memory", "sku"),
    [
        (0.1, 0.5, "Standard_DS1_v2"),  # v1 defaults when cpu_cores/memory_gb are not set
        (1, 4, "Standard_F2s_v2"),
        (2, 6, "Standard_DS2_v2"),
        (2, 10, "Standard_E2s_v3"),
        (4, 14, "Standard_DS3_v2"),
        (16, 60, "Standard_D16as_v4"),
        (200, 1, None),
    ],
)
def test_smallest_covering_sku(cpu: float, memory: float, sku: str | None) -> None:
    found = smallest_covering(cpu, memory)
    assert (found.name if found else None) == sku


def test_sku_lookup_is_case_insensitive() -> None:
    assert lookup("standard_ds2_v2") == ("Standard_DS2_v2", 2, 7)
    assert lookup("Standard_NC6s_v3") is None


def test_aks_replicas_and_token_auth_map_to_v2(scenario: Path, v2_service: Any) -> None:
    v1_side = v1_service()
    v1_side["deployment"] = AksWebservice.deploy_configuration(
        cpu_cores=2, memory_gb=4, num_replicas=3, auth_enabled=False, token_auth_enabled=True)

    v2_side = v2_service(auth_mode="aml_token", instance_type="Standard_F2s_v2", instance_count=3)

    assert diff_specs(v1_spec(v1_side, scenario), v2_spec(v2_side, scenario)) == []
