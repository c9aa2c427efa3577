"""What a Docker base image brings to an environment, since no image is run here.

Azure ML's base images (``mcr.microsoft.com/azureml/<os>...``) hold an OS, MPI and a
conda with Python, and no Python packages of note: the environment's conda file decides
what a job sees, so they map to "nothing added". Curated images
(``mcr.microsoft.com/azureml/curated/<name>:<version>``) map to the curated
environment's own package set. Any other image cannot be honoured: the conda/pip part
is built alone and a warning names the image.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...curated import environments as curated

BASE_IMAGE = re.compile(
    r"^mcr\.microsoft\.com/azureml/(?:openmpi[\d.]+-|minimal-)?ubuntu\d+\.\d+"
    r"(?:-cuda[\w.-]*)?(?::[\w.-]+)?$")
INFERENCE_IMAGE = re.compile(
    r"^mcr\.microsoft\.com/azureml/minimal-ubuntu\d+\.\d+-py(?P<major>\d)(?P<minor>\d+)"
    r"-cpu-inference(?::[\w.-]+)?$")
"""Azure ML's minimal inference images: a Python and the scoring server, nothing else."""
CURATED_IMAGE = re.compile(r"^mcr\.microsoft\.com/azureml/curated/(?P<name>[^:@]+)(?::.*)?$")


@dataclass(frozen=True)
class ImageContents:
    """What an image adds: a conda specification (curated images) or nothing; a warning."""

    conda: dict[str, object] | None = None
    warning: str | None = None
    note: str | None = None


def contents(image: str | None) -> ImageContents:
    """What ``image`` contributes; an unknown image contributes nothing and a warning."""
    if not image:
        return ImageContents()
    if BASE_IMAGE.match(image):
        return ImageContents(note=f"base image {image} adds no Python packages")
    inference = INFERENCE_IMAGE.match(image)
    if inference is not None:
        python = f"{inference.group('major')}.{inference.group('minor')}"
        return ImageContents(
            conda={"dependencies": [f"python={python}",
                                    {"pip": ["azureml-inference-server-http"]}]},
            note=f"inference image {image} brings Python {python} and the scoring server")
    found = CURATED_IMAGE.match(image)
    if found is not None:
        repository = image.split("@", 1)[0].rsplit(":", 1)[0]
        matches = [e for e in curated.catalogue() if e.image_repository == repository]
        if matches:
            environment = matches[0]
            return ImageContents(conda=environment.conda,
                                 note=f"image {image} is curated {environment.name}'s")
    return ImageContents(warning=(
        f"Docker image {image!r} is not in the local workspace's image mapping, so only "
        "the environment's conda/pip dependencies were built; whatever the image itself "
        "installs is missing (see harness/workspace/executor/environments/images.py)."))
