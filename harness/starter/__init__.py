"""`aml-parity init`: what a repository needs to certify its own migration, written once."""

from .project import SCHEMA_FILE, init_project

__all__ = ["SCHEMA_FILE", "init_project"]
