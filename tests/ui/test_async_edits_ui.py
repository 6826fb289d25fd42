"""Async customer edits in the register (issue 15): a change saved offline is marked
"Change pending sync" (search, details, register panel); two terminals of one store
change the same field while offline, and the register whose change reached HQ second
shows the conflict in the sync worklist (both values); choosing there resolves it at HQ.
A refused edit is listed with HQ's reason."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pos_desktop.domain.codec import customer_from_json
from pos_desktop.services.operators import SignedIn
from pos_desktop.terminal import Terminal
from tests.support.terminals import activate, person, store_of
from tests.support.ui import CASHIER, WAIT, sign_in, switch_permissions

OTHER = SignedIn("2001", "Marco Colombo", "manager")


@pytest.fixture
def flag(hq) -> None:  # type: ignore[no-untyped-def]
    """The store's async customer edits, on before the register's first sync."""
    hq.admin.patch_store(store_of(hq), async_customer_edits=True)


@pytest.fixture
def other(hq, flag, tmp_path: Path) -> Iterator[Terminal]:  # type: ignore[no-untyped-def]
    """A second register of the same store, driven through its services."""
    b = activate(hq, tmp_path / "b", "TB")
    b.parts.link.check_now()
    b.sync_once()
    assert b.store_config().features.async_customer_edits
    yield b
    b.close()


@pytest.fixture
def register(flag, window):  # type: ignore[no-untyped-def]
    return window


def _shared(qtbot, other: Terminal, terminal: Terminal) -> str:  # type: ignore[no-untyped-def]
    created = other.customers.create_customer(customer_from_json(person("Gianni", "Rossi")))
    customer_id = created.customer.customer_id
    assert created.customer.account_number
    qtbot.waitUntil(lambda: terminal.parts.store.get_customer(customer_id) is not None,
                    timeout=WAIT)
    return customer_id


def _offline(qtbot, window, terminal: Terminal) -> None:  # type: ignore[no-untyped-def]
    terminal.parts.link.set_forced_offline(True)  # a link down (a cashier may not Disconnect)
    qtbot.waitUntil(lambda: not window.ctx.link_up, timeout=WAIT)


def _online(qtbot, window, terminal: Terminal) -> None:  # type: ignore[no-untyped-def]
    terminal.parts.link.set_forced_offline(False)
    qtbot.waitUntil(lambda: window.ctx.link_up, timeout=WAIT)
    window.ctx.sync_now()


def _edit_in_details(qtbot, window, customer_id: str, first_name: str) -> None:  # type: ignore[no-untyped-def]
    window.show_details(customer_id)
    details = window.details_page
    qtbot.waitUntil(lambda: details.customer is not None
                    and details.customer.customer_id == customer_id, timeout=WAIT)
    assert details.save_button.isEnabled(), details.edit_reason.text()  # offline: allowed
    details.fields.first_name.setText(first_name)
    details.save_button.click()
    qtbot.waitUntil(lambda: details.state_label.text() == "Change pending sync",
                    timeout=WAIT)
    assert details.customer.first_name == first_name
    assert "next sync" in details.message.text()


def _search(qtbot, window, text: str):  # type: ignore[no-untyped-def]
    window.show_search()
    page = window.search_page
    page.search_box.setText(text)
    page.run_search()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=WAIT)
    return page


def _conflict_row(qtbot, window):  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_F6)
    page = window.worklist_page
    page.filter_box.setCurrentIndex(page.filter_box.findData("conflict"))
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=WAIT)
    return page


def test_the_losing_register_shows_the_conflict_and_choosing_resolves_it_at_hq(
    qtbot, hq, register, terminal, other
) -> None:
    window = register
    sign_in(qtbot, window, CASHIER)
    customer_id = _shared(qtbot, other, terminal)
    _offline(qtbot, window, terminal)
    _edit_in_details(qtbot, window, customer_id, "Bice")

    number = terminal.parts.store.get_customer(customer_id).account_number
    search = _search(qtbot, window, number)
    assert search.model.rowCount() == 1
    assert search.model.cell(0, 1) == f"{number} · change pending sync"
    window.register_page.attach(customer_id)
    panel = window.register_page.panel
    qtbot.waitUntil(lambda: panel.state_label.text() == "Change pending sync", timeout=WAIT)
    assert panel.state_label.property("state") == "pending"

    # The other register's change of the same field reaches HQ first.
    mine = other.parts.store.get_customer(customer_id)
    mine.first_name = "Anna"
    other.edits.edit(mine, operator=OTHER)
    _online(qtbot, window, terminal)
    status = window.status
    qtbot.waitUntil(lambda: status.conflict_label.isVisible(), timeout=WAIT)
    assert status.conflict_label.text() == "Conflicts: 1"
    qtbot.waitUntil(lambda: panel.state_label.text() == "Synced", timeout=WAIT)
    assert terminal.parts.store.get_customer(customer_id).first_name == "Anna"

    page = _conflict_row(qtbot, window)
    cells = [page.table.item(0, c).text() for c in range(6)]
    assert cells[0] == "Anna Rossi" and cells[1] == "Conflict"
    assert cells[3] == "Sara Ricci (1001)"  # the cashier who made the change, by name
    assert cells[5] == "First name: HQ has “Anna”, this terminal had “Bice”"
    bar = page.choice
    assert bar.isVisible() and bar.keep_button.isEnabled() and bar.mine_button.isEnabled()

    # Without the edit permission nothing can be chosen, and the bar says why.
    switch_permissions(qtbot, hq, window, "cashier", customer_edit=False)
    qtbot.waitUntil(lambda: not bar.mine_button.isEnabled(), timeout=WAIT)
    assert not bar.keep_button.isEnabled()
    assert bar.reason.text() == "Your role (cashier) may not edit customers in this store."
    switch_permissions(qtbot, hq, window, "cashier", customer_edit=True)
    qtbot.waitUntil(lambda: bar.mine_button.isEnabled(), timeout=WAIT)

    page.table.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # "Use mine"
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=WAIT)
    assert page.done_label.text() == "This terminal's value is saved."
    assert other.parts.client.get_customer(customer_id)["first_name"] == "Bice"
    assert terminal.parts.store.get_customer(customer_id).first_name == "Bice"
    qtbot.waitUntil(lambda: not status.conflict_label.isVisible(), timeout=WAIT)
    window.show_details(customer_id)
    details = window.details_page
    qtbot.waitUntil(lambda: details.fields.first_name.text() == "Bice", timeout=WAIT)
    assert details.state_label.text() == "Synced"


def test_a_change_waiting_for_hq_counts_as_pending_sync_and_is_listed(
    qtbot, register, terminal, other
) -> None:
    window = register
    sign_in(qtbot, window, CASHIER)
    customer_id = _shared(qtbot, other, terminal)
    status = window.status
    qtbot.waitUntil(lambda: status.pending_label.text() == "Pending sync: 0", timeout=WAIT)
    _offline(qtbot, window, terminal)
    _edit_in_details(qtbot, window, customer_id, "Bice")
    # HQ does not have this customer's change yet: the cashier sees it waiting.
    qtbot.waitUntil(lambda: status.pending_label.text() == "Pending sync: 1", timeout=WAIT)
    assert status.pending_label.toolTip().startswith(
        "New customers: 0 · Customers with changes: 1")
    qtbot.keyClick(window, Qt.Key.Key_F6)
    page = window.worklist_page
    page.filter_box.setCurrentIndex(page.filter_box.findData("pending"))
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=WAIT)
    cells = [page.table.item(0, c).text() for c in range(6)]
    assert cells[:2] == ["Bice Rossi", "Change pending sync"]
    assert cells[3] == "Sara Ricci (1001)"
    # Only what the cashier changed (not the unticked "newsletter" box the customer never had).
    assert cells[5] == "Changed: First name"

    _online(qtbot, window, terminal)
    qtbot.waitUntil(lambda: status.pending_label.text() == "Pending sync: 0", timeout=WAIT)
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=WAIT)
    assert other.parts.client.get_customer(customer_id)["first_name"] == "Bice"


def test_keeping_hqs_value_drops_this_registers_change(qtbot, register, terminal, other) -> None:
    window = register
    sign_in(qtbot, window)
    customer_id = _shared(qtbot, other, terminal)
    _offline(qtbot, window, terminal)
    _edit_in_details(qtbot, window, customer_id, "Bice")
    mine = other.parts.store.get_customer(customer_id)
    mine.first_name = "Anna"
    other.edits.edit(mine, operator=OTHER)
    _online(qtbot, window, terminal)
    page = _conflict_row(qtbot, window)
    qtbot.keyClick(page, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # "Keep HQ's value"
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=WAIT)
    assert page.done_label.text() == "HQ's value is kept."
    assert other.parts.client.get_customer(customer_id)["first_name"] == "Anna"
    assert terminal.parts.store.get_customer(customer_id).first_name == "Anna"
    assert terminal.edits.issues() == []


def test_an_edit_hq_refuses_is_listed_with_hqs_reason(
    qtbot, hq, register, terminal, other
) -> None:
    window = register
    sign_in(qtbot, window, CASHIER)
    customer_id = _shared(qtbot, other, terminal)
    _offline(qtbot, window, terminal)
    _edit_in_details(qtbot, window, customer_id, "Bice")
    # HQ takes the permission away before the change arrives: HQ refuses it (403).
    hq.admin.set_permissions(store_of(hq), "cashier", **{"customer.edit": False})
    _online(qtbot, window, terminal)
    status = window.status
    qtbot.waitUntil(lambda: status.rejected_label.text() == "Rejected: 1", timeout=WAIT)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    page = window.worklist_page
    page.filter_box.setCurrentIndex(page.filter_box.findData("rejected"))
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=WAIT)
    assert page.table.item(0, 1).text() == "Change rejected by HQ"
    assert page.table.item(0, 5).text() == (
        "Your role (cashier) may not edit customers in this store.")
    assert terminal.parts.store.get_customer(customer_id).first_name == "Gianni"
    bar = page.choice
    assert bar.dismiss_button.isVisible() and not bar.mine_button.isVisible()
    assert "First name" in bar.text.text()
    qtbot.waitUntil(lambda: not bar.dismiss_button.isEnabled(), timeout=WAIT)  # cashier
    window.ctx.sign_in(OTHER)  # a manager may set it aside
    qtbot.waitUntil(lambda: bar.dismiss_button.isEnabled(), timeout=WAIT)
    qtbot.keyClick(page, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=WAIT)
    qtbot.waitUntil(lambda: status.rejected_label.text() == "Rejected: 0", timeout=WAIT)


def test_address_conflicts_are_listed_per_address_and_resolved(
    qtbot, register, terminal, other
) -> None:
    """Both registers changed the same address offline, and this one removed another
    address the other register changed: two lines, one per address conflict."""
    window = register
    sign_in(qtbot, window, CASHIER)
    body = person("Ada", "Vie", addresses=[
        {"street": "Via Uno 1", "city": "Milano", "zip": "20121", "is_primary": True},
        {"street": "Via Due 2", "city": "Monza", "zip": "20900"}])
    created = other.customers.create_customer(customer_from_json(body)).customer
    customer_id = created.customer_id
    first, second = (a.address_id for a in created.addresses)
    qtbot.waitUntil(lambda: terminal.parts.store.get_customer(customer_id) is not None,
                    timeout=WAIT)
    _offline(qtbot, window, terminal)
    mine = terminal.parts.store.get_customer(customer_id)
    mine.addresses[0].street = "Via Bice 1"
    del mine.addresses[1]
    terminal.edits.edit(mine, operator=SignedIn("1001", "Sara Ricci", "cashier"))
    theirs = other.parts.store.get_customer(customer_id)
    theirs.addresses[0].street = "Via Anna 1"
    theirs.addresses[1].city = "Lecco"
    other.edits.edit(theirs, operator=OTHER)
    _online(qtbot, window, terminal)
    qtbot.waitUntil(lambda: window.status.conflict_label.text() == "Conflicts: 2",
                    timeout=WAIT)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    page = window.worklist_page
    page.filter_box.setCurrentIndex(page.filter_box.findData("conflict"))
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=WAIT)
    texts = sorted(page.table.item(r, 5).text() for r in range(2))
    assert texts == ["Address (Via Anna 1, 20121, Milano): Street: HQ has “Via Anna 1”, "
                     "this terminal had “Via Bice 1”",
                     "Address: HQ has “Via Due 2, 20900, Lecco”, this terminal had “(removed)”"]
    shown = {a.address_id: a for a in terminal.parts.store.get_customer(customer_id).addresses}
    assert shown[first].street == "Via Anna 1" and shown[second].city == "Lecco"

    def row_of(text: str) -> int:
        return next(r for r in range(2) if page.table.item(r, 5).text().startswith(text))

    page.table.selectRow(row_of("Address (Via Anna 1"))
    qtbot.waitUntil(lambda: page.choice.mine_button.isEnabled(), timeout=WAIT)
    page.choice.mine_button.click()  # "Use mine": an ordinary edit through HQ
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=WAIT)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.choice.keep_button.isEnabled(), timeout=WAIT)
    page.choice.keep_button.click()  # the address HQ kept stays
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=WAIT)
    at_hq = {a["address_id"]: a for a in other.parts.client.get_customer(customer_id)
             ["addresses"]}
    assert at_hq[first]["street"] == "Via Bice 1" and at_hq[second]["city"] == "Lecco"
    assert terminal.edits.issues() == []
