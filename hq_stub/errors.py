"""The one error type of HQ's use cases and the answers several of them share.

:class:`HQError` carries the HTTP status and the JSON error code; the API turns it into
``{"error": {"code", "message", "fields"?}}`` (``hq_stub/api/errors.py``)."""

from __future__ import annotations

from typing import Any

from hq_stub.validation import Problems


class HQError(Exception):
    def __init__(self, status: int, code: str, message: str,
                 fields: list[dict[str, Any]] | None = None,
                 permission: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
        self.permission = permission  # 403 permission_denied: the one the operator lacks


def validation_failed(problems: Problems) -> HQError:
    return HQError(422, "validation_error", "Invalid customer: " + problems.text(),
                   problems.reasons())


def damaged(what: str = "customer") -> HQError:
    return HQError(409, "damaged_record",
                   f"HQ holds this {what} in a damaged form it cannot serve; an HQ "
                   f"administrator must repair it")


def foreign() -> HQError:
    """A customer_id that belongs to another store: the same answer whatever that store
    holds under it (nothing about its data is revealed)."""
    return HQError(409, "conflict", "This customer_id belongs to another store")


def not_found(message: str) -> HQError:
    return HQError(404, "not_found", message)
