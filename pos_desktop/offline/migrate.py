"""Schema migrations at start-up, with a backup of the file before any of them runs."""

from __future__ import annotations

import logging
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

# Alembic is imported only when the schema may need it (about a quarter of a second of
# start-up otherwise): `migrate` first compares the stored revision with the newest script.

log = logging.getLogger(__name__)


def migrations_dir() -> Path:
    """The Alembic scripts folder; build.spec ships it as data files when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "pos_desktop" / "offline" / "migrations"
    return Path(__file__).with_name("migrations")


MIGRATIONS = migrations_dir()


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def backup_file(db_path: Path, label: str) -> Path:
    """A consistent copy of the live database (SQLite's online backup API)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = db_path.with_name(f"{db_path.name}.{label}.{stamp}.bak")
    source = sqlite3.connect(db_path)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


def up_to_date(db_path: Path) -> bool:
    """The stored revision is the newest script's (revision ids are the file names'
    number, "0005_....py" -> "0005"): nothing to do, without importing Alembic. Anything
    else (no file, no table, another id) takes the full path."""
    scripts = sorted(p.name for p in (MIGRATIONS / "versions").glob("[0-9]*.py"))
    if not scripts or not db_path.exists():
        return False
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return rows == [(scripts[-1].split("_", 1)[0],)]


def migrate(engine: Engine, db_path: Path) -> Path | None:
    """Bring the schema to head. Returns the backup taken, if there was anything to keep."""
    if up_to_date(db_path):
        return None
    from alembic import command

    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return None
    backup = None
    if current is not None:
        backup = backup_file(db_path, f"before-{head}")
        log.info("Backed up the database to %s before migrating %s -> %s", backup, current, head)
    config = _config()
    with engine.connect() as connection:
        # Foreign keys off while migrating (SQLite's way to rebuild a parent table; it can
        # only be switched outside a transaction): a migration that rebuilds one checks
        # the keys itself before its commit (0006).
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
    return backup
