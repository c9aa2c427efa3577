"""One module per kind of evidence (a `Check`): found by `registry.py`, built on `base.py`."""
