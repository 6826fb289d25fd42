"""Async limitations, the feature that lifts each, edits, loyalty (DESIGN.md §1)."""

from __future__ import annotations

import pytest

from pos_desktop.domain.codec import permissions_from_json
from pos_desktop.domain.customer import Address, Contact, ContactKind, Customer, SyncState
from pos_desktop.domain.display import PENDING_SYNC, customer_account_label, display_account
from pos_desktop.domain.errors import ActionRefused
from pos_desktop.domain.limitations import (
    CASHIER,
    MANAGER,
    address_goes_async,
    async_draft_limits,
    can_add_address,
    can_edit,
    can_issue_loyalty_card,
    can_resubmit,
    creation_limits,
    customer_actions,
    edit_needs,
    enhanced_fields_allowed,
    secondary_contacts_allowed,
    several_addresses_allowed,
)
from pos_desktop.domain.store import DEFAULT_PERMISSIONS, Features, Permission

PENDING = Customer(first_name="Anna", last_name="Rossi")
SYNCED = Customer(first_name="Anna", last_name="Rossi", account_number="C0001234")
REJECTED = Customer(first_name="Anna", last_name="Rossi", state=SyncState.REJECTED,
                    rejection_reason="segment: required attribute is missing")

NO_FEATURES = Features()
ENHANCED = Features(enhanced_async_customers=True)
ASYNC_ADDRESSES = Features(async_customer_addresses=True)
CONTACTS = Features(multiple_contacts_and_consent=True)
CONTACTS_ENHANCED = Features(multiple_contacts_and_consent=True, enhanced_async_customers=True)

DEFAULTS = DEFAULT_PERMISSIONS  # cashiers and managers create and edit; managers disconnect
NO_CASHIER_EDIT = permissions_from_json({"cashier": {"customer.edit": False}})
NO_CASHIER_ADDRESSES = permissions_from_json({"cashier": {"address.edit": False}})
NO_CASHIER_RESUBMIT = permissions_from_json({"cashier": {"customer.resubmit": False}})


# -- edits: a role the store lets edit, the HQ link, a synced customer ---------------------


@pytest.mark.parametrize(
    ("customer", "link_up", "role", "permissions", "allowed", "key"),
    [
        (SYNCED, True, MANAGER, DEFAULTS, True, ""),
        (SYNCED, False, MANAGER, DEFAULTS, False, "edit.offline"),
        (PENDING, True, MANAGER, DEFAULTS, False, "edit.pending"),
        (PENDING, False, MANAGER, DEFAULTS, False, "edit.pending"),
        # the documentation's default: store associates edit customers too
        (SYNCED, True, CASHIER, DEFAULTS, True, ""),
        (PENDING, True, CASHIER, DEFAULTS, False, "edit.pending"),
        # unless the store's table says otherwise (the role is named first)
        (SYNCED, True, CASHIER, NO_CASHIER_EDIT, False, "permission.customer.edit"),
        (PENDING, False, CASHIER, NO_CASHIER_EDIT, False, "permission.customer.edit"),
        (SYNCED, True, MANAGER, NO_CASHIER_EDIT, True, ""),
        (SYNCED, True, "auditor", DEFAULTS, False, "permission.customer.edit"),
    ],
)
def test_can_edit(customer, link_up, role, permissions, allowed, key):
    decision = can_edit(customer, link_up=link_up, role=role, permissions=permissions)
    assert (decision.allowed, decision.key) == (allowed, key)
    if not allowed:
        assert decision.message
        with pytest.raises(ActionRefused) as refused:
            decision.require()
        assert refused.value.key == key
    else:
        decision.require()


# -- adding an address: refused for pending customers unless async addresses is on ---------


@pytest.mark.parametrize(
    ("customer", "link_up", "features", "role", "allowed", "key", "goes_async"),
    [
        (SYNCED, True, NO_FEATURES, MANAGER, True, "", False),
        (SYNCED, False, NO_FEATURES, MANAGER, False, "edit.offline", False),
        (PENDING, True, NO_FEATURES, MANAGER, False, "address.pending", False),
        (PENDING, False, NO_FEATURES, MANAGER, False, "address.pending", False),
        # the async-addresses feature lifts both the pending and the offline refusal
        (PENDING, True, ASYNC_ADDRESSES, MANAGER, True, "", True),
        (PENDING, False, ASYNC_ADDRESSES, MANAGER, True, "", True),
        (SYNCED, False, ASYNC_ADDRESSES, MANAGER, True, "", True),
        (SYNCED, True, ASYNC_ADDRESSES, MANAGER, True, "", False),
        (PENDING, False, ASYNC_ADDRESSES, CASHIER, True, "", True),
    ],
)
def test_can_add_address(customer, link_up, features, role, allowed, key, goes_async):
    decision = can_add_address(customer, link_up=link_up, features=features, role=role,
                               permissions=DEFAULTS)
    assert (decision.allowed, decision.key) == (allowed, key)
    if allowed:
        assert address_goes_async(customer, link_up=link_up, features=features) is goes_async


