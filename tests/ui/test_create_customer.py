"""Both entry points create a customer: online (account number at once), offline
("Pending sync", then the number on the same open screen), blocked."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from pos_desktop.domain.modes import CreationMode
from tests.support.hq import ADMIN_TOKEN
from tests.support.ui import WAIT, fill_person, sign_in

ACCOUNT = re.compile(r"^C\d+$")
assert ADMIN_TOKEN


def _panel_account(window) -> str:  # type: ignore[no-untyped-def]
    return window.register_page.panel.account_label.text()


def test_customer_add_online_creates_at_hq_with_keyboard(qtbot, window) -> None:
    sign_in(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    dialog = window.dialog
    assert dialog is not None and dialog.mode is CreationMode.SYNC
    assert "created at HQ now" in dialog.banner.text()
    fill_person(dialog, "Anna", "Neri", phone="+39 347 111 2233")
    qtbot.keyClick(dialog.fields.last_name, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: window.dialog is None, timeout=WAIT)
    qtbot.waitUntil(lambda: ACCOUNT.match(_panel_account(window)) is not None, timeout=WAIT)
    assert window.register_page.panel.name_label.text() == "Anna Neri"
    customer = window.register_page.customer
    assert customer is not None and customer.addresses[0].purpose.value == "home"
    assert customer.addresses[0].country == "IT"  # the operating unit's country


def test_create_customer_from_search_prefills_and_attaches(qtbot, window) -> None:
    sign_in(qtbot, window)
    window.show_search()
    page = window.search_page
    qtbot.keyClicks(page.search_box, "ottavia quintili")
    qtbot.waitUntil(lambda: page.hint.text() == "No customers found on this terminal.",
                    timeout=WAIT)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    dialog = window.dialog
    fields = dialog.fields
    assert (fields.first_name.text(), fields.last_name.text()) == ("Ottavia", "Quintili")
    fill_person(dialog, "Ottavia", "Quintili")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ACCOUNT.match(_panel_account(window)) is not None, timeout=WAIT)
    assert window.stack.currentWidget() is window.register_page

    window.show_search("quintili")  # and the offline DB finds it now
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT)
    assert ACCOUNT.match(page.model.cell(0, 1))


def test_prefill_from_phone_search_text(qtbot, window) -> None:
    sign_in(qtbot, window)
    dialog = window.new_customer("+39 02 9999 1234")
    assert dialog.fields.phone.text() == "+39 02 9999 1234"
    assert dialog.fields.first_name.text() == ""
    dialog.reject()


def test_offline_pending_sync_then_account_number_on_the_open_screens(qtbot, window) -> None:
    sign_in(qtbot, window)
    window.register_page.connect_button.click()  # manager: Disconnect
    qtbot.waitUntil(lambda: not window.ctx.link_up, timeout=WAIT)
    dialog = window.new_customer()
    assert dialog.mode is CreationMode.FORCED_ASYNC
    assert "Pending sync" in dialog.banner.text()
    fill_person(dialog, "Piero", "Sospeso")
    dialog.save()
    qtbot.waitUntil(lambda: _panel_account(window) == "Pending sync", timeout=WAIT)
    customer_id = window.register_page.customer.customer_id
    assert customer_id not in _panel_account(window)

    window.show_details(customer_id)  # the details screen stays open through the sync
    details = window.details_page
    qtbot.waitUntil(lambda: details.account_label.text() == "Pending sync", timeout=WAIT)
    assert not details.save_button.isEnabled()

    window.ctx.set_forced_offline(False)  # Connect: the worker uploads, HQ converts
    qtbot.waitUntil(lambda: ACCOUNT.match(details.account_label.text()) is not None,
                    timeout=30_000)
    qtbot.waitUntil(lambda: ACCOUNT.match(_panel_account(window)) is not None, timeout=WAIT)
    assert details.account_label.text() == _panel_account(window)
    qtbot.waitUntil(lambda: details.save_button.isEnabled(), timeout=WAIT)


def test_blocked_mode_disables_save_and_writes_nothing(qtbot, window, hq, terminal) -> None:
    sign_in(qtbot, window)
    hq.admin.patch_store("MILAN", filter_shared_customer_data_tables=True)
    window.ctx.sync_now()
    qtbot.waitUntil(lambda: terminal.store_config().filter_shared_customer_data_tables,
                    timeout=30_000)
    window.ctx.set_forced_offline(True)
    qtbot.waitUntil(lambda: not window.ctx.link_up, timeout=WAIT)
    before = terminal.parts.store.count_customers()
    qtbot.keyClick(window, Qt.Key.Key_F3)
    dialog = window.dialog
    assert dialog.mode is CreationMode.BLOCKED
    assert "cannot be created" in dialog.banner.text()
    assert not dialog.save_button.isEnabled()
    assert dialog.save_reason.isVisibleTo(dialog)
    fill_person(dialog, "Bruno", "Bloccato")
    qtbot.keyClick(dialog.fields.last_name, Qt.Key.Key_Return)
    qtbot.wait(200)
    assert window.dialog is dialog and dialog.created is None
    assert terminal.parts.store.count_customers() == before

    window.ctx.set_forced_offline(False)  # the link returns: the dialog may save again
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=WAIT)
    assert dialog.mode is CreationMode.SYNC  # Milan creates in real time when online
    dialog.discard()


def test_likely_duplicate_can_be_used_instead(qtbot, window, terminal) -> None:
    sign_in(qtbot, window)
    known = terminal.parts.store.search("rossi")[0]
    dialog = window.new_customer(known.phone)
    qtbot.waitUntil(lambda: dialog.duplicates_frame.isVisible(), timeout=WAIT)
    assert dialog.duplicates[0].customer_id == known.customer_id
    assert "phone" in dialog.duplicates[0].reasons
    buttons = [b for b in dialog.duplicates_frame.findChildren(type(dialog.save_button))
               if b.text() == "Use this customer instead"]
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.register_page.customer is not None, timeout=WAIT)
    assert window.register_page.customer.customer_id == known.customer_id
    assert _panel_account(window) == known.account_number
