"""Apply a page of customers from HQ's change feed, fast enough for a first population.

Works on the JSON dicts straight into SQLite (executemany), with no ORM objects in
between: a fresh terminal may pull a million customers. Existing rows keep their rowid,
so a pending customer that comes back with its account number stays the same record
and every local reference to it holds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import orjson

from .search_terms import SearchDocument

CUSTOMER_COLUMNS = (
    "id", "customer_id", "account_number", "state", "rejection_reason", "origin",
    "customer_type", "title", "first_name", "middle_name", "last_name", "organization_name",
    "email", "phone", "customer_group", "currency", "language", "receipt_option",
    "receipt_email", "affiliations", "financial_dimensions", "version", "store_id",
    "created_at", "updated_at",
)  # fmt: skip
INSERT_CUSTOMER = (
    f"INSERT OR REPLACE INTO customers ({', '.join(CUSTOMER_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(CUSTOMER_COLUMNS))})"
)
INSERT_ADDRESS = (
    "INSERT OR REPLACE INTO addresses (address_id, customer_pk, position, purpose, street, "
    "city, state, zip, country, contact_name, contact_phone, is_primary, sync_state) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'synced')"
)
INSERT_CONTACT = (
    "INSERT INTO contacts (customer_pk, kind, value, marketing_consent, is_primary) "
    "VALUES (?, ?, ?, ?, ?)"
)
INSERT_ATTRIBUTE = "INSERT INTO customer_attributes (customer_pk, name, value) VALUES (?, ?, ?)"
INSERT_CARD = "INSERT OR REPLACE INTO loyalty_cards (card_number, customer_pk) VALUES (?, ?)"
INSERT_TERMS = "INSERT INTO customer_search (rowid, terms) VALUES (?, ?)"
INSERT_BACKLOG = "INSERT OR REPLACE INTO search_backlog (customer_pk, terms) VALUES (?, ?)"
CHILD_TABLES = ("addresses", "contacts", "customer_attributes", "loyalty_cards")
CHUNK = 500


def _sql_datetime(value: Any) -> str | None:
    """ISO 8601 from HQ -> the naive-UTC text SQLAlchemy's SQLite DateTime reads."""
    if not value:
        return None
    if isinstance(value, str) and len(value) == 27 and value[10] == "T" and value[26] == "Z":
        return f"{value[:10]} {value[11:26]}"  # HQ's own form: 2025-04-14T21:33:43.767907Z
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed.strftime("%Y-%m-%d %H:%M:%S.%f")


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


def _s(value: Any) -> str:
    return "" if value is None else str(value)


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


def document(c: dict[str, Any]) -> SearchDocument:
    addresses = c.get("addresses") or []
    contacts = c.get("contacts") or []
    return SearchDocument(
        names=(
            _s(c.get("first_name")),
            _s(c.get("middle_name")),
            _s(c.get("last_name")),
            _s(c.get("organization_name")),
        ),
        emails=[_s(c.get("email"))]
        + [_s(x.get("value")) for x in contacts if x.get("kind") == "email"],
        phones=[_s(c.get("phone"))]
        + [_s(x.get("value")) for x in contacts if x.get("kind") == "phone"],
        codes=[_s(c.get("account_number"))]
        + [_s(card) for card in c.get("loyalty_cards") or []]
        + [_s(a.get("zip")) for a in addresses],
        places=[_s(a.get("street")) for a in addresses] + [_s(a.get("city")) for a in addresses],
    )


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
    if known:
        pks = [(pk,) for pk, _, _ in known.values()]
        for table in CHILD_TABLES:
            conn.executemany(f"DELETE FROM {table} WHERE customer_pk = ?", pks)
        # A customer is either indexed or in the backlog, never both.
        conn.executemany("DELETE FROM customer_search WHERE rowid = ?", pks)
        conn.executemany("DELETE FROM search_backlog WHERE customer_pk = ?", pks)
    next_pk = (conn.execute("SELECT coalesce(max(id), 0) FROM customers").fetchone()[0]) + 1
    customer_rows, address_rows, contact_rows, attribute_rows, card_rows, term_rows = (
        [],
        [],
        [],
        [],
        [],
        [],
    )
    for customer_id, c in latest.items():
        pk, row_origin, _ = known.get(customer_id, (0, origin, False))
        if not pk:
            pk = next_pk
            next_pk += 1
        account = c.get("account_number") or None
        customer_rows.append((
            pk, customer_id, account, "synced" if account else _s(c.get("state") or "pending"),
            "", row_origin,
            _s(c.get("customer_type") or "person"), _s(c.get("title")),
            _s(c.get("first_name")), _s(c.get("middle_name")), _s(c.get("last_name")),
            _s(c.get("organization_name")), _s(c.get("email")), _s(c.get("phone")),
            _s(c.get("customer_group")), _s(c.get("currency")), _s(c.get("language")),
            _s(c.get("receipt_option") or "print"), _s(c.get("receipt_email")),
            _json(c.get("affiliations") or []),
            _json(c.get("financial_dimensions") or {}),
            int(c.get("version") or 0), _s(c.get("store_id")),
            _sql_datetime(c.get("created_at")), _sql_datetime(c.get("updated_at")),
        ))  # fmt: skip
        for position, a in enumerate(c.get("addresses") or []):
            address_rows.append((
                _s(a.get("address_id")), pk, position, _s(a.get("purpose") or "home"),
                _s(a.get("street")), _s(a.get("city")), _s(a.get("state")), _s(a.get("zip")),
                _s(a.get("country")), _s(a.get("contact_name")), _s(a.get("contact_phone")),
                bool(a.get("is_primary")),
            ))  # fmt: skip
        for x in c.get("contacts") or []:
            contact_rows.append(
                (pk, _s(x.get("kind")), _s(x.get("value")), bool(x.get("marketing_consent")),
                 bool(x.get("is_primary")))
            )  # fmt: skip
        for name, value in (c.get("attributes") or {}).items():
            attribute_rows.append((pk, str(name), _json(value)))
        for card in c.get("loyalty_cards") or []:
            number = card.get("card_number") if isinstance(card, dict) else card
            card_rows.append((_s(number), pk))
        term_rows.append((pk, document(c).terms()))
    conn.executemany(INSERT_CUSTOMER, customer_rows)
    conn.executemany(INSERT_ADDRESS, address_rows)
    conn.executemany(INSERT_CONTACT, contact_rows)
    conn.executemany(INSERT_ATTRIBUTE, attribute_rows)
    conn.executemany(INSERT_CARD, card_rows)
    conn.executemany(INSERT_BACKLOG if defer_index else INSERT_TERMS, term_rows)
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
