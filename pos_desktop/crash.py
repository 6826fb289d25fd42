"""Crashes and uncaught exceptions go to the log, never a silent exit.

`faulthandler` writes a fatal signal's Python stacks (a segfault in a library, an abort)
to `pos-desktop-faults.log` next to the log; the next start copies that into the log and
empties it. An exception nobody caught (in a Qt slot, at start, in a thread) is logged
with its traceback (RedactingFormatter: code locations, no values) and the register shows
a message box naming the error and the log.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO

from pos_desktop.logs import log_file_path

log = logging.getLogger(__name__)

FAULTS_FILENAME = "pos-desktop-faults.log"
_faults: IO[str] | None = None


def faults_path() -> Path:
    return log_file_path().parent / FAULTS_FILENAME


def enable_fault_handler() -> Path | None:
    """faulthandler to the faults file; a previous run's report goes to the log first."""
    global _faults
    path = faults_path()
    try:
        previous = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        if previous.strip():
            log.error("the previous run stopped on a fatal error; faulthandler wrote:\n%s",
                      previous.strip()[-20_000:])
        path.parent.mkdir(parents=True, exist_ok=True)
        _faults = open(path, "w", encoding="utf-8",  # noqa: SIM115 - open while running
                       opener=lambda p, flags: os.open(p, flags, 0o600))
    except OSError as exc:
        log.warning("no fault log (%s); fatal errors go to stderr", exc.strerror)
        faulthandler.enable()
        return None
    faulthandler.enable(_faults, all_threads=True)
    return path


ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def install_exception_hooks(show: Callable[[str], object] | None = None) -> None:
    """Log every uncaught exception; `show(error type)` tells the user (GUI thread)."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log.critical("uncaught exception (%s)", kind.__name__, exc_info=(kind, exc, tb))
        if show is not None:
            try:
                show(kind.__name__)
            except Exception:  # noqa: BLE001 - the box must never raise from the hook
                log.exception("cannot show the error message box")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "?"
        log.critical("uncaught exception in thread %s (%s)", name, args.exc_type.__name__,
                     exc_info=(args.exc_type, args.exc_value, args.exc_traceback))

    sys.excepthook = hook
    threading.excepthook = thread_hook
