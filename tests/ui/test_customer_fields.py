"""One customer form: the New customer dialog and the details page show the same
CustomerFields widget, so a field (here a new attribute) appears on both at once, and the
details page only shows the domain's decisions (a rejected customer: corrected by whom the
store lets resubmit)."""

from __future__ import annotations

import dataclasses

from pos_desktop.domain.customer import Customer, CustomerType, SyncState
from pos_desktop.domain.store import AttributeDefinition, AttributeType
from pos_desktop.ui.customer_dialog import NewCustomerDialog
from pos_desktop.ui.customer_fields import CustomerFields
from pos_desktop.ui.details import DetailsPage
from tests.support.ui import CASHIER, WAIT, sign_in, switch_permissions

COLOUR = AttributeDefinition(name="favourite_colour", type=AttributeType.CHOICE,
                             choices=("red", "blue"), label="Favourite colour")


def _rejected(terminal) -> Customer:  # type: ignore[no-untyped-def]
    config = terminal.store_config()
    return Customer(
        first_name="Rita", last_name="Respinta", store_id=config.store_id,
        customer_group=config.customer_groups[0].id, currency="EUR", language="it",
        state=SyncState.REJECTED, rejection_reason="segment: required attribute is missing",
    )


def test_the_dialog_and_the_details_page_share_one_form(qtbot, window) -> None:
    sign_in(qtbot, window)
    dialog = window.new_customer()
    details = window.details_page
    assert type(dialog.fields) is CustomerFields and type(details.fields) is CustomerFields
    # The same fields, with their error labels under the same domain paths.
    own = {p for p in dialog.errors.fields if p.split(".")[0] != "addresses"}
    assert own == set(details.errors.fields)
    assert {"first_name", "organization_name", "receipt_email", "language", "affiliations",
            "contacts", "attributes.segment"} <= own
    dialog.reject()


def test_a_new_attribute_shows_in_the_dialog_and_on_the_details_page(
    qtbot, window, terminal, monkeypatch
) -> None:
    sign_in(qtbot, window)
    config = terminal.store_config()
    changed = dataclasses.replace(
        config, attribute_definitions=(*config.attribute_definitions, COLOUR))
    # HQ defines one more attribute: the screens read the configuration from the terminal
    # (or from their context, where it hands it out).
    monkeypatch.setattr(terminal, "store_config", lambda: changed)
    if callable(getattr(window.ctx, "store_config", None)):
        monkeypatch.setattr(window.ctx, "store_config", lambda: changed)

    dialog = NewCustomerDialog(window.ctx, parent=window)
    details = DetailsPage(window.ctx)
    qtbot.addWidget(details)
    for fields in (dialog.fields, details.fields):
        combo = fields.attributes.inputs["favourite_colour"]
        assert [combo.itemData(i) for i in range(combo.count())] == ["", "red", "blue"]
        assert "attributes.favourite_colour" in fields.errors.fields

    # Read back into the new customer's draft...
    combo = dialog.fields.attributes.inputs["favourite_colour"]
    combo.setCurrentIndex(combo.findData("blue"))
    assert dialog.draft().attributes["favourite_colour"] == "blue"
    dialog.discard()
    # ...and shown from, and read back into, a stored customer.
    customer = _rejected(terminal)
    customer.attributes = {"favourite_colour": "red"}
    details.show_customer(customer)
    assert details.fields.attributes.inputs["favourite_colour"].currentData() == "red"
    assert details.edited().attributes["favourite_colour"] == "red"


def test_the_form_reads_back_what_it_shows(qtbot, window, terminal) -> None:
    """A stored organization shown and read back unchanged (type kept, person names hidden)."""
    sign_in(qtbot, window)
    details = window.details_page
    customer = _rejected(terminal)
    customer.customer_type = CustomerType.ORGANIZATION
    customer.first_name = customer.last_name = ""
    customer.organization_name = "Respinta Srl"
    customer.email, customer.phone = "info@respinta.example.com", "+390212345678"
    details.show_customer(customer)
    fields = details.fields
    assert fields.organization_name.isVisibleTo(details)
    assert not fields.first_name.isVisibleTo(details)
    assert fields.type_label.text() == "Organization"
    assert fields.phone.text() == "+39 02 1234 5678"
    again = details.edited()
    assert again.customer_type is CustomerType.ORGANIZATION
    assert (again.organization_name, again.email) == ("Respinta Srl", customer.email)
    assert again.phone == "+39 02 1234 5678"  # as shown; the service normalises it


def test_a_cashier_sees_why_a_rejected_customer_cannot_be_corrected(
    qtbot, window, terminal, hq
) -> None:
    sign_in(qtbot, window, CASHIER)
    details = window.details_page
    details.show_customer(_rejected(terminal))
    assert details.save_button.isEnabled()  # the default: cashiers correct them too
    switch_permissions(qtbot, hq, window, "cashier", customer_resubmit=False)
    qtbot.waitUntil(lambda: not details.save_button.isEnabled(), timeout=WAIT)
    reason = "Your role (cashier) may not correct and resubmit rejected customers in this store."
    assert details.save_button.text() == "Correct and resubmit"
    assert not details.save_button.isEnabled()
    assert details.edit_reason.text() == reason
    assert not details.add_address_button.isEnabled()
    assert not details.fields.first_name.isEnabled()
    assert not details.fields.contacts.add_email.isEnabled()
    assert details.fields.contacts.reason.text() == reason


def test_a_manager_corrects_a_rejected_customer(qtbot, window, terminal) -> None:
    sign_in(qtbot, window)
    details = window.details_page
    details.show_customer(_rejected(terminal))
    qtbot.waitUntil(lambda: details.customer is not None, timeout=WAIT)
    assert details.save_button.text() == "Correct and resubmit"
    assert details.save_button.isEnabled() and details.add_address_button.isEnabled()
    assert details.fields.first_name.isEnabled()
    assert not details.edit_reason.isVisibleTo(details)


def test_async_limitations_show_on_the_form(qtbot, window, terminal, hq) -> None:
    """Offline without enhanced async: no title, no affiliations, each with the reason."""
    sign_in(qtbot, window)
    hq.admin.patch_store("MILAN", enhanced_async_customers=False)
    window.ctx.sync_now()
    qtbot.waitUntil(lambda: not terminal.store_config().features.enhanced_async_customers,
                    timeout=30_000)
    window.ctx.set_forced_offline(True)
    qtbot.waitUntil(lambda: not window.ctx.link_up, timeout=WAIT)
    dialog = window.new_customer()
    fields = dialog.fields
    reason = "Not available for customers created asynchronously."
    assert not fields.title.isEnabled() and fields.title_reason.text() == reason
    assert not fields.affiliations.isEnabled() and fields.affiliations_reason.text() == reason
    assert fields.title_reason.isVisibleTo(dialog)
    fields.organization_radio.setChecked(True)  # an organization has no title
    assert not fields.title_reason.isVisibleTo(dialog)
    assert dialog.draft().affiliations == []
    dialog.discard()
