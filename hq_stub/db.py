"""HQ database: schema, engines, write transactions and counters.

Everything here is plain SQLAlchemy Core so the same code runs on SQLite (the default,
WAL mode) and on PostgreSQL (``--db postgresql+psycopg://...``). The schema is created
and upgraded by Alembic (``hq_stub/migrations``); :data:`metadata` is the model the
migrations must match (``tests/hq/test_hq_migrations.py`` checks it).

Write transactions
------------------
All writes go through :meth:`Database.write`. On SQLite it takes an in-process lock
(SQLite allows one writer anyway; queueing on a Python lock is much faster than the
sqlite busy handler's back-off) and starts the transaction with ``BEGIN IMMEDIATE`` so
a transaction never upgrades from read to write half-way (that fails with SQLITE_BUSY).
Other processes writing to the same file wait on ``busy_timeout``. On PostgreSQL there is
no lock: correctness comes from the counter rows below, not from serialised writers.

Counters (account numbers, feed sequence, loyalty cards)
--------------------------------------------------------
:func:`take_numbers` hands out unique values of a counter inside the writing transaction.

* On SQLite a counter is a row in ``counters`` advanced with
  ``UPDATE counters SET value = value + n WHERE name = ? RETURNING value``: writers are
  serialised anyway, and the values of one call are a consecutive block.
* On PostgreSQL each counter is a sequence (``hq_account_seq``, ``hq_feed_seq``,
  ``hq_loyalty_seq``; migration 0004): ``nextval`` never waits for another transaction,
  so writers of different stores do not queue behind one counter row lock held until
  commit (the chain-wide serialisation a single counter row meant). Values are unique;
  a rollback leaves a gap, and the values of one call are increasing but need not be
  consecutive. See :mod:`hq_stub.feed` for what keeps the change-feed cursor safe
  without the counter row lock (one lock per store).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    create_engine,
    event,
    false,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine

metadata = MetaData()

counters = Table(
    "counters",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

stores = Table(
    "stores",
    metadata,
    Column("store_id", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("language", String(10), nullable=False),
    Column("country", String(2), nullable=False),
    Column("create_customer_async", Boolean, nullable=False, default=False),
    Column("filter_shared_customer_data_tables", Boolean, nullable=False, default=False),
    Column("multiple_contacts_and_consent", Boolean, nullable=False, default=False),
    Column("enhanced_async_customers", Boolean, nullable=False, default=False),
    Column("async_customer_addresses", Boolean, nullable=False, default=False),
    Column("async_customer_edits", Boolean, nullable=False, default=False,
           server_default=false()),
    Column("default_customer_id", String(36), nullable=True),
    # JSON text: operating_unit_address, customer_groups, affiliations, titles,
    # address_purposes, attribute_definitions, operators.
    Column("config", Text, nullable=False),
    Column("version", Integer, nullable=False, default=1),
)

devices = Table(
    "devices",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("store_id", String(32), nullable=False),
    Column("terminal_id", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # Set when the token is revoked (terminal activated again, or revoke-device).
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Index("ix_devices_store_terminal", "store_id", "terminal_id"),
)

activation_codes = Table(
    "activation_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("store_id", String(32), nullable=False),
    Column("terminal_id", String(64), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True), nullable=True),
)

customers = Table(
    "customers",
    metadata,
    Column("customer_id", String(36), primary_key=True),
    Column("account_number", String(20), nullable=False, unique=True),
    Column("store_id", String(32), nullable=False),
    Column("version", Integer, nullable=False),
    # Position in the change feed; re-assigned on every change (see hq_stub.feed).
    Column("feed_seq", BigInteger, nullable=False, unique=True),
    Column("search_text", Text, nullable=False),
    Column("phone_digits", String(64), nullable=False),
    Column("sort_name", String(200), nullable=False),
    Column("origin", String(16), nullable=False),
    Column("doc", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_customers_store_feed", "store_id", "feed_seq"),
)

staged_customers = Table(
    "staged_customers",
    metadata,
    Column("customer_id", String(36), primary_key=True),
    Column("store_id", String(32), nullable=False),
    Column("state", String(16), nullable=False),  # staged | converted | rejected
    Column("account_number", String(20), nullable=True),
    Column("error", Text, nullable=True),
    # The error's reasons one by one with their codes (JSON text; 0003).
    Column("reasons", Text, nullable=True),
    Column("data", Text, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_staged_customers_state", "state", "received_at"),
    Index("ix_staged_customers_store_state", "store_id", "state"),
)

staged_addresses = Table(
    "staged_addresses",
    metadata,
    Column("address_id", String(36), primary_key=True),
    Column("customer_id", String(36), nullable=False),
    Column("store_id", String(32), nullable=False),
    Column("state", String(16), nullable=False),  # staged | applied | rejected
    Column("error", Text, nullable=True),
    Column("data", Text, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_staged_addresses_state", "state", "received_at"),
)

loyalty_cards = Table(
    "loyalty_cards",
    metadata,
    Column("card_number", String(20), primary_key=True),
    Column("customer_id", String(36), nullable=False, index=True),
    Column("store_id", String(32), nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
)

# Which fields each version of a customer changed, and who changed them (0005): what a
# field-level edit's three-way merge asks ("changed at HQ since the edit's base?").
customer_changes = Table(
    "customer_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("customer_id", String(36), nullable=False),
    Column("version", Integer, nullable=False),
    Column("field", String(64), nullable=False),
    Column("source", String(80), nullable=False),  # terminal:<id> | hq:<what>
    Index("ix_customer_changes_customer", "customer_id", "version"),
)

# The field-level edits received, one per edit id (the idempotency key) with its outcome.
customer_edits = Table(
    "customer_edits",
    metadata,
    Column("edit_id", String(36), primary_key=True),
    Column("store_id", String(32), nullable=False),
    Column("customer_id", String(36), nullable=False),
    Column("terminal_id", String(64), nullable=False),
    Column("request", Text, nullable=False),
    Column("outcome", Text, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

# Customers erased at HQ (right to be forgotten): the anonymised tombstone's register.
# A customer_id HQ never held can be erased too (store unknown): a later upload or
# real-time create of it is refused with the reason code ``customer_erased``.
erasures = Table(
    "erasures",
    metadata,
    Column("customer_id", String(36), primary_key=True),
    Column("account_number", String(20), nullable=True),
    Column("store_id", String(32), nullable=True),
    Column("erased_at", DateTime(timezone=True), nullable=False),
)

# Who created or changed a customer, where and when (the access request's history),
# with the consent flags a change set (``details``, JSON text, never contact values).
customer_events = Table(
    "customer_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("customer_id", String(36), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("action", String(16), nullable=False),
    Column("store_id", String(32), nullable=False),
    Column("terminal_id", String(64), nullable=True),
    Column("operator_id", String(64), nullable=True),
    Column("details", Text, nullable=True),
)

COUNTER_NAMES = ("account", "feed", "loyalty")
# PostgreSQL: the sequence behind each counter (migration 0004).
SEQUENCES = {name: f"hq_{name}_seq" for name in COUNTER_NAMES}


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def iso(value: datetime) -> str:
    return as_utc(value).isoformat().replace("+00:00", "Z")


def normalize_url(db: str | os.PathLike[str]) -> str:
    """Accept a SQLAlchemy URL or a plain file path (taken as a SQLite file)."""
    db = os.fspath(db)
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


class Database:
    """Engines plus the write-transaction discipline described in the module doc."""

    def __init__(self, url: str | os.PathLike[str]) -> None:
        self.url = normalize_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        self._write_lock = threading.RLock() if self.is_sqlite else None
        if self.is_sqlite:
            self.write_engine = self._sqlite_engine(immediate=True, pool_size=4)
            self.read_engine = self._sqlite_engine(immediate=False, pool_size=16)
        else:
            self.write_engine = create_engine(
                self.url, pool_size=16, max_overflow=16, pool_pre_ping=True,
                # Names each server process in pg_stat_activity (several workers share
                # one database; an operator can tell whose connection is whose).
                connect_args={"application_name": f"hq-stub {os.getpid()}"})
            self.read_engine = self.write_engine

    def _sqlite_engine(self, *, immediate: bool, pool_size: int) -> Engine:
        engine = create_engine(self.url, pool_size=pool_size, max_overflow=32)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):  # pragma: no cover - trivial
            dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA busy_timeout = 15000")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.close()

        begin_sql = "BEGIN IMMEDIATE" if immediate else "BEGIN"

        @event.listens_for(engine, "begin")
        def _on_begin(conn):  # pragma: no cover - trivial
            conn.exec_driver_sql(begin_sql)

        return engine

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction: committed on success, rolled back on any exception."""
        if self._write_lock is not None:
            with self._write_lock, self.write_engine.begin() as conn:
                yield conn
        else:
            with self.write_engine.begin() as conn:
                yield conn

    @contextlib.contextmanager
    def write_on(self, conn: Connection) -> Iterator[Connection]:
        """A write transaction (same discipline as :meth:`write`) on a connection of
        :attr:`write_engine` the caller holds, e.g. with bulk-load pragmas set."""
        with self._write_lock or contextlib.nullcontext(), conn.begin():
            yield conn

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        with self.read_engine.connect() as conn:
            yield conn

    def migrate(self) -> None:
        from hq_stub.migrations import upgrade

        upgrade(self)

    def dispose(self) -> None:
        self.write_engine.dispose()
        if self.read_engine is not self.write_engine:
            self.read_engine.dispose()


