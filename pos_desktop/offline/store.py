"""The offline store: customers, their search index, the outbox, cached configuration.

Every write is one `BEGIN IMMEDIATE` transaction that also updates the search index, so
the index is always in step with the rows it describes. Every write runs on the store's
one writer thread (`writer.py`), whichever thread asks for it.
"""

from __future__ import annotations

import copy
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Select, Text, delete, func, select, type_coerce, update
from sqlalchemy import text as sql_text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer, selectinload

from pos_desktop.domain.addresses import with_address
from pos_desktop.domain.codec import address_to_json, customer_to_json
from pos_desktop.domain.customer import (
    Address,
    Customer,
    CustomerSummary,
    CustomerType,
    RejectionReason,
    SyncState,
)
from pos_desktop.domain.field_edits import apply_edit, edit_parts
from pos_desktop.domain.limitations import EDITABLE as EDITABLE_FIELDS

from .compact import (
    Compacted,
    CompactionStopped,
    SpaceUse,
    give_back_step,
    ready_to_compact,
    space_use,
)
from .compact import compact as vacuum_file
from .db import DB_FILENAME, WAL_AUTOCHECKPOINT_PAGES, make_engine, write_engine
from .erasure import (
    ERASED_CODE,
    anonymise_rejected,
    backup_retention_days,
    erased_ids,
    optimize_search,
    purge_customers,
    remove_backups,
    truncate_wal,
)
from .feed_apply import (
    UNIQUE_INDEXES,
    PreparedCustomers,
    apply_customers,
    build_search_backlog,
    create_unique_index,
    prepare_customers,
)
from .feed_check import hq_damaged, record_problem
from .health import (
    BackgroundCheck,
    DamagedDatabase,
    check_present,
    check_sound,
    is_damage,
    read_marker,
    write_marker,
)
from .mapping import (
    INDEX_ALL_FROM_ROWS,
    INSERT_ADDRESS,
    LOCAL_FACTS,
    SEARCH_DELETE_ALL,
    TERMS_STATE_KEY,
    CustomerRows,
    ExecuteMany,
    address_row,
    customer_record,
    drop_customers,
    forget,
    index_all_from_rows,
    local_facts,
    reindex,
    sql_datetime,
    to_customer,
    unindex,
)
from .migrate import migrate, up_to_date
from .models import (
    AddressRow,
    CustomerRow,
    OutboxRow,
    QuarantineRow,
    StoreConfigRow,
    SyncStateRow,
)
from .search_merge import BULK_MERGE_PAGES, IDLE_MERGE_PAGES, merge_step
from .search_terms import SearchQuery, parse_query, terms_fingerprint
from .writer import SerialExecutor, serial_write

log = logging.getLogger(__name__)

PAGE_SIZE = 25
BULK_KEY = "bulk_load"  # sync_state: a bulk load is under way (value: the last rowid before)
BULK_CACHE_KIB = 32_768
BULK_CHECKPOINT_PAGES = 16_000  # ~64 MB of WAL between checkpoints while downloading
# A compaction looks for close() every so many VM steps (SQLite counts them per statement:
# a small table's copy inside the VACUUM is a statement of a few thousand).
VACUUM_CLOSE_CHECK_STEPS = 1_000
OR_CANDIDATES = 200
# The condition of the partial ix_customers_state (migration 0008), written as SQLite
# must see it (a literal, not a bound value) for a query to use that index.
NOT_SYNCED = sql_text("customers.state != 'synced'")
PENDING_EDITS = "SELECT EXISTS (SELECT 1 FROM outbox WHERE kind = 'edit' AND state = 'pending')"
# Outbox entries of customers a feed page may mark done (a probe before 1,000 updates).
OPEN_CUSTOMER_ENTRIES = (
    "SELECT EXISTS (SELECT 1 FROM outbox WHERE kind = 'customer' AND state != 'done')"
)


# Errors a record's data can cause while it is stored; anything else (disk full, locked,
# damaged) is the database's and stops the page without quarantining anything.
RECORD_ERRORS = (
    sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.DataError,
    ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError,
)  # fmt: skip
RAW_LIMIT = 65_536


def _quarantine_id(c: Any) -> str:
    value = c.get("customer_id") if isinstance(c, dict) else None
    if isinstance(value, str) and value.isprintable() and len(value) <= 64:
        return value
    return ""


def _raw_text(c: Any) -> str:
    """The record as text (ASCII-escaped, so any lone surrogate survives storage)."""
    try:
        text_ = json.dumps(c, ensure_ascii=True, allow_nan=True, default=repr)
    except (ValueError, TypeError, RecursionError):
        try:
            text_ = repr(c)
        except RecursionError:  # nested too deeply for any text of it (hostile, broken)
            text_ = "(a record nested too deeply to be shown)"
    return text_[:RAW_LIMIT]


UNREADABLE_REASONS = {
    "customer": "The queued data of this customer is unreadable: correct and resubmit it.",
    "address": "The queued data of this address is unreadable: add the address again.",
}


def _outbox_payload(text_: Any) -> dict[str, Any] | None:
    """An outbox payload from its stored text; None when it cannot be read or sent
    (not JSON, not an object, a lone surrogate that no UTF-8 body can carry)."""
    try:
        payload = orjson.loads(text_) if isinstance(text_, str | bytes) else None
    except (orjson.JSONDecodeError, TypeError, ValueError):
        # orjson refuses lone surrogates; such a payload could not be sent either.
        return None
    return payload if isinstance(payload, dict) else None


def _entries() -> Select[OutboxRow]:
    """Outbox entries without their payload (an unreadable one must not stop the
    writes that reject or replace it)."""
    return select(OutboxRow).options(defer(OutboxRow.payload))


INSERT_OUTBOX = (
    "INSERT INTO outbox (kind, entity_id, customer_id, payload, state, attempts, last_error, "
    "created_at) VALUES (?, ?, ?, ?, 'pending', 0, '', ?)"
)


@contextmanager
def _as_sqlalchemy_errors() -> Iterator[None]:
    """A raw write raises what the store's other writes raise (SQLAlchemy's IntegrityError
    for a clash with a stored customer's keys)."""
    try:
        yield
    except sqlite3.IntegrityError as exc:
        raise IntegrityError("add customer", None, exc) from exc


def _with_creator(payload: dict[str, Any], customer: Customer) -> dict[str, Any]:
    """A queued create names the operator who created it here (`operator_id`): HQ checks
    that operator's `customer.create` as it does a real-time create's. Nobody signed in
    (an unattributed command-line import): no operator, as before."""
    return {**payload, "operator_id": customer.created_by} if customer.created_by else payload


def _json_text(value: Any) -> str:
    return orjson.dumps(value).decode()


def _split_erased(customers: list[Any]) -> tuple[list[str], list[Any]]:
    """(customer_ids HQ erased, the page's other records)."""
    erased = erased_ids(customers)
    if not erased:
        return [], customers
    gone = set(erased)
    return erased, [c for c in customers
                    if not (isinstance(c, dict) and c.get("customer_id") in gone)]


def _retention_limit() -> float:
    return time.time() - backup_retention_days() * 86400


def _erased(details: Sequence[RejectionReason]) -> bool:
    """HQ refused a customer because it erased it (by id)."""
    return any(r.code == ERASED_CODE for r in details)


MATCH = "SELECT rowid FROM customer_search WHERE customer_search MATCH ? LIMIT ?"
MATCH_BETWEEN = (
    "SELECT rowid FROM customer_search WHERE customer_search MATCH ? AND rowid BETWEEN ? AND ?"
)


def _rowids(raw: Any, match: str, limit: int) -> list[int]:
    return [rowid for (rowid,) in raw.execute(MATCH, (match, limit))]


def _full_matches(raw: Any, query: SearchQuery, limit: int) -> list[int]:
    """Up to `limit` customers matching every word. A word longer than the longest
    prefix index is looked up as that whole term first, and by its prefix only when
    that leaves the page short (the prefix costs a gathering of every term with it)."""
    found: list[int] = []
    if query.has_long_words:
        found = _rowids(raw, query.fts_all(whole_long_words=True), limit)
        if len(found) >= limit:
            return found
    seen = set(found)
    more = _rowids(raw, query.fts_all(), limit + len(found))
    return found + [r for r in more if r not in seen][: limit - len(found)]


