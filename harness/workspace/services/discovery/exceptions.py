"""Discovery answers errors in the v1 data-plane shape."""

from .._shapes import V1Error, V1Errors

__all__ = ["V1Error", "V1Errors"]
