"""SQLite engine for the offline store: WAL, synchronous=FULL, foreign keys, busy timeout.

Write transactions start with ``BEGIN IMMEDIATE`` (see `write_engine`), so a reader that
later writes never fails half-way with SQLITE_BUSY.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import orjson
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import ConnectionPoolEntry

from pos_desktop.paths import DB_FILENAME as DB_FILENAME  # the database's file name

from .mapping import register_functions

BUSY_TIMEOUT_MS = 10_000
# Commits checkpoint the WAL only past this many pages (a safety net): the writer runs a
# PASSIVE checkpoint when idle instead (`OfflineStore.checkpoint`), so a cashier's save
# does not pay for copying the WAL back into the database.
WAL_AUTOCHECKPOINT_PAGES = 10_000
WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024


def _json_loads(value: str | bytes | float) -> object:
    # SQLite hands a JSON column holding a bare number back as that number.
    return value if isinstance(value, int | float) else orjson.loads(value)


def make_engine(path: Path) -> Engine:
    # JSON columns (outbox payloads, cached configuration) through orjson: the standard
    # library's encoder and decoder hold the GIL far longer on the sync worker's batches.
    engine = create_engine(f"sqlite:///{path}", future=True, hide_parameters=True,
                           json_serializer=lambda value: orjson.dumps(value).decode(),
                           json_deserializer=_json_loads)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if cursor.execute("PRAGMA page_count").fetchone()[0] == 0:
            # A new file: freed pages go back to the disk in the writer's idle steps
            # (`compact.give_back_step`); an older file gets it from its one compaction.
            cursor.execute("PRAGMA auto_vacuum=INCREMENTAL")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
        # A WAL grown large (a compaction writes the whole file through it; a first
        # download's batches) goes back to this size once checkpointed, even when a
        # reader kept the compaction's own TRUNCATE checkpoint from finishing.
        cursor.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT_BYTES}")
        # Deleted customer data is overwritten with zeros, not left in free space
        # (erasure, issue 16: nothing of an erased customer stays in pos.db).
        cursor.execute("PRAGMA secure_delete=ON")
        # The search index's content view calls an application function (its terms are
        # generated from the rows, not stored): allowed in the schema.
        cursor.execute("PRAGMA trusted_schema=ON")
        cursor.close()
        register_functions(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get("sqlite_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def write_engine(engine: Engine) -> Engine:
    """The same engine whose transactions take the write lock up front."""
    return engine.execution_options(sqlite_immediate=True)
