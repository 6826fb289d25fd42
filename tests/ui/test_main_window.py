"""The register window over a real offline store: search as you type, status bar."""

from __future__ import annotations

from pathlib import Path

from pos_desktop.domain.codec import store_from_json
from pos_desktop.domain.customer import Address, Customer
from pos_desktop.offline.store import OfflineStore
from pos_desktop.services.customers import CustomerService
from pos_desktop.terminal import Terminal
from pos_desktop.ui.main_window import MainWindow
from tests.sample_store import store_json


def _offline_terminal(data_dir: Path) -> Terminal:
    store = OfflineStore(data_dir)
    store.save_store_config(store_json(), hq_url="", terminal_id="T1")
    store.close()
    return Terminal(data_dir)


def _add(terminal: Terminal, first: str, last: str) -> Customer:
    service = CustomerService(terminal.store, lambda: store_from_json(store_json()))
    draft = service.new_draft()
    draft.first_name, draft.last_name = first, last
    draft.attributes = {"segment": "A"}
    draft.addresses = [Address(street="Via Roma 1", city="Milano", zip="20100")]
    return service.create_customer(draft).customer


def test_typing_shows_matching_customers_with_pending_sync(qtbot, data_dir: Path) -> None:
    terminal = _offline_terminal(data_dir)
    created = _add(terminal, "Giulia", "Verdi")
    _add(terminal, "Marco", "Bianchi")
    window = MainWindow(terminal)
    qtbot.addWidget(window)

    qtbot.keyClicks(window.search_box, "giu ver")
    qtbot.waitUntil(lambda: window.results.rowCount() == 1, timeout=3000)
    assert window.results.item(0, 0).text() == "Giulia Verdi"
    assert window.results.item(0, 1).text() == "Pending sync"
    assert created.customer_id not in {
        window.results.item(0, c).text() for c in range(window.results.columnCount())
    }
    assert "Pending sync: 2" in window.pending_label.text()
    assert window.link_label.text().startswith("HQ: Offline")

    window.search_box.clear()
    qtbot.keyClicks(window.search_box, "zzzz")
    qtbot.waitUntil(lambda: window.hint.text() == "No customers found.", timeout=3000)
    assert window.results.rowCount() == 0
    window.close()
    terminal.close()
