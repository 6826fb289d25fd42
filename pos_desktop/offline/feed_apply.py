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
from dataclasses import dataclass
from typing import Any

from .mapping import (
    CHILD_TABLES,
    CUSTOMER_COLUMNS,
    CustomerRows,
    drop_customers,
    forget,
    reindex,
    unindex,
)

CHUNK = 500


def existing_rows(
    conn: sqlite3.Connection, customer_ids: Sequence[str], *, up_to: int | None = None
) -> dict[str, tuple[int, str, bool]]:
    """customer_id -> (rowid, origin, has an account number) of those stored here
    (with `up_to`, only among the rows up to that rowid: a bulk load's rows before it)."""
    found: dict[str, tuple[int, str, bool]] = {}
    scope = "" if up_to is None else f"id <= {int(up_to)} AND "
    for start in range(0, len(customer_ids), CHUNK):
        chunk = customer_ids[start : start + CHUNK]
        rows = conn.execute(
            f"SELECT customer_id, id, origin, account_number IS NOT NULL FROM customers "
            f"WHERE {scope}customer_id IN ({','.join('?' * len(chunk))})",
            chunk,
        )
        found.update({cid: (pk, org, bool(numbered)) for cid, pk, org, numbered in rows})
    return found


@dataclass
class PreparedCustomers:
    """A page's customers as rows, built before the write (on the sync thread or in the
    feed's process, while the writer stores the page before): row i is the page's i-th
    distinct customer (`ids[i]`, its last version in the page), with i standing for its
    rowid until `apply_customers` places it."""

    ids: list[str]  # each customer_id once, in the order of its rows
    numbered: list[bool]  # ids[i]'s last version has an account number
    rows: CustomerRows


def prepare_customers(
    customers: Sequence[dict[str, Any]], *, origin: str = "hq"
) -> PreparedCustomers:
    """The rows of these customers, no database needed (the last version of each wins)."""
    latest: dict[str, dict[str, Any]] = {}
    for c in customers:
        latest[str(c["customer_id"])] = c
    rows = CustomerRows()
    numbered: list[bool] = []
    for i, c in enumerate(latest.values()):
        # HQ's copy: numbered means synced; a rejection reason is ours, not HQ's.
        numbered.append(bool(c.get("account_number")))
        state = "synced" if numbered[-1] else str(c.get("state") or "pending")
        rows.add(c, i, origin=origin, state=state)
    return PreparedCustomers(list(latest), numbered, rows)


def apply_customers(
    conn: sqlite3.Connection,
    customers: Sequence[dict[str, Any]],
    *,
    origin: str = "hq",
    defer_index: bool = False,
    bulk_since: int | None = None,
    prepared: PreparedCustomers | None = None,
) -> list[str]:
    """Insert or replace these customers (inside the caller's transaction).

    With `defer_index`, their search terms go to the backlog, to be indexed in bulk
    later (`build_search_backlog`). With `bulk_since` (a bulk load without its unique
    indexes), only the rows stored before it began are looked up and replaced; a customer
    that comes twice during the load is merged once at its end (`merge_duplicates`).
    `prepared`: the rows of exactly these customers, built beforehand (`customers` is
    then unused).
    Returns the customer_ids that were here without an account number and now have one
    (our pending customers, numbered by HQ).
    """
    if prepared is None:
        if not customers:
            return []
        prepared = prepare_customers(customers, origin=origin)
    ids = prepared.ids
    if not ids:
        return []
    known = existing_rows(conn, ids, up_to=bulk_since)
    forget(conn.executemany, [(pk,) for pk, _, _ in known.values()])
    next_pk = (conn.execute("SELECT coalesce(max(id), 0) FROM customers").fetchone()[0]) + 1
    if known:  # stored customers keep their rowid and origin
        pks, origins = [], []
        for customer_id in ids:
            pk, row_origin, _ = known.get(customer_id, (0, origin, False))
            if not pk:
                pk = next_pk
                next_pk += 1
            pks.append(pk)
            origins.append(row_origin)
        rows = prepared.rows.placed(pks, origins)
    else:
        rows = prepared.rows.placed(range(next_pk, next_pk + len(ids)), None)
    # HQ's copy takes its keys from whichever other customer held them here (an address,
    # a loyalty card, an account number moved): that one's search entry goes with them.
    displaced = [] if bulk_since is not None else _displaced(conn, rows)
    unindex(conn.executemany, displaced)
    rows.write(conn.executemany, replace=True, defer_index=defer_index)
    reindex(conn.executemany, displaced)
    if not known:
        return []
    now_numbered = dict(zip(ids, prepared.numbered, strict=True))
    return [
        customer_id
        for customer_id, (_, _, numbered) in known.items()
        if not numbered and now_numbered[customer_id]
    ]


_KEY_OWNERS = (
    ("SELECT customer_pk FROM addresses WHERE address_id IN ({})", "addresses", 0),
    ("SELECT customer_pk FROM loyalty_cards WHERE card_number IN ({})", "cards", 0),
    ("SELECT id FROM customers WHERE account_number IN ({})", "customers", 2),
)


def _displaced(conn: sqlite3.Connection, rows: CustomerRows) -> list[tuple[int]]:
    """Customers outside this batch holding one of its unique keys (through the unique
    indexes: not during a bulk load, which merges such clashes at its end)."""
    ours = {row[0] for row in rows.customers}
    found: set[int] = set()
    for sql, attribute, column in _KEY_OWNERS:
        keys = [r[column] for r in getattr(rows, attribute) if r[column]]
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            found.update(pk for (pk,) in conn.execute(sql.format(",".join("?" * len(chunk))),
                                                      chunk))  # fmt: skip
    return [(pk,) for pk in sorted(found - ours)]


