"""Start the register window: the GUI's composition root.

It builds the terminal (or the demo: a local HQ from `hq_stub`, `pos_desktop.demo`) and
hands the window the terminal's services only. It lives outside `pos_desktop.ui` so that
the widgets depend on services, never on the terminal's parts or the HQ server.

Before Qt starts: the fault handler, the system libraries Qt's X11 plugin needs
(`pos_desktop.system_libs`: a clear install line instead of Qt's abort) and the data
dir's lock (`pos_desktop.instance`: one register per data dir).

The sign-in screen paints before the terminal is open: it needs only the cached store
configuration, read with plain `sqlite3` (`offline.first_screen`). The terminal (the
ORM store and its checks, the HQ client and the token from the keyring: most of the
start's imports) opens on a thread of its own meanwhile and is handed to the window on
the GUI thread through a queued signal (`pos_desktop.opening`). A database that is not plainly
current and activated opens the terminal first, as before, so its checks (lost or
damaged file, migrations, activation) speak before any window.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from pos_desktop.domain.errors import DomainError
from pos_desktop.logs import setup_logging

if TYPE_CHECKING:
    from pos_desktop.offline.first_screen import FirstScreen
    from pos_desktop.opening import Opening
    from pos_desktop.services.operators import SignInServices
    from pos_desktop.terminal import Terminal

log = logging.getLogger(__name__)

TUNE_AFTER_MS = 1000  # runtime.tune_runtime once the terminal has opened

def terminal_folder(data_dir: Path, demo: bool) -> Path:
    """The folder holding the terminal's database (the demo keeps its own)."""
    return data_dir / "demo" / "terminal" if demo else data_dir


def run_gui(data_dir: Path, *, demo: bool = False, fullscreen: bool = False) -> int:
    from pos_desktop.cli import EXIT_IN_USE, EXIT_NO_WINDOW

    setup_logging(console=True)
    from pos_desktop.crash import enable_fault_handler

    enable_fault_handler()
    from pos_desktop.system_libs import display_problem

    problem = display_problem()
    if problem is not None:
        log.warning("the window cannot start: %s",
                    problem.splitlines()[0].removeprefix("pos-desktop: error: "))
        print(problem, file=sys.stderr)
        return EXIT_NO_WINDOW
    from pos_desktop.instance import DataDirInUse, DataDirLock, request_raise

    lock = DataDirLock(terminal_folder(data_dir, demo))
    try:
        lock.acquire()
    except DataDirInUse as exc:
        request_raise(exc.folder)
        log.warning("a second register on %s refused: held by %s", exc.folder, exc.holder)
        print(f"pos-desktop: error: the register is already running on {exc.folder}, in "
              f"{exc.holder}; its window was asked to come to the front", file=sys.stderr)
        return EXIT_IN_USE
    try:
        return _run_locked(data_dir, demo=demo, fullscreen=fullscreen)
    finally:
        lock.release()


def _start_qt() -> object:
    from PySide6.QtWidgets import QApplication

    from pos_desktop.crash import install_exception_hooks
    from pos_desktop.logs import log_file_path
    from pos_desktop.ui.errors import show_unexpected_error

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication), "a non-GUI QCoreApplication is already running"
    app.setApplicationName("POS Desktop")
    app.setDesktopFileName("pos-desktop")  # the .desktop file of install-desktop
    install_exception_hooks(lambda kind: show_unexpected_error(kind, str(log_file_path())))
    from pos_desktop.ui.style import apply_style

    apply_style(app)
    return app


def _run_locked(data_dir: Path, *, demo: bool, fullscreen: bool) -> int:
    sign_in = None if demo else _sign_in_services(data_dir)
    if sign_in is not None:
        from pos_desktop.opening import Opening

        opening = Opening(data_dir)  # started once the sign-in screen is built
        try:
            return _run_opening(sign_in, opening, fullscreen)
        finally:
            opening.close()
    from PySide6.QtWidgets import QApplication, QMessageBox

    from pos_desktop.ui.i18n import install, language_for

    app = _start_qt()
    assert isinstance(app, QApplication)
    install(language_for(data_dir), app)
    hq = None
    try:
        if demo:
            from pos_desktop.demo import start_demo

            hq, terminal = start_demo(data_dir)
        else:
            from pos_desktop.terminal import NotActivated, Terminal

            # The damage check runs after the window shows (writes wait for it).
            terminal = Terminal(data_dir, defer_check=True)
            if not terminal.is_activated:
                raise NotActivated()
    except DomainError as exc:
        QMessageBox.critical(None, "POS Desktop", exc.message)
        print(f"pos-desktop: error: {exc.message}", file=sys.stderr)
        return 2

    install(language_for(terminal.data_dir), app)
    try:
        return _show_window(app, terminal, fullscreen)
    except Exception as exc:  # noqa: BLE001 - said in a box and the log, never silently
        return _stopped_on(exc, "the register stopped on an unexpected error")
    finally:
        terminal.close()
        if hq is not None:
            hq.stop()


