"""Produce what one side of a scenario builds: call its callable, load its YAML."""
