"""Builders for real run outputs on disk: each write returns the FileRef a collector would make."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import joblib
import matplotlib
import numpy as np
import pandas as pd

from harness.evidence import FileRef, SideEvidence

matplotlib.use("Agg")

from matplotlib import image as mpimg


class RunFolder:
    """One side's downloaded artifacts: files written under `root`, described as FileRefs."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, FileRef] = {}

    def _target(self, rel: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def _add(self, rel: str) -> FileRef:
        ref = FileRef.of(self.root / rel)
        self.files[rel] = ref
        return ref

    def text(self, rel: str, text: str) -> FileRef:
        self._target(rel).write_text(text, encoding="utf-8")
        return self._add(rel)

    def json(self, rel: str, data: Any, indent: int | None = None) -> FileRef:
        self._target(rel).write_text(json.dumps(data, indent=indent), encoding="utf-8")
        return self._add(rel)

    def csv(self, rel: str, frame: pd.DataFrame) -> FileRef:
        frame.to_csv(self._target(rel), index=False)
        return self._add(rel)

    def npy(self, rel: str, array: np.ndarray) -> FileRef:
        np.save(self._target(rel), array)
        return self._add(rel)

    def npz(self, rel: str, **arrays: np.ndarray) -> FileRef:
        np.savez(self._target(rel), **arrays)  # type: ignore[arg-type]
        return self._add(rel)

    def png(self, rel: str, pixels: np.ndarray) -> FileRef:
        mpimg.imsave(self._target(rel), pixels.astype(np.uint8))
        return self._add(rel)

    def model(self, rel: str, model: Any) -> FileRef:
        joblib.dump(model, self._target(rel))
        return self._add(rel)

    def evidence(self, side: str, **fields: Any) -> SideEvidence:
        return SideEvidence(side, files=dict(self.files), **fields)  # type: ignore[arg-type]


def gradient(height: int = 24, width: int = 32) -> np.ndarray:
    """A deterministic RGB test image."""
    y, x = np.mgrid[0:height, 0:width]
    return np.stack([x * 7 % 256, y * 9 % 256, (x + y) * 3 % 256], axis=-1).astype(np.uint8)
