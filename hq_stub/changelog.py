"""The change log of customers (``customer_changes``): which fields each version
changed, and who changed them; what a field-level edit's merge asks (:mod:`hq_stub.edits`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Connection

from hq_stub.db import customer_changes
from hq_stub.schemas import CustomerFields


def log_changes(conn: Connection, customer_id: str, version: int, fields: list[str],
                source: str) -> None:
    """Record that ``version`` of the customer changed ``fields`` (made by ``source``:
    ``terminal:<id>`` or ``hq:<what>``), inside the transaction that stored it."""
    if fields:
        conn.execute(insert(customer_changes), [
            {"customer_id": customer_id, "version": version, "field": f, "source": source}
            for f in fields])


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The editable fields whose values differ."""
    return [f for f in CustomerFields.model_fields if before.get(f) != after.get(f)]
