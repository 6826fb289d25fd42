"""Is the terminal database sound? Checked before anything opens it for writing.

* At every start `quick_check` (SQLite's ``PRAGMA quick_check``, bounded in time): a
  damaged file is refused (`DamagedDatabase`), never written to, and the message names
  the file, the newest backup and ``pos-desktop recover``. Commands check before they
  open the store (`check_sound`); the register checks after its window shows
  (`BackgroundCheck`: its own thread and read-only connection) while the store's writer
  holds every write until the check has passed.
* ``pos-desktop self-check`` runs the full ``PRAGMA integrity_check``.
* ``terminal.json`` next to the database remembers that this folder holds an activated
  terminal (install id, terminal, store, HQ; no secret). A database that is missing or
  empty while it exists is lost data (`LostDatabase`), never a new "not activated" one.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pos_desktop.domain.errors import DomainError

log = logging.getLogger(__name__)

MARKER = "terminal.json"
QUICK_CHECK_BUDGET_S = 5.0  # a start never waits longer than this for the check
DAMAGE_WORDS = ("malformed", "not a database", "corrupt", "disk image")


class DamagedDatabase(DomainError):
    def __init__(self, path: Path, detail: str) -> None:
        backup = newest_backup(path)
        super().__init__(
            "database.damaged",
            f"The terminal database {path} is damaged ({detail}); nothing will be written "
            f"to it. Newest backup: {backup if backup else 'none'}. Run 'pos-desktop recover' "
            "(it keeps the damaged file, saves what it can and downloads the rest from HQ).",
        )
        self.path = path


class LostDatabase(DomainError):
    def __init__(self, path: Path, how: str, marker: dict[str, Any]) -> None:
        backup = newest_backup(path)
        who = ", ".join(
            f"{k.replace('_id', '')} {marker[k]}" for k in ("terminal_id", "store_id")
            if marker.get(k)
        )  # fmt: skip
        super().__init__(
            "database.lost",
            f"The database at {path} is {how} but this terminal was activated"
            + (f" ({who})" if who else "")
            + ": its customers not yet synced may be lost. Run 'pos-desktop recover' or "
            f"restore a backup (newest: {backup if backup else 'none'}).",
        )
        self.path = path


def newest_backup(db_path: Path) -> Path | None:
    """The newest ``pos.db.*.bak`` (taken before each migration)."""
    try:
        found = list(db_path.parent.glob(f"{db_path.name}.*.bak"))
    except OSError:
        return None
    return max(found, key=lambda p: p.stat().st_mtime, default=None)


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _run_check(path: Path, pragma: str, budget_s: float | None) -> str | None:
    """The first problems the pragma reports, or None when the file is sound.

    With a budget, a check that runs out of time is abandoned (logged, not an error).
    """
    deadline = None if budget_s is None else time.monotonic() + budget_s
    timed_out = False

    def progress() -> int:
        nonlocal timed_out
        if deadline is not None and time.monotonic() > deadline:
            timed_out = True
            return 1
        return 0

    try:
        connection = _read_only(path)
    except sqlite3.Error as exc:
        if not is_damage(exc):  # a read-only folder, a full disk: not the file's fault
            log.warning("%s of %s not run: %s", pragma, path, exc)
            return None
        return f"cannot be opened: {exc}"
    try:
        connection.set_progress_handler(progress, 10_000)
        rows = connection.execute(f"PRAGMA {pragma}(5)").fetchall()
    except sqlite3.OperationalError as exc:
        if timed_out:
            log.warning("%s of %s did not finish within %.1f s; not checked further",
                        pragma, path, budget_s)  # fmt: skip
            return None
        if not is_damage(exc):  # locked, busy, read-only, I/O: not a sign of damage
            log.warning("%s of %s not run: %s", pragma, path, exc)
            return None
        return str(exc)
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        connection.close()
    problems = [str(r[0]) for r in rows]
    if problems == ["ok"]:
        return None
    return "; ".join(problems)[:300]


def quick_check(path: Path, budget_s: float | None = QUICK_CHECK_BUDGET_S) -> str | None:
    return _run_check(path, "quick_check", budget_s)


def integrity_check(path: Path) -> str | None:
    return _run_check(path, "integrity_check", None)


def is_damage(exc: BaseException) -> bool:
    """An SQLite error that means the file is damaged (not busy, not full)."""
    orig = getattr(exc, "orig", None) or exc
    if not isinstance(orig, sqlite3.DatabaseError):
        return False
    text = str(orig).lower()
    return any(word in text for word in DAMAGE_WORDS)


# -- the marker of an activated terminal -----------------------------------------------


def read_marker(data_dir: Path) -> dict[str, Any] | None:
    try:
        body = json.loads((data_dir / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return body if isinstance(body, dict) else None


def write_marker(data_dir: Path, fields: dict[str, Any]) -> None:
    """Atomically (temporary file + rename); never holds a secret."""
    target = data_dir / MARKER
    temporary = target.with_name(f".{MARKER}.tmp")
    try:
        temporary.write_text(json.dumps(fields, indent=2, sort_keys=True), encoding="utf-8")
        os.replace(temporary, target)
    except OSError as exc:
        log.warning("cannot write %s: %s", target, exc.strerror)


def check_present(data_dir: Path, db_path: Path) -> None:
    """Raise LostDatabase when an activated terminal's database is missing or empty."""
    try:
        size = db_path.stat().st_size
    except OSError:  # missing, or the folder itself is not there / not a folder
        size = None
    if size:
        return
    marker = read_marker(data_dir)
    if marker is not None:
        raise LostDatabase(db_path, "missing" if size is None else "empty (0 bytes)", marker)


