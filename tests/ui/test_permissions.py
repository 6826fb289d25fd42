"""Store associates edit customers (issue 12 §1): with the documented default permissions
a cashier edits a customer and adds an address on the details page; what HQ takes from a
role is disabled with the reason once the register has the new configuration."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pos_desktop.domain.defaults import new_address
from tests.support.ui import CASHIER, WAIT, fill_person, sign_in, switch_permissions


def _create(qtbot, window, first: str, last: str):  # type: ignore[no-untyped-def]
    dialog = window.new_customer()
    fill_person(dialog, first, last)
    dialog.save()
    qtbot.waitUntil(lambda: window.register_page.customer is not None
                    and window.register_page.customer.last_name == last, timeout=WAIT)
    return window.register_page.customer


def _details(qtbot, window, customer):  # type: ignore[no-untyped-def]
    window.show_details(customer.customer_id)
    details = window.details_page
    qtbot.waitUntil(lambda: details.customer is not None
                    and details.customer.customer_id == customer.customer_id, timeout=WAIT)
    return details


def test_a_cashier_edits_a_customer_and_adds_an_address(qtbot, window, terminal) -> None:
    sign_in(qtbot, window, CASHIER)
    customer = _create(qtbot, window, "Carla", "Cassa")
    assert customer.account_number  # created in real time, as the cashier 1001
    details = _details(qtbot, window, customer)
    assert details.save_button.isEnabled() and details.add_address_button.isEnabled()
    assert not details.edit_reason.isVisibleTo(details)

    details.fields.last_name.setText("Cassiera")
    qtbot.mouseClick(details.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: details.message.text() == "Saved at HQ.", timeout=WAIT)
    at_hq = terminal.parts.client.get_customer(customer.account_number)
    assert at_hq["last_name"] == "Cassiera"

    extra = new_address(details.customer, details.config)
    extra.street, extra.city, extra.zip = "Via Po 2", "Torino", "10123"
    details.apply_new_address(extra)
    qtbot.waitUntil(lambda: details.address_table.rowCount() == 2, timeout=WAIT)
    at_hq = terminal.parts.client.get_customer(customer.account_number)
    assert [a["city"] for a in at_hq["addresses"]] == ["Milano", "Torino"]


def test_what_hq_takes_from_cashiers_is_disabled_with_the_reason(
    qtbot, window, terminal, hq
) -> None:
    sign_in(qtbot, window, CASHIER)
    customer = _create(qtbot, window, "Dario", "Limitato")
    details = _details(qtbot, window, customer)
    switch_permissions(qtbot, hq, window, "cashier", customer_edit=False, address_edit=False)
    edit = "Your role (cashier) may not edit customers in this store."
    addresses = "Your role (cashier) may not add, change or remove addresses in this store."
    qtbot.waitUntil(lambda: details.edit_reason.text() == edit, timeout=WAIT)
    assert not details.save_button.isEnabled()
    assert not details.fields.last_name.isEnabled()
    assert not details.add_address_button.isEnabled()
    assert details.add_address_button.toolTip() == addresses
    assert details.address_add_reason.text() == addresses
    assert not details.edit_address_button.isEnabled()
    assert details.edit_address_button.toolTip() == addresses
    assert details.issue_button.isEnabled()  # loyalty cards are not in the table

    switch_permissions(qtbot, hq, window, "cashier", customer_create=False)
    window.show_register()
    register = window.register_page
    create = "Your role (cashier) may not create customers in this store."
    qtbot.waitUntil(lambda: not register.add_button.isEnabled(), timeout=WAIT)
    assert register.add_button.toolTip() == create
    qtbot.keyClick(window, Qt.Key.Key_F3)  # the shortcut does not get round it
    assert window.dialog is None


def test_a_store_may_let_cashiers_disconnect(qtbot, window, terminal, hq) -> None:
    sign_in(qtbot, window, CASHIER)
    register = window.register_page
    assert not register.connect_button.isEnabled()
    switch_permissions(qtbot, hq, window, "cashier", terminal_disconnect=True)
    qtbot.waitUntil(register.connect_button.isEnabled, timeout=WAIT)
    assert not register.connect_reason.isVisibleTo(register)
    qtbot.mouseClick(register.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: terminal.parts.link.forced_offline, timeout=WAIT)
    assert register.connect_button.text() == "Connect"
