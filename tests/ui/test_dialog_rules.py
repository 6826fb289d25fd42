"""Inline validation, purpose defaults and edits, edits refused (pending, a role the store
took edits from),
conflicts, a rejected customer corrected and resubmitted."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pos_desktop.domain.codec import customer_from_json
from pos_desktop.domain.customer import SyncState
from tests.support.terminals import activate, person
from tests.support.ui import CASHIER, WAIT, fill_person, sign_in, switch_permissions


def test_inline_errors_show_for_touched_fields_then_all_on_save(qtbot, window) -> None:
    sign_in(qtbot, window)
    dialog = window.new_customer()
    email_error = dialog.errors.fields["email"][1]
    first_error = dialog.errors.fields["first_name"][1]
    qtbot.keyClicks(dialog.fields.email, "anna@")
    qtbot.waitUntil(lambda: email_error.isVisibleTo(dialog), timeout=WAIT)
    assert email_error.text() == "Not a valid email address."
    assert not first_error.isVisibleTo(dialog)  # untouched: no error yet
    qtbot.keyClicks(dialog.fields.email, "example.com")
    qtbot.waitUntil(lambda: not email_error.isVisibleTo(dialog), timeout=WAIT)

    dialog.save()  # empty names, no segment: every error shows, nothing is written
    assert first_error.text() == "Enter the first name."
    assert dialog.errors.fields["attributes.segment"][1].text() == "Required."
    assert dialog.created is None and window.dialog is dialog
    dialog.fields.phone.setText("12")
    dialog.run_check()
    assert dialog.errors.fields["phone"][1].text() == "Not a valid phone number."
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc with typed data asks first
    assert dialog.discard_question is not None and window.dialog is dialog
    dialog.discard()
    qtbot.waitUntil(lambda: window.dialog is None, timeout=WAIT)


def test_purpose_follows_the_type_until_chosen(qtbot, window) -> None:
    sign_in(qtbot, window)
    dialog = window.new_customer()
    purpose = dialog.address.purpose
    assert purpose.currentData() == "home"
    assert dialog.address.country.text() == "IT"
    dialog.fields.organization_radio.setChecked(True)
    assert purpose.currentData() == "business"
    assert dialog.fields.organization_name.isVisibleTo(dialog)
    assert not dialog.fields.first_name.isVisibleTo(dialog)
    dialog.fields.person_radio.setChecked(True)
    assert purpose.currentData() == "home"
    purpose.setCurrentIndex(purpose.findData("office"))
    dialog._touched("addresses.0.purpose")  # what picking in the combo records
    dialog.fields.organization_radio.setChecked(True)
    assert purpose.currentData() == "office"
    dialog.discard()  # typed: reject() would ask first


def _create_online(qtbot, window, first: str, last: str):  # type: ignore[no-untyped-def]
    dialog = window.new_customer()
    fill_person(dialog, first, last)
    dialog.save()
    qtbot.waitUntil(lambda: window.register_page.customer is not None
                    and window.register_page.customer.last_name == last, timeout=WAIT)
    return window.register_page.customer


def test_manager_edits_an_address_purpose_and_adds_an_address(qtbot, window, terminal) -> None:
    sign_in(qtbot, window)
    customer = _create_online(qtbot, window, "Elena", "Scopo")
    window.show_details(customer.customer_id)
    details = window.details_page
    qtbot.waitUntil(lambda: details.customer is not None
                    and details.customer.customer_id == customer.customer_id, timeout=WAIT)
    assert details.edit_address_button.isEnabled()
    changed = details.customer.addresses[0]
    changed.purpose = type(changed.purpose)("office")
    details.apply_address_edit(changed)
    qtbot.waitUntil(lambda: details.message.text() == "Saved at HQ.", timeout=WAIT)
    assert details.address_table.item(0, 0).text() == "Office"
    assert details.address_table.item(0, 4).text() == "Italy"  # the country by name
    at_hq = terminal.parts.client.get_customer(customer.account_number)
    assert at_hq["addresses"][0]["purpose"] == "office"

    from pos_desktop.domain.defaults import new_address

    extra = new_address(details.customer, details.config)
    assert extra.purpose.value == "home" and extra.country == "IT"
    extra.street, extra.city, extra.zip = "Via Po 2", "Torino", "10123"
    details.apply_new_address(extra)
    qtbot.waitUntil(lambda: details.address_table.rowCount() == 2, timeout=WAIT)


def test_edit_refused_for_a_pending_customer_with_the_reason(qtbot, window) -> None:
    sign_in(qtbot, window)
    window.ctx.set_forced_offline(True)
    qtbot.waitUntil(lambda: not window.ctx.link_up, timeout=WAIT)
    customer = _create_online(qtbot, window, "Ugo", "Attesa")
    assert customer.is_pending
    window.show_details(customer.customer_id)
    details = window.details_page
    qtbot.waitUntil(lambda: details.customer is not None
                    and details.customer.customer_id == customer.customer_id, timeout=WAIT)
    assert not details.save_button.isEnabled()
    assert not details.fields.first_name.isEnabled()
    assert not details.edit_address_button.isEnabled()
    assert "pending sync" in details.edit_reason.text()
    assert not details.issue_button.isEnabled()
    assert "once the customer has synced" in details.loyalty_reason.text()
    # Milan has async customer addresses: adding one to a pending customer is allowed.
    assert details.add_address_button.isEnabled()


def test_edit_refused_for_a_cashier_with_the_reason(qtbot, window, terminal, hq) -> None:
    """The store took customer.edit from its cashiers (the default lets them edit)."""
    sign_in(qtbot, window, CASHIER)
    known = terminal.parts.store.search("rossi")[0]
    window.show_details(known.customer_id)
    details = window.details_page
    qtbot.waitUntil(lambda: details.customer is not None, timeout=WAIT)
    assert details.account_label.text() == known.account_number
    assert details.save_button.isEnabled()
    switch_permissions(qtbot, hq, window, "cashier", customer_edit=False)
    reason = "Your role (cashier) may not edit customers in this store."
    qtbot.waitUntil(lambda: details.edit_reason.text() == reason, timeout=WAIT)
    assert not details.save_button.isEnabled()
    assert details.save_button.toolTip() == reason
    assert not details.fields.first_name.isEnabled()
    assert details.add_address_button.isEnabled()  # addresses are address.edit, still on
    assert details.issue_button.isEnabled()  # a cashier may still issue a loyalty card


def test_a_stale_edit_shows_the_conflict_and_reloads_the_latest_version(
    qtbot, window, hq, tmp_path
) -> None:
    sign_in(qtbot, window)
    customer = _create_online(qtbot, window, "Carla", "Prima")
    window.show_details(customer.customer_id)
    details = window.details_page
    qtbot.waitUntil(lambda: details.customer is not None
                    and details.customer.customer_id == customer.customer_id, timeout=WAIT)

    # Meanwhile another register of the chain changes the same customer at HQ.
    other = activate(hq, tmp_path / "other-register", terminal_id="T2")
    try:
        other.parts.link.check_now()
        other.parts.store.upsert_customer(details.customer)
        theirs = other.parts.store.get_customer(customer.customer_id)
        theirs.last_name = "Seconda"
        other.edits.edit(theirs, operator=other.services.operators.acting("2001"))
    finally:
        other.close()

    stale = details.customer.addresses[0]
    stale.purpose = type(stale.purpose)("office")
    details.apply_address_edit(stale)
    qtbot.waitUntil(lambda: "changed this customer meanwhile" in details.message.text(),
                    timeout=WAIT)
    qtbot.waitUntil(lambda: details.customer.last_name == "Seconda", timeout=WAIT)
    assert details.fields.last_name.text() == "Seconda"  # the screen shows HQ's latest version
    assert details.customer.addresses[0].purpose.value == "home"  # nothing overwritten


def test_a_rejected_customer_is_corrected_and_resubmitted_from_the_details(
    qtbot, window, terminal
) -> None:
    sign_in(qtbot, window)
    bad = customer_from_json(person("Rita", "Respinta", attributes={}))
    bad.state = SyncState.PENDING
    # As an older register version might have queued it: HQ validates again and refuses.
    terminal.parts.store.add_customer(bad, queue_upload=True)
    window.ctx.sync_now()
    qtbot.waitUntil(lambda: terminal.parts.store.get_customer(bad.customer_id).state
                    is SyncState.REJECTED, timeout=WAIT)
    qtbot.waitUntil(lambda: window.status.rejected_label.text() == "Rejected: 1", timeout=WAIT)

    window.show_details(bad.customer_id)
    details = window.details_page
    qtbot.waitUntil(lambda: details.customer is not None
                    and details.customer.customer_id == bad.customer_id, timeout=WAIT)
    assert details.rejection_label.isVisible()
    # HQ's field path reads as the label on screen (the store's own attribute label).
    assert details.rejection_label.text() == (
        "HQ rejected this customer: Segmento: required attribute is missing")
    assert details.save_button.text() == "Correct and resubmit"
    segment = details.fields.attributes.inputs["segment"]
    segment.setCurrentIndex(segment.findData("gold"))
    details.save_button.click()

    qtbot.waitUntil(lambda: details.account_label.text().startswith("C"), timeout=WAIT)
    stored = terminal.parts.store.get_customer(bad.customer_id)
    assert stored.state is SyncState.SYNCED and stored.attributes["segment"] == "gold"
    assert not details.rejection_label.isVisible()
    qtbot.waitUntil(lambda: window.status.rejected_label.text() == "Rejected: 0", timeout=WAIT)
