"""Where the terminal keeps its data and logs (platformdirs, overridable)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from platformdirs import user_data_dir, user_log_dir

APP_NAME = "pos-desktop"
APP_AUTHOR = "POS Desktop"
DB_FILENAME = "pos.db"  # the terminal database in its data dir


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get("POS_DESKTOP_DATA_DIR")
    if env:
        return Path(env).expanduser().resolve()
    return Path(user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    return Path(user_log_dir(APP_NAME, APP_AUTHOR))


PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def make_private_dir(folder: Path) -> Path:
    """Create `folder` (and its parents) and make it 0700 on POSIX; it may exist already.

    An existing folder is tightened only when it is plainly the app's own: owned by this
    user, not sticky (/tmp), not the home folder or a root. A --data-dir or log folder
    shared with other things keeps its mode (the files in it are still 0600).
    """
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    if os.name == "posix":
        try:
            info = folder.stat()
            shared = (
                info.st_uid != os.geteuid()
                or info.st_mode & stat.S_ISVTX
                or folder.resolve() in (Path.home().resolve(), Path(folder.anchor))
            )
            if not shared and stat.S_IMODE(info.st_mode) != PRIVATE_DIR_MODE:
                folder.chmod(PRIVATE_DIR_MODE)
        except OSError:
            pass  # not ours to change: leave it
    return folder


def make_private_file(path: Path) -> None:
    """0600 on POSIX, if it exists and we may change it."""
    if os.name != "posix":
        return
    try:
        if stat.S_IMODE(path.stat().st_mode) != PRIVATE_FILE_MODE:
            path.chmod(PRIVATE_FILE_MODE)
    except OSError:
        pass


def make_private_files(folder: Path, prefix: str) -> None:
    """The data folder 0700 and its files named `prefix`* (database, WAL, backups) 0600.

    Only the terminal's own files: a --data-dir shared with other things keeps theirs.
    """
    make_private_dir(folder)
    if os.name != "posix":
        return
    try:
        entries = [e for e in folder.iterdir() if e.name.startswith(prefix)]
    except OSError:
        return
    for entry in entries:
        if entry.is_file() and not entry.is_symlink():
            make_private_file(entry)


@contextmanager
def private_umask() -> Iterator[None]:
    """Files and folders created inside are 0600/0700 (POSIX; a no-op elsewhere)."""
    if os.name != "posix":
        yield
        return
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)
