"""The register's start compacts an upgraded store off the GUI thread: the window is up
and answers, the status bar says what is going on, searching works meanwhile, and the
message goes when the file has shrunk."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from pos_desktop.offline import store as store_module
from pos_desktop.terminal import Terminal
from pos_desktop.ui.main_window import MainWindow
from tests.support.stores import MIB, copy_store, file_and_free, generated_store, leave_free_pages
from tests.support.ui import WAIT


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("compaction_ui") / "template"
    generated_store(folder, 2_000)
    return folder


def test_the_status_bar_says_the_database_is_being_compacted(
    qtbot, template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = copy_store(template, tmp_path / "terminal")
    leave_free_pages(db, 40)
    size, _free = file_and_free(db)
    release = threading.Event()
    real = store_module.vacuum_file

    def held(*args: object, **kwargs: object) -> object:
        assert release.wait(WAIT / 1000)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store_module, "vacuum_file", held)
    terminal = Terminal(db.parent, defer_check=True)
    try:
        window = MainWindow(terminal.services)
        qtbot.addWidget(window)
        window.show()
        terminal.start_background()  # as the launcher does once the window has it
        label = window.status.compact_label
        qtbot.waitUntil(label.isVisible, timeout=WAIT)
        assert label.text() == "Compacting the customer database after the update…"
        assert "Searching works meanwhile" in label.toolTip()
        found = terminal.services.customers.search("C0000150")  # the GUI thread is free
        assert [c.account_number for c in found] == ["C0000150"]
        release.set()
        qtbot.waitUntil(lambda: not label.isVisible(), timeout=WAIT)
    finally:
        release.set()
        terminal.close()
    assert file_and_free(db)[0] < size - 38 * MIB
