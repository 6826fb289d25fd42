"""The register's terminal, opened on a thread of its own behind the sign-in screen.

Opening the terminal is most of the register's start: SQLAlchemy and the ORM store
(with its migration check and the deferred damage check it starts) and the HQ client;
the device token (keyring) and `requests` wait for the first call to HQ. `Opening` runs
it on the "register-open" thread, started once the sign-in screen is built (the GUI
thread then shows and paints it, mostly in Qt's C++, which leaves the interpreter to
the opening); `Handover` brings the outcome back to the GUI thread through a queued
signal (never a widget touched off it). The terminal's own threads (its one writer, the
damage check, later the sync worker) start inside `Terminal` as they do on the GUI
thread.
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


def open_terminal(data_dir: Path) -> Terminal:
    """The terminal as the register opens it (damage check deferred: writes wait for
    it), then the modules the register's pages import."""
    from pos_desktop.terminal import NotActivated, Terminal
    from pos_desktop.ui.main_window import REGISTER_MODULES

    terminal = Terminal(data_dir, defer_check=True, defer_token=True)
    try:
        if not terminal.is_activated:
            raise NotActivated()
        for name in (*REGISTER_MODULES, *WARM_MODULES):
            importlib.import_module(name)
    except BaseException:
        terminal.close()
        raise
    return terminal


class Opening:
    """The terminal opening on its own thread (`start`); `future` holds it, or what
    went wrong."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.future: Future[Terminal] = Future()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self.future.set_running_or_notify_cancel()
        self._thread = threading.Thread(target=self._run, name="register-open", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.future.set_result(open_terminal(self.data_dir))
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            self.future.set_exception(exc)

    def close(self) -> None:
        """The register ends: wait for an opening under way (local work only: the store
        is never left half-open behind the data dir's lock), then close the terminal."""
        if self._thread is None:
            return
        self._thread.join()
        if self.future.exception() is None:
            self.future.result().close()


class Handover(QObject):
    """Lives on the GUI thread: `then` gets the finished opening there (the opening
    thread reaches it through a queued signal)."""

    finished = Signal()

    def __init__(self, opening: Opening, then: Callable[[Future[Terminal]], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._future = opening.future
        self._then = then
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        # Runs on the opening thread, or here if it is done already: queued either way.
        self._future.add_done_callback(self._emit)

    def _emit(self, _done: Future[Terminal]) -> None:
        try:
            self.finished.emit()
        except RuntimeError:  # the window and its loop are gone: `Opening.close` has it
            log.info("the terminal opened after the register closed")

    @Slot()
    def _deliver(self) -> None:
        self._then(self._future)
