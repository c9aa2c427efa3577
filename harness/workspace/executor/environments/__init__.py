"""Build the environment each side declares and run its jobs there (issue 12).

:mod:`.resolve` turns what a side declared (a v1 run configuration's environment, a v2
environment asset, a conda file, a curated name) into a :class:`Requirements` set;
:mod:`.conda` maps conda packages to PyPI names; :mod:`.images` says what a Docker image
brings; :mod:`.interpreters` finds the machine's Pythons; :mod:`.build` builds a cached
virtual environment with ``uv`` under a file lock. No HTTP here.
"""

from .build import BuildError, BuiltEnvironment, EnvironmentCache
from .requirements import Requirements, ResolutionError
from .resolve import from_conda, from_v1_environment, from_v2_environment

__all__ = [
    "BuildError",
    "BuiltEnvironment",
    "EnvironmentCache",
    "Requirements",
    "ResolutionError",
    "from_conda",
    "from_v1_environment",
    "from_v2_environment",
]
