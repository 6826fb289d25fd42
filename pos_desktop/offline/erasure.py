"""Erasure at the terminal (issue 16): HQ erased a customer (right to be forgotten) and
its change feed says so with a tombstone (``"state": "erased"``). Every copy this
terminal holds goes, and leaves no bytes behind in the data dir:

* `purge_customers` deletes, inside the feed page's transaction, the customer row, its
  addresses, contacts, attributes, loyalty links, search entry (or backlog entry), its
  outbox entries (a pending upload, a queued address or edit) and quarantined copies.
  The store's connections run with ``PRAGMA secure_delete=ON`` (`db.make_engine`), so
  SQLite overwrites the deleted cells and freed pages with zeros;
* `scrub` then merges the full-text index into one segment (FTS5 ``optimize``: the
  segments that still listed the deleted terms are dropped, their pages zeroed),
  checkpoints the WAL into the database and truncates it to zero bytes (the WAL holds
  old page images), and deletes the migration backups (``pos.db.before-*.bak``), which
  were copies of the database as it was and would bring the customer back.

`anonymise_rejected` is the other way HQ tells a terminal: a customer still pending
here that HQ had erased by its id is refused on upload with the reason code
``customer_erased``. The row stays, so the worklist can show that reason, with every
personal field emptied and its children, search entry and outbox entries gone.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .mapping import DIMENSIONS_ID, INSERT_DIMENSIONS, drop_customers, forget, reindex

log = logging.getLogger(__name__)

ERASED_STATE = "erased"
ERASED_CODE = "customer_erased"
PERSONAL_COLUMNS = (
    "title", "first_name", "middle_name", "last_name", "organization_name", "email",
    "phone", "receipt_email", "created_by_name",
)  # fmt: skip
BACKUP_GLOB = "before-*.bak"
# How long a migration backup may be kept at most (days); it goes earlier, at the first
# successful sync after the migration (the migrated database works) or at a purge.
BACKUP_DAYS_ENV = "POS_DESKTOP_BACKUP_DAYS"
DEFAULT_BACKUP_DAYS = 30.0


def backup_retention_days() -> float:
    """The retention setting (`POS_DESKTOP_BACKUP_DAYS`, default 30; bad values: 30)."""
    try:
        days = float(os.environ.get(BACKUP_DAYS_ENV, DEFAULT_BACKUP_DAYS))
    except ValueError:
        return DEFAULT_BACKUP_DAYS
    return days if days >= 0 else DEFAULT_BACKUP_DAYS


def expired_backups(db_path: Path) -> list[Path]:
    """Migration backups older than the retention setting."""
    limit = time.time() - backup_retention_days() * 86400
    return [p for p in migration_backups(db_path) if p.stat().st_mtime < limit]


def erased_ids(records: Sequence[Any]) -> list[str]:
    """The customer_ids of the erasure records (tombstones) of a feed page."""
    return [
        c["customer_id"] for c in records
        if isinstance(c, dict) and c.get("state") == ERASED_STATE
        and isinstance(c.get("customer_id"), str)
    ]  # fmt: skip


def _pks(raw: sqlite3.Connection, customer_ids: Sequence[str]) -> list[tuple[int]]:
    out: list[tuple[int]] = []
    for cid in customer_ids:
        out += raw.execute("SELECT id FROM customers WHERE customer_id = ?", (cid,)).fetchall()
    return out


def _forget(raw: sqlite3.Connection, pks: list[tuple[int]], ids: list[tuple[str]]) -> None:
    forget(raw.executemany, pks)  # the search entry first, while the rows are as indexed
    raw.executemany("DELETE FROM outbox WHERE customer_id = ?", ids)
    raw.executemany("DELETE FROM feed_quarantine WHERE customer_id = ?", ids)


def purge_customers(raw: sqlite3.Connection, customer_ids: Sequence[str]) -> int:
    """Delete every copy of these customers (inside the caller's transaction); returns
    how many customer rows there were."""
    pks = _pks(raw, customer_ids)
    ids = [(cid,) for cid in customer_ids]
    _forget(raw, pks, ids)
    drop_customers(raw.executemany, pks)
    return len(pks)


def anonymise_rejected(raw: sqlite3.Connection, customer_id: str) -> bool:
    """Empty a pending customer HQ refused as erased; the row and its reason stay."""
    pks = _pks(raw, [customer_id])
    if not pks:
        return False
    _forget(raw, pks, [(customer_id,)])
    blank = ", ".join(f"{c} = ''" for c in PERSONAL_COLUMNS)
    raw.execute(INSERT_DIMENSIONS, ("{}",))
    raw.execute(
        f"UPDATE customers SET {blank}, affiliations = '[]', "
        f"financial_dimensions = {DIMENSIONS_ID} WHERE id = ?",
        ("{}", *pks[0]),
    )
    reindex(raw.executemany, pks)  # what is left of it (a customer is always indexed)
    return True


def optimize_search(raw: sqlite3.Connection) -> None:
    """Merge the full-text index into one segment, dropping deleted entries."""
    raw.execute("INSERT INTO customer_search (customer_search) VALUES ('optimize')")


def truncate_wal(raw: sqlite3.Connection) -> bool:
    """Checkpoint the WAL into the database and truncate it; False when a reader kept
    part of it (the next scrub tries again)."""
    busy, _, _ = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy


def migration_backups(db_path: Path) -> list[Path]:
    return sorted(db_path.parent.glob(f"{db_path.name}.{BACKUP_GLOB}"))


def remove_backups(db_path: Path, *, older_than: float | None = None) -> list[Path]:
    """Delete the migration backups (those last changed before `older_than`, a POSIX
    time, when given). Returns what was deleted."""
    removed = []
    for path in migration_backups(db_path):
        try:
            if older_than is None or path.stat().st_mtime < older_than:
                path.unlink()
                removed.append(path)
        except OSError as exc:
            log.warning("could not delete the migration backup %s: %s", path.name, exc)
    return removed
