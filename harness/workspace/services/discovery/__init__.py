"""Workspace service discovery: where each v1 data-plane service lives."""
