"""The register's start shows the sign-in screen before its terminal has opened: the
screen is built from the cached store configuration (read with plain sqlite3), the
terminal opens on its own thread and reaches the window through a queued signal. An
operator who signs in at once waits on the sign-in page, without an error, and goes on
to the register as soon as the terminal is there. A database that is not plainly
current and activated opens the terminal first, as before."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from pos_desktop import launch, opening
from pos_desktop.domain.errors import DomainError
from pos_desktop.opening import Handover, Opening
from pos_desktop.terminal import Terminal
from pos_desktop.ui.main_window import MainWindow
from tests.support.terminals import activate
from tests.support.ui import CASHIER, MANAGER, WAIT
from tests.sync.test_deactivation import _forget_token

ROOT = Path(__file__).resolve().parents[2]
# What the terminal needs and the sign-in screen does not (most of the start's imports).
HEAVY = ("sqlalchemy", "alembic", "requests", "urllib3", "keyring", "phonenumbers",
         "email_validator", "babel")


@pytest.fixture
def no_runtime_tuning(monkeypatch: pytest.MonkeyPatch) -> None:
    """`_opened` tunes the process's collector once the register shows: not in tests."""
    monkeypatch.setattr("pos_desktop.runtime.tune_runtime", lambda: None)


def _window_opening(qtbot, data_dir: Path) -> tuple[MainWindow, Opening, Handover]:
    """What `launch._run_opening` does, without its event loop."""
    sign_in = launch._sign_in_services(data_dir)
    assert sign_in is not None
    window = MainWindow(sign_in)
    qtbot.addWidget(window)
    started = Opening(data_dir)
    handover = Handover(started, lambda done: launch._opened(window, done, None))
    started.start()
    window.show()
    return window, started, handover