def test_the_store_can_take_addresses_from_cashiers_whatever_the_features():
    decision = can_add_address(SYNCED, link_up=True, features=ASYNC_ADDRESSES, role=CASHIER,
                               permissions=NO_CASHIER_ADDRESSES)
    assert decision.key == "permission.address.edit"
    assert decision.message == (
        "Your role (cashier) may not add, change or remove addresses in this store.")
    assert can_add_address(SYNCED, link_up=True, features=NO_FEATURES, role=MANAGER,
                           permissions=NO_CASHIER_ADDRESSES).allowed


def test_an_edit_needs_the_permission_of_what_it_changes():
    renamed = Customer(first_name="Anna", last_name="Bianchi", account_number="C0001234")
    assert edit_needs(SYNCED, renamed) == (Permission.CUSTOMER_EDIT,)
    moved = Customer(first_name="Anna", last_name="Rossi", account_number="C0001234",
                     addresses=[Address(street="Via Roma 1", city="Milano", zip="20121",
                                        country="IT")])
    assert edit_needs(SYNCED, moved) == (Permission.ADDRESS_EDIT,)
    moved.last_name = "Bianchi"
    assert edit_needs(SYNCED, moved) == (Permission.CUSTOMER_EDIT, Permission.ADDRESS_EDIT)
    assert edit_needs(SYNCED, SYNCED) == (Permission.CUSTOMER_EDIT,)


# -- loyalty cards: synced customers, link up ---------------------------------------------


@pytest.mark.parametrize(
    ("customer", "link_up", "allowed", "key"),
    [
        (SYNCED, True, True, ""),
        (SYNCED, False, False, "loyalty.offline"),
        (PENDING, True, False, "loyalty.pending"),
        (PENDING, False, False, "loyalty.pending"),
    ],
)
def test_can_issue_loyalty_card(customer, link_up, allowed, key):
    decision = can_issue_loyalty_card(customer, link_up=link_up)
    assert (decision.allowed, decision.key) == (allowed, key)


# -- what an async draft may carry without "enhanced async customers" ----------------------


def _draft(**fields) -> Customer:
    return Customer(first_name="Anna", last_name="Rossi", **fields)


SECONDARY_EMAIL = Contact(ContactKind.EMAIL, "second@example.com")
SECONDARY_PHONE = Contact(ContactKind.PHONE, "+390298765432")
PRIMARY_EMAIL = Contact(ContactKind.EMAIL, "anna@example.com", is_primary=True)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, []),
        ({"title": "Dr"}, [("title", "async.title")]),
        ({"affiliations": ["LOYAL"]}, [("affiliations", "async.affiliations")]),
        ({"contacts": [SECONDARY_EMAIL]}, [("contacts.email", "async.contacts")]),
        ({"contacts": [SECONDARY_PHONE]}, [("contacts.phone", "async.contacts")]),
        ({"contacts": [PRIMARY_EMAIL]}, []),  # primary contacts are not secondary ones
        (
            {
                "title": "Dr",
                "affiliations": ["LOYAL"],
                "contacts": [SECONDARY_EMAIL, SECONDARY_PHONE],
            },
            [
                ("title", "async.title"),
                ("affiliations", "async.affiliations"),
                ("contacts.email", "async.contacts"),
                ("contacts.phone", "async.contacts"),
            ],
        ),
    ],
)
def test_async_draft_limits_without_enhanced_async(fields, expected):
    errors = async_draft_limits(_draft(**fields), NO_FEATURES)
    assert [(e.field, e.key) for e in errors] == expected
    assert all(e.message for e in errors)


def test_enhanced_async_lifts_every_async_draft_limit():
    draft = _draft(title="Dr", affiliations=["LOYAL"], contacts=[SECONDARY_EMAIL, SECONDARY_PHONE])
    assert async_draft_limits(draft, ENHANCED) == []


@pytest.mark.parametrize(
    ("features", "is_async", "allowed", "key"),
    [
        (NO_FEATURES, False, False, "contacts.feature_off"),
        (NO_FEATURES, True, False, "contacts.feature_off"),
        (CONTACTS, False, True, ""),
        (CONTACTS, True, False, "contacts.async"),
        (CONTACTS_ENHANCED, True, True, ""),
        (ENHANCED, True, False, "contacts.feature_off"),
    ],
)
def test_secondary_contacts_allowed(features, is_async, allowed, key):
    decision = secondary_contacts_allowed(features, is_async=is_async)
    assert (decision.allowed, decision.key) == (allowed, key)


# -- the GUID is never shown ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("account", "shown"),
    [(None, PENDING_SYNC), ("", PENDING_SYNC), ("C0001234", "C0001234")],
)
def test_display_account(account, shown):
    assert display_account(account) == shown


def test_pending_customer_label_is_pending_sync_never_its_guid():
    assert PENDING_SYNC == "Pending sync"
    label = customer_account_label(PENDING)
    assert label == "Pending sync"
    assert PENDING.customer_id not in label
    assert customer_account_label(SYNCED) == "C0001234"


