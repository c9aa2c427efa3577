"""Name the model folder layout when a scoring script opened a path of the other one.

Where a deployed model's files sit depends on what was registered (a file or a
folder) and, in v1, on how many models a service has (docs/model-layouts.md):

* v2 managed online deployment: `AZUREML_MODEL_DIR` is `azureml-models/<name>/<version>`;
  a model registered from a file `model.pkl` is `$AZUREML_MODEL_DIR/model.pkl`, one
  registered from a folder `model/` is `$AZUREML_MODEL_DIR/model/...`.
* v1 web service with one model: the same as v2. With several models,
  `AZUREML_MODEL_DIR` is the `azureml-models` root, and each model is under
  `<name>/<version>/`.

A score script written for one layout fails on the other with a bare
FileNotFoundError; this turns that into the sentence that explains it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_MISSING = re.compile(r"No such file or directory: '?(?P<path>[^'\"\n]+)")
_MODELS = "azureml-models/"
GUIDE = "docs/model-layouts.md"


@dataclass(frozen=True)
class DeployedModel:
    """What one deployment registered: the registered path's last name, and its kind."""

    basename: str
    folder: bool

    @classmethod
    def from_path(cls, path: Path) -> DeployedModel:
        return cls(path.name, path.is_dir())

    @property
    def kind(self) -> str:
        return f"the folder `{self.basename}/`" if self.folder else f"the file `{self.basename}`"


def layout_hint(error: str, models: list[DeployedModel]) -> str:
    """One sentence naming both layouts, or "" when the error is not a model path."""
    missing = _MISSING.search(error)
    if not missing or _MODELS not in missing["path"] or not models:
        return ""
    tail = missing["path"].split(_MODELS, 1)[1].rstrip(".'\" ")
    parts = tail.split("/")
    if len(models) > 1:
        return _several(parts, models)
    model = models[0]
    inside = "/".join(parts[2:])  # below azureml-models/<name>/<version>/
    if not inside:
        return ""
    opened = f"the script opened $AZUREML_MODEL_DIR/{inside}"
    if model.folder and not inside.startswith(model.basename + "/"):
        return (f"model layout: {opened}, where a model registered from a file lands; this "
                f"model was registered from {model.kind}, so its files are under "
                f"$AZUREML_MODEL_DIR/{model.basename}/ (see {GUIDE}).")
    if not model.folder and inside != model.basename:
        return (f"model layout: {opened}, where a model registered from a folder keeps its "
                f"files; this model was registered from {model.kind}, so it is "
                f"$AZUREML_MODEL_DIR/{model.basename} (see {GUIDE}).")
    return ""


def _several(parts: list[str], models: list[DeployedModel]) -> str:
    """v1 with several models: AZUREML_MODEL_DIR is the root, not one model's folder."""
    if len(parts) >= 3:
        return ""
    names = ", ".join(m.kind for m in models)
    return (f"model layout: the script opened $AZUREML_MODEL_DIR/{'/'.join(parts)}, but with "
            f"{len(models)} models ({names}) AZUREML_MODEL_DIR is the azureml-models root and "
            "each model is under <name>/<version>/; use Model.get_model_path(<name>) "
            f"(see {GUIDE}).")
