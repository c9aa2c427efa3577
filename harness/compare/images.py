"""Images (plots from `log_image` / `log_figure`) compared by pixels, not bytes.

PNG bytes carry timestamps and encoder settings, so two identical plots rarely
have the same digest. What matters is what a reader sees: the same size and
no pixel channel further apart than the rule's `pixel` tolerance (0-255 units).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from harness.compare.base import FileComparator, FileRule
from harness.compare.numeric import Tolerance
from harness.compare.verdict import Difference


def load_image(local: str) -> npt.NDArray[np.int16]:
    """Pixels as an int16 (height, width, 4) RGBA array in 0-255, whatever the file's mode."""
    try:
        from PIL import Image
    except ImportError:
        import matplotlib.image as mpimg

        raw = np.asarray(mpimg.imread(local))
        if raw.dtype.kind == "f":
            raw = np.rint(raw * 255.0)
        if raw.ndim == 2:
            raw = np.stack([raw, raw, raw], axis=-1)
        if raw.shape[-1] == 3:
            alpha = np.full((*raw.shape[:2], 1), 255, dtype=raw.dtype)
            raw = np.concatenate([raw, alpha], axis=-1)
        return raw.astype(np.int16)
    with Image.open(local) as image:
        return np.asarray(image.convert("RGBA"), dtype=np.int16)


class ImageComparator(FileComparator):
    """Same shape and max per-channel difference within `pixel`."""

    kind = "image"

    def read(self, local: str) -> npt.NDArray[Any]:
        return load_image(local)

    def compare_read(self, path: str, left: Any, right: Any, rule: FileRule) -> list[Difference]:
        return self.compare_pixels(path, left, right, rule)

    def compare_pixels(self, path: str, a: npt.NDArray[Any], b: npt.NDArray[Any],
                       rule: FileRule) -> list[Difference]:
        tol = Tolerance(abs=rule.pixel)
        if a.shape != b.shape:
            return [self.difference(path, _size(a), _size(b), rule, tolerance=tol,
                                    note="image sizes differ")]
        delta = np.abs(a - b).max(axis=-1)
        worst = int(delta.max())
        if worst <= rule.pixel:
            return []
        y, x = np.unravel_index(int(delta.argmax()), delta.shape)
        beyond = int((delta > rule.pixel).sum())
        return [self.difference(f"{path}[{y}, {x}]", a[y, x].tolist(), b[y, x].tolist(), rule,
                                tolerance=tol,
                                note=f"max pixel difference {worst} at (y={y}, x={x}); "
                                     f"{beyond} of {delta.size} pixels beyond {rule.pixel:g} "
                                     "(RGBA, 0-255)")]


def _size(a: npt.NDArray[Any]) -> str:
    return f"{a.shape[1]}x{a.shape[0]} px"
