"""A resolved environment spec: a Python version and pip requirement lines, with a key.

Two differently written but equivalent specs (a conda file and a pip list, packages in
another order, ``numpy=1.26`` and ``numpy==1.26.*``) resolve to the same set and so to
the same cached build.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name


class ResolutionError(ValueError):
    """A declared environment cannot be turned into pip requirements; says which package."""


def normalise(line: str, where: str) -> str:
    """One requirement in canonical form (``Scikit_Learn == 1.5`` -> ``scikit-learn==1.5``)."""
    try:
        requirement = Requirement(line)
    except InvalidRequirement as exc:
        raise ResolutionError(f"{where}: {line!r} is not a pip requirement ({exc}).") from exc
    text = str(canonicalize_name(requirement.name))
    if requirement.extras:
        text += "[" + ",".join(sorted(requirement.extras)) + "]"
    if requirement.url:
        return f"{text} @ {requirement.url}"
    specifiers = sorted(str(s) for s in requirement.specifier)
    text += ",".join(specifiers)
    if requirement.marker is not None:
        text += f"; {requirement.marker}"
    return text


def package_name(line: str) -> str:
    """The canonical project name a requirement line asks for."""
    return str(canonicalize_name(Requirement(line).name))


@dataclass(frozen=True)
class Requirements:
    """What to install: the Python version asked for (``3.9`` or None) and requirements.

    ``notes`` say what resolution decided on the user's behalf (a pip option dropped, an
    image mapped, a conda name renamed); ``warnings`` what it could not honour (an image
    it does not know). Both are evidence, not part of the key.
    """

    python: str | None
    packages: tuple[str, ...]
    notes: tuple[str, ...] = field(default=(), compare=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def of(cls, python: str | None, lines: list[str], notes: list[str] | None = None,
           where: str = "environment", warnings: list[str] | None = None) -> Requirements:
        by_name: dict[str, str] = {}
        for line in lines:
            text = normalise(line, where)
            name = package_name(text)
            previous = by_name.get(name)
            if previous is not None and previous != text and previous != name:
                if text == name:
                    continue  # an unpinned repeat adds nothing to a pinned one
                raise ResolutionError(f"{where}: {name} is asked for twice, as {previous!r} "
                                      f"and {text!r}; keep one.")
            by_name[name] = text
        return cls(python, tuple(sorted(by_name.values())), tuple(notes or ()),
                   tuple(warnings or ()))

    def with_packages(self, lines: list[str], note: str) -> Requirements:
        """These requirements plus ``lines`` for names not already asked for."""
        names = {package_name(p) for p in self.packages}
        added = [line for line in lines if package_name(line) not in names]
        if not added:
            return self
        merged = Requirements.of(self.python, [*self.packages, *added])
        return replace(self, packages=merged.packages,
                       notes=(*self.notes, f"{note}: {', '.join(added)}"))

    def noted(self, note: str) -> Requirements:
        """The same set with one more note."""
        return replace(self, notes=(*self.notes, note))

    def key(self, interpreter_version: str) -> str:
        """The cache key: the interpreter actually used and the requirement set."""
        text = json.dumps({"python": interpreter_version, "packages": self.packages},
                          sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:20]

    def requirements_txt(self) -> str:
        return "".join(f"{line}\n" for line in self.packages)
