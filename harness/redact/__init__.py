"""Secrets kept out of everything the project writes (see `redactor.py`)."""

from .redactor import Redactor, session_redactor

__all__ = ["Redactor", "session_redactor"]
