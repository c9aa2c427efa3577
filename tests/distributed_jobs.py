"""The script distributed-job tests run on every rank: it records what the rank was told.

It writes the rank's distribution variables to ``outputs/rank_<rank>.json`` and fails
on the rank named by ``PARITY_FAIL_RANK``; ``PARITY_SLEEP`` keeps it running a while,
so that the SDKs' log streaming (which reads logs only while a job runs) sees it.
Shared by tests/workspace_v1 and tests/workspace_v2 (on sys.path through ``pythonpath``
in pyproject.toml).
"""

RANK_SCRIPT = """
import json, os, pathlib, time
names = ["RANK", "LOCAL_RANK", "WORLD_SIZE", "NODE_RANK", "GROUP_RANK", "LOCAL_WORLD_SIZE",
         "MASTER_ADDR", "MASTER_PORT", "OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE",
         "OMPI_COMM_WORLD_LOCAL_RANK", "OMPI_COMM_WORLD_LOCAL_SIZE", "AZ_BATCH_MASTER_NODE",
         "TF_CONFIG"]
seen = {name: os.environ.get(name) for name in names}
rank = seen["RANK"] or seen["OMPI_COMM_WORLD_RANK"]
if rank is None:
    task = json.loads(seen["TF_CONFIG"])["task"]
    rank = f"{task['type']}_{task['index']}"
pathlib.Path("outputs").mkdir(exist_ok=True)
pathlib.Path("outputs", f"rank_{rank}.json").write_text(json.dumps(seen))
print(f"rank {rank} recorded")
time.sleep(float(os.environ.get("PARITY_SLEEP", "0")))
if os.environ.get("PARITY_FAIL_RANK") == rank:
    raise ValueError(f"rank {rank} ran out of data")
"""
