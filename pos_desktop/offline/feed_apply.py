"""Apply a page of customers from HQ's change feed, fast enough for a first population.

Works on the JSON dicts straight into SQLite (executemany), with no ORM objects in
between: a fresh terminal may pull a million customers. The rows and search terms of a
record come from `mapping.CustomerRows`, the same code single creates and edits use; this
module decides only what is the feed's own: which version of a customer wins, which rowid
it gets, its state. Existing rows keep their rowid, so a pending customer that comes back
with its account number stays the same record and every local reference to it holds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from .mapping import CustomerRows, forget

CHUNK = 500


def existing_rows(
    conn: sqlite3.Connection, customer_ids: Sequence[str]
) -> dict[str, tuple[int, str, bool]]:
    """customer_id -> (rowid, origin, has an account number) of those stored here."""
    found: dict[str, tuple[int, str, bool]] = {}
    for start in range(0, len(customer_ids), CHUNK):
        chunk = customer_ids[start : start + CHUNK]
        rows = conn.execute(
            f"SELECT customer_id, id, origin, account_number IS NOT NULL FROM customers "
            f"WHERE customer_id IN ({','.join('?' * len(chunk))})",
            chunk,
        )
        found.update({cid: (pk, org, bool(numbered)) for cid, pk, org, numbered in rows})
    return found


def apply_customers(
    conn: sqlite3.Connection,
    customers: Sequence[dict[str, Any]],
    *,
    origin: str = "hq",
    defer_index: bool = False,
) -> list[str]:
    """Insert or replace these customers (inside the caller's transaction).

    With `defer_index`, their search terms go to the backlog, to be indexed in bulk
    later (`build_search_backlog`). Returns the customer_ids that were here without an
    account number and now have one (our pending customers, numbered by HQ).
    """
    if not customers:
        return []
    # The last version of a customer in the page wins.
    latest: dict[str, dict[str, Any]] = {}
    for c in customers:
        latest[str(c["customer_id"])] = c
    ids = list(latest)
    known = existing_rows(conn, ids)
    forget(conn.executemany, [(pk,) for pk, _, _ in known.values()])
    next_pk = (conn.execute("SELECT coalesce(max(id), 0) FROM customers").fetchone()[0]) + 1
    rows = CustomerRows()
    for customer_id, c in latest.items():
        pk, row_origin, _ = known.get(customer_id, (0, origin, False))
        if not pk:
            pk = next_pk
            next_pk += 1
        # HQ's copy: numbered means synced; a rejection reason is ours, not HQ's.
        state = "synced" if c.get("account_number") else str(c.get("state") or "pending")
        rows.add(c, pk, origin=row_origin, state=state)
    rows.write(conn.executemany, replace=True, defer_index=defer_index)
    return [
        customer_id
        for customer_id, (_, _, numbered) in known.items()
        if not numbered and latest[customer_id].get("account_number")
    ]


def build_search_backlog(conn: sqlite3.Connection, chunk: int) -> int:
    """Index up to `chunk` backlog entries (inside the caller's transaction)."""
    rows = conn.execute(
        "SELECT max(customer_pk), count(*) FROM (SELECT customer_pk FROM search_backlog "
        "ORDER BY customer_pk LIMIT ?)",
        (chunk,),
    ).fetchone()
    last, count = rows
    if not count:
        return 0
    conn.execute(
        "INSERT INTO customer_search (rowid, terms) "
        "SELECT customer_pk, terms FROM search_backlog WHERE customer_pk <= ?",
        (last,),
    )
    conn.execute("DELETE FROM search_backlog WHERE customer_pk <= ?", (last,))
    return int(count)
