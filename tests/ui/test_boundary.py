"""Below the register window: closing never waits on HQ, no listener leaks, and precise
change events (each view decides whether it cares; bursts make one refresh)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import Qt

from pos_desktop.services.events import CustomersChanged
from pos_desktop.terminal import Terminal
from pos_desktop.ui import i18n
from pos_desktop.ui.main_window import MainWindow
from tests.support.fault_proxy import FaultProxy
from tests.support.ui import WAIT, sign_in

SEARCH = b"GET /api/v1/customers?"
QUIET_MS = 700  # well past the coalescing timer (250 ms)


def _proxied(hq, data_dir: Path) -> tuple[FaultProxy, Terminal]:  # type: ignore[no-untyped-def]
    proxy = FaultProxy(hq.port)
    code = hq.admin.create_activation_code("MILAN", "T1")["activation_code"]
    terminal = Terminal(data_dir)
    terminal.activate(proxy.url, code, "T1")
    parts = terminal.parts
    assert parts.client is not None and parts.link is not None and parts.worker is not None
    parts.client.timeout = (2.0, 5.0)  # a close that waited would wait 5 s
    parts.link.interval = 0.3
    parts.worker.interval = 0.5
    parts.link.check_now()
    terminal.sync_once()
    terminal.start_background()
    return proxy, terminal


def test_closing_the_window_while_an_hq_call_hangs_returns_at_once(
    qtbot, hq, tmp_path: Path
) -> None:
    proxy, terminal = _proxied(hq, tmp_path / "proxied")
    try:
        window = MainWindow(terminal.services)
        qtbot.addWidget(window)
        window.show()
        sign_in(qtbot, window)
        window.show_search()
        search = window.search_page
        qtbot.keyClicks(search.search_box, "Johansson")
        qtbot.waitUntil(lambda: search.hq_button.isEnabled(), timeout=WAIT)
        proxy.stall()  # HQ hears every request and never answers
        asked = proxy.count(SEARCH)
        qtbot.mouseClick(search.hq_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: proxy.count(SEARCH) > asked, timeout=WAIT)
        window.ctx.sync_now()  # and the sync worker is stuck on HQ too

        started = time.monotonic()
        window.close()
        assert time.monotonic() - started < 1.0
        started = time.monotonic()
        terminal.close()  # worker and link monitor are not waited for beyond a moment
        assert time.monotonic() - started < 2.5
    finally:
        proxy.close()
        _wait_for_our_threads()  # the hanging calls time out, and their threads end


def _wait_for_our_threads(timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    names = ("ui-task", "sync-worker", "hq-link", "feed-fetch")
    while time.monotonic() < deadline:
        if not any(t.name.startswith(names) for t in threading.enumerate()):
            return
        time.sleep(0.05)


def test_switching_language_ten_times_leaves_no_listener_behind(
    qtbot, window, terminal, qapp
) -> None:
    sync, parts = terminal.services.sync, terminal.parts

    def listeners() -> tuple[int, int, int]:
        return sync.listener_count, parts.worker.listener_count, parts.link.listener_count

    before = listeners()
    current = window
    try:
        for language in ["sv", "en"] * 5:
            new = current.change_language(language)
            assert new is not None
            qtbot.addWidget(new)
            assert listeners() == before, language
            current = new
        current.close()
        assert sync.listener_count == before[0] - 1  # the last window let go too
    finally:
        i18n.install("en", qapp)


def test_a_burst_of_changes_makes_one_refresh_with_every_id(qtbot, window) -> None:
    ctx = window.ctx
    heard: list[CustomersChanged] = []
    ctx.customers_changed.connect(heard.append)
    for i in range(20):
        ctx.notify(CustomersChanged.of(f"c{i}"))
    ctx.notify(CustomersChanged.of("c20", counts_changed=True))
    qtbot.waitUntil(lambda: len(heard) == 1, timeout=WAIT)
    qtbot.wait(QUIET_MS)
    assert len(heard) == 1
    assert heard[0].ids == {f"c{i}" for i in range(21)} and heard[0].counts_changed


def test_each_view_refreshes_only_for_what_concerns_it(
    qtbot, window, terminal, monkeypatch
) -> None:
    sign_in(qtbot, window)
    known = terminal.parts.store.search("rossi")[0]
    other = terminal.parts.store.search("bianchi")[0]
    ctx = window.ctx

    # The details page: only its own customer.
    window.show_details(known.customer_id)
    details = window.details_page
    qtbot.waitUntil(lambda: details.customer is not None
                    and details.customer.customer_id == known.customer_id, timeout=WAIT)
    loads: list[str] = []
    monkeypatch.setattr(details, "_load", loads.append)
    ctx.notify(CustomersChanged.of(other.customer_id, counts_changed=True))
    qtbot.wait(QUIET_MS)
    assert loads == []
    ctx.notify(CustomersChanged.of(known.customer_id))
    qtbot.waitUntil(lambda: loads == [known.customer_id], timeout=WAIT)

    # The search page: a shown customer changed, or customers came or went.
    window.show_search("rossi")
    search = window.search_page
    qtbot.waitUntil(lambda: search.model.rowCount() > 0, timeout=WAIT)
    shown = {row.customer_id for row in search.model.rows}
    assert other.customer_id not in shown
    searches: list[int] = []
    monkeypatch.setattr(search, "run_search", lambda: searches.append(1))
    ctx.notify(CustomersChanged.of(other.customer_id))
    qtbot.wait(QUIET_MS)
    assert searches == []
    ctx.notify(CustomersChanged.of(known.customer_id))
    qtbot.waitUntil(lambda: len(searches) == 1, timeout=WAIT)
    ctx.notify(CustomersChanged.of("a-new-customer", counts_changed=True))
    qtbot.waitUntil(lambda: len(searches) == 2, timeout=WAIT)

    # The status bar counts again only when counts moved.
    counts: list[int] = []
    monkeypatch.setattr(window.status, "refresh_counts", lambda: counts.append(1))
    ctx.notify(CustomersChanged.of(known.customer_id))
    qtbot.wait(QUIET_MS)
    assert counts == []
    ctx.notify(CustomersChanged.of(known.customer_id, counts_changed=True))
    qtbot.waitUntil(lambda: counts == [1], timeout=WAIT)


def test_the_status_bar_has_no_polling_timer(window) -> None:
    from PySide6.QtCore import QTimer

    assert window.status.findChildren(QTimer) == []