def advance_counter(conn: Connection, name: str, n: int = 1) -> int:
    """Reserve ``n`` values of counter ``name``; returns the first one.

    Must be called inside the writing transaction: the UPDATE's row lock serialises
    every transaction that advances the same counter until it commits.
    """
    if n < 1:
        raise ValueError("n must be >= 1")
    last = conn.execute(_ADVANCE, {"counter_name": name, "step": n}).scalar_one()
    return int(last) - n + 1


_ADVANCE = (
    update(counters)
    .where(counters.c.name == bindparam("counter_name"))
    .values(value=counters.c.value + bindparam("step", type_=BigInteger))
    .returning(counters.c.value)
)


def take_numbers(conn: Connection, name: str, n: int = 1) -> list[int]:
    """``n`` unique values of counter ``name`` (increasing), inside the writing
    transaction: a consecutive block from the counter row on SQLite, ``nextval`` of the
    counter's sequence on PostgreSQL (see the module doc)."""
    if n < 1:
        raise ValueError("n must be >= 1")
    if conn.dialect.name == "postgresql":
        values = conn.execute(_NEXTVAL, {"seq": SEQUENCES[name], "n": n}).scalars().all()
        return sorted(int(v) for v in values)
    first = advance_counter(conn, name, n)
    return list(range(first, first + n))


def counter_value(conn: Connection, name: str) -> int:
    """The last value handed out by counter ``name`` (0 when none yet)."""
    if conn.dialect.name == "postgresql":
        seq = SEQUENCES[name]
        return int(conn.exec_driver_sql(
            f"SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END "
            f"FROM {seq}").scalar_one())
    return int(conn.execute(select(counters.c.value).where(
        counters.c.name == name)).scalar_one())


_NEXTVAL = text("SELECT nextval(CAST(:seq AS regclass)) FROM generate_series(1, :n)")
