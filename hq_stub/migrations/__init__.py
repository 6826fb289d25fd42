"""Alembic migrations of the HQ database (run automatically by ``hq-stub serve``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from hq_stub.db import Database

HERE = Path(__file__).resolve().parent
MIGRATION_LOCK = 0x4851_4D49  # pg_advisory_xact_lock key of a migration run ("HQMI")


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(db: Database, revision: str = "head") -> None:
    """Bring the schema to ``revision`` using the database's own write engine."""
    from alembic import command

    cfg = alembic_config(db.url)
    with db.write_engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            # Several HQ hosts may start at once on one database: one migrates, the
            # others wait and then find nothing to do (released when this one commits).
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()