@pytest.mark.parametrize(
    ("features", "is_async", "allowed"),
    [
        (NO_FEATURES, False, True),
        (NO_FEATURES, True, False),
        (ENHANCED, True, True),
        (ENHANCED, False, True),
    ],
)
def test_title_and_affiliations_of_an_async_customer_need_enhanced_async(
    features, is_async, allowed
):
    decision = enhanced_fields_allowed(features, is_async=is_async)
    assert decision.allowed is allowed
    if not allowed:
        assert decision.key == "async.enhanced"
        # the same reason the service gives when it refuses such a draft
        assert decision.message == async_draft_limits(_draft(title="Dr"), features)[0].message


# -- a customer HQ rejected: corrected and resubmitted (customer.resubmit) -------------------


@pytest.mark.parametrize(
    ("customer", "role", "permissions", "allowed", "key"),
    [
        (REJECTED, MANAGER, DEFAULTS, True, ""),
        (REJECTED, CASHIER, DEFAULTS, True, ""),
        (REJECTED, CASHIER, NO_CASHIER_RESUBMIT, False, "permission.customer.resubmit"),
        (REJECTED, MANAGER, NO_CASHIER_RESUBMIT, True, ""),
        (PENDING, MANAGER, DEFAULTS, False, "resubmit.not_rejected"),
        (SYNCED, MANAGER, DEFAULTS, False, "resubmit.not_rejected"),
        (SYNCED, CASHIER, DEFAULTS, False, "resubmit.not_rejected"),
    ],
)
def test_can_resubmit(customer, role, permissions, allowed, key):
    decision = can_resubmit(customer, role=role, permissions=permissions)
    assert (decision.allowed, decision.key) == (allowed, key)
    if not allowed:
        with pytest.raises(ActionRefused):
            decision.require()


@pytest.mark.parametrize("link_up", [True, False])
@pytest.mark.parametrize("features", [NO_FEATURES, ASYNC_ADDRESSES])
def test_a_rejected_customer_is_changed_by_resubmitting_it_online_or_offline(link_up, features):
    """Not an edit at HQ (it has no account number): a correction, queued like a create."""
    manager = customer_actions(REJECTED, link_up=link_up, features=features, role=MANAGER,
                               permissions=NO_CASHIER_RESUBMIT)
    assert manager.resubmits
    assert manager.change.allowed and manager.add_address.allowed
    assert manager.change_addresses.allowed
    assert manager.loyalty_card.key == "loyalty.pending"
    cashier = customer_actions(REJECTED, link_up=link_up, features=features, role=CASHIER,
                               permissions=NO_CASHIER_RESUBMIT)
    assert cashier.resubmits
    assert {cashier.change.key, cashier.add_address.key, cashier.change_addresses.key} == {
        "permission.customer.resubmit"}
    assert customer_actions(REJECTED, link_up=link_up, features=features, role=CASHIER,
                            permissions=DEFAULTS).change.allowed


@pytest.mark.parametrize(
    ("customer", "link_up", "features", "role"),
    [
        (SYNCED, True, NO_FEATURES, MANAGER),
        (SYNCED, False, NO_FEATURES, MANAGER),
        (SYNCED, True, NO_FEATURES, CASHIER),
        (PENDING, True, NO_FEATURES, MANAGER),
        (PENDING, False, ASYNC_ADDRESSES, MANAGER),
    ],
)
@pytest.mark.parametrize("permissions", [DEFAULTS, NO_CASHIER_EDIT, NO_CASHIER_ADDRESSES])
def test_other_customers_get_the_edit_and_address_decisions(
        customer, link_up, features, role, permissions):
    actions = customer_actions(customer, link_up=link_up, features=features, role=role,
                               permissions=permissions)
    assert not actions.resubmits
    assert actions.change == can_edit(customer, link_up=link_up, role=role,
                                      permissions=permissions)
    assert actions.change_addresses == can_edit(customer, link_up=link_up, role=role,
                                                permissions=permissions,
                                                permission=Permission.ADDRESS_EDIT)
    assert actions.add_address == can_add_address(
        customer, link_up=link_up, features=features, role=role, permissions=permissions)
    assert actions.loyalty_card == can_issue_loyalty_card(customer, link_up=link_up)


# -- several addresses for a new customer (issue 12) ----------------------------------------


@pytest.mark.parametrize(
    ("features", "is_async", "allowed"),
    [
        (NO_FEATURES, False, True),  # sync mode: as many as the cashier captures
        (NO_FEATURES, True, False),  # async: one, unless the feature is on
        (ASYNC_ADDRESSES, True, True),
    ],
)
def test_several_addresses_for_a_new_customer(features, is_async, allowed):
    decision = several_addresses_allowed(features, is_async=is_async)
    assert decision.allowed is allowed
    two = Customer(first_name="Anna", last_name="Rossi", addresses=[Address(), Address()])
    one = Customer(first_name="Anna", last_name="Rossi", addresses=[Address()])
    errors = creation_limits(two, features, is_async=is_async)
    assert [(e.field, e.key) for e in errors] == ([] if allowed else [("addresses",
                                                                       "addresses.async")])
    assert creation_limits(one, features, is_async=is_async) == []
    if not allowed:
        assert "async customer addresses feature is off" in decision.message
