"""tests/workspace: one workspace for the session, logging every call the server tests read.

Its SDK checks build their own clients (service principal, device code), so scripts run
here with no preamble.
"""

from workspace_fixtures import local_workspace_fixture, sdk_runner_fixture

local_workspace = local_workspace_fixture("local-workspace")
run_python = sdk_runner_fixture("", timeout=90)
