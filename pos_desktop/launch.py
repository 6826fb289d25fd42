"""Start the register window: the GUI's composition root.

It builds the terminal (or the demo: a local HQ from `hq_stub`, `pos_desktop.demo`) and
hands the window the terminal's services only. It lives outside `pos_desktop.ui` so that
the widgets depend on services, never on the terminal's parts or the HQ server.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from pos_desktop.domain.errors import DomainError
from pos_desktop.logs import setup_logging
from pos_desktop.runtime import tune_runtime

log = logging.getLogger(__name__)


def run_gui(data_dir: Path, *, demo: bool = False) -> int:
    setup_logging(console=True)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication), "a non-GUI QCoreApplication is already running"
    app.setApplicationName("POS Desktop")
    from pos_desktop.ui.style import apply_style

    apply_style(app)
    from pos_desktop.ui.i18n import install, language_for

    install(language_for(data_dir), app)
    hq = None
    try:
        if demo:
            from pos_desktop.demo import start_demo

            hq, terminal = start_demo(data_dir)
        else:
            from pos_desktop.terminal import NotActivated, Terminal

            terminal = Terminal(data_dir)
            if not terminal.is_activated:
                raise NotActivated()
    except DomainError as exc:
        QMessageBox.critical(None, "POS Desktop", exc.message)
        print(f"pos-desktop: error: {exc.message}", file=sys.stderr)
        return 2

    install(language_for(terminal.data_dir), app)
    from pos_desktop.ui.main_window import MainWindow

    window = MainWindow(terminal.services)
    tune_runtime()
    terminal.start_background()
    if os.environ.get("POS_DESKTOP_STARTUP_PROBE"):
        _startup_probe(window)
    window.show()
    # Smoke tests of the frozen build: start, run the event loop briefly, quit cleanly.
    quit_after = os.environ.get("POS_DESKTOP_QUIT_AFTER_MS", "")
    if quit_after.isdigit():
        from PySide6.QtCore import QTimer

        QTimer.singleShot(int(quit_after), app.quit)
    try:
        return app.exec()
    finally:
        terminal.close()
        if hq is not None:
            hq.stop()


def _startup_probe(window: QWidget) -> None:
    """benchmarks/bench_startup.py: print when the sign-in screen and then the register
    are first painted (stdout, monotonic clock shared with the benchmark's process)."""
    import time

    from PySide6.QtCore import QEvent, QObject

    stack = getattr(window, "stack")  # noqa: B009 - MainWindow's page stack
    register = getattr(window, "register_page")  # noqa: B009

    class Probe(QObject):
        seen: set[str] = set()

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                name = "register" if stack.currentWidget() is register else "sign-in"
                if name not in self.seen and (name == "sign-in" or watched is register):
                    self.seen.add(name)
                    print(f"startup-probe {name} painted {time.monotonic():.6f}", flush=True)
            return False

    probe = Probe(window)
    window.installEventFilter(probe)
    register.installEventFilter(probe)
