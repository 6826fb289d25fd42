"""The register's terminal, opened on a thread of its own behind the sign-in screen.

Opening the terminal is most of the register's start: SQLAlchemy and the ORM store
(with its migration check and the deferred damage check it starts), the HQ client
(requests) and the device token (keyring). `start` runs it on the "register-open"
thread while the GUI thread shows the sign-in screen; `Handover` brings the outcome
back to the GUI thread through a queued signal (never a widget touched off it).
The terminal's own threads (its one writer, the damage check, later the sync worker)
start inside `Terminal` as they do on the GUI thread.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot

if TYPE_CHECKING:
    from pos_desktop.terminal import Terminal

log = logging.getLogger(__name__)

# Imported on the opening thread too, after the terminal: the register's pages (the GUI
# thread then only builds widgets) and phone formatting (search results, details).
WARM_MODULES = ("phonenumbers",)


def start(data_dir: Path) -> tuple[Future[Terminal], threading.Thread]:
    """Open the terminal on its own thread; the future holds it or what went wrong."""
    opening: Future[Terminal] = Future()
    opening.set_running_or_notify_cancel()

    def run() -> None:
        try:
            opening.set_result(open_terminal(data_dir))
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            opening.set_exception(exc)

    thread = threading.Thread(target=run, name="register-open", daemon=True)
    thread.start()
    return opening, thread


def open_terminal(data_dir: Path) -> Terminal:
    """The terminal as the register opens it (damage check deferred: writes wait for
    it), then the modules the register's pages import."""
    from pos_desktop.terminal import NotActivated, Terminal
    from pos_desktop.ui.main_window import REGISTER_MODULES

    terminal = Terminal(data_dir, defer_check=True)
    try:
        if not terminal.is_activated:
            raise NotActivated()
        for name in (*REGISTER_MODULES, *WARM_MODULES):
            importlib.import_module(name)
    except BaseException:
        terminal.close()
        raise
    return terminal


def close(opening: Future[Terminal], thread: threading.Thread) -> None:
    """The register ends: wait for an opening still under way (local work only: the
    store is never left half-open behind the data dir's lock), then close it."""
    thread.join()
    if opening.exception() is None:
        opening.result().close()


class Handover(QObject):
    """Lives on the GUI thread: `then` gets the finished opening there."""

    finished = Signal()

    def __init__(self, opening: Future[Terminal],
                 then: Callable[[Future[Terminal]], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._opening = opening
        self._then = then
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        # Runs on the opening thread (or here, if it is already done): queued either way.
        opening.add_done_callback(self._emit)

    def _emit(self, _done: Future[Terminal]) -> None:
        try:
            self.finished.emit()
        except RuntimeError:  # the window and its loop are gone: `close` has it
            log.info("the terminal opened after the register closed")

    @Slot()
    def _deliver(self) -> None:
        self._then(self._opening)
