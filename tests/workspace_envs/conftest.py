"""tests/workspace_envs: a workspace that builds each job's declared environment."""

from sdk_scripts import V1_PREAMBLE, V2_PREAMBLE
from workspace_fixtures import files_fixture, local_workspace_fixture, sdk_runner_fixture

SHOW = """\
import json, sys
from importlib import metadata
print("ENVIRONMENT " + json.dumps({"python": "%d.%d" % sys.version_info[:2],
                                   "six": metadata.version("six"),
                                   "prefix": sys.prefix}))
"""

local_workspace = local_workspace_fixture("local-workspace-envs",
                                          settings={"build_environments": True})
SCORE = """\
import sys
from importlib import metadata


def init():
    pass


def run(raw_data):
    return {"python": "%d.%d" % sys.version_info[:2], "six": metadata.version("six")}
"""

project = files_fixture("project", {"src/show.py": SHOW, "score/score.py": SCORE,
                                    "model/model.txt": "a model", "request.json": "{}"})
run_v2 = sdk_runner_fixture(V2_PREAMBLE, timeout=240, in_project=True)
run_v1 = sdk_runner_fixture(V1_PREAMBLE, timeout=240, in_project=True)
