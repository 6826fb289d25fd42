"""Terminal stores with many customers, built as a first download builds them
(`benchmarks/generate_customers.py`), and free pages as an upgrade leaves them."""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
MIB = 1024 * 1024


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generate_customers", ROOT / "benchmarks" / "generate_customers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generated_store(folder: Path, count: int) -> Path:
    """`count` synthetic customers in `folder` (activated as T1, no HQ URL)."""
    code = _generator().main(["--data-dir", str(folder), "--count", str(count),
                              "--page", str(min(count, 10_000))])
    assert code == 0
    return folder / "pos.db"


def copy_store(source: Path, target: Path) -> Path:
    """A copy of a closed store's folder (database and terminal.json)."""
    shutil.copytree(source, target)
    return target / "pos.db"


def leave_free_pages(db: Path, mib: int) -> None:
    """`mib` MiB of free pages in the file, as a migration leaves the tables and
    indexes it dropped or rebuilt (0009: the search terms' second copy)."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("CREATE TABLE dropped_by_upgrade (blob BLOB)")
        conn.execute("BEGIN")
        for _ in range(mib * 4):
            conn.execute("INSERT INTO dropped_by_upgrade VALUES (zeroblob(262144))")
        conn.execute("COMMIT")
        conn.execute("DROP TABLE dropped_by_upgrade")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def file_and_free(db: Path) -> tuple[int, int]:
    """(the file's size in bytes, its free pages in bytes)."""
    conn = sqlite3.connect(db)
    try:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    finally:
        conn.close()
    return db.stat().st_size, free * size