def _partial_matches(raw: Any, query: SearchQuery) -> list[tuple[int, int]]:
    """(rowid, matched words) of the first OR_CANDIDATES customers matching some word
    (a word past the longest prefix index as a whole term: no gathering of the terms
    starting with it), most matched words first. They are every match in their rowid
    range, so one lookup per word within that range counts each one's words exactly."""
    candidates = _rowids(raw, query.fts_any(), OR_CANDIDATES)
    if not candidates:
        return []
    counts = dict.fromkeys(candidates, 0)
    span = (candidates[0], candidates[-1])
    for word in query.words:
        for (rowid,) in raw.execute(MATCH_BETWEEN, (query.fts_word(word, True), *span)):
            if rowid in counts:
                counts[rowid] += 1
    return sorted(counts.items(), key=lambda h: -h[1])


@dataclass
class CheckedPage:
    """A change-feed page checked and made into rows (`OfflineStore.check_feed_page`, or
    the feed's own process: `sync.feed_process`)."""

    erased: list[str]  # customer_ids HQ erased
    good: list[dict[str, Any]]  # (empty while `source` holds them)
    bad: list[tuple[str, str, str]]  # customer_id, reason, raw text: for the quarantine
    prepared: PreparedCustomers | None  # the rows of `good` (None: build them one by one)
    received: int = 0  # records in the page, readable or not
    changed: tuple[str, ...] = ()  # the customer_ids the page names
    # Where the good records come from when they are not in `good` (the feed's process
    # sends the rows, not the records): asked only if the rows do not do (a record
    # stored one by one, queued addresses kept), never in a usual download.
    source: Callable[[], list[dict[str, Any]]] | None = None

    def records(self) -> list[dict[str, Any]]:
        """The good records (from `source` the first time they are needed)."""
        if self.source is not None:
            self.good, self.source = self.source(), None
        return self.good

    def applied(self, failed: set[str]) -> list[tuple[str, bool]]:
        """(customer_id, has an account number) of each good customer not in `failed`."""
        if self.prepared is not None:
            pairs: Iterable[tuple[str, bool]] = zip(
                self.prepared.ids, self.prepared.numbered, strict=True)
        else:
            pairs = ((str(c["customer_id"]), bool(c.get("account_number")))
                     for c in self.records())  # fmt: skip
        return [pair for pair in pairs if pair[0] not in failed]


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class OfflineStore:
    write_executor: SerialExecutor | None = None  # the one writer (set when opened)

    def __init__(self, data_dir: Path, *, check: bool = True, defer_check: bool = False) -> None:
        """Open (or create) the store. With `check`, a lost or damaged database is
        refused before anything writes to it (`health.check_sound`).

        With `defer_check` (the register: its window shows first) the damage check runs
        on its own thread (`self.check`) and the writer holds every write until it has
        passed; a file that needs a migration is still checked first (migrating writes).
        """
        data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir = data_dir
        self.path = data_dir / DB_FILENAME
        self.damaged: str | None = None  # set when damage shows while running
        self._closing_lock = threading.Lock()
        self._closing = False
        self._vacuuming: sqlite3.Connection | None = None  # a compaction's, to interrupt
        # The one writer (see writer.py); when idle it merges the search index, gives
        # free pages back in small steps (see compact.py) and checkpoints the WAL.
        self.write_executor = SerialExecutor(idle_task=self.idle_housekeeping)
        self.check: BackgroundCheck | None = None
        if check:
            self._check(defer_check)
        self.engine = make_engine(self.path)
        self._writer = write_engine(self.engine)
        self.backup = migrate(self.engine, self.path)
        if self.get_state(TERMS_STATE_KEY) != terms_fingerprint():
            # Indexed with other terms than this version makes of the same rows (an
            # upgrade of this code, of Unicode or of phonenumbers' calling codes): the
            # index could not delete its entries right any more.
            log.warning("search terms changed: indexing every customer again")
            self.rebuild_search_index()
        for old in remove_backups(self.path, older_than=_retention_limit()):
            log.info("deleted the migration backup %s (older than the retention)", old.name)
        if check and read_marker(data_dir) is None and self.load_store_config() is not None:
            self.write_marker()  # activated before terminal.json existed
        self.last_quarantined = 0  # records of the last feed page that went to quarantine
        since = self.get_state(BULK_KEY)
        # A first download in progress: the rowid its bulk load began after (see below).
        self.bulk_since: int | None = int(since) if since is not None else None
        self.last_purged: list[str] = []  # customers the last feed page erased here

    def _check(self, defer: bool) -> None:
        if not (defer and up_to_date(self.path)):
            check_sound(self.data_dir, self.path)
            return
        check_present(self.data_dir, self.path)  # a lost file: refused at once
        self.check = BackgroundCheck(self.path)
        self.check.on_done(self._checked)
        assert self.write_executor is not None
        self.write_executor.hold_until(self.check.require_sound)

    def _checked(self, problem: str | None) -> None:
        if problem is not None and self.damaged is None:
            self.damaged = problem  # every later write is refused (`_watch`)

    def close(self) -> None:
        with self._closing_lock:  # a compaction under way is rolled back, not waited for
            self._closing = True
            if self._vacuuming is not None:
                self._vacuuming.interrupt()
        if self.write_executor is not None:  # writes asked for already finish first
            self.write_executor.shutdown(wait=True)
        self.engine.dispose()

    def checkpoint(self) -> None:
        """Copy the WAL back into the database without waiting for anyone (PASSIVE),
        on the writer while it is idle, outside any save."""
        if self.damaged is not None:
            return
        with self._watch(), self._writer.connect() as connection:
            raw = connection.connection.driver_connection
            assert raw is not None
            raw.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    def idle_housekeeping(self) -> bool:
        """The writer's idle task, a short step at a time: merge the search index's
        segments (`search_merge`); once none are left, a small step giving free pages
        back (files compacted to auto_vacuum=INCREMENTAL), then the PASSIVE checkpoint.
        True: more steps due."""
        if self.damaged is not None:
            return False
        with self._watch(), self._writer.connect() as connection:
            raw = connection.connection.driver_connection
            assert raw is not None
            with connection.begin():
                if merge_step(raw, IDLE_MERGE_PAGES):
                    return True
            more = give_back_step(raw)
        self.checkpoint()
        return more

    def space_use(self) -> SpaceUse:
        """How the file's pages are used (free pages: what compacting would give back)."""
        with self._watch(), self.engine.connect() as connection:
            raw = connection.connection.driver_connection
            assert raw is not None
            return space_use(raw)

    @serial_write
    def compact(self, *, incremental: bool = True,
                due_only: bool = False, on_start: Callable[[SpaceUse], object] | None = None,
                ) -> Compacted | None:
        """VACUUM on the writer (see compact.py); with `due_only` only when the free pages
        make it worth it (None otherwise). `on_start` hears it begin. Raises
        `NotEnoughSpace` before writing anything when the disk is short."""
        with self._watch(refuse=True), self._writer.connect() as connection:
            raw = connection.connection.driver_connection
            assert raw is not None
            if due_only and not space_use(raw).due:
                return None
            use = ready_to_compact(raw, self.path)  # a short disk: refused here
            if on_start is not None:
                on_start(use)
            return self._vacuum(raw, incremental)

    def _vacuum(self, raw: sqlite3.Connection, incremental: bool) -> Compacted:
        """The VACUUM itself; `close` interrupts it (rolled back: the file as it was)."""
        with self._closing_lock:
            if self._closing:
                raise CompactionStopped(self.path)
            self._vacuuming = raw
        # SQLite forgets an interrupt given while none of this connection's statements
        # runs (close() between two of them): the VACUUM asks at its own steps as well.
        raw.set_progress_handler(lambda: self._closing, VACUUM_CLOSE_CHECK_STEPS)
        try:
            return vacuum_file(raw, self.path, incremental=incremental)
        except sqlite3.OperationalError as exc:
            if self._closing:
                raise CompactionStopped(self.path) from exc
            raise
        finally:
            raw.set_progress_handler(None, 0)
            with self._closing_lock:
                self._vacuuming = None

    def _turn(self) -> AbstractContextManager[None]:
        """The writer's turn for a write transaction opened on this thread."""
        return self.write_executor.turn() if self.write_executor is not None else nullcontext()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE); commits on success."""
        with (
            self._turn(),
            self._watch(refuse=True),
            Session(self._writer, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._watch(), Session(self.engine) as session, session.begin():
            yield session

    @contextmanager
    def _watch(self, *, refuse: bool = False) -> Iterator[None]:
        """Damage found while running (after the start-up check) stops every later write."""
        if refuse and self.damaged is not None:
            raise DamagedDatabase(self.path, self.damaged)
        try:
            yield
        except Exception as exc:
            if not is_damage(exc):
                raise
            self.damaged = str(getattr(exc, "orig", None) or exc)[:200]
            log.error("database %s is damaged: %s; no more writes", self.path, self.damaged)
            raise DamagedDatabase(self.path, self.damaged) from exc

    # -- customers -------------------------------------------------------------------

    @serial_write
    def add_customer(self, customer: Customer, *, queue_upload: bool) -> None:
        """Store a new customer and, for an async one, its outbox entry: both or neither.

        Plain SQL on the writer's connection (no ORM): the rows come from the one mapping
        (`CustomerRows`) as every other write's; a clash with a stored customer's keys
        raises IntegrityError and writes nothing.
        """
        # When it was accepted here: the worklist shows pending customers' age.
        now = utcnow()
        stamped = customer if customer.created_at else replace(customer, created_at=now)
        rows = CustomerRows()
        record = customer_record(stamped)
        with _as_sqlalchemy_errors(), self.raw_write() as raw:
            pk = raw.execute("SELECT coalesce(max(id), 0) + 1 FROM customers").fetchone()[0]
            rows.add(record, pk, origin="local", state=customer.state.value,
                     rejection_reason=customer.rejection_reason)  # fmt: skip
            rows.write(raw.executemany, replace=False, defer_index=False)
            raw.execute(LOCAL_FACTS, local_facts(stamped, pk))  # who created it here
            if queue_upload:
                # The upload carries the customer as given (HQ stamps its own time).
                payload = record if stamped is customer else {**record, "created_at": None}
                self._enqueue_raw(raw, customer.customer_id, _with_creator(payload, customer),
                                  now)

    @staticmethod
    def _enqueue_raw(raw: Any, customer_id: str, payload: dict[str, Any], now: datetime) -> None:
        """A customer's outbox entry, inside the caller's raw write transaction."""
        raw.execute(INSERT_OUTBOX, ("customer", customer_id, customer_id, _json_text(payload),
                                    sql_datetime(now)))  # fmt: skip

    @serial_write
    def upsert_customer(self, customer: Customer, *, origin: str = "hq") -> None:
        with self.write() as session:
            self.upsert_in(session, customer, origin=origin)

    def upsert_in(self, session: Session, customer: Customer, *, origin: str = "hq") -> None:
        """Store this customer, new or replacing the stored version (which keeps its
        rowid and origin), inside the caller's write transaction."""
        found = (
            session.connection()
            .exec_driver_sql(
                "SELECT id, origin FROM customers WHERE customer_id = ?", (customer.customer_id,)
            )
            .first()
        )
        existing = (int(found[0]), str(found[1])) if found is not None else None
        self._store_rows(session, customer, existing, origin=origin)

    @staticmethod
    def _execute_many(session: Session) -> ExecuteMany:
        """`mapping`'s writers inside this session's transaction (SQLAlchemy's errors)."""
        connection = session.connection()
        return lambda statement, rows: connection.exec_driver_sql(statement, rows)

    def _store_rows(
        self,
        session: Session,
        customer: Customer,
        existing: tuple[int, str] | None,
        *,
        origin: str,
    ) -> None:
        """The customer's rows and search entry, through the same `mapping.CustomerRows`
        as the change feed; a clash with another customer's keys raises IntegrityError."""
        execute_many = self._execute_many(session)
        if existing is None:
            pk = int(
                session.connection()
                .exec_driver_sql("SELECT coalesce(max(id), 0) + 1 FROM customers")
                .scalar_one()
            )
        else:
            # Old children go first: their unique keys (address_id, attribute names)
            # come back in the new version.
            pk, origin = existing
            forget(execute_many, [(pk,)])
        rows = CustomerRows()
        rows.add(
            customer_record(customer), pk, origin=origin, state=customer.state.value,
            rejection_reason=customer.rejection_reason,
        )  # fmt: skip
        rows.write(execute_many, replace=False, defer_index=False)
        execute_many(LOCAL_FACTS, [local_facts(customer, pk)])

    def _enqueue(
        self,
        session: Session,
        kind: str,
        entity_id: str,
        customer: Customer,
        payload: dict[str, Any] | None = None,
        *,
        state: str = "pending",
    ) -> None:
        session.add(
            OutboxRow(
                kind=kind,
                entity_id=entity_id,
                customer_id=customer.customer_id,
                payload=payload if payload is not None else customer_to_json(customer),
                state=state,
                created_at=utcnow(),
            )
        )

    # -- real-time creates: the write-ahead intent --------------------------------------

    @serial_write
    def add_intent(self, customer: Customer) -> None:
        """Before a real-time create is sent: the customer (pending) and an outbox entry
        in state 'intent', durably, so a register closed or killed while HQ holds the
        answer loses nothing (`intents` / `resolve_intent` settle it later, same id)."""
        stamped = customer if customer.created_at else replace(customer, created_at=utcnow())
        with self.write() as session:
            self._store_rows(session, stamped, None, origin="local")
            self._enqueue(session, "customer", customer.customer_id, customer,
                          _with_creator(customer_to_json(customer), customer), state="intent")

    def intents(self, before: datetime) -> list[tuple[str, dict[str, Any]]]:
        """(customer_id, payload) of real-time creates begun before `before` and never
        settled (the register stopped while HQ held the answer)."""
        with self.read() as session:
            rows = session.execute(
                select(OutboxRow.entity_id, type_coerce(OutboxRow.payload, Text))
                .where(OutboxRow.kind == "customer", OutboxRow.state == "intent",
                       OutboxRow.created_at < before)
                .order_by(OutboxRow.id)
            ).all()
        return [(str(cid), payload) for cid, text_ in rows
                if (payload := _outbox_payload(text_)) is not None]  # fmt: skip

    @serial_write
    def resolve_intent(self, customer_id: str, synced: Customer | None) -> None:
        """HQ answered a real-time create (or refused it): the intent goes; the customer
        is stored as HQ numbered it (`synced`), or, with None, no longer kept here (a
        refusal, or a store that keeps no customer data) unless it was since numbered."""
        with self.write() as session:
            session.execute(
                delete(OutboxRow).where(
                    OutboxRow.kind == "customer", OutboxRow.entity_id == customer_id,
                    OutboxRow.state.in_(("intent", "done")),
                )
            )  # fmt: skip
            if synced is not None:
                self.upsert_in(session, synced, origin="local")
                return
            connection = session.connection()
            pk = connection.exec_driver_sql(
                "SELECT id FROM customers WHERE customer_id = ? AND state = 'pending' "
                "AND NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.customer_id = ?)",
                (customer_id, customer_id),
            ).scalar()
            if pk is not None:
                drop_customers(self._execute_many(session), [(int(pk),)])

    @serial_write
    def intent_to_upload(self, customer_id: str) -> None:
        """The real-time create did not get through: the same customer goes async."""
        with self.write() as session:
            session.execute(
                update(OutboxRow)
                .where(OutboxRow.kind == "customer", OutboxRow.entity_id == customer_id,
                       OutboxRow.state == "intent")
                .values(state="pending")
            )  # fmt: skip

    @serial_write
    def reject_intent(self, customer_id: str, reason: str) -> None:
        """HQ refused a replayed real-time create: the customer is rejected here, with
        HQ's reason, to be corrected and resubmitted like any rejected customer."""
        with self.write() as session:
            entry = session.scalar(
                _entries().where(OutboxRow.kind == "customer", OutboxRow.entity_id == customer_id,
                                 OutboxRow.state == "intent")
            )  # fmt: skip
            if entry is not None:
                self._reject(session, entry, reason)

    @serial_write
    def queue_customer(self, customer: Customer) -> None:
        """An outbox entry for a customer already stored here (recover)."""
        with self.write() as session:
            self._enqueue(session, "customer", customer.customer_id, customer)

    @serial_write
    def reindex(self, customer: Customer) -> None:
        """Rebuild one stored customer's search entry from its rows."""
        with self.write() as session:
            row_id = session.scalar(
                select(CustomerRow.id).where(CustomerRow.customer_id == customer.customer_id)
            )
            if row_id is not None:
                reindex(self._execute_many(session), [(row_id,)])

    @serial_write
    def queue_address(self, customer: Customer, address: Address) -> None:
        """Add an address locally and queue it for HQ's async-address upload: both or neither."""
        updated = copy.deepcopy(customer)
        updated.addresses = with_address(customer.addresses, address)
        with self.write() as session:
            self.upsert_in(session, updated, origin="local")
            session.execute(
                update(AddressRow)
                .where(AddressRow.address_id == address.address_id)
                .values(sync_state="pending")
            )
            payload = {"customer_id": customer.customer_id, **address_to_json(address)}
            self._enqueue(session, "address", address.address_id, customer, payload)

    @serial_write
    def resubmit_customer(self, customer: Customer, *, operator_id: str = "") -> None:
        """A corrected rejected customer: new data, back in the upload queue (same id),
        with the operator who corrected it (`operator_id`: HQ checks its permission)."""
        payload = customer_to_json(customer)
        if operator_id:
            payload["operator_id"] = operator_id
        with self.write() as session:
            self.upsert_in(session, customer, origin="local")
            self._fold_queued_edits(session, customer.customer_id)  # older releases left some
            entry = session.scalar(
                _entries().where(
                    OutboxRow.kind == "customer", OutboxRow.entity_id == customer.customer_id
                )
            )
            if entry is None:
                self._enqueue(session, "customer", customer.customer_id, customer, payload)
            else:
                entry.payload = payload
                entry.state = "pending"
                entry.last_error = ""

    def get_customer(self, key: str) -> Customer | None:
        """By customer_id or account number."""
        key = (key or "").strip()
        if not key or not self._known(key):
            return None
        with self.read() as session:
            row = session.scalar(
                select(CustomerRow)
                .where((CustomerRow.customer_id == key) | (CustomerRow.account_number == key))
                .options(
                    selectinload(CustomerRow.addresses),
                    selectinload(CustomerRow.contacts),
                    selectinload(CustomerRow.attributes),
                    selectinload(CustomerRow.loyalty_cards),
                )
            )
            return to_customer(row) if row else None

    def _known(self, key: str) -> bool:
        """Whether a customer has this id or account number: one index probe, no ORM
        (a new customer's create asks it first, and the answer is nearly always no)."""
        with self._watch(), self.engine.connect() as connection:
            raw = connection.connection.driver_connection
            assert raw is not None
            return raw.execute(
                "SELECT EXISTS (SELECT 1 FROM customers WHERE customer_id = ?) "
                "OR EXISTS (SELECT 1 FROM customers WHERE account_number = ?)",
                (key, key),
            ).fetchone()[0] == 1

    def count_customers(self) -> int:
        with self.read() as session:
            return session.scalar(select(func.count()).select_from(CustomerRow)) or 0

    def customers_in_state(self, state: str, limit: int = 500) -> list[Customer]:
        """Pending or rejected customers (the worklist), oldest first."""
        with self.read() as session:
            rows = session.scalars(
                select(CustomerRow)
                .where(CustomerRow.state == state, NOT_SYNCED)  # NOT_SYNCED: the index
                .order_by(CustomerRow.created_at, CustomerRow.id)
                .limit(limit)
                .options(
                    selectinload(CustomerRow.addresses),
                    selectinload(CustomerRow.contacts),
                    selectinload(CustomerRow.attributes),
                    selectinload(CustomerRow.loyalty_cards),
                )
            ).all()
            return [to_customer(row) for row in rows]

    def count_by_state(self) -> dict[str, int]:
        """Customers per state: the few not synced through their partial index, the
        synced ones as the rest of the total."""
        with self.read() as session:
            rows = session.execute(
                select(CustomerRow.state, func.count()).where(NOT_SYNCED)
                .group_by(CustomerRow.state)
            ).all()
            total = session.scalar(select(func.count()).select_from(CustomerRow)) or 0
        counts = {state: count for state, count in rows}
        synced = total - sum(counts.values())
        return {**counts, SyncState.SYNCED.value: synced} if synced else counts

    # -- search ----------------------------------------------------------------------

    def search(self, text_typed: str, limit: int = PAGE_SIZE) -> list[CustomerSummary]:
        """The first page of customers matching what was typed: those matching every word
        first, then (with several words) those matching some, most matched words first.

        The index alone answers (the terms are not stored, `mapping.stored_terms`): the
        matched-word counts of partial matches come from one lookup per word.
        """
        query = parse_query(text_typed)
        if query.empty:
            return []
        with self._watch(), self.engine.connect() as connection:
            raw = connection.connection.driver_connection
            assert raw is not None
            wanted = len(query.words)
            hits = [(rowid, wanted) for rowid in _full_matches(raw, query, limit)]
            if len(hits) < limit and wanted > 1:
                seen = {rowid for rowid, _ in hits}
                extra = [h for h in _partial_matches(raw, query) if h[0] not in seen]
                hits.extend(extra[: limit - len(hits)])
            return self._summaries(raw, hits)

    @staticmethod
    def _summaries(raw: Any, hits: list[tuple[int, int]]) -> list[CustomerSummary]:
        if not hits:
            return []
        placeholders = ",".join("?" * len(hits))
        rows = raw.execute(
            "SELECT c.id, c.customer_id, c.account_number, c.state, c.customer_type, "
            "c.first_name, c.middle_name, c.last_name, c.organization_name, c.phone, c.email, "
            "a.city, a.state FROM customers c LEFT JOIN addresses a "
            "ON a.customer_pk = c.id AND a.is_primary = 1 "
            f"WHERE c.id IN ({placeholders})",
            [rowid for rowid, _ in hits],
        ).fetchall()
        by_id = {r[0]: r for r in rows}
        out = []
        for rowid, count in hits:
            r = by_id.get(rowid)
            if r is None:
                continue
            if r[4] == CustomerType.ORGANIZATION.value:
                name = r[8]
            else:
                name = " ".join(p for p in (r[5], r[6], r[7]) if p)
            out.append(
                CustomerSummary(
                    customer_id=r[1],
                    account_number=r[2],
                    name=name,
                    phone=r[9],
                    email=r[10],
                    city=r[11] or "",
                    state=r[12] or "",
                    sync_state=SyncState(r[3]),
                    matched_words=count,
                )
            )
        return out

    # -- the change feed ------------------------------------------------------------

    @contextmanager
    def raw_write(self, *, replaceable: bool = False) -> Iterator[Any]:
        """A raw sqlite3 connection inside one BEGIN IMMEDIATE transaction.

        `replaceable` data (HQ's copy, downloaded again if lost) is committed without
        waiting for the disk (synchronous=NORMAL: a power cut may roll the last pages
        back, with their cursor, never corrupt them) and with a larger page cache.
        """
        with (
            self._turn(),
            self._watch(refuse=True),
            self._writer.connect() as connection,
        ):
            raw = connection.connection.driver_connection
            assert raw is not None
            if replaceable:
                raw.execute("PRAGMA synchronous=NORMAL")
                raw.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
                raw.execute(f"PRAGMA wal_autocheckpoint={BULK_CHECKPOINT_PAGES}")
            try:
                with connection.begin():
                    yield raw
            finally:
                if replaceable:
                    raw.execute("PRAGMA synchronous=FULL")
                    raw.execute("PRAGMA cache_size=-2000")
                    raw.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")

    @staticmethod
    def check_feed_page(
        customers: list[Any], unreadable: Sequence[tuple[str, str]] = ()
    ) -> CheckedPage:
        """A page made ready to apply, without the database (the sync thread runs this
        while the writer stores the page before): the records HQ erased, the good ones
        and their rows, and the ones for the quarantine with their reasons."""
        received = len(customers) + len(unreadable)
        changed = tuple(c["customer_id"] for c in customers
                        if isinstance(c, dict) and isinstance(c.get("customer_id"), str))
        erased, customers = _split_erased(customers)
        good: list[dict[str, Any]] = []
        bad: list[tuple[str, str, str]] = [("", reason, raw) for raw, reason in unreadable]
        for c in customers:
            damaged = hq_damaged(c)
            if damaged is not None:
                bad.append((_quarantine_id(c), damaged[0], damaged[1][:RAW_LIMIT]))
                continue
            problem = record_problem(c)
            if problem is None:
                good.append(c)
            else:
                bad.append((_quarantine_id(c), problem, _raw_text(c)))
        try:
            prepared: PreparedCustomers | None = prepare_customers(good)
        except RECORD_ERRORS:  # a record the check let through: one by one when applied
            prepared = None
        return CheckedPage(erased, good, bad, prepared, received, changed)

    @serial_write
    def apply_feed_page(
        self,
        customers: list[Any],
        *,
        cursor_key: str,
        cursor: str | None,
        defer_index: bool = False,
        unreadable: Sequence[tuple[str, str]] = (),
        checked: CheckedPage | None = None,
    ) -> list[str]:
        """Apply one page of HQ customers and the new cursor in one transaction.

        Record by record in effect: a record that cannot be read, checked or stored goes
        to the quarantine (with its reason) and the rest of the page applies; the cursor
        moves past both. Our own pending customers come back with their account number:
        their outbox entries are done. Returns the customer_ids that got their number.
        `checked`: the page already checked (`check_feed_page`); `customers` is then unused.
        """
        if checked is None:
            checked = self.check_feed_page(customers, unreadable)
        erased, bad = checked.erased, list(checked.bad)
        with self.raw_write(replaceable=True) as raw:
            purged = purge_customers(raw, erased)
            known, refused = self._apply_good(raw, checked, defer_index, self.bulk_since)
            bad.extend(refused)
            failed = {cid for cid, _, _ in refused}
            applied = checked.applied(failed)
            if raw.execute(OPEN_CUSTOMER_ENTRIES).fetchone()[0]:  # none in a first download
                raw.executemany(
                    "UPDATE outbox SET state = 'done' WHERE kind = 'customer' "
                    "AND customer_id = ?",
                    [(cid,) for cid, numbered in applied if numbered],
                )
            self._keep_queued_addresses(raw, checked, failed)
            self._quarantine(raw, [cid for cid, _ in applied], bad, cursor)
            if cursor is not None:
                raw.execute(
                    "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)",
                    (cursor_key, cursor),
                )
        self.last_quarantined = len(bad)
        self.last_purged = erased
        if purged:  # (a first download meets tombstones of customers never held here)
            self.scrub()
        return known

    def synced(self) -> None:
        """A sync cycle succeeded: the migration backups are no longer needed (the
        migrated database works with HQ) and may hold customers erased since."""
        for old in remove_backups(self.path):
            log.info("deleted the migration backup %s after a successful sync", old.name)

    @serial_write
    def scrub(self) -> bool:
        """After a purge, leave no bytes of the erased customers behind (`erasure`): the
        search index merged, the WAL checkpointed and truncated, the migration backups
        deleted. False when a reader held the WAL (the next purge or start tries again)."""
        with self.raw_write() as raw:
            optimize_search(raw)
        with self._watch(), self._writer.connect() as connection:
            raw = connection.connection.driver_connection
            assert raw is not None
            truncated = truncate_wal(raw)
        if not truncated:
            log.warning("erasure: a reader kept the WAL busy; it is truncated later")
        removed = remove_backups(self.path)
        log.info("erasure: search index merged, WAL %s, %d migration backup(s) deleted",
                 "truncated" if truncated else "not truncated yet", len(removed))
        return truncated

    @staticmethod
    def _apply_good(
        raw: Any, checked: CheckedPage, defer_index: bool, bulk_since: int | None
    ) -> tuple[list[str], list[tuple[str, str, str]]]:
        """The whole chunk at once; only if that fails, one record at a time.

        Errors of the data (a value SQLite or the mapping refuses) quarantine the record;
        errors of the database itself (full, locked, damaged) stop the page as before.
        """
        raw.execute("SAVEPOINT feed_chunk")
        try:
            known = apply_customers(
                raw, checked.good if checked.prepared else checked.records(),
                defer_index=defer_index, bulk_since=bulk_since, prepared=checked.prepared,
            )  # fmt: skip
        except RECORD_ERRORS:
            raw.execute("ROLLBACK TO feed_chunk")
            raw.execute("RELEASE feed_chunk")
        else:
            raw.execute("RELEASE feed_chunk")
            return known, []
        known, refused = [], []
        for c in checked.records():
            raw.execute("SAVEPOINT feed_record")
            try:
                known.extend(
                    apply_customers(raw, [c], defer_index=defer_index, bulk_since=bulk_since)
                )
            except RECORD_ERRORS as exc:
                raw.execute("ROLLBACK TO feed_record")
                reason = f"cannot be stored ({type(exc).__name__}: {str(exc)[:200]})"
                refused.append((str(c["customer_id"]), reason, _raw_text(c)))
            raw.execute("RELEASE feed_record")
        return known, refused

    @staticmethod
    def _quarantine(
        raw: Any, good: list[str], bad: list[tuple[str, str, str]], cursor: str | None
    ) -> None:
        """Keep the bad records (the latest per customer); a good version (`good`: their
        customer_ids) clears one."""
        if raw.execute("SELECT EXISTS (SELECT 1 FROM feed_quarantine)").fetchone()[0]:
            raw.executemany(
                "DELETE FROM feed_quarantine WHERE customer_id = ?",
                [(customer_id,) for customer_id in good],
            )
        if not bad:
            return
        for customer_id, reason, _ in bad:
            log.warning(
                "quarantined a change-feed record (customer %s): %s",
                customer_id or "unknown", reason,
            )
        now = utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")
        raw.executemany(
            "DELETE FROM feed_quarantine WHERE customer_id = ? AND customer_id != ''",
            [(customer_id,) for customer_id, _, _ in bad],
        )
        raw.executemany(
            "INSERT INTO feed_quarantine (customer_id, reason, raw, cursor, received_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [(customer_id, reason, text_, cursor or "", now) for customer_id, reason, text_ in bad],
        )

    def quarantine_count(self) -> int:
        with self._watch(), self.engine.connect() as connection:
            return int(
                connection.exec_driver_sql("SELECT count(*) FROM feed_quarantine").scalar() or 0
            )

    def quarantined(self, limit: int = 100) -> list[dict[str, Any]]:
        """The newest quarantined feed records: customer_id, reason, raw, cursor, time."""
        with self.read() as session:
            rows = session.scalars(
                select(QuarantineRow).order_by(QuarantineRow.id.desc()).limit(limit)
            ).all()
            return [
                {"customer_id": r.customer_id or None, "reason": r.reason, "raw": r.raw,
                 "cursor": r.cursor, "received_at": r.received_at.isoformat()}
                for r in rows
            ]  # fmt: skip

    @staticmethod
    def _keep_queued_addresses(raw: Any, checked: CheckedPage, failed: set[str]) -> None:
        """HQ's copy may not hold our queued addresses yet: keep them; done once it does."""
        queued = raw.execute(
            "SELECT o.id, o.customer_id, o.entity_id, o.payload, c.id FROM outbox o "
            "JOIN customers c ON c.customer_id = o.customer_id "
            "WHERE o.kind = 'address' AND o.state IN ('pending', 'uploaded')"
        ).fetchall()
        if not queued:
            return
        by_id = {str(c["customer_id"]): c for c in checked.records()
                 if str(c["customer_id"]) not in failed}  # fmt: skip
        for outbox_id, customer_id, address_id, payload, customer_pk in queued:
            doc = by_id.get(customer_id)
            if doc is None:
                continue
            if any(str(a.get("address_id")) == address_id for a in doc.get("addresses") or []):
                raw.execute("UPDATE outbox SET state = 'done' WHERE id = ?", (outbox_id,))
                continue
            a = json.loads(payload) if isinstance(payload, str) else payload
            # After the customer's own addresses, never primary (HQ's copy decides that).
            address = {**a, "address_id": address_id, "is_primary": False}
            customer_type = str(doc.get("customer_type") or CustomerType.PERSON.value)
            raw.execute(
                INSERT_ADDRESS[True],
                address_row(address, customer_pk, 999, customer_type, sync_state="pending"),
            )

    # -- bulk load: a first download inserts rows, then builds its indexes once ---------

    @serial_write
    def begin_bulk_load(self) -> None:
        """Drop the unique indexes for a first download (again, if one was interrupted
        while building them); the rows stored so far are remembered as the ones a page
        may replace (`apply_customers(bulk_since=...)`)."""
        with self.raw_write() as raw:
            since = raw.execute("SELECT value FROM sync_state WHERE key = ?",
                                (BULK_KEY,)).fetchone()  # fmt: skip
            if since is None:
                last = raw.execute("SELECT coalesce(max(id), 0) FROM customers").fetchone()[0]
                raw.execute("INSERT INTO sync_state (key, value) VALUES (?, ?)",
                            (BULK_KEY, str(last)))  # fmt: skip
                since = (str(last),)
            for name in UNIQUE_INDEXES:
                raw.execute(f"DROP INDEX IF EXISTS {name}")
        self.bulk_since = int(since[0])

    def finish_bulk_load(self) -> int:
        """Build the unique indexes, one writer step each (a save waits for one index at
        most), then end the bulk load. Returns the duplicate rows merged away."""
        removed = sum(self._build_unique_index(name) for name in UNIQUE_INDEXES)
        self._end_bulk_load()
        return removed

    @serial_write
    def _build_unique_index(self, name: str) -> int:
        with self.raw_write(replaceable=True) as raw:
            return create_unique_index(raw, name)

    @serial_write
    def _end_bulk_load(self) -> None:
        with self.raw_write() as raw:
            missing = [name for name in UNIQUE_INDEXES if not raw.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
            ).fetchone()]  # fmt: skip
            if missing:
                raise RuntimeError(f"bulk load: unique indexes missing: {missing}")
            raw.execute("DELETE FROM sync_state WHERE key = ?", (BULK_KEY,))
        self.bulk_since = None

    def search_backlog_size(self) -> int:
        with self._watch(), self.engine.connect() as connection:
            return int(
                connection.exec_driver_sql("SELECT count(*) FROM search_backlog").scalar() or 0
            )

    def build_search_backlog(self, chunk: int = 50_000) -> int:
        """Index the backlog in steps of `chunk`, each its own writer task and short write
        transaction, so a save asked for meanwhile waits for one step, not the whole build."""
        built = 0
        while True:
            count = self.build_search_backlog_step(chunk)
            built += count
            if count < chunk:
                return built

    @serial_write
    def build_search_backlog_step(self, chunk: int) -> int:
        with self.raw_write(replaceable=True) as raw:
            built = build_search_backlog(raw, chunk)
            if built:  # the new segments merged as they come (no automerge: migration 0010)
                merge_step(raw, BULK_MERGE_PAGES)
            return built

    @serial_write
    def rebuild_search_index(self) -> int:
        """Index every customer again from its rows (those in the backlog stay there)."""
        with self.raw_write() as raw:
            raw.execute(SEARCH_DELETE_ALL)
            raw.execute("UPDATE search_backlog SET terms = ''")  # from the rows, too
            count = index_all_from_rows(raw)
            optimize_search(raw)
            raw.execute(
                "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)",
                (TERMS_STATE_KEY, terms_fingerprint()),
            )
        return count

    @serial_write
    def assign_account_number(self, customer_id: str, account_number: str) -> None:
        """HQ numbered one of our pending customers (learned from the status endpoint)."""
        with self.write() as session:
            row = session.scalar(select(CustomerRow).where(CustomerRow.customer_id == customer_id))
            if row is None or row.account_number:
                return
            execute_many = self._execute_many(session)
            unindex(execute_many, [(row.id,)])  # the number is among the terms
            row.account_number = account_number
            row.state = SyncState.SYNCED.value
            row.rejection_reason = ""
            session.flush()
            reindex(execute_many, [(row.id,)])
            session.execute(
                update(OutboxRow)
                .where(OutboxRow.kind == "customer", OutboxRow.customer_id == customer_id)
                .values(state="done")
            )

    @serial_write
    def purge_synced_customers(self, *, cursor_key: str) -> int:
        """Drop HQ's customer data (filtered store); our pending and rejected ones stay."""
        with self.raw_write() as raw:
            (count,) = raw.execute(
                "SELECT count(*) FROM customers WHERE state = 'synced'"
            ).fetchone()
            # Nearly every entry goes: empty the index, then index the few that stay.
            raw.execute(SEARCH_DELETE_ALL)
            raw.execute("DELETE FROM search_backlog")
            raw.execute("DELETE FROM customers WHERE state = 'synced'")
            raw.execute(INDEX_ALL_FROM_ROWS)
            raw.execute("DELETE FROM sync_state WHERE key = ?", (cursor_key,))
        return int(count)

    # -- configuration and sync bookkeeping -------------------------------------------

    @serial_write
    def save_store_config(self, config: dict[str, Any], *, hq_url: str, terminal_id: str) -> None:
        with self.write() as session:
            session.execute(delete(StoreConfigRow))
            session.add(
                StoreConfigRow(
                    id=1,
                    store_id=str(config.get("store_id", "")),
                    hq_url=hq_url,
                    terminal_id=terminal_id,
                    config=config,
                    fetched_at=utcnow(),
                )
            )
        self.write_marker()

    @serial_write
    def write_marker(self) -> None:
        """terminal.json: this folder holds an activated terminal (see health.py)."""
        row = self.load_store_config()
        if row is None:
            return
        write_marker(self.data_dir, {
            "install_id": self.get_state("install_id"),
            "terminal_id": row.terminal_id,
            "store_id": row.store_id,
            "hq_url": row.hq_url,
            "database": self.path.name,
        })  # fmt: skip

    def load_store_config(self) -> StoreConfigRow | None:
        with self.read() as session:
            row = session.get(StoreConfigRow, 1)
            if row is not None:
                session.expunge(row)
            return row

    def get_state(self, key: str, default: str | None = None) -> str | None:
        with self.read() as session:
            row = session.get(SyncStateRow, key)
            return row.value if row else default

    @serial_write
    def set_state(self, key: str, value: str) -> None:
        with self.write() as session:
            session.merge(SyncStateRow(key=key, value=value))

    # -- the outbox (what the sync engine uploads and waits for) ------------------------

    @staticmethod
    def _awaiting(*columns: Any) -> Select[Any]:
        """Uploaded customers HQ has not numbered yet (the one query for count and list)."""
        return (
            select(*columns)
            .select_from(OutboxRow)
            .join(CustomerRow, CustomerRow.customer_id == OutboxRow.customer_id)
            .where(
                OutboxRow.kind == "customer",
                OutboxRow.state == "uploaded",
                CustomerRow.account_number.is_(None),
            )
        )

    def awaiting_numbers(self) -> int:
        """Customers uploaded to HQ and still waiting for their account number."""
        with self.read() as session:
            return session.scalar(self._awaiting(func.count())) or 0

    def awaiting_number_ids(self, limit: int | None = None) -> list[str]:
        """customer_ids of those customers, the longest waiting first."""
        query = self._awaiting(OutboxRow.customer_id).order_by(OutboxRow.uploaded_at)
        if limit is not None:
            query = query.limit(limit)
        with self.read() as session:
            return list(session.scalars(query))

    def pending_uploads(
        self, kind: str, limit: int, rejected: list[str] | None = None
    ) -> list[tuple[int, str, dict[str, Any]]]:
        """(outbox id, entity id, payload) of the oldest `kind` entries not yet sent.

        Payloads are read as text and parsed one by one: an entry whose queued data
        cannot be read (written by an older release, damaged) is rejected here with a
        reason the user can act on (its customer_id added to `rejected`), and the others
        still go.
        """
        with self.read() as session:
            rows = session.execute(
                select(OutboxRow.id, OutboxRow.entity_id, type_coerce(OutboxRow.payload, Text))
                .where(OutboxRow.kind == kind, OutboxRow.state == "pending")
                .order_by(OutboxRow.id)
                .limit(limit)
            ).all()
        batch: list[tuple[int, str, dict[str, Any]]] = []
        unreadable: list[int] = []
        for outbox_id, entity_id, text_ in rows:
            payload = _outbox_payload(text_)
            if payload is None:
                unreadable.append(outbox_id)
            else:
                batch.append((outbox_id, entity_id, payload))
        if unreadable:
            log.warning("outbox: %d %s entries with unreadable data rejected locally",
                        len(unreadable), kind)
            refused = self.reject_unreadable(unreadable, kind)
            if rejected is not None:
                rejected.extend(refused)
        return batch

    @serial_write
    def reject_unreadable(self, outbox_ids: Sequence[int], kind: str) -> list[str]:
        """Entries whose queued data cannot be read: rejected here, with the reason.
        Returns their customer_ids."""
        return self._reject_entries(
            [(outbox_id, UNREADABLE_REASONS.get(kind, UNREADABLE_REASONS["customer"]))
             for outbox_id in outbox_ids]
        )

    @serial_write
    def reject_locally(self, rejected: Sequence[tuple[int, str]]) -> list[str]:
        """Pending entries the terminal itself refuses to send (too large, unreadable),
        with the reason; returns their customer_ids."""
        return self._reject_entries(rejected)

    def _reject_entries(self, rejected: Sequence[tuple[int, str]]) -> list[str]:
        refused: list[str] = []
        with self.write() as session:
            for outbox_id, reason in rejected:
                entry = session.scalar(_entries().where(OutboxRow.id == outbox_id))
                if entry is not None and entry.state == "pending":
                    self._reject(session, entry, reason)
                    refused.append(entry.customer_id)
        return refused

    @serial_write
    def record_uploads(
        self, accepted: Sequence[int], rejected: Sequence[tuple[Any, ...]]
    ) -> list[str]:
        """HQ answered for these outbox entries (ids): the accepted ones now wait for
        their number, the rejected ones carry HQ's reason (outbox id, text and, when HQ
        sent them, its reasons with codes), both only if still pending.
        Returns the customer_ids of the entries rejected now."""
        refused: list[str] = []
        with self.write() as session:
            for start in range(0, len(accepted), 500):
                session.execute(
                    update(OutboxRow)
                    .where(
                        OutboxRow.id.in_(accepted[start : start + 500]),
                        OutboxRow.state == "pending",
                    )
                    .values(state="uploaded", uploaded_at=utcnow(), attempts=OutboxRow.attempts + 1)
                )
            for outbox_id, reason, *details in rejected:
                entry = session.scalar(_entries().where(OutboxRow.id == outbox_id))
                if entry is not None and entry.state == "pending":
                    self._reject(session, entry, reason, details[0] if details else ())
                    refused.append(entry.customer_id)
        if any(_erased(d[0]) for _, _, *d in rejected if d):
            self.scrub()
        return refused

    @serial_write
    def reject_upload(
        self, customer_id: str, reason: str, details: Sequence[RejectionReason] = ()
    ) -> None:
        """HQ's job refused this uploaded customer: the entry and the customer say why."""
        with self.write() as session:
            entry = session.scalar(
                _entries().where(OutboxRow.kind == "customer", OutboxRow.entity_id == customer_id)
            )
            if entry is not None:
                self._reject(session, entry, reason, details)
        if _erased(details):
            self.scrub()

    @staticmethod
    def _reject(
        session: Session, entry: OutboxRow, reason: str, details: Sequence[RejectionReason] = ()
    ) -> None:
        entry.state = "rejected"
        entry.last_error = reason
        if entry.kind == "customer":
            customer = session.scalar(
                select(CustomerRow).where(CustomerRow.customer_id == entry.customer_id)
            )
            if customer is not None and customer.account_number is None:
                OfflineStore._fold_queued_edits(session, entry.customer_id)
                customer.state = SyncState.REJECTED.value
                customer.rejection_reason = reason
                customer.rejection_details = [r.to_json() for r in details]
                if _erased(details):
                    # HQ erased it by its id: no personal data stays, the reason does.
                    session.flush()
                    session.expunge(entry)
                    raw = session.connection().connection.driver_connection
                    assert raw is not None
                    anonymise_rejected(raw, entry.customer_id)
                    session.expire(customer)

    @staticmethod
    def _fold_queued_edits(session: Session, customer_id: str) -> None:
        """A customer HQ never numbered is rejected (or resubmitted): its queued edits
        are already in its data here, which its resubmission carries; sent on their own
        they would wait forever for a customer HQ does not have."""
        folded = session.execute(delete(OutboxRow).where(
            OutboxRow.kind == "edit", OutboxRow.customer_id == customer_id,
            OutboxRow.state == "pending"))
        count = int(getattr(folded, "rowcount", 0) or 0)
        if count:
            log.info("outbox: %d queued edits folded into a rejected customer's data", count)

    def outbox_count(self, state: str = "pending") -> int:
        with self.read() as session:
            return (
                session.scalar(
                    select(func.count()).select_from(OutboxRow).where(OutboxRow.state == state)
                )
                or 0
            )

    # -- field-level edits (issue 15) ----------------------------------------------------

    def edit_standing(self, customer_id: str) -> tuple[bool, bool]:
        """(upload_sent, edits_queued): whether the customer's own upload may have left
        (sent at least once, or a real-time create's intent), and whether field-level
        edits of it are still queued."""
        with self._watch(), self.engine.connect() as connection:
            row = connection.exec_driver_sql(
                "SELECT state, attempts FROM outbox WHERE kind = 'customer' AND entity_id = ?",
                (customer_id,),
            ).first()
            queued = connection.exec_driver_sql(
                "SELECT EXISTS (SELECT 1 FROM outbox WHERE kind = 'edit' AND customer_id = ? "
                "AND state = 'pending')", (customer_id,),
            ).scalar()
        sent = row is None or row[0] != "pending" or int(row[1] or 0) > 0
        return sent, bool(queued)

    def edits_pending_for(self, customer_ids: Sequence[str]) -> set[str]:
        """Which of these customers have field-level changes waiting for HQ."""
        found: set[str] = set()
        with self._watch(), self.engine.connect() as connection:
            if not connection.exec_driver_sql(PENDING_EDITS).scalar():
                return found  # (after a first download: a million ids, no edit queued)
            for start in range(0, len(customer_ids), 500):
                part = list(dict.fromkeys(customer_ids[start : start + 500]))
                marks = ",".join("?" * len(part))
                found.update(r[0] for r in connection.exec_driver_sql(
                    "SELECT DISTINCT customer_id FROM outbox WHERE kind = 'edit' "
                    f"AND state = 'pending' AND customer_id IN ({marks})", tuple(part)))
        return found

    @serial_write
    def rewrite_queued_customer(self, customer: Customer) -> bool:
        """The edit of a pending customer whose upload has not left: the queued upload
        itself carries the new data (one upload, the latest data). False, changing
        nothing, when the upload was claimed for sending meanwhile."""
        with self.write() as session:
            entry = session.scalar(select(OutboxRow).where(
                OutboxRow.kind == "customer", OutboxRow.entity_id == customer.customer_id))
            if entry is None or entry.state != "pending" or entry.attempts:
                return False
            payload = dict(entry.payload)
            payload.update({k: v for k, v in customer_to_json(customer).items()
                            if k in EDITABLE_FIELDS})
            entry.payload = payload
            self.upsert_in(session, customer, origin="local")
        return True

    @serial_write
    def queue_edit(self, edited: Customer, payload: dict[str, Any]) -> None:
        """Save the edited customer here at once and queue its field-level changes
        (`payload`: edit_id, base_version, changes, before, operator): both or neither."""
        with self.write() as session:
            self.upsert_in(session, edited, origin="local")
            self._enqueue(session, "edit", str(payload["edit_id"]), edited, payload)

    @serial_write
    def claim_uploads(self, kind: str, limit: int) -> set[int]:
        """Mark the oldest pending `kind` entries as being sent (attempts + 1) before
        their data is read: an edit from then on no longer rewrites them."""
        with self.write() as session:
            ids = list(session.scalars(
                select(OutboxRow.id).where(OutboxRow.kind == kind, OutboxRow.state == "pending")
                .order_by(OutboxRow.id).limit(limit)))
            if ids:
                session.execute(update(OutboxRow).where(OutboxRow.id.in_(ids))
                                .values(attempts=OutboxRow.attempts + 1))
        return set(ids)

    def pending_edits(self, limit: int = 200) -> list[tuple[int, dict[str, Any]]]:
        """(outbox id, payload) of queued edits, oldest first, of customers whose own
        upload is no longer waiting here (nor rejected: its resubmission carries them)."""
        with self._watch(), self.engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT e.id, e.payload FROM outbox e WHERE e.kind = 'edit' "
                "AND e.state = 'pending' AND NOT EXISTS (SELECT 1 FROM outbox c "
                "WHERE c.kind = 'customer' AND c.entity_id = e.customer_id "
                "AND c.state IN ('pending', 'intent', 'rejected')) ORDER BY e.id LIMIT ?", (limit,),
            ).all()
        return [(int(i), p) for i, text_ in rows if (p := _outbox_payload(text_)) is not None]

    @serial_write
    def record_edit(self, outbox_id: int, outcome: dict[str, Any], hq_copy: Customer) -> None:
        """HQ answered an edit: done, or kept as a conflict (both values) for the
        worklist; HQ's copy is stored with the changes still queued laid over it."""
        with self.write() as session:
            entry = session.get(OutboxRow, outbox_id)
            if entry is None or entry.state != "pending":
                return
            conflicts = [c for c in outcome.get("conflicts") or [] if isinstance(c, dict)]
            if conflicts:
                entry.payload = {**entry.payload, "conflicts": conflicts}
                entry.state = "conflict"
            else:
                session.delete(entry)
            entry.uploaded_at = utcnow()
            session.flush()
            self._store_with_queued(session, hq_copy)

    @serial_write
    def reject_edit(
        self, outbox_id: int, reason: str, details: Sequence[RejectionReason] = ()
    ) -> None:
        """HQ refused this edit (422 validation, 403 permission): kept for the worklist
        with HQ's reason and, when HQ sent them, its coded reasons."""
        with self.write() as session:
            entry = session.get(OutboxRow, outbox_id)
            if entry is not None and entry.state == "pending":
                entry.state = "rejected"
                entry.last_error = reason
                entry.payload = {**entry.payload,
                                 "reasons": [r.to_json() for r in details]}

    def rejected_edits(self) -> list[dict[str, Any]]:
        """Edits HQ refused, oldest first: what they changed and HQ's reason."""
        with self.read() as session:
            rows = session.execute(
                select(OutboxRow.id, OutboxRow.customer_id, type_coerce(OutboxRow.payload, Text),
                       OutboxRow.created_at, OutboxRow.last_error)
                .where(OutboxRow.kind == "edit", OutboxRow.state == "rejected")
                .order_by(OutboxRow.id)).all()
        out: list[dict[str, Any]] = []
        for outbox_id, customer_id, text_, created_at, reason in rows:
            payload = _outbox_payload(text_) or {}
            changes, address_ops = edit_parts(payload)
            out.append({"outbox_id": outbox_id, "customer_id": customer_id,
                        "fields": sorted([*changes, *(["addresses"] if address_ops else [])]),
                        "reason": reason or "", "reasons": payload.get("reasons") or [],
                        "created_at": created_at,
                        "operator_id": payload.get("operator_id", ""),
                        "operator_name": payload.get("operator_name", "")})
        return out

    @serial_write
    def drop_rejected_edit(self, outbox_id: int) -> None:
        """Someone read HQ's refusal of this edit: it leaves the worklist."""
        with self.write() as session:
            entry = session.get(OutboxRow, outbox_id)
            if entry is not None and entry.kind == "edit" and entry.state == "rejected":
                session.delete(entry)

    def edit_issue_counts(self) -> tuple[int, int]:
        """(conflicting fields, refused edits) waiting in the worklist."""
        with self._watch(), self.engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT state, COALESCE(SUM(CASE WHEN state = 'conflict' "
                "THEN json_array_length(payload, '$.conflicts') ELSE 1 END), 0) "
                "FROM outbox WHERE kind = 'edit' AND state IN ('conflict', 'rejected') "
                "GROUP BY state").all()
        counts = {str(state): int(n or 0) for state, n in rows}
        return counts.get("conflict", 0), counts.get("rejected", 0)

    # Customers HQ has, with changes made here it has not had yet ("Change pending
    # sync"); a pending customer's changes wait with it and are counted as it is.
    _CHANGED = ("FROM outbox e WHERE e.kind = 'edit' AND e.state = 'pending' "
                "AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.customer_id = e.customer_id "
                "AND c.state != 'synced')")

    def changed_customer_count(self) -> int:
        """How many synced customers have changes waiting for HQ."""
        with self._watch(), self.engine.connect() as connection:
            found = connection.exec_driver_sql(
                "SELECT COUNT(DISTINCT e.customer_id) " + self._CHANGED).scalar()
        return int(found or 0)

    def changed_customers(self, limit: int = 500) -> list[dict[str, Any]]:
        """Those customers, the longest waiting first: what their queued edits change,
        since when, and who made the latest one."""
        with self._watch(), self.engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT e.customer_id, e.payload, e.created_at " + self._CHANGED
                + " ORDER BY e.id").all()
        found: dict[str, dict[str, Any]] = {}
        for customer_id, text_, created_at in rows:
            if customer_id not in found:
                if len(found) >= limit:
                    continue
                found[customer_id] = {"customer_id": customer_id, "created_at": created_at,
                                      "fields": set()}
            payload = _outbox_payload(text_) or {}
            changes = payload.get("changes")
            item = found[customer_id]
            item["fields"] |= set(changes) if isinstance(changes, dict) else set()
            if payload.get("address_changes"):  # addresses merged by id (issue 15)
                item["fields"].add("addresses")
            item["operator_id"] = str(payload.get("operator_id") or "")
            item["operator_name"] = str(payload.get("operator_name") or "")
        return [{**item, "fields": sorted(item["fields"])} for item in found.values()]

    @serial_write
    def overlay_queued_edits(self, customer_ids: Sequence[str]) -> None:
        """Feed-applied customers that still have changes queued here show them."""
        wanted = self.edits_pending_for(customer_ids)
        if not wanted:
            return
        with self.write() as session:
            for customer_id in wanted:
                current = self._customer_in(session, customer_id)
                if current is not None:
                    self._store_with_queued(session, current)

    def _customer_in(self, session: Session, customer_id: str) -> Customer | None:
        row = session.scalar(select(CustomerRow).where(CustomerRow.customer_id == customer_id))
        return to_customer(row) if row is not None else None

    def _store_with_queued(self, session: Session, base: Customer) -> None:
        queued = session.execute(
            select(type_coerce(OutboxRow.payload, Text)).where(
                OutboxRow.kind == "edit", OutboxRow.customer_id == base.customer_id,
                OutboxRow.state == "pending").order_by(OutboxRow.id)).scalars().all()
        shown = base
        for text_ in queued:
            payload = _outbox_payload(text_)
            if payload is not None:
                shown = apply_edit(shown, *edit_parts(payload))
        self.upsert_in(session, shown, origin="local")

    def edit_conflicts(self) -> list[dict[str, Any]]:
        """Edits HQ merged with a conflict: one line per field, with both values."""
        with self.read() as session:
            rows = session.execute(
                select(OutboxRow.id, OutboxRow.customer_id, type_coerce(OutboxRow.payload, Text),
                       OutboxRow.created_at)
                .where(OutboxRow.kind == "edit", OutboxRow.state == "conflict")
                .order_by(OutboxRow.id)).all()
        out: list[dict[str, Any]] = []
        for outbox_id, customer_id, text_, created_at in rows:
            payload = _outbox_payload(text_) or {}
            for c in payload.get("conflicts") or []:
                out.append({"outbox_id": outbox_id, "customer_id": customer_id,
                            "field": str(c.get("field")), "mine": c.get("mine"),
                            "hq": c.get("hq"), "created_at": created_at,
                            "operator_id": payload.get("operator_id", ""),
                            "operator_name": payload.get("operator_name", "")})
        return out

    @serial_write
    def resolve_conflict(self, outbox_id: int, field_name: str) -> None:
        """A person chose a value for this field: the conflict line goes."""
        with self.write() as session:
            entry = session.get(OutboxRow, outbox_id)
            if entry is None or entry.state != "conflict":
                return
            left = [c for c in entry.payload.get("conflicts") or []
                    if c.get("field") != field_name]
            entry.payload = {**entry.payload, "conflicts": left}
            if not left:
                session.delete(entry)
