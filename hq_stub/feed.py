"""The customer change feed (``GET /api/v1/customers/changes``) and its cursor.

Mechanism — why the cursor never skips a change
-----------------------------------------------
Every transaction that creates or changes a customer stamps the row with a new
``customers.feed_seq`` from :func:`allocate`, inside that same transaction. The cursor
handed to a terminal is simply the highest ``feed_seq`` of its store it has received,
and a page is ``WHERE store_id = ? AND feed_seq > :after ORDER BY feed_seq LIMIT n`` in
one statement (one snapshot).

A plain autoincrement id or a timestamp is unsafe: T1 takes id 5, T2 takes id 6, T2
commits, a reader returns 6 and moves its cursor to 6, then T1 commits 5 — skipped for
ever. What makes it safe here is a lock **per store**, taken before the sequence and held
until commit or rollback:

* PostgreSQL: ``pg_advisory_xact_lock(FEED_LOCK, hashtext(store_id))`` for each store the
  transaction writes (in key order, so two transactions never deadlock on them), then
  ``nextval('hq_feed_seq')``. SQLite: every write transaction is serialised
  (``BEGIN IMMEDIATE``) and the ``feed`` counter row is advanced inside it.
* Two writers of the same store: the second one's lock waits until the first has
  committed, and only then takes its sequence, so within one store sequence order is
  commit order. When a reader's snapshot contains sequence ``s`` of store S, every
  transaction that holds a smaller sequence of S has already committed (or rolled back:
  a harmless gap) and is in the same snapshot. A page that returns ``s`` has returned
  everything of S below it; moving the cursor to ``s`` is safe.
* Writers of different stores never wait for each other (the sequence is
  non-transactional and the locks differ), so a chain's stores write in parallel; a
  store's cursor may jump over values other stores took — gaps are allowed, as for a
  rollback. (Two stores whose ids hash to the same key merely share a lock.)
* A customer changed again simply moves to a higher ``feed_seq``; the feed delivers its
  latest state (each change is delivered; intermediate states may be coalesced).

Lock order: a transaction takes its store locks before any row lock it may wait for
(:func:`lock_stores` first, e.g. the job before it locks staged rows), and the sequence
never waits. ``tests/hq/test_hq_feed_cursor.py`` interleaves writers (one paused between
taking its sequence and committing, another store writing meanwhile) with readers that
follow the cursor, and checks that nothing is skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import orjson
from sqlalchemy import bindparam, select, text
from sqlalchemy.engine import Connection

from hq_stub import strictjson
from hq_stub.db import Database, customers, take_numbers
from hq_stub.errors import HQError

log = logging.getLogger("hq_stub")

MAX_LIMIT = 1000
RAW_LIMIT = 65_536  # characters of a damaged record's stored text served for quarantine
DAMAGED_MESSAGE = ("HQ holds this customer in a damaged form (not strict JSON); it is "
                   "served only so a terminal can set it aside. An HQ administrator must "
                   "repair it.")

# Test hook: called with the connection after the feed sequence has been allocated and
# before the transaction commits. Lets tests hold a writer "in flight".
_after_allocate_hook = None


# First key of the per-store feed locks (pg_advisory_xact_lock(int, int)): "FEED".
FEED_LOCK = 0x46454544
_LOCK_STORE = text("SELECT pg_advisory_xact_lock(:cls, :key)")
_STORE_KEYS = text("SELECT DISTINCT hashtext(s) AS k FROM unnest(CAST(:ids AS text[])) "
                   "AS s ORDER BY k")


def lock_stores(conn: Connection, store_ids: str | Iterable[str]) -> None:
    """Take the feed lock of each store (PostgreSQL; held until the transaction ends, a
    no-op when already held). Call it before any row lock the transaction may wait on."""
    if conn.dialect.name != "postgresql":
        return  # SQLite: the whole write transaction is serialised
    ids = [store_ids] if isinstance(store_ids, str) else sorted(set(store_ids))
    if not ids:
        return
    keys = conn.execute(_STORE_KEYS, {"ids": ids}).scalars().all()
    for key in keys:
        conn.execute(_LOCK_STORE, {"cls": FEED_LOCK, "key": key})


def allocate(conn: Connection, store_ids: str | Iterable[str], n: int = 1) -> list[int]:
    """Reserve ``n`` feed sequences (increasing) inside the writing transaction of
    changes to the customers of ``store_ids``, after taking those stores' locks."""
    lock_stores(conn, store_ids)
    seqs = take_numbers(conn, "feed", n)
    conn.info["hq_feed_seqs"] = seqs  # what the test hook looks at
    return seqs


