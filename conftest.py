"""Repository-wide pytest configuration.

The plugin's own tests drive pytest with pytester; the tests that run against a local
workspace share the fixtures of tests/workspace_fixtures.py (on sys.path through
`pythonpath` in pyproject.toml).
"""

pytest_plugins = ("pytester", "workspace_fixtures")
