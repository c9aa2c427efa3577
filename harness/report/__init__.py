"""Reporters: they only read verdicts, never compute them."""
