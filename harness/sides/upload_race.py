"""Retry once when another side uploaded the same asset at the same moment.

azure-ai-ml uploads local code and models to `LocalUpload/<content hash>/` with
`overwrite=False`, after checking for a confirmed earlier upload. Two sides uploading
the same folder at once (two scenarios sharing `../endpoint-sklearn/model`, run by
`pytest -n`) both pass the check, and the second write fails with `BlobAlreadyExists`;
Azure Storage answers so too. A second attempt finds the upload (confirmed, or
unconfirmed and therefore overwritten) and goes on, as a user rerunning would.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
RACE_CODE = "BlobAlreadyExists"
PAUSE_S = 2.0


def lost_upload_race(exc: BaseException) -> bool:
    return RACE_CODE in (str(getattr(exc, "error_code", "") or "") + str(exc))


def retrying_upload_race(call: Callable[[], T]) -> T:
    """`call()`, and once more if it lost an upload race."""
    from azure.core.exceptions import HttpResponseError

    try:
        return call()
    except HttpResponseError as exc:
        if not lost_upload_race(exc):
            raise
    time.sleep(PAUSE_S)
    return call()
