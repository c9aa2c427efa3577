"""tests/workspace_v1: a workspace of its own for the v1 run tests, and the code they submit.

The durability tests also start servers of their own and pass ``env=`` to ``run_v1``.
"""

from sdk_scripts import V1_PREAMBLE
from v1_run_scripts import SCRIPTS
from workspace_fixtures import files_fixture, local_workspace_fixture, sdk_runner_fixture

local_workspace = local_workspace_fixture("v1-workspace")
run_v1 = sdk_runner_fixture(V1_PREAMBLE, timeout=120)
code_dir = files_fixture("v1-code", SCRIPTS)
