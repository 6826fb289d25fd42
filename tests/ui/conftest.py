"""A real HQ process on 127.0.0.1, a terminal activated against it, and the window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hq_stub.process import HQProcess
from pos_desktop.terminal import Terminal
from pos_desktop.ui.main_window import MainWindow

ADMIN_TOKEN = "ui-admin-token"
CASHIER = ("1001", "1234")
MANAGER = ("2001", "5678")
WAIT = 15_000  # ms: generous for a loaded CI box; every wait is on a condition


@pytest.fixture
def hq(tmp_path: Path) -> Iterator[HQProcess]:
    process = HQProcess(
        f"sqlite:///{tmp_path / 'hq.db'}", demo=True, admin_token=ADMIN_TOKEN, job_interval=0.3
    )
    process.start()
    try:
        yield process
    finally:
        process.stop()


def activate(
    hq: HQProcess, data_dir: Path, store_id: str = "MILAN", terminal_id: str = "T1"
) -> Terminal:
    # Activating a terminal id again revokes its older token at HQ: each register has its own.
    code = hq.admin.create_activation_code(store_id, terminal_id)["activation_code"]
    terminal = Terminal(data_dir)
    terminal.activate(hq.url, code, terminal_id)
    return terminal


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


def sign_in(qtbot, window: MainWindow, who: tuple[str, str] = MANAGER) -> None:
    page = window.sign_in_page
    page.operator_edit.setText(who[0])
    page.password_edit.setText(who[1])
    page.submit()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.register_page, timeout=WAIT)


def fill_person(dialog, first: str, last: str, *, phone: str = "", email: str = "") -> None:  # type: ignore[no-untyped-def]
    dialog.fields.person_radio.setChecked(True)
    dialog.fields.first_name.setText(first)
    dialog.fields.last_name.setText(last)
    dialog.fields.phone.setText(phone)
    dialog.fields.email.setText(email)
    dialog.address.street.setText("Via Torino 5")
    dialog.address.city.setText("Milano")
    dialog.address.zip.setText("20123")
    segment = dialog.fields.attributes.inputs["segment"]
    segment.setCurrentIndex(segment.findData("standard"))
