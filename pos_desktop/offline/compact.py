"""Giving a database's free pages back to the file system (issue 13, "Size").

SQLite keeps the pages a migration, a purge or an erasure frees inside the file (its
freelist) and shrinks the file only on VACUUM. A store upgraded from a version whose
schema took more room (0009 took the search terms' second copy and the contacts'
rowid index out: about 300 MiB of a 1M-customer file) keeps its old size until then.

`compact` runs SQLite's VACUUM once, on the store's one writer (never beside another
write; readers go on, WAL), and switches the file to `auto_vacuum=INCREMENTAL` while
it does (the only moment that setting can change): from then on the writer gives freed
pages back in small steps when it is idle (`give_back_step`), so space freed later
(erasures, purges) goes back too. VACUUM is one transaction: a process killed in the
middle leaves the file as it was (the new pages were only in the WAL, uncommitted).

VACUUM writes a copy of the used pages to a temporary file and then the same again
into the WAL before its checkpoint writes them back: it needs about twice the used size
free (on the temp directory's file system and the data dir's). `space_needed` says how
much; the start-up compaction is skipped, with a line in the log, when it is not there.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pos_desktop.domain.errors import DomainError

log = logging.getLogger(__name__)

MIB = 1024 * 1024
# The start compacts when free pages are at least this share of the file *and* this
# many bytes: a few MiB are not worth a pause, 20 % of a large file is (0009 freed ~28 %).
DUE_SHARE = 0.20
DUE_BYTES = 16 * MIB
# Besides twice the used size: room for the WAL's frame headers and the file system.
MARGIN_BYTES = 16 * MIB
# auto_vacuum=INCREMENTAL: pages given back per idle step (1 MiB of 4 KiB pages: ~10 ms
# on this machine, so a save arriving meanwhile hardly waits; steps repeat every
# quarter second while the writer stays idle), and only once this many are free.
STEP_PAGES = 256
STEP_MIN_FREE_PAGES = 256
AUTO_VACUUM_INCREMENTAL = 2


@dataclass(frozen=True)
class SpaceUse:
    """How a database file's pages are used (`PRAGMA page_count` etc.)."""

    page_size: int
    pages: int
    free_pages: int
    auto_vacuum: int

    @property
    def file_bytes(self) -> int:
        return self.page_size * self.pages

    @property
    def free_bytes(self) -> int:
        return self.page_size * self.free_pages

    @property
    def used_bytes(self) -> int:
        return self.file_bytes - self.free_bytes

    @property
    def free_share(self) -> float:
        return self.free_pages / self.pages if self.pages else 0.0

    @property
    def due(self) -> bool:
        """Enough free space in the file that compacting it is worth a pause."""
        return self.free_share >= DUE_SHARE and self.free_bytes >= DUE_BYTES


def space_use(raw: sqlite3.Connection) -> SpaceUse:
    def one(pragma: str) -> int:
        return int(raw.execute(f"PRAGMA {pragma}").fetchone()[0])

    return SpaceUse(one("page_size"), one("page_count"), one("freelist_count"),
                    one("auto_vacuum"))


def sqlite_temp_dir() -> Path:
    """Where SQLite puts VACUUM's temporary copy (its unix VFS's order; Windows: the
    user's temp folder)."""
    if sys.platform == "win32":
        import tempfile

        return Path(tempfile.gettempdir())
    for name in ("SQLITE_TMPDIR", "TMPDIR"):
        value = os.environ.get(name)
        if value and os.path.isdir(value) and os.access(value, os.W_OK | os.X_OK):
            return Path(value)
    for folder in ("/var/tmp", "/usr/tmp", "/tmp"):
        if os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK):
            return Path(folder)
    return Path(".")


@dataclass(frozen=True)
class SpaceCheck:
    """Free disk space against what VACUUM needs; `short` names what is missing."""

    needed: int
    available: int
    short: str = ""


def _device(path: Path) -> int | None:
    try:
        return os.stat(path).st_dev
    except OSError:
        return None


