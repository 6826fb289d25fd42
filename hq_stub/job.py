"""The async-to-sync job: converts staged customers into customers (account number, feed
sequence) and applies staged addresses to their customers. It runs every
``HQ_ASYNC_JOB_INTERVAL`` seconds (:mod:`hq_stub.server`) and on the admin's demand.

The job validates everything again with the upload's own structural check
(``validation.parse_customer``) plus the store's rules, and rejects a record alone with a
reason; it converts a staged id that meanwhile became a customer (real-time create) into
``converted`` with that customer's account number, never a second customer, and never
converts a staged record into another store's customer.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import IntegrityError

from hq_stub import feed, privacy, strictjson
from hq_stub.changelog import log_changes
from hq_stub.db import (
    Database,
    customers,
    iso,
    staged_addresses,
    staged_customers,
    take_numbers,
    utcnow,
)
from hq_stub.errors import HQError, damaged
from hq_stub.records import account_number, dump_doc, load_doc, param
from hq_stub.schemas import AddressIn
from hq_stub.stores import Stores
from hq_stub.strictjson import NotStrictJSON
from hq_stub.validation import (
    Problems,
    StoreInfo,
    build_doc,
    check_address,
    index_columns,
    normalize_address,
    parse_customer,
    pydantic_problems,
    stored_error,
    validate_customer,
)

log = logging.getLogger("hq_stub")

JOB_BATCH = 500
# pg_advisory_lock key of a job run, shared by every HQ process on the database ("HQJB").
JOB_LOCK = 0x4851_4A42

Key = tuple[datetime, str]  # (received_at, id) of the last staged row a page read

# customer_id -> (attempts when read, validated data or None, rejection reason, store)
Checked = dict[str, tuple[int, dict[str, Any] | None, Problems | None, StoreInfo]]


@dataclass
class _Sorted:
    """What one batch of checked customers does (see :meth:`AsyncJob._write`)."""

    creates: list[tuple[str, dict[str, Any], StoreInfo]] = field(default_factory=list)
    converted: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _AddressRun:
    """One batch of staged addresses: counts, staging updates, customers changed."""

    now: datetime
    applied: int = 0
    rejected: int = 0
    results: list[dict[str, Any]] = field(default_factory=list)
    changed: list[tuple[dict[str, Any], int, StoreInfo, str]] = field(default_factory=list)
    # customer_id -> the results of the addresses this run adds to that customer's doc
    fresh: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def reject(self, address_id: str, reason: str) -> None:
        self.rejected += 1
        self.results.append({"aid": address_id, "p_state": "rejected", "p_error": reason})


class AsyncJob:
    def __init__(self, db: Database, stores: Stores) -> None:
        self.db = db
        self.stores = stores
        self._lock = threading.Lock()
        self.last_run: dict[str, Any] | None = None

    def run(self) -> dict[str, int]:
        """Convert staged customers (and apply staged addresses) now; waits for a run
        in progress anywhere to end first (an admin's run)."""
        result = self._run_alone(wait=True)
        assert result is not None  # waited for the locks
        return result

    def try_run(self) -> dict[str, int] | None:
        """:meth:`run` unless a run is in progress somewhere (then None at once): the
        scheduler's run."""
        return self._run_alone(wait=False)

    def _run_alone(self, *, wait: bool) -> dict[str, int] | None:
        """One run at a time in the whole deployment: per process a thread lock, and on
        PostgreSQL a session advisory lock (:data:`JOB_LOCK`) that every HQ worker
        process takes, so the job runs in exactly one place whichever worker holds it
        (a dead worker's lock goes with its connection). Every batch is one transaction,
        so a process killed mid-run leaves nothing half-converted."""
        if not self._lock.acquire(blocking=wait):
            return None
        try:
            with self._deployment_lock(wait) as held:
                return self._run() if held else None
        finally:
            self._lock.release()

    @contextlib.contextmanager
    def _deployment_lock(self, wait: bool) -> Iterator[bool]:
        if self.db.is_sqlite:  # one process writes a SQLite file; writers serialise
            yield True
            return
        with self.db.write_engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT")
            sql = "SELECT pg_advisory_lock(%s)" if wait else "SELECT pg_try_advisory_lock(%s)"
            held = conn.exec_driver_sql(sql, (JOB_LOCK,)).scalar() is not False
            try:
                yield held
            finally:
                if held:
                    conn.exec_driver_sql("SELECT pg_advisory_unlock(%s)", (JOB_LOCK,))

    def _run(self) -> dict[str, int]:
        started = time.monotonic()
        totals = {"converted": 0, "rejected": 0, "addresses_applied": 0,
                  "addresses_rejected": 0}
        # Each loop pages by key (received_at, id): records left waiting (a staged
        # customer of a store HQ does not know) are stepped over, never read again in the
        # same run, so any number of them cannot stop the records behind.
        after: Key | None = None
        for _ in range(10_000):
            c, r, n, after = self._customers_batch(after)
            totals["converted"] += c
            totals["rejected"] += r
            if n < JOB_BATCH:
                break
        after = None
        for _ in range(1_000):
            a, r, n, after = self._addresses_batch(after)
            totals["addresses_applied"] += a
            totals["addresses_rejected"] += r
            if n < JOB_BATCH:
                break
        if any(totals.values()):
            log.info("async-to-sync job: %s in %.0f ms", totals,
                     (time.monotonic() - started) * 1000)
        self.last_run = {**totals, "finished_at": iso(utcnow())}
        return totals

    # -------------------------------------------------------------- customers
    def _customers_batch(self, after: Key | None) -> tuple[int, int, int, Key | None]:
        """One page of staged customers after the key ``after``: (converted, rejected,
        rows read, the key of the last row read)."""
        t = staged_customers
        with self.db.read() as conn:
            rows = conn.execute(
                select(t.c.customer_id, t.c.store_id, t.c.data, t.c.attempts,
                       t.c.received_at)
                .where(t.c.state == "staged", *_after(t.c.received_at, t.c.customer_id,
                                                      after))
                .order_by(t.c.received_at, t.c.customer_id)
                .limit(JOB_BATCH)).all()
        if not rows:
            return 0, 0, 0, after
        last: Key = (rows[-1].received_at, rows[-1].customer_id)
        # Validate outside the write transaction (pure Python, the slow part).
        results: Checked = {}
        for row in rows:
            try:
                store = self.stores.get(row.store_id)
            except HQError:  # a store HQ does not know (yet): waits, stepped over
                continue
            data, error = _check_staged(row, store)
            results[row.customer_id] = (row.attempts, data, error, store)
        for _ in range(3):
            try:
                return self._write(results) + (len(rows), last)
            except IntegrityError:  # a concurrent real-time create won a race; redo
                continue
        return 0, 0, len(rows), last

    def _write(self, results: Checked) -> tuple[int, int]:
        ids = list(results)
        now = utcnow()
        with self.db.write() as conn:
            # The stores' feed locks before the staged rows' locks (the order a
            # real-time create takes them in; see hq_stub.feed).
            feed.lock_stores(conn, {store.store_id for *_, store in results.values()})
            lock = (select(staged_customers.c.customer_id, staged_customers.c.attempts)
                    .where(staged_customers.c.customer_id.in_(ids),
                           staged_customers.c.state == "staged")
                    .with_for_update(skip_locked=True))
            current = {r.customer_id: r.attempts for r in conn.execute(lock)}
            real = {r.customer_id: r for r in conn.execute(
                select(customers.c.customer_id, customers.c.account_number,
                       customers.c.store_id)
                .where(customers.c.customer_id.in_(ids)))}
            out = _sort_out(results, current, real)
            if out.creates:
                _create(conn, out, now)
            if out.converted:
                conn.execute(update(staged_customers).where(
                    staged_customers.c.customer_id == param("cid")).values(
                    state="converted", account_number=param("acct"), error=None,
                    reasons=None, updated_at=now), out.converted)
            if out.rejected:
                conn.execute(update(staged_customers).where(
                    staged_customers.c.customer_id == param("cid")).values(
                    state="rejected", error=param("p_error"), reasons=param("p_reasons"),
                    updated_at=now), out.rejected)
            if out.creates:
                feed.run_after_allocate_hook(conn)
        return len(out.converted), len(out.rejected)

    # -------------------------------------------------------------- addresses
    def _addresses_batch(self, after: Key | None) -> tuple[int, int, int, Key | None]:
        """One page of staged addresses after the key ``after`` whose customer exists at
        HQ: (applied, rejected, rows read, the key of the last row read). An address
        whose customer is still staged, or was rejected, is not read at all: it waits
        (state ``staged``) until its customer is converted, blocking nothing."""
        run = _AddressRun(now=utcnow())
        t = staged_addresses
        with self.db.write() as conn:
            rows = conn.execute(
                select(t)
                .join(customers, customers.c.customer_id == t.c.customer_id)
                .where(t.c.state == "staged", *_after(t.c.received_at, t.c.address_id,
                                                      after))
                .order_by(t.c.received_at, t.c.address_id)
                .limit(JOB_BATCH).with_for_update(skip_locked=True, of=t)).all()
            if not rows:
                return 0, 0, 0, after
            last: Key = (rows[-1].received_at, rows[-1].address_id)
            by_customer: dict[str, list[Row]] = {}
            for row in rows:
                by_customer.setdefault(row.customer_id, []).append(row)
            docs = {r.customer_id: r for r in conn.execute(
                select(customers.c.customer_id, customers.c.doc, customers.c.version,
                       customers.c.store_id)
                .where(customers.c.customer_id.in_(list(by_customer))))}
            for cid, addr_rows in by_customer.items():
                cust = docs.get(cid)
                if cust is not None:  # (the join selected only these)
                    self._apply_addresses(run, cust, addr_rows)
            _write_addresses(conn, run)
        return run.applied, run.rejected, len(rows), last

    def _apply_addresses(self, run: _AddressRun, cust: Row,
                         addr_rows: list[Row]) -> None:
        """Add one customer's staged addresses to its document (in ``run.changed``)."""
        doc, reason = _addressable(cust, addr_rows)
        if doc is None:
            for r in addr_rows:
                run.reject(r.address_id, reason)
            return
        store = self.stores.get(cust.store_id)
        unit_country = (store.config.get("operating_unit_address") or {}).get(
            "country", store.country)
        default_purpose = ("business" if doc.get("customer_type") == "organization"
                           else "home")
        have = {a.get("address_id") for a in doc["addresses"] if isinstance(a, dict)}
        fresh: list[dict[str, Any]] = []  # addresses this run adds to the doc
        for row in addr_rows:
            addr = _staged_address(row)
            if isinstance(addr, str):
                run.reject(row.address_id, addr)
                continue
            if addr["address_id"] in have:
                run.results.append({"aid": row.address_id, "p_state": "applied",
                                    "p_error": None})
                continue
            normalize_address(addr, doc, default_purpose, unit_country)
            problems = Problems()
            check_address(addr, store, problems, "address")
            if problems:
                run.reject(row.address_id, problems.text())
                continue
            _add_address(doc, addr)
            have.add(addr["address_id"])
            run.applied += 1
            fresh.append({"aid": row.address_id, "p_state": "applied", "p_error": None})
            run.results.append(fresh[-1])
        if fresh:
            doc["version"] = cust.version + 1
            doc["updated_at"] = iso(run.now)
            try:
                run.changed.append((doc, cust.version, store, dump_doc(doc)))
                run.fresh[cust.customer_id] = fresh
            except HQError as exc:  # this customer's addresses alone are refused
                for entry in fresh:
                    entry.update(p_state="rejected", p_error=exc.message)
                run.applied -= len(fresh)
                run.rejected += len(fresh)


def _after(received_at: Any, key: Any, after: Key | None) -> list[Any]:
    """The keyset condition "(received_at, key) > after" (none for the first page)."""
    if after is None:
        return []
    return [or_(received_at > after[0], and_(received_at == after[0], key > after[1]))]


def _check_staged(row: Row, store: StoreInfo) -> tuple[dict[str, Any] | None,
                                                            Problems | None]:
    """(validated data, None) for a staged customer the job may convert, else
    (None, reason)."""
    try:
        item = strictjson.loads(row.data)
    except NotStrictJSON:  # staged by an older HQ
        return None, Problems.one("body", "the stored record is not valid JSON", "not_json")
    # The upload's own structural check (Python mode on the decoded object).
    fields, problems = parse_customer(item)
    if fields is None:
        return None, problems
    try:
        data, problems = validate_customer(fields, store, async_mode=True)
    except Exception:  # one odd record never stops the job: it is refused alone
        log.exception("async-to-sync job: staged customer %s could not be validated",
                      row.customer_id)
        return None, Problems.one("body", "could not be validated", "not_validated")
    return (None if problems else data), (problems or None)


def _rejected(cid: str, problems: Problems | None) -> dict[str, Any]:
    """A staged customer's rejection row: its error line and reasons with codes."""
    stored = stored_error(problems or Problems.one("body", "rejected", "invalid"))
    return {"cid": cid, "p_error": stored["error"], "p_reasons": stored["reasons"]}


def _sort_out(results: Checked, current: dict[str, int],
              real: dict[str, Row]) -> _Sorted:
    out = _Sorted()
    for cid, (attempts, data, error, store) in results.items():
        if current.get(cid) != attempts:
            continue  # changed (re-uploaded / resubmitted / done) meanwhile
        if cid in real and real[cid].store_id != store.store_id:
            # Never hand another store's customer (or its number) to this one.
            out.rejected.append(_rejected(cid, Problems.one(
                "customer_id", "belongs to another store", "foreign_customer")))
        elif cid in real:
            out.converted.append({"cid": cid, "acct": real[cid].account_number})
        elif data is None:
            out.rejected.append(_rejected(cid, error))
        else:
            out.creates.append((cid, data, store))
    return out


def _create(conn: Connection, out: _Sorted, now: datetime) -> None:
    """Insert the customers of ``out.creates`` with consecutive numbers and sequences."""
    stamp = iso(now)
    accts = take_numbers(conn, "account", len(out.creates))
    seqs = feed.allocate(conn, {store.store_id for _, _, store in out.creates},
                         len(out.creates))
    rows, events = [], []
    for i, (cid, data, store) in enumerate(out.creates):
        acct = account_number(accts[i])
        doc = build_doc(cid, data, account_number=acct, store_id=store.store_id,
                        version=1, created_at=stamp, updated_at=stamp)
        try:
            text = dump_doc(doc)
        except HQError as exc:  # this record alone (a gap in the numbers)
            out.rejected.append(_rejected(cid, Problems.one("body", exc.message, "invalid")))
            continue
        rows.append(dict(
            customer_id=cid, account_number=acct, store_id=store.store_id,
            version=1, feed_seq=seqs[i], origin="async", doc=text, created_at=now,
            updated_at=now, **index_columns(doc, store.country)))
        events.append(privacy.event(cid, "create", store.store_id, at=now, after=doc))
        out.converted.append({"cid": cid, "acct": acct})
    if rows:
        conn.execute(insert(customers), rows)
        privacy.record(conn, events)


def _addressable(cust: Row, addr_rows: list[Row]
                 ) -> tuple[dict[str, Any], str] | tuple[None, str]:
    """The customer's document if its staged addresses may be applied to it, else
    (None, the reason every one of them is rejected)."""
    reason = ""
    doc = None
    try:
        doc = load_doc(cust.doc)
    except HQError as exc:
        reason = f"customer: {exc.message}"
    else:
        if privacy.is_tombstone(doc):
            reason = "customer_id: " + privacy.ERASED_MESSAGE
        elif not isinstance(doc.get("addresses"), list):
            reason = "customer: " + damaged().message
    if cust.store_id != addr_rows[0].store_id or any(
            r.store_id != cust.store_id for r in addr_rows):
        reason = "customer_id: belongs to another store"
    return (None, reason) if reason or doc is None else (doc, reason)


def _staged_address(row: Row) -> dict[str, Any] | str:
    """A staged address as a dict, or the reason it cannot be read (an older HQ's)."""
    try:
        return AddressIn.model_validate(strictjson.loads(row.data)).model_dump(mode="json")
    except ValidationError as exc:
        return "address: " + pydantic_problems(exc).text()
    except NotStrictJSON:
        return "address: the stored record is not valid JSON"


def _add_address(doc: dict[str, Any], addr: dict[str, Any]) -> None:
    """Append an address; a primary one takes over, the first one becomes primary."""
    if addr["is_primary"]:
        for other in doc["addresses"]:
            other["is_primary"] = False
    elif not doc["addresses"]:
        addr["is_primary"] = True
    doc["addresses"].append(addr)


def _wait_for_next_run(run: _AddressRun, customer_id: str) -> None:
    """The customer changed after this run read it (an edit committed meanwhile: the
    version-conditional update wrote nothing): its new addresses stay staged, for the
    next run to add to the customer as it is now, never marked applied unwritten."""
    waiting = {id(entry) for entry in run.fresh.get(customer_id, [])}
    run.results[:] = [entry for entry in run.results if id(entry) not in waiting]
    run.applied -= len(waiting)
    log.info("async-to-sync job: customer %s changed meanwhile; %d staged addresses wait "
             "for the next run", customer_id, len(waiting))


def _write_addresses(conn: Connection, run: _AddressRun) -> None:
    if run.changed:
        seqs = feed.allocate(conn, {store.store_id for _, _, store, _ in run.changed},
                             len(run.changed))
        for i, (doc, old_version, store, text) in enumerate(run.changed):
            written = conn.execute(update(customers).where(
                customers.c.customer_id == doc["customer_id"],
                customers.c.version == old_version).values(
                version=doc["version"], feed_seq=seqs[i], updated_at=run.now,
                doc=text, **index_columns(doc, store.country))).rowcount
            if written != 1:
                _wait_for_next_run(run, str(doc["customer_id"]))
            else:
                log_changes(conn, str(doc["customer_id"]), doc["version"], ["addresses"],
                            "hq:async-addresses")
    if run.results:
        conn.execute(update(staged_addresses).where(
            staged_addresses.c.address_id == param("aid")).values(
            state=param("p_state"), error=param("p_error"), updated_at=run.now), run.results)
