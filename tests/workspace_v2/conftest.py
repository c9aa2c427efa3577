"""tests/workspace_v2: a workspace of its own; azure-ai-ml scripts run in a user's project."""

from sdk_scripts import V2_PREAMBLE
from v2_project import PROJECT
from workspace_fixtures import files_fixture, local_workspace_fixture, sdk_runner_fixture

local_workspace = local_workspace_fixture("local-workspace-v2")
project = files_fixture("project", PROJECT)
run_v2 = sdk_runner_fixture(V2_PREAMBLE, timeout=120, in_project=True)
