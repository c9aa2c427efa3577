"""Errors in ARM's shape: ``{"error": {"code": ..., "message": ...}}``."""

from __future__ import annotations

from ...http import HttpError, Request, Response
from ...router import ErrorShape


def arm_body(code: str, message: str) -> dict[str, object]:
    return {"error": {"code": code, "message": message}}


class ArmError(HttpError):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(Response.json(arm_body(code, message), status=status,
                                       headers={"x-ms-failure-cause": "gateway"}), message)


def subscription_not_found(subscription: str) -> ArmError:
    return ArmError(404, "SubscriptionNotFound", f"The subscription '{subscription}' could not "
                    "be found.")


def resource_group_not_found(group: str) -> ArmError:
    return ArmError(404, "ResourceGroupNotFound", f"Resource group '{group}' could not be found.")


def resource_not_found(kind: str, name: str, group: str) -> ArmError:
    return ArmError(
        404, "ResourceNotFound",
        f"The Resource '{kind}/{name}' under resource group '{group}' was not found. "
        "For more details please go to https://aka.ms/ARMResourceNotFoundFix",
    )


def child_not_found(kind: str, name: str, workspace: str) -> ArmError:
    """A workspace child (datastore, compute) that does not exist, as the ML RP says it."""
    return ArmError(404, "NotFound", f"{kind} '{name}' was not found in workspace '{workspace}'.")


class ArmErrors(ErrorShape):
    def error(self, request: Request, status: int, code: str, message: str) -> Response:
        return Response.json(arm_body(code, message), status=status)
