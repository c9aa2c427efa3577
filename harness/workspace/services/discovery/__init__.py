"""Workspace service discovery: where each v1 data-plane service lives.

Stateless: ``documents.py`` writes the one document it answers.
"""