def _stopped_on(exc: BaseException, what: str) -> int:
    """An unexpected error: a box, the log (`what`, with the traceback), one line on
    stderr; EXIT_BUG."""
    from pos_desktop.cli import EXIT_BUG
    from pos_desktop.logs import log_file_path
    from pos_desktop.ui.errors import show_unexpected_error

    log.critical(what, exc_info=exc)
    show_unexpected_error(type(exc).__name__, str(log_file_path()), wait=True)
    print(f"pos-desktop: error: unexpected error ({type(exc).__name__}); see the log "
          "for details", file=sys.stderr)
    return EXIT_BUG


def _sign_in_services(data_dir: Path) -> SignInServices | None:
    """The sign-in screen's services from the cached configuration; None when the
    database is not plainly current and activated (the terminal then opens first)."""
    from pos_desktop.offline.first_screen import read_first_screen

    first: FirstScreen | None = read_first_screen(data_dir)
    if first is None:
        return None
    from pos_desktop.domain.codec import store_from_json
    from pos_desktop.services.operators import OperatorService, SignInServices

    try:
        config = store_from_json(first.config)
    except Exception:  # noqa: BLE001 - the terminal's own opening says what is wrong
        log.info("the cached store configuration did not read: opening the store first",
                 exc_info=True)
        return None
    return SignInServices(data_dir, first.terminal_id, lambda: config,
                          OperatorService(lambda: config))


def _run_opening(sign_in: SignInServices, opening: Opening, fullscreen: bool) -> int:
    """The sign-in screen now; the register once the terminal has opened behind it."""
    from PySide6.QtWidgets import QApplication

    from pos_desktop.ui.i18n import install, language_for

    app = _start_qt()
    assert isinstance(app, QApplication)
    install(language_for(sign_in.data_dir), app)
    try:
        return _sign_in_window(app, sign_in, opening, fullscreen)
    except Exception as exc:  # noqa: BLE001 - said in a box and the log, never silently
        return _stopped_on(exc, "the register stopped on an unexpected error")


def _sign_in_window(app: object, sign_in: SignInServices, opening: Opening,
                    fullscreen: bool) -> int:
    from PySide6.QtWidgets import QApplication

    from pos_desktop.instance import RaiseRequests
    from pos_desktop.opening import Handover
    from pos_desktop.ui.main_window import MainWindow

    assert isinstance(app, QApplication)
    window = MainWindow(sign_in)
    # Now, not before: started earlier, its imports (Python) fight Qt's for the
    # interpreter; from here the GUI thread is mostly in Qt's C++ (show, paint) and
    # leaves the interpreter to it. Still under the data dir's lock, as always.
    opening.start()
    raise_requests = RaiseRequests(sign_in.data_dir, window.bring_to_front)
    probe = _startup_probe(window) if os.environ.get("POS_DESKTOP_STARTUP_PROBE") else None
    handover = Handover(opening, lambda done: _opened(window, done, probe))
    try:
        return _show_and_run(app, window, raise_requests, fullscreen,
                             "; the terminal is opening")
    finally:
        del handover