def space_needed(db_path: Path, use: SpaceUse) -> SpaceCheck:
    """VACUUM's temporary copy (temp dir) and WAL (data dir), each about the used size."""
    copy = use.used_bytes + MARGIN_BYTES
    temp, data = sqlite_temp_dir(), db_path.parent
    free_data = shutil.disk_usage(data).free
    if _device(temp) == _device(data):
        needed = 2 * copy
        if free_data < needed:
            return SpaceCheck(needed, free_data, f"{data} has {free_data // MIB} MiB free, "
                              f"compacting needs {needed // MIB} MiB")
        return SpaceCheck(needed, free_data)
    free_temp = shutil.disk_usage(temp).free
    for folder, free in ((temp, free_temp), (data, free_data)):
        if free < copy:
            return SpaceCheck(copy, free, f"{folder} has {free // MIB} MiB free, "
                              f"compacting needs {copy // MIB} MiB there")
    return SpaceCheck(2 * copy, min(free_temp, free_data))


class NotEnoughSpace(DomainError):
    """Compacting would fill the disk: refused before anything was written."""

    def __init__(self, db_path: Path, check: SpaceCheck) -> None:
        super().__init__(
            "database.space_short",
            f"Not enough free disk space to compact {db_path}: {check.short}; it stays "
            "as it is (free some space, then run 'pos-desktop maintenance compact').",
        )
        self.check = check


class CompactionStopped(DomainError):
    """The store closed while it compacted: the VACUUM was rolled back."""

    def __init__(self, db_path: Path) -> None:
        super().__init__(
            "database.compaction_stopped",
            f"Compacting {db_path} stopped as the register closed; nothing changed (the "
            "next start compacts it).",
        )


@dataclass(frozen=True)
class Compacted:
    """What a compaction did (sizes in bytes of the file on disk)."""

    path: str
    before_bytes: int
    after_bytes: int
    free_before_bytes: int
    seconds: float
    auto_vacuum: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        return (f"{self.path}: {self.before_bytes / MIB:,.1f} MiB -> "
                f"{self.after_bytes / MIB:,.1f} MiB in {self.seconds:.1f} s "
                f"(auto_vacuum {self.auto_vacuum})")


def file_bytes(db_path: Path) -> int:
    """The database and its WAL on disk, as `ls` and `du` see them."""
    total = 0
    for path in (db_path, db_path.with_name(db_path.name + "-wal")):
        with contextlib.suppress(FileNotFoundError):
            total += path.stat().st_size
    return total


def ready_to_compact(raw: sqlite3.Connection, db_path: Path) -> SpaceUse:
    """The WAL emptied into the file, then its pages counted; raises `NotEnoughSpace`
    when the disk cannot take a VACUUM of it."""
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    use = space_use(raw)
    check = space_needed(db_path, use)
    if check.short:
        raise NotEnoughSpace(db_path, check)
    return use


def compact(raw: sqlite3.Connection, db_path: Path, *, incremental: bool = True) -> Compacted:
    """VACUUM the database on `raw` (the writer's connection, outside any transaction),
    then a TRUNCATE checkpoint so the file and its WAL shrink at once. Raises
    `NotEnoughSpace` before writing when the disk cannot take it."""
    use = ready_to_compact(raw, db_path)
    before = file_bytes(db_path)
    started = time.perf_counter()
    if incremental:
        raw.execute("PRAGMA auto_vacuum=INCREMENTAL")
    raw.execute("VACUUM")
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    seconds = time.perf_counter() - started
    mode = {0: "none", 1: "full", 2: "incremental"}.get(space_use(raw).auto_vacuum, "?")
    return Compacted(str(db_path), before, file_bytes(db_path), use.free_bytes, seconds, mode)


def give_back_step(raw: sqlite3.Connection, pages: int = STEP_PAGES) -> bool:
    """One small `incremental_vacuum` step (auto_vacuum=INCREMENTAL files only): the
    freed pages at the end of the file go back to the file system at the next
    checkpoint. True while more than a step's threshold stays free (run again)."""
    use = space_use(raw)
    if use.auto_vacuum != AUTO_VACUUM_INCREMENTAL or use.free_pages < STEP_MIN_FREE_PAGES:
        return False
    # The pragma frees one page per step and returns no row: sqlite3's execute() would
    # step it once; executescript() runs it to the end (no transaction is open here).
    raw.executescript(f"PRAGMA incremental_vacuum({int(pages)});")
    return use.free_pages - pages >= STEP_MIN_FREE_PAGES
