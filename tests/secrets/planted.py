"""Scenarios with secrets planted in every way a migration's code could leak one.

Copies of two bundled scenarios: `planted-run` (iris-logging) passes eight kinds of
secret to both sides' jobs as environment variables, and its training scripts print
them and a password of their own; `planted-endpoint` (endpoint-sklearn) deploys its v1
web service with planted endpoint keys. Every value is distinctive, so a test can look
for it byte for byte in everything the project wrote.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _b64url(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _key(seed: str) -> str:
    return base64.b64encode(hashlib.sha512(seed.encode()).digest()).decode()


PLANTED_JWT = ".".join([_b64url({"alg": "HS256", "typ": "JWT"}),
                        _b64url({"sub": "planted-user", "tid": "planted-tenant",
                                 "exp": 4102444800}),
                        "UGxhbnRlZFNpZ25hdHVyZTEyMzQ1Njc4OQ"])
PLANTED_SIG = "UGxhbnRlZFNBU3NpZ25hdHVyZTk4NzY1NDMyMQ%3D%3D"
PLANTED_ACCOUNT_KEY = _key("planted connection string key")
PLANTED_STORAGE_KEY = _key("planted raw storage key")
PLANTED_ENDPOINT_KEY = "PlantedEndpointKey0123456789abcdefXYZ"
PLANTED_CLIENT_SECRET = "Pl47Q~plantedClientSecretValue0123456789a"
PLANTED_PASSWORD = "Planted-Pa55word-7731"
#: The training scripts build this themselves and print it as `password: ...`.
PRINTED_PASSWORD = "Pr1nted-Script-Secret-42"

VARIABLES = {
    "PLANTED_JWT": PLANTED_JWT,
    "PLANTED_SAS_URL": ("https://plantedacct.blob.core.windows.net/data/train.csv"
                        f"?sv=2021-08-06&se=2030-01-01&sr=b&sp=r&sig={PLANTED_SIG}"),
    "PLANTED_CONNECTION_STRING": ("DefaultEndpointsProtocol=https;AccountName=plantedacct;"
                                  f"AccountKey={PLANTED_ACCOUNT_KEY};"
                                  "EndpointSuffix=core.windows.net"),
    "PLANTED_STORAGE_KEY": PLANTED_STORAGE_KEY,
    "PLANTED_SCORING_API_KEY": PLANTED_ENDPOINT_KEY,
    "PLANTED_CLIENT_SECRET": PLANTED_CLIENT_SECRET,
    "DB_PASSWORD": PLANTED_PASSWORD,
}
#: kind -> the value that must appear nowhere (the SAS signature also URL-decoded).
KINDS = {
    "JSON Web Token": PLANTED_JWT,
    "SAS signature": PLANTED_SIG,
    "SAS signature (decoded)": PLANTED_SIG.replace("%3D", "="),
    "connection string key": PLANTED_ACCOUNT_KEY,
    "storage account key": PLANTED_STORAGE_KEY,
    "endpoint key": PLANTED_ENDPOINT_KEY,
    "client secret": PLANTED_CLIENT_SECRET,
    "job environment variable": PLANTED_PASSWORD,
    "password printed by the script": PRINTED_PASSWORD,
}

PRINTING = '''

import os as _os

for _name in sorted(_os.environ):  # values only, so no rule can go by the variable's name
    if _name.startswith(("PLANTED_", "DB_")):
        print(f"{_name} -> {_os.environ[_name]}")
_secret = "Pr1nted-" + "Script-Secret-42"
print(f"password: {_secret}")
'''


def plant(project: Path) -> list[str]:
    """Write the two planted scenarios under `project/scenarios`; their names."""
    run = project / "scenarios" / "planted-run"
    shutil.copytree(ROOT / "scenarios" / "iris-logging", run)
    for side in ("v1", "v2"):
        script = run / side / "train.py"
        script.write_text(script.read_text() + PRINTING)
    v1 = run / "v1_job.py"
    v1.write_text(v1.read_text().replace(
        "    return ScriptRunConfig(", "    config = ScriptRunConfig(").rstrip()
        + f"\n    config.run_config.environment_variables = {VARIABLES!r}\n    return config\n")
    job = run / "job.yml"
    job.write_text(job.read_text() + "environment_variables:\n" + "".join(
        f"  {name}: {json.dumps(value)}\n" for name, value in VARIABLES.items()))

    endpoint = project / "scenarios" / "planted-endpoint"
    shutil.copytree(ROOT / "scenarios" / "endpoint-sklearn", endpoint)
    deploy = endpoint / "v1_deploy.py"
    deploy.write_text(deploy.read_text().replace(
        "cpu_cores=2, memory_gb=7, auth_enabled=True",
        f"cpu_cores=2, memory_gb=7, auth_enabled=True, primary_key={PLANTED_ENDPOINT_KEY!r}, "
        f"secondary_key={PLANTED_ENDPOINT_KEY[::-1]!r}"))
    return ["planted-run", "planted-endpoint"]
