"""A crash or an uncaught exception is never a silent exit: faulthandler's report and
the traceback go to the log, and the register shows a message box naming the log."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from pos_desktop.crash import FAULTS_FILENAME, install_exception_hooks
from pos_desktop.logs import RedactingFormatter, log_file_path
from pos_desktop.ui.errors import show_unexpected_error

CRASH = """
from pos_desktop.logs import setup_logging
from pos_desktop.crash import enable_fault_handler
import faulthandler
setup_logging()
enable_fault_handler()
faulthandler._sigsegv()
"""


@pytest.mark.allow_log_errors(r"the previous run stopped on a fatal error")
def test_a_segfault_reaches_the_log_at_the_next_start() -> None:
    log_dir = Path(os.environ["POS_DESKTOP_LOG_DIR"])
    done = subprocess.run([sys.executable, "-c", CRASH], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode != 0
    faults = (log_dir / FAULTS_FILENAME).read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in faults
    assert "line 7 in <module>" in faults  # the Python stack where it happened
    if os.name == "posix":
        assert os.stat(log_dir / FAULTS_FILENAME).st_mode & 0o777 == 0o600

    again = subprocess.run([sys.executable, "-c", CRASH.replace("faulthandler._sigsegv()", "")],
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    log = (log_dir / "pos-desktop.log").read_text(encoding="utf-8")
    assert "the previous run stopped on a fatal error; faulthandler wrote:" in log
    assert "Fatal Python error: Segmentation fault" in log
    assert (log_dir / FAULTS_FILENAME).read_text(encoding="utf-8") == ""  # reported once


class Boom(RuntimeError):
    pass


@pytest.mark.allow_log_errors(r"uncaught exception \(Boom\)")
def test_an_exception_in_a_slot_is_logged_and_shown(qtbot, caplog) -> None:
    old_hook = sys.excepthook
    install_exception_hooks(lambda kind: show_unexpected_error(kind, str(log_file_path())))
    try:
        customer = {"name": "Mario Rossi", "phone": "+393331234567"}

        def slot() -> None:
            raise Boom(f"customer {customer['name']} {customer['phone']}")

        with caplog.at_level(logging.CRITICAL):
            QTimer.singleShot(0, slot)
            qtbot.waitUntil(lambda: _error_box() is not None, timeout=5000)
        box = _error_box()
        assert box is not None and box.isVisible()
        assert "(Boom)" in box.text()
        assert str(log_file_path()) in box.informativeText()
        records = [r for r in caplog.records if r.levelno == logging.CRITICAL]
        assert records and records[0].exc_info is not None
        # As the log file writes it: where it happened, no customer data.
        text = RedactingFormatter("%(levelname)s %(message)s").format(records[0])
        assert "CRITICAL uncaught exception (Boom)" in text and "in slot" in text
        assert "Mario" not in text and "393331234567" not in text  # no customer data
        box.accept()
        qtbot.waitUntil(lambda: _error_box() is None, timeout=5000)
    finally:
        sys.excepthook = old_hook


def _error_box() -> QMessageBox | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.objectName() == "unexpected-error" \
                and widget.isVisible():
            return widget
    return None
