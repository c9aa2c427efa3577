"""Comparators, one per kind of evidence, all returning Difference records."""
