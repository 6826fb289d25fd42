"""Alembic migrations: the schema they build is exactly the model, on both databases."""

from __future__ import annotations

import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from hq_stub.db import Database, metadata


def test_migrations_match_the_model_and_are_repeatable(db_url):
    db = Database(db_url)
    try:
        db.migrate()
        db.migrate()  # a second start on the same database is a no-op
        with db.write_engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
            tables = set(inspect(conn).get_table_names())
        assert {"customers", "staged_customers", "staged_addresses", "counters", "stores",
                "devices", "activation_codes", "loyalty_cards", "alembic_version"} <= tables
    finally:
        db.dispose()


def test_sqlite_runs_in_wal_mode_with_full_sync(tmp_path):
    db = Database(tmp_path / "hq.db")
    try:
        db.migrate()
        with db.read() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    finally:
        db.dispose()


def test_migrate_command(tmp_path):
    target = tmp_path / "cli.db"
    out = subprocess.run([sys.executable, "-m", "hq_stub", "migrate", "--db", str(target)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    db = Database(target)
    try:
        with db.read() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    finally:
        db.dispose()


def test_postgresql_sequences_continue_the_counters_both_ways(pg_base_url):
    """Migration 0004 on a database with history: account numbers and feed sequences go
    on after the counters' values (cursors terminals hold stay valid), and a downgrade
    writes the sequences' values back into the counters."""
    from alembic import command
    from sqlalchemy import select, update

    from hq_stub.db import counters, take_numbers
    from hq_stub.migrations import alembic_config, upgrade
    from tests.hq import pg

    db = Database(pg.new_database(pg_base_url))
    try:
        upgrade(db, "0002")
        with db.write() as conn:  # an HQ that has been numbering for a while
            conn.execute(update(counters).values(value=41))
        db.migrate()
        with db.write() as conn:
            assert take_numbers(conn, "account", 2) == [42, 43]
            assert take_numbers(conn, "feed") == [42]
        cfg = alembic_config(db.url)
        with db.write_engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0002")
            conn.commit()
        with db.read() as conn:
            values = dict(conn.execute(select(counters.c.name, counters.c.value)).all())
            assert not conn.exec_driver_sql(
                "SELECT count(*) FROM pg_class WHERE relkind = 'S'").scalar()
        assert values == {"account": 43, "feed": 42, "loyalty": 41}
    finally:
        db.dispose()
