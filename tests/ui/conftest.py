"""A terminal activated against a real HQ (``hq``: tests/support/hq.py), and the window.
Helpers for driving the window live in tests/support/ui.py (re-exported here for code
written against the old location only)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hq_stub.process import HQProcess
from pos_desktop.terminal import Terminal
from pos_desktop.ui.main_window import MainWindow
from tests.support.hq import ADMIN_TOKEN  # noqa: F401
from tests.support.terminals import activate
from tests.support.ui import CASHIER, MANAGER, WAIT, fill_person, sign_in  # noqa: F401


@pytest.fixture
def terminal(hq: HQProcess, data_dir: Path) -> Iterator[Terminal]:
    term = activate(hq, data_dir)
    assert term.parts.link is not None and term.parts.worker is not None
    term.parts.link.interval = 0.3
    term.parts.worker.interval = 0.5
    term.parts.worker.max_backoff = 1.0
    term.parts.link.check_now()
    term.sync_once()  # the store's customers, as a register has them after its first sync
    term.start_background()
    try:
        yield term
    finally:
        term.close()


@pytest.fixture
def window(qtbot, terminal: Terminal) -> Iterator[MainWindow]:
    win = MainWindow(terminal.services)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    win.close()
