"""The register's damage check runs after its window shows: sign-in is there at once,
saves wait for the check, and damage found then ends in the same message as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from pos_desktop import launch
from pos_desktop.offline.health import quick_check
from pos_desktop.terminal import Terminal
from pos_desktop.ui.main_window import MainWindow
from tests.offline.test_damage import SlowCheck
from tests.support.terminals import activate
from tests.support.ui import WAIT, sign_in
from tests.sync.test_damage import _digest, _populated_terminal, damage_mid_file


def test_sign_in_shows_while_the_check_runs_and_saves_wait_for_it(
    qtbot, hq, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    activate(hq, data_dir).close()
    check = SlowCheck(monkeypatch)
    terminal = Terminal(data_dir, defer_check=True)
    try:
        window = MainWindow(terminal.services)
        qtbot.addWidget(window)
        window.show()
        assert check.started.wait(5) and not check.release.is_set()
        assert window.stack.currentWidget() is window.sign_in_page and window.isVisible()
        label = window.status.check_label
        assert label.isVisible() and label.text() == "Checking the database…"
        sign_in(qtbot, window)  # signing in reads only: it does not wait
        saved = terminal.services.writer.submit(lambda: "saved")
        qtbot.wait(300)
        assert not saved.done() and label.isVisible()
        check.release.set()
        assert saved.result(WAIT / 1000) == "saved"
        qtbot.waitUntil(lambda: not label.isVisible(), timeout=WAIT)
    finally:
        check.release.set()
        terminal.close()


@pytest.mark.allow_log_errors(r"failed quick_check: database disk image is malformed")
def test_damage_found_after_the_window_shows_stops_the_register_with_its_message(
    qtbot, hq, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    data = tmp_path / "t"
    _populated_terminal(hq, data, offline=1)
    db = data / "pos.db"
    damage_mid_file(db)
    assert quick_check(db) is not None
    before = _digest(db)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda _parent, _title, text: shown.append(text))
    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", lambda code=0: exits.append(code))
    terminal = Terminal(data, defer_check=True)  # opens: the check runs after the window
    try:
        window = MainWindow(terminal.services)
        qtbot.addWidget(window)
        window.database_damaged.connect(launch.refuse_damaged)  # as the launcher does
        window.show()
        qtbot.waitUntil(lambda: exits == [2], timeout=WAIT)
        assert not window.isVisible()
    finally:
        terminal.close()
    (message,) = shown
    assert "is damaged" in message and str(db) in message and "pos-desktop recover" in message
    assert f"pos-desktop: error: {message}" in capsys.readouterr().err
    assert _digest(db) == before
