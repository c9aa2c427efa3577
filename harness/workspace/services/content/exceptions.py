"""Content service errors, in the v1 data-plane shape."""

from .._shapes import V1Error, V1Errors

__all__ = ["V1Error", "V1Errors", "snapshot_not_found"]


def snapshot_not_found(snapshot_id: str) -> V1Error:
    return V1Error(404, "UserError", f"Snapshot {snapshot_id} was not found.")


def snapshot_file_missing(snapshot_id: str, path: str) -> V1Error:
    return V1Error(400, "UserError", f"Snapshot {snapshot_id}: file {path} was never uploaded; "
                   "upload it to the URL that snapshots/getblob returned.")
