"""One register per data dir: a `QLockFile` in the folder, held while the register runs.

A second register on the same folder (or `recover`, `activate`, `sync --once` while the
register runs) is refused with a line naming the process that holds the lock, so two
sync threads never work on one database. The second register also asks the running one
to come to the front: it drops a request file into the folder, which the running
register watches (`RaiseRequests`, a `QFileSystemWatcher`: no sockets needed).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QLockFile, QObject

log = logging.getLogger(__name__)

LOCK_FILENAME = "pos-desktop.lock"
RAISE_FILENAME = "raise-window.request"


class DataDirInUse(Exception):
    """The data dir's lock is held by another live process."""

    def __init__(self, folder: Path, holder: str) -> None:
        super().__init__(f"{folder} is in use by {holder}")
        self.folder = folder
        self.holder = holder


def _command_line(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    args = [a.decode(errors="replace") for a in raw.split(b"\0") if a]
    if args:
        args[0] = Path(args[0]).name
    return " ".join(args)[:200]


def describe_holder(pid: int, host: str, app: str) -> str:
    """'process 1234 (pos-desktop --demo)' (on host X when it is another machine)."""
    what = _command_line(pid) if host == socket.gethostname() else ""
    text = f"process {pid} ({what or app or 'unknown program'})"
    if host and host != socket.gethostname():
        text += f" on host {host}"
    return text


class DataDirLock:
    """`pos-desktop.lock` in the data dir. `acquire()` raises DataDirInUse."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = QLockFile(str(folder / LOCK_FILENAME))
        # A running register holds the lock for days: stale only when its process is gone.
        self._lock.setStaleLockTime(0)

    def acquire(self, *, create: bool = True) -> bool:
        """True when held; False when the folder cannot hold a lock file (read-only), or
        does not exist and `create` is false: no register runs there, and the commands
        report the folder themselves."""
        from pos_desktop.paths import make_private_dir

        if not create and not self.folder.is_dir():
            return False
        try:
            make_private_dir(self.folder)
        except OSError:
            return False
        if self._lock.tryLock(0):
            return True
        if self._lock.error() != QLockFile.LockError.LockFailedError:
            log.warning("no lock file in the data dir (%s)", self._lock.error().name)
            return False
        info = self._lock.getLockInfo()  # PySide6: (pid, host, app), or False
        holder = describe_holder(*info) if isinstance(info, tuple) else "another process"
        raise DataDirInUse(self.folder, holder)

    def release(self) -> None:
        self._lock.unlock()

    def __enter__(self) -> DataDirLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def request_raise(folder: Path) -> None:
    """Ask the register running on `folder` to bring its window to the front."""
    with contextlib.suppress(OSError):
        (folder / RAISE_FILENAME).write_text(str(os.getpid()), encoding="ascii")


class RaiseRequests(QObject):
    """Calls `on_request` when another start asked for the window (request_raise)."""

    def __init__(self, folder: Path, on_request: Callable[[], None]) -> None:
        super().__init__()
        self.folder = folder
        self.on_request = on_request
        (folder / RAISE_FILENAME).unlink(missing_ok=True)
        self.watcher = QFileSystemWatcher([str(folder)], self)
        self.watcher.directoryChanged.connect(self._changed)

    def _changed(self, _path: str) -> None:
        request = self.folder / RAISE_FILENAME
        if request.exists():
            request.unlink(missing_ok=True)
            log.info("another start asked for the register's window")
            self.on_request()
