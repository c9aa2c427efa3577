"""tests/workspace_v2_pipelines: a workspace of its own; scripts run in a pipeline project."""

from sdk_scripts import V2_PREAMBLE
from v2_pipeline_project import PROJECT
from workspace_fixtures import files_fixture, local_workspace_fixture, sdk_runner_fixture

local_workspace = local_workspace_fixture("local-workspace-v2-pipelines")
project = files_fixture("pipeline-project", PROJECT)
run_v2 = sdk_runner_fixture(V2_PREAMBLE, timeout=150, in_project=True)