def run_after_allocate_hook(conn: Connection) -> None:
    hook = _after_allocate_hook
    if hook is not None:
        hook(conn)


def parse_cursor(after: str | None) -> int:
    if after in (None, ""):
        return 0
    if not after.isdigit() or len(after) > 18:
        raise ValueError("cursor must be a value returned in 'next'")
    return int(after)


_PAGE = (
    select(customers.c.feed_seq, customers.c.doc, customers.c.customer_id,
           customers.c.account_number, customers.c.store_id, customers.c.version)
    .where(customers.c.store_id == bindparam("store_id"),
           customers.c.feed_seq > bindparam("after"))
    .order_by(customers.c.feed_seq)
    .limit(bindparam("n"))
)


def damaged_record(row: Any) -> dict[str, Any]:
    """What the feed serves in place of a stored document that is not strict JSON (an
    older HQ wrote it, or it was planted in the database): the customer's identity from
    the row's own columns, ``"state": "damaged"`` and ``damaged: {code, message, raw}``
    (the stored text, bounded and with invalid Unicode replaced, inside a JSON string).
    The page stays valid JSON and moves on; a terminal quarantines this one record."""
    log.warning("feed: stored customer %s (feed_seq %s) is not strict JSON; served as a "
                "damaged record", row.customer_id, row.feed_seq)
    return {"customer_id": row.customer_id, "account_number": row.account_number,
            "store_id": row.store_id, "version": row.version, "state": "damaged",
            "damaged": {"code": "damaged_record", "message": DAMAGED_MESSAGE,
                        "raw": strictjson.clean_text(str(row.doc)[:RAW_LIMIT])}}


def _servable(text: Any) -> bool:
    """A stored document is served as it is only if it is a strict JSON object."""
    try:
        return isinstance(orjson.loads(text), dict)
    except (orjson.JSONDecodeError, TypeError):
        return False


def _page(conn: Connection, store_id: str, after: int,
          limit: int) -> tuple[list[str], str, bool]:
    """(stored documents, next cursor, has_more) of one page, in one statement.

    Served by ``ix_customers_store_feed (store_id, feed_seq)``: an index range scan in
    feed order plus one row lookup per customer (rows are stored in feed order by bulk
    loads and mostly by normal writes, so the lookups are local)."""
    rows = conn.execute(_PAGE, {"store_id": store_id, "after": after,
                                "n": limit + 1}).all()
    has_more = len(rows) > limit
    if has_more:
        rows = rows[:limit]
    next_cursor = rows[-1][0] if rows else after
    docs = [r.doc if _servable(r.doc) else strictjson.dumps(damaged_record(r))
            for r in rows]
    return docs, str(next_cursor), has_more


def read_changes(conn: Connection, store_id: str, after: int,
                 limit: int) -> dict[str, Any]:
    docs, next_cursor, has_more = _page(conn, store_id, after, limit)
    return {"changes": [orjson.loads(d) for d in docs], "next": next_cursor,
            "has_more": has_more}


def read_changes_json(conn: Connection, store_id: str, after: int, limit: int) -> bytes:
    """The same page as :func:`read_changes`, as the JSON response body.

    The stored documents already are compact JSON objects (written by
    :func:`hq_stub.strictjson.dumps`), so the body is concatenated from them without
    re-encoding anything: each is only checked with orjson (a few microseconds), and one
    that is not strict JSON is replaced by :func:`damaged_record`, so the page is always
    valid JSON whatever a row holds.
    """
    docs, next_cursor, has_more = _page(conn, store_id, after, limit)
    return (f'{{"changes":[{",".join(docs)}],"next":"{next_cursor}",'
            f'"has_more":{"true" if has_more else "false"}}}').encode()


class ChangeFeed:
    """The change feed of one store as the API serves it (a bad cursor is a 400)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def changes(self, store_id: str, after: str | None, limit: int) -> dict[str, Any]:
        cursor = _cursor(after)
        with self.db.read() as conn:
            return read_changes(conn, store_id, cursor, limit)

    def changes_json(self, store_id: str, after: str | None, limit: int) -> bytes:
        """:meth:`changes` as the ready JSON body (what the HTTP endpoint serves)."""
        cursor = _cursor(after)
        with self.db.read() as conn:
            return read_changes_json(conn, store_id, cursor, limit)


def _cursor(after: str | None) -> int:
    try:
        return parse_cursor(after)
    except ValueError as exc:
        raise HQError(400, "bad_cursor", str(exc)) from None