def _has_content(db_path: Path) -> bool:
    try:
        return db_path.stat().st_size > 0
    except OSError:
        return False  # nothing there yet: created on open


def _checked(db_path: Path) -> str | None:
    """The bounded quick_check, logged: the problem found, or None."""
    started = time.monotonic()
    problem = quick_check(db_path)
    log.debug("quick_check of %s: %.2f s", db_path, time.monotonic() - started)
    if problem is not None:
        log.error("database %s failed quick_check: %s", db_path, problem)
    return problem


def check_sound(data_dir: Path, db_path: Path) -> None:
    """Before opening for writing: not lost, not damaged (bounded quick_check)."""
    check_present(data_dir, db_path)
    if _has_content(db_path) and (problem := _checked(db_path)) is not None:
        raise DamagedDatabase(db_path, problem)


class BackgroundCheck:
    """The start-up quick_check on its own thread and read-only connection, so the
    register's window shows at once (a 1M-customer file takes seconds to check).

    The store's writer calls `require_sound` before its first write: writes wait until
    the check has passed and are refused (`DamagedDatabase`) when it found damage. A
    check that runs out of its budget passes, as the check before opening does.
    """

    def __init__(self, db_path: Path) -> None:
        self.path = db_path
        self.problem: str | None = None
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[str | None], None]] = []
        self._thread = threading.Thread(target=self._run, name="db-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            problem = _checked(self.path) if _has_content(self.path) else None
        except Exception as exc:  # noqa: BLE001 - an unexpected failure is not damage
            log.warning("quick_check of %s failed to run: %s", self.path, exc)
            problem = None
        with self._lock:
            self.problem = problem
            self._done.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            self._call(callback)

    def _call(self, callback: Callable[[str | None], None]) -> None:
        try:
            callback(self.problem)
        except Exception:
            log.exception("database check listener failed")

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def on_done(self, callback: Callable[[str | None], None]) -> None:
        """Call back with the problem (None: sound) once done: now, if it already is."""
        with self._lock:
            if not self._done.is_set():
                self._callbacks.append(callback)
                return
        self._call(callback)

    def require_sound(self) -> None:
        """Wait for the check; raise DamagedDatabase if it found damage."""
        self._done.wait()
        if self.problem is not None:
            raise DamagedDatabase(self.path, self.problem)
