"""Dataset service errors, in the v1 data-plane shape azureml.data parses."""

from .._shapes import V1Error, V1Errors

__all__ = ["V1Error", "V1Errors", "dataset_exists", "dataset_not_found"]


def dataset_not_found(key: str) -> V1Error:
    return V1Error(404, "UserError", f"Dataset '{key}' was not found in this workspace.")


def dataset_exists(name: str) -> V1Error:
    return V1Error(409, "UserError", f"There is already a dataset registered under name "
                   f"'{name}'.")
