"""The one error the spec builders raise: an object they cannot turn into a spec."""

from __future__ import annotations


class SpecError(ValueError):
    """An object a scenario returned has no canonical spec.

    The message names the object's type and what is supported, so the lead can
    prefix it with the scenario file and field and hand it to the user as is.
    """

    @classmethod
    def unsupported(cls, obj: object, side: str, supported: list[str]) -> SpecError:
        kind = f"{type(obj).__module__}.{type(obj).__qualname__}"
        return cls(
            f"cannot build a {side} spec from a {kind}; supported {side} objects: "
            + ", ".join(supported)
            + ". Return one of these (or a list/dict of them) from the scenario's "
            + f"{side} callable."
        )
