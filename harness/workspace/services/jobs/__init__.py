"""v2 jobs on ARM (``{WS}/jobs``): submit, get, list, cancel, run through the executor."""
