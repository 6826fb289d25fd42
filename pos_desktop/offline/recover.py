"""`pos-desktop recover`: a damaged or lost terminal database, put right.

1. The damaged file (with its -wal/-shm) is moved aside, timestamped, and kept.
2. What is readable is salvaged: with SQLite's own ``.recover`` (the ``sqlite3`` command
   line program) when it is installed, else row by row in Python, skipping unreadable
   pages. What matters first: our customers HQ does not have yet (pending, rejected),
   their addresses, contacts and attributes, and the outbox; then the store
   configuration and the install id (the keyring key of the device token).
3. A fresh database gets them back, pending customers re-queued with their **same**
   customer_id (HQ stores each once, whatever it already received); the feed cursor
   starts again, so the next sync downloads HQ's customers anew.

Every step is reported: what was saved and what could not be.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from pos_desktop.domain.codec import customer_from_json

from .db import DB_FILENAME
from .health import integrity_check, newest_backup, read_marker
from .mapping import INDEX_ALL_FROM_ROWS, INSERT_DIMENSIONS, SEARCH_DELETE_ALL
from .store import OfflineStore

log = logging.getLogger(__name__)

LOCAL_STATES = ("pending", "rejected")
CHILD_TABLES = ("addresses", "contacts", "customer_attributes")
RECOVER_TIMEOUT_S = 3600.0
MAX_SKIP = 1 << 40


@dataclass
class RecoveryReport:
    damaged_file: str | None = None
    method: str = "none"
    saved: dict[str, int] = field(default_factory=dict)
    not_saved: list[str] = field(default_factory=list)
    store_config: bool = False
    newest_backup: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class NothingToRecover(Exception):
    pass


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def move_aside(db_path: Path) -> Path | None:
    """pos.db (+ -wal, -shm) -> pos.db.damaged-STAMP (+ -wal, -shm); None if absent."""
    if not db_path.exists():
        for suffix in ("-wal", "-shm"):
            db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
        return None
    target = db_path.with_name(f"{db_path.name}.damaged-{_stamp()}")
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    db_path.rename(target)
    return target


# -- reading what can be read -------------------------------------------------------------


def _sqlite_recover(damaged: Path, workdir: Path) -> Path | None:
    """``sqlite3 DAMAGED .recover | sqlite3 SALVAGE``; None if the program is missing."""
    program = shutil.which("sqlite3")
    if program is None:
        return None
    salvage = workdir / "salvage.db"
    try:
        dump = subprocess.Popen([program, str(damaged), ".recover"], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)  # fmt: skip
        load = subprocess.run([program, str(salvage)], stdin=dump.stdout,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              timeout=RECOVER_TIMEOUT_S, check=False)  # fmt: skip
        assert dump.stdout is not None
        dump.stdout.close()
        dump.wait(timeout=RECOVER_TIMEOUT_S)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("sqlite3 .recover failed: %s", exc)
        return None
    if not salvage.exists():
        return None
    # Some builds (Debian's 3.40 CLI on the system library) lack the sqlite_dbpage table
    # .recover reads: it then writes nothing usable. Fall back to reading row by row.
    try:
        conn = sqlite3.connect(f"{salvage.resolve().as_uri()}?mode=ro", uri=True)
        try:
            usable = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE name IN ('customers', 'outbox')"
            ).fetchone()[0] == 2
        finally:
            conn.close()
    except sqlite3.Error:
        usable = False
    if not usable:
        log.warning("sqlite3 .recover gave nothing usable (exit %s); reading row by row",
                    load.returncode)  # fmt: skip
        return None
    return salvage


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    try:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    except sqlite3.DatabaseError:
        return []


def order_key(conn: sqlite3.Connection, table: str) -> list[str]:
    """The columns rows are read in order of: the rowid, or the primary key of a
    WITHOUT ROWID table (customer_attributes since migration 0008), which has none."""
    try:
        found = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
        if found is None or "WITHOUT ROWID" not in str(found[0]).upper():
            return ["rowid"]
        info = conn.execute(f"PRAGMA table_info({table})").fetchall()
    except sqlite3.DatabaseError:
        return ["rowid"]
    return [name for _, name in sorted((r[5], r[1]) for r in info if r[5])] or ["rowid"]


def read_table(
    conn: sqlite3.Connection,
    table: str,
    columns: list[str],
    keep: Callable[[dict[str, Any]], bool] = lambda _row: True,
) -> tuple[list[dict[str, Any]], bool]:
    """The readable rows `keep` wants (as dicts of `columns`), and whether some rows
    could not be read.

    A whole-table scan first; where it breaks, row by row by key (`order_key`), jumping
    over unreadable stretches (doubling the jump) until the end of the table. Only kept
    rows stay in memory (a million HQ customers are downloaded again, not salvaged).
    """
    key = order_key(conn, table)
    n = len(key)
    keys = ", ".join(key)
    select = f"SELECT {keys}, {', '.join(columns)} FROM {table}"
    rows: list[dict[str, Any]] = []
    last: tuple[Any, ...] | None = None
    try:
        for row in conn.execute(f"{select} ORDER BY {keys}"):
            last = tuple(row[:n])
            record = dict(zip(columns, row[n:], strict=True))
            if keep(record):
                rows.append(record)
        return rows, False
    except sqlite3.DatabaseError:
        pass
    after: tuple[Any, ...] = last if last is not None else (0, *[""] * (n - 1))
    after_key = f"WHERE ({keys}) > ({', '.join('?' * n)}) ORDER BY {keys} LIMIT 1"
    jump = 1
    while after[0] < MAX_SKIP:
        try:
            row = conn.execute(f"{select} {after_key}", after).fetchone()
        except sqlite3.DatabaseError:
            after, jump = (after[0] + jump, *after[1:]), jump * 2
            continue
        if row is None:
            # Nothing readable after `after` on this path; try further ahead a little.
            if jump > 1 << 20:
                break
            after, jump = (after[0] + jump, *after[1:]), jump * 2
            continue
        record = dict(zip(columns, row[n:], strict=True))
        if keep(record):
            rows.append(record)
        after = tuple(row[:n])
        jump = 1
    return rows, True


# -- the recovery -------------------------------------------------------------------------


def recover(data_dir: Path, *, force: bool = False) -> RecoveryReport:
    """Move the database aside, salvage it into a fresh one. HQ's data comes back on the
    next sync (the caller runs it). Raises NothingToRecover for a sound database."""
    db_path = data_dir / DB_FILENAME
    report = RecoveryReport()
    backup = newest_backup(db_path)
    report.newest_backup = str(backup) if backup else None
    present = db_path.exists() and db_path.stat().st_size > 0
    if present and not force:
        problem = integrity_check(db_path)
        if problem is None:
            raise NothingToRecover(
                f"the database {db_path} passes SQLite's integrity check: nothing to recover "
                "(use --force to rebuild it anyway)"
            )
    damaged = move_aside(db_path)
    report.damaged_file = str(damaged) if damaged else None
    marker = read_marker(data_dir) or {}
    with tempfile.TemporaryDirectory(prefix="pos-recover-", dir=data_dir) as tmp:
        tables: dict[str, list[dict[str, Any]]] = {}
        if damaged is not None and damaged.stat().st_size > 0:
            tables = _salvage(damaged, Path(tmp), report)
        else:
            report.not_saved.append(
                "the database file was missing or empty: nothing could be read from it"
                + (f"; an older copy is {backup}" if backup else "")
            )
        store = OfflineStore(data_dir, check=False)
        try:
            _restore(store, tables, marker, report)
        finally:
            store.close()
    log.warning("recovered the terminal database: %s", report.as_dict())
    return report


def _salvage(
    damaged: Path, workdir: Path, report: RecoveryReport
) -> dict[str, list[dict[str, Any]]]:
    source = _sqlite_recover(damaged, workdir)
    report.method = "sqlite3 .recover" if source is not None else "row by row"
    path = source or damaged
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        report.not_saved.append(f"{path} cannot be opened at all ({exc})")
        return {}
    tables: dict[str, list[dict[str, Any]]] = {}
    local_pks: set[Any] = set()

    def ours(row: dict[str, Any]) -> bool:
        return row.get("account_number") is None and row.get("state") in LOCAL_STATES

    keep: dict[str, Callable[[dict[str, Any]], bool]] = {
        "customers": ours,
        **{t: (lambda row: row.get("customer_pk") in local_pks) for t in CHILD_TABLES},
        "outbox": lambda row: row.get("state") != "done",
    }
    try:
        for table in ("dimension_sets", "customers", *CHILD_TABLES, "outbox", "store_config",
                      "sync_state"):  # fmt: skip
            columns = _columns(conn, table)
            if not columns:
                report.not_saved.append(f"table {table}: not readable")
                continue
            rows, partial = read_table(conn, table, columns, keep.get(table, lambda _r: True))
            tables[table] = rows
            if table == "customers":
                local_pks.update(r.get("id") for r in rows)
            if partial:
                note = (" (HQ's customers among them come back with the download; ours "
                        "are rebuilt from the outbox where it was readable)"
                        if table == "customers" else "")  # fmt: skip
                report.not_saved.append(f"table {table}: some rows were unreadable{note}")
        if source is not None:
            try:
                lost = conn.execute("SELECT count(*) FROM lost_and_found").fetchone()[0]
            except sqlite3.DatabaseError:
                lost = 0
            if lost:
                report.not_saved.append(
                    f"{lost} rows could not be attributed to a table (kept in {damaged})"
                )
    finally:
        conn.close()
    return tables


def _insert(raw: Any, table: str, rows: list[dict[str, Any]], allowed: set[str]) -> int:
    done = 0
    for row in rows:
        columns = [c for c in row if c in allowed]
        try:
            raw.execute(
                f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})",
                [row[c] for c in columns],
            )
            done += 1
        except sqlite3.DatabaseError as exc:
            log.warning("recover: a %s row could not be restored: %s", table, exc)
    return done


def _restore(
    store: OfflineStore,
    tables: dict[str, list[dict[str, Any]]],
    marker: dict[str, Any],
    report: RecoveryReport,
) -> None:
    state = {str(r.get("key")): r.get("value") for r in tables.get("sync_state", [])}
    install_id = state.get("install_id") or marker.get("install_id")
    if install_id:
        store.set_state("install_id", str(install_id))
    if state.get("ca_bundle"):
        store.set_state("ca_bundle", str(state["ca_bundle"]))
    config_rows = [r for r in tables.get("store_config", []) if r.get("id") == 1]
    local = [
        r for r in tables.get("customers", [])
        if r.get("account_number") is None and r.get("state") in LOCAL_STATES
        and isinstance(r.get("customer_id"), str)
    ]  # fmt: skip
    pks = {r["id"] for r in local}
    outbox = [r for r in tables.get("outbox", []) if r.get("state") != "done"]
    with store.raw_write() as raw:
        restored_tables = ("dimension_sets", "customers", *CHILD_TABLES, "outbox",
                           "store_config")  # fmt: skip
        allowed = {t: set(_columns(raw, t)) for t in restored_tables}
        sets = tables.get("dimension_sets", [])
        _insert(raw, "dimension_sets", sets, allowed["dimension_sets"])  # what rows refer to
        _salvage_dimensions(raw, local, outbox, config_rows, sets, report)
        if config_rows:
            report.store_config = _insert(raw, "store_config", config_rows[:1],
                                          allowed["store_config"]) == 1  # fmt: skip
        restored = _insert(raw, "customers", local, allowed["customers"])
        for table in CHILD_TABLES:
            children = [r for r in tables.get(table, []) if r.get("customer_pk") in pks]
            report.saved[table] = _insert(raw, table, children, allowed[table])
        # Indexed from their rows as restored (the fresh store holds no other customer).
        raw.execute(SEARCH_DELETE_ALL)
        raw.execute(INDEX_ALL_FROM_ROWS)
        for entry in outbox:
            if entry.get("state") == "uploaded":
                entry["state"] = "pending"  # sent again: HQ keeps each customer_id once
        report.saved["outbox"] = _insert(raw, "outbox", outbox, allowed["outbox"])
    by_state = {s: sum(1 for r in local if r.get("state") == s) for s in LOCAL_STATES}
    report.saved["customers"] = restored
    report.saved.update(by_state)
    _requeue(store, local, outbox, report)


def _default_dimensions(config_rows: list[dict[str, Any]]) -> tuple[str, dict[str, str]] | None:
    """The rule that gave a customer made here its financial dimensions (the default
    customer's group's, `domain.defaults`), from the salvaged store configuration:
    (the group's id, its dimensions); None without a readable configuration."""
    from pos_desktop.domain.codec import store_from_json
    from pos_desktop.domain.defaults import default_financial_dimensions

    if not config_rows:
        return None
    try:
        config = config_rows[0].get("config")
        store = store_from_json(config if isinstance(config, dict) else _json(config))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    group = store.default_customer.customer_group if store.default_customer else ""
    return group, default_financial_dimensions(store)


def _queued_dimensions(payload: Any) -> dict[str, str] | None:
    try:
        data = payload if isinstance(payload, dict) else _json(payload)
        value = data["financial_dimensions"]
    except (ValueError, TypeError, KeyError):
        return None
    if not isinstance(value, dict):
        return None
    return {str(k): str(v) for k, v in value.items()}


def _salvage_dimensions(
    raw: Any,
    local: list[dict[str, Any]],
    outbox: list[dict[str, Any]],
    config_rows: list[dict[str, Any]],
    sets: list[dict[str, Any]],
    report: RecoveryReport,
) -> None:
    """Local customers whose `dimension_sets` row was not salvaged get their financial
    dimensions from their queued upload (what HQ is sent), else from the rule that made
    them (the default customer's group); the report names each one not taken from its
    upload, and each left empty because nothing else holds them."""
    salvaged = {r.get("id") for r in sets}
    payloads = {str(e.get("customer_id")): e.get("payload") for e in outbox
                if e.get("kind") == "customer"}
    default = _default_dimensions(config_rows)
    counts = {"dimensions_from_upload": 0, "dimensions_from_default_group": 0}
    for row in local:
        if row.get("financial_dimensions") in salvaged and row.get("financial_dimensions"):
            continue
        customer_id = row["customer_id"]
        dimensions = _queued_dimensions(payloads.get(customer_id))
        if dimensions is not None:
            counts["dimensions_from_upload"] += 1
        elif default is not None:
            dimensions = default[1]
            counts["dimensions_from_default_group"] += 1
            report.not_saved.append(
                f"customer {customer_id}: its financial dimensions were unreadable; the "
                f"default customer's group's ({default[0]}) were given, as at its creation")
        else:
            dimensions = {}
            report.not_saved.append(
                f"customer {customer_id}: its financial dimensions were unreadable and "
                "nothing else holds them (no queued upload, no store configuration): left "
                "empty; set them at HQ")
        value = orjson.dumps(dimensions).decode()
        raw.execute(INSERT_DIMENSIONS, (value,))
        row["financial_dimensions"] = raw.execute(
            "SELECT id FROM dimension_sets WHERE value = ?", (value,)).fetchone()[0]
    report.saved.update({k: v for k, v in counts.items() if v})


def _requeue(
    store: OfflineStore,
    local: list[dict[str, Any]],
    outbox: list[dict[str, Any]],
    report: RecoveryReport,
) -> None:
    """Every salvaged pending customer in the index and queued for upload, same id."""
    queued = {
        str(e.get("customer_id")) for e in outbox if e.get("kind") == "customer"
    }
    rebuilt = 0
    for row in local:
        customer_id = row["customer_id"]
        try:
            customer = store.get_customer(customer_id)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            report.not_saved.append(f"customer {customer_id}: unreadable ({exc})")
            continue
        if customer is None:
            continue
        if row.get("state") == "pending" and customer_id not in queued:
            store.queue_customer(customer)
            rebuilt += 1
    # Outbox entries whose customer row was unreadable: the payload is the customer.
    from_payload = 0
    known = {row["customer_id"] for row in local}
    for entry in outbox:
        if entry.get("kind") != "customer" or entry.get("customer_id") in known:
            continue
        payload = entry.get("payload")
        try:
            data = payload if isinstance(payload, dict) else _json(payload)
            customer = customer_from_json(data)
        except (ValueError, TypeError, KeyError, AttributeError):
            report.not_saved.append(
                f"customer {entry.get('customer_id')}: its queued data is unreadable"
            )
            continue
        if store.get_customer(customer.customer_id) is None:
            store.add_customer(customer, queue_upload=False)
            from_payload += 1
    if rebuilt:
        report.saved["outbox_rebuilt"] = rebuilt
    if from_payload:
        report.saved["customers_from_outbox"] = from_payload


def _json(payload: Any) -> dict[str, Any]:
    import json

    data = json.loads(payload)
    if not isinstance(data, dict):
        raise ValueError("not a customer")
    return data