def test_the_sign_in_screen_needs_none_of_the_terminals_libraries(hq, data_dir: Path) -> None:
    activate(hq, data_dir).close()
    script = f"""
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from pos_desktop import cli, launch
from pos_desktop.ui.main_window import MainWindow
window = MainWindow(launch._sign_in_services(Path({str(data_dir)!r})))
window.show()
app.processEvents()
print(window.sign_in_page.isVisible(), *sorted(m for m in {HEAVY!r} if m in sys.modules))
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True"]  # shown, and not one of them imported


@pytest.mark.usefixtures("no_runtime_tuning")
def test_an_operator_signing_in_before_the_terminal_opened_goes_on_to_the_register(
    qtbot, hq, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    activate(hq, data_dir).close()
    release = threading.Event()
    real = opening.open_terminal

    def slow(folder: Path) -> Terminal:
        assert release.wait(60)
        return real(folder)

    monkeypatch.setattr(opening, "open_terminal", slow)
    window, started, _handover = _window_opening(qtbot, data_dir)
    try:
        page = window.sign_in_page
        assert window.stack.currentWidget() is page and not window.ready
        # Operators are checked against the cached configuration: a wrong password is
        # told at once, the terminal still opening.
        page.operator_edit.setText(CASHIER[0])
        page.password_edit.setText("wrong")
        page.submit()
        qtbot.waitUntil(lambda: page.error_label.text() == "Wrong operator ID or password.",
                        timeout=WAIT)
        page.operator_edit.setText(MANAGER[0])
        page.password_edit.setText(MANAGER[1])
        page.submit()
        qtbot.wait(500)  # the password is checked; the register is not there yet
        assert window.stack.currentWidget() is page
        assert page.error_label.text() == "Checking…" and not page.sign_in_button.isEnabled()
        release.set()
        qtbot.waitUntil(
            lambda: window.ready and window.stack.currentWidget() is window.register_page,
            timeout=WAIT)
        assert window.ctx.operator is not None and window.ctx.operator.operator_id == "2001"
        assert window.services.operators.current == window.ctx.operator
        assert "(2001)" in window.operator_label.text() and window.sign_out_button.isVisible()
        window.sign_out()
        assert window.stack.currentWidget() is page and page.sign_in_button.isEnabled()
    finally:
        release.set()
        window.close()
        started.close()


def test_a_terminal_that_cannot_open_ends_the_register_with_its_message(
    qtbot, hq, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    activate(hq, data_dir).close()

    def refuse(_folder: Path) -> Terminal:
        raise DomainError("folder.read_only", "The data folder cannot be written.")

    monkeypatch.setattr(opening, "open_terminal", refuse)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", lambda code=0: exits.append(code))
    window, started, _handover = _window_opening(qtbot, data_dir)
    try:
        qtbot.waitUntil(lambda: exits == [2], timeout=WAIT)
        assert shown == ["The data folder cannot be written."] and not window.isVisible()
        assert "pos-desktop: error: The data folder cannot be written." in capsys.readouterr().err
    finally:
        started.close()


@pytest.mark.allow_log_errors(r"the register could not open its terminal")
def test_an_unexpected_error_opening_the_terminal_is_said_and_ends_with_exit_70(
    qtbot, hq, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    activate(hq, data_dir).close()

    def broken(_folder: Path) -> Terminal:
        raise RuntimeError("a bug")

    monkeypatch.setattr(opening, "open_terminal", broken)
    boxes: list[str] = []
    monkeypatch.setattr("pos_desktop.ui.errors.show_unexpected_error",
                        lambda kind, _log, wait=False: boxes.append(kind))
    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", lambda code=0: exits.append(code))
    window, started, _handover = _window_opening(qtbot, data_dir)
    try:
        qtbot.waitUntil(lambda: exits == [70], timeout=WAIT)
        assert boxes == ["RuntimeError"] and not window.isVisible()
        assert "pos-desktop: error: unexpected error (RuntimeError)" in capsys.readouterr().err
    finally:
        started.close()


def test_a_database_not_plainly_current_and_activated_opens_the_terminal_first(
    hq, data_dir: Path, tmp_path: Path
) -> None:
    """No sign-in screen from the file then: the terminal's own opening checks it (and
    migrates, or says what is wrong) before any window, as before."""
    assert launch._sign_in_services(tmp_path / "nothing") is None  # no database
    fresh = tmp_path / "fresh"
    Terminal(fresh).close()  # a database, not activated
    assert launch._sign_in_services(fresh) is None
    activate(hq, data_dir).close()
    assert launch._sign_in_services(data_dir) is not None
    db = sqlite3.connect(data_dir / "pos.db")
    with db:
        db.execute("UPDATE alembic_version SET version_num = '0001'")  # needs migrating
    db.close()
    assert launch._sign_in_services(data_dir) is None


def test_the_opening_reads_the_token_at_the_first_call_to_hq(
    hq, data_dir: Path, tmp_path: Path
) -> None:
    """keyring (and requests) are left to the first call to HQ, on its thread; the
    token then works as before, and a missing one is told as before."""
    activate(hq, data_dir).close()
    script = f"""
import sys
from pathlib import Path
from pos_desktop.opening import open_terminal
terminal = open_terminal(Path({str(data_dir)!r}))
print(*sorted(m for m in ("keyring", "requests") if m in sys.modules), end=" | ")
report = terminal.sync_once()
print(*sorted(m for m in ("keyring", "requests") if m in sys.modules), report.uploaded)
terminal.close()
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["|", "keyring", "requests", "0"]

    other = tmp_path / "other"
    activate(hq, other, terminal_id="T2").close()
    _forget_token(other)
    terminal = opening.open_terminal(other)
    try:
        assert terminal.auth_problem() is not None
        assert terminal.auth_problem().key == "token.missing"  # type: ignore[union-attr]
        with pytest.raises(DomainError, match="not in the keyring"):
            terminal.sync_once()
    finally:
        terminal.close()