def _show_and_run(app: object, window: object, raise_requests: object, fullscreen: bool,
                  note: str = "") -> int:
    """Show the register's window and run Qt's loop until it quits."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from pos_desktop.instance import RaiseRequests
    from pos_desktop.ui.main_window import MainWindow

    assert isinstance(app, QApplication) and isinstance(window, MainWindow)
    assert isinstance(raise_requests, RaiseRequests)
    window.show_for_terminal(fullscreen)
    log.info("register window shown (%s, %s)%s", app.platformName(),
             "full screen" if window.isFullScreen() else "maximized", note)
    QTimer.singleShot(2000, lambda: _log_geometry(window))
    _quit_after(app)
    _quit_on_signals(app)
    try:
        return app.exec()
    finally:
        raise_requests.watcher.removePaths(raise_requests.watcher.directories())


def _opened(window: object, done: Future[Terminal], probe: Callable[[object], None] | None) -> None:
    """On the GUI thread: the terminal is open (the register's pages are built and the
    background work starts), or it could not open (the same box, error line and exit
    code as before the window: 2, or EXIT_BUG for the unexpected)."""
    from PySide6.QtCore import QTimer

    from pos_desktop.runtime import tune_runtime
    from pos_desktop.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    error = done.exception()
    if error is not None:
        _could_not_open(error)
        return
    terminal = done.result()
    shown = window.open_register(terminal.services)
    shown.database_damaged.connect(refuse_damaged)
    if probe is not None:
        probe(shown)
    terminal.start_background()
    # Its full collection holds the interpreter for tens of ms: after the register shows.
    QTimer.singleShot(TUNE_AFTER_MS, tune_runtime)
    log.info("register open behind the sign-in screen")


def _could_not_open(error: BaseException) -> None:
    from PySide6.QtWidgets import QApplication

    if isinstance(error, DomainError):
        refuse_damaged(error.message)  # the same box, error line and exit code 2
        return
    QApplication.closeAllWindows()
    QApplication.exit(_stopped_on(error, "the register could not open its terminal"))


def _show_window(app: object, terminal: Terminal, fullscreen: bool) -> int:
    from PySide6.QtWidgets import QApplication

    from pos_desktop.instance import RaiseRequests
    from pos_desktop.runtime import tune_runtime
    from pos_desktop.ui.main_window import MainWindow

    assert isinstance(app, QApplication)
    window = MainWindow(terminal.services)
    window.database_damaged.connect(refuse_damaged)
    raise_requests = RaiseRequests(terminal.data_dir, window.bring_to_front)
    tune_runtime()
    terminal.start_background()
    if os.environ.get("POS_DESKTOP_STARTUP_PROBE"):
        _startup_probe(window)(window)
    return _show_and_run(app, window, raise_requests, fullscreen)


def refuse_damaged(message: str) -> None:
    """The start-up check (run after the window showed) found the database damaged: the
    same box, error line and exit code as a damaged file found before the window."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    QMessageBox.critical(None, "POS Desktop", message)
    print(f"pos-desktop: error: {message}", file=sys.stderr)
    QApplication.closeAllWindows()
    QApplication.exit(2)


def _log_geometry(window: object) -> None:
    """Where the window manager put the window, for IT (and the X11 tests)."""
    from PySide6.QtWidgets import QWidget

    assert isinstance(window, QWidget)
    frame = window.frameGeometry()
    screen = window.screen().availableGeometry()
    log.info("window frame %dx%d+%d+%d on screen area %dx%d+%d+%d", frame.width(),
             frame.height(), frame.x(), frame.y(), screen.width(), screen.height(),
             screen.x(), screen.y())


def _quit_on_signals(app: object) -> None:
    """Ctrl+C in the terminal (`make run`) and SIGTERM close the register cleanly: the
    sync thread stops, the lock goes, the demo HQ stops. Python runs signal handlers only
    between bytecodes, so a timer lets it look while Qt's loop waits."""
    import signal

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)

    def stop(signum: int, _frame: object) -> None:
        log.info("signal %s: closing the register", signum)
        app.closeAllWindows()
        app.quit()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, stop)
    ticker = QTimer(app)
    ticker.timeout.connect(lambda: None)
    ticker.start(300)


def _quit_after(app: object) -> None:
    """Smoke tests of the frozen build: start, run the event loop briefly, quit cleanly."""
    quit_after = os.environ.get("POS_DESKTOP_QUIT_AFTER_MS", "")
    if quit_after.isdigit():
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        assert isinstance(app, QApplication)
        QTimer.singleShot(int(quit_after), app.quit)


def _startup_probe(window: object) -> Callable[[object], None]:
    """benchmarks/bench_startup.py: print when the sign-in screen and then the register
    are first painted (stdout, monotonic clock shared with the benchmark's process).
    Returns what watches the register page once the window has it."""
    import time

    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QWidget

    assert isinstance(window, QWidget)

    class Probe(QObject):
        seen: set[str] = set()
        register: QObject | None = None

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                name = "register" if watched is self.register else "sign-in"
                if name not in self.seen:
                    self.seen.add(name)
                    print(f"startup-probe {name} painted {time.monotonic():.6f}", flush=True)
            return False

    probe = Probe(window)
    window.installEventFilter(probe)

    def watch(shown: object) -> None:
        """The window has the terminal (its register page): said, and then watched."""
        print(f"startup-probe terminal opened {time.monotonic():.6f}", flush=True)
        probe.register = getattr(shown, "register_page")  # noqa: B009 - MainWindow's
        probe.register.installEventFilter(probe)

    return watch
