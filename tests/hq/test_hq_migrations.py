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