def build_search_backlog(conn: sqlite3.Connection, chunk: int) -> int:
    """Index up to `chunk` backlog entries (inside the caller's transaction): with the
    terms the entry carries, or ('') generated from the customer's rows."""
    rows = conn.execute(
        "SELECT max(customer_pk), count(*) FROM (SELECT customer_pk FROM search_backlog "
        "ORDER BY customer_pk LIMIT ?)",
        (chunk,),
    ).fetchone()
    last, count = rows
    if not count:
        return 0
    conn.execute(
        "INSERT INTO customer_search (rowid, terms) SELECT customer_pk, terms "
        "FROM search_backlog b WHERE customer_pk <= ? AND terms != '' "
        "AND EXISTS (SELECT 1 FROM customers c WHERE c.id = b.customer_pk)",
        (last,),
    )
    conn.execute(
        "INSERT INTO customer_search (rowid, terms) SELECT id, terms FROM customer_terms "
        "WHERE id IN (SELECT customer_pk FROM search_backlog WHERE customer_pk <= ? "
        "AND terms = '')",
        (last,),
    )
    conn.execute("DELETE FROM search_backlog WHERE customer_pk <= ?", (last,))
    return int(count)


# The unique indexes a bulk load drops and builds again at its end (migration 0006).
UNIQUE_INDEXES = {
    "ux_customers_customer_id": "customers.customer_id",
    "ux_customers_account_number": "customers.account_number",
    "ux_addresses_address_id": "addresses.address_id",
    "ux_loyalty_cards_card_number": "loyalty_cards.card_number",
}


def create_unique_index(conn: sqlite3.Connection, name: str) -> int:
    """Build one of `UNIQUE_INDEXES` (inside the caller's transaction), merging away the
    duplicates a bulk load let in first if there are any. Returns the rows removed."""
    table, column = UNIQUE_INDEXES[name].split(".")
    create = f"CREATE UNIQUE INDEX IF NOT EXISTS {name} ON {table} ({column})"
    conn.execute("SAVEPOINT unique_index")
    try:
        conn.execute(create)
    except sqlite3.IntegrityError:
        conn.execute("ROLLBACK TO unique_index")
        removed = merge_duplicates(conn, UNIQUE_INDEXES[name])
        conn.execute(create)
    else:
        removed = 0
    conn.execute("RELEASE unique_index")
    return removed


# -- the end of a bulk load: what the unique indexes would have refused, merged away -----

_KEPT_COLUMNS = tuple(c for c in CUSTOMER_COLUMNS if c not in ("id", "origin"))


def merge_duplicates(conn: sqlite3.Connection, key: str) -> int:
    """Make `key` unique again after a bulk load, as the feed's replace would have.

    customer_id: the customer's first row (its rowid, origin, local references) takes the
    data, children and search terms of its latest version; the others go. Any other key
    (account or card number, address id): the latest row holding it wins, as with
    INSERT OR REPLACE. Returns the rows removed.
    """
    if key == "customers.customer_id":
        return _merge_customers(conn)
    table, column = key.split(".")
    if table == "customers":  # another customer took this account number later
        losers = [(pk,) for (pk,) in conn.execute(
            f"SELECT c.id FROM customers c JOIN (SELECT {column} k, max(id) m FROM customers "
            f"WHERE {column} IS NOT NULL GROUP BY {column} HAVING count(*) > 1) d "
            f"ON c.{column} = d.k AND c.id < d.m")]  # fmt: skip
        drop_customers(conn.executemany, losers)
        return len(losers)
    losing_rows = (
        f"SELECT t.rowid, t.customer_pk FROM {table} t JOIN (SELECT {column} k, "
        f"max(rowid) m FROM {table} GROUP BY {column} HAVING count(*) > 1) d "
        f"ON t.{column} = d.k AND t.rowid < d.m"
    )
    lost = conn.execute(losing_rows).fetchall()
    owners = [(pk,) for pk in sorted({pk for _, pk in lost})]
    unindex(conn.executemany, owners)  # their terms lose this address or card
    conn.executemany(f"DELETE FROM {table} WHERE rowid = ?", [(r,) for r, _ in lost])
    return len(lost)


def _merge_customers(conn: sqlite3.Connection) -> int:
    groups = conn.execute(
        "SELECT group_concat(id) FROM (SELECT customer_id, id FROM customers ORDER BY id) "
        "GROUP BY customer_id HAVING count(*) > 1"
    ).fetchall()
    removed = 0
    columns = ", ".join(_KEPT_COLUMNS)
    for (ids_text,) in groups:
        ids = sorted(int(x) for x in ids_text.split(","))
        keep, latest, others = ids[0], ids[-1], ids[1:]
        # Every version's search entry goes while its rows are still as indexed.
        unindex(conn.executemany, [(pk,) for pk in ids])
        forget(conn.executemany, [(keep,)])
        conn.execute(
            f"UPDATE customers SET ({columns}) = (SELECT {columns} FROM customers "
            "WHERE id = ?) WHERE id = ?",
            (latest, keep),
        )
        for table in CHILD_TABLES:
            conn.execute(f"UPDATE {table} SET customer_pk = ? WHERE customer_pk = ?",
                         (keep, latest))  # fmt: skip
        drop_customers(conn.executemany, [(pk,) for pk in others])
        removed += len(others)  # `keep` stays in the backlog, indexed from its rows
    return removed
