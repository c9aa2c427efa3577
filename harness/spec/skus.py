"""VM sizes a managed online deployment can use, so v1 container sizes can be mapped to them.

v1 ACI/AKS services asked for CPU cores and memory; v2 managed online deployments
ask for a VM SKU (`instance_type`). The table is the CPU part of Microsoft's
"Managed online endpoints SKU list"
(https://learn.microsoft.com/azure/machine-learning/reference-managed-online-endpoints-vm-sku-list),
with vCPU and memory (GiB) from the Azure VM size pages. GPU SKUs are left out:
v1 `cpu_cores`/`memory_gb` cannot ask for them.
"""

from __future__ import annotations

from typing import NamedTuple

SOURCE = (
    "https://learn.microsoft.com/azure/machine-learning/reference-managed-online-endpoints-vm-sku-list"
)


class Sku(NamedTuple):
    name: str
    cpu: int
    memory_gb: float


SKUS: tuple[Sku, ...] = (
    # General purpose
    Sku("Standard_DS1_v2", 1, 3.5),
    Sku("Standard_DS2_v2", 2, 7),
    Sku("Standard_DS3_v2", 4, 14),
    Sku("Standard_DS4_v2", 8, 28),
    Sku("Standard_DS5_v2", 16, 56),
    Sku("Standard_D2as_v4", 2, 8),
    Sku("Standard_D4as_v4", 4, 16),
    Sku("Standard_D8as_v4", 8, 32),
    Sku("Standard_D16as_v4", 16, 64),
    Sku("Standard_D32as_v4", 32, 128),
    Sku("Standard_D48as_v4", 48, 192),
    Sku("Standard_D64as_v4", 64, 256),
    Sku("Standard_D96as_v4", 96, 384),
    # Compute optimized
    Sku("Standard_F2s_v2", 2, 4),
    Sku("Standard_F4s_v2", 4, 8),
    Sku("Standard_F8s_v2", 8, 16),
    Sku("Standard_F16s_v2", 16, 32),
    Sku("Standard_F32s_v2", 32, 64),
    Sku("Standard_F48s_v2", 48, 96),
    Sku("Standard_F64s_v2", 64, 128),
    Sku("Standard_F72s_v2", 72, 144),
    # Memory optimized
    Sku("Standard_E2s_v3", 2, 16),
    Sku("Standard_E4s_v3", 4, 32),
    Sku("Standard_E8s_v3", 8, 64),
    Sku("Standard_E16s_v3", 16, 128),
    Sku("Standard_E32s_v3", 32, 256),
    Sku("Standard_E48s_v3", 48, 384),
    Sku("Standard_E64s_v3", 64, 432),
)

_BY_NAME = {sku.name.lower(): sku for sku in SKUS}


def lookup(instance_type: str | None) -> Sku | None:
    """The SKU named by a v2 `instance_type` (case-insensitive), or None if not in the table."""
    if not instance_type:
        return None
    return _BY_NAME.get(instance_type.lower())


def smallest_covering(cpu: float, memory_gb: float) -> Sku | None:
    """The smallest SKU with at least `cpu` vCPUs and `memory_gb` GiB.

    "Smallest" is fewest vCPUs, then least memory: the SKU a migration would pick
    to give the v1 container at least what it had without paying for more cores.
    """
    fits = [s for s in SKUS if s.cpu >= cpu and s.memory_gb >= memory_gb]
    return min(fits, key=lambda s: (s.cpu, s.memory_gb, s.name)) if fits else None


def covers(bigger: Sku, cpu: float, memory_gb: float) -> bool:
    """Whether `bigger` gives at least `cpu` vCPUs and `memory_gb` GiB."""
    return bigger.cpu >= cpu and bigger.memory_gb >= memory_gb
