"""Defaults a new customer takes from the store's default customer (DESIGN.md §1)."""

from __future__ import annotations

import pytest

from pos_desktop.domain.codec import store_from_json
from pos_desktop.domain.customer import (
    Address,
    AddressPurpose,
    Customer,
    CustomerType,
    ReceiptOption,
)
from pos_desktop.domain.defaults import (
    complete_from_default,
    default_country,
    default_financial_dimensions,
    default_purpose,
    new_address,
    new_customer_draft,
)
from pos_desktop.domain.validation import validate_customer
from tests.sample_store import store_json

MILAN = store_from_json(store_json())


def _person(**fields) -> Customer:
    return Customer(first_name="Anna", last_name="Rossi", **fields)


# -- the dialog opens with the default customer's values ---------------------------------


@pytest.mark.parametrize(
    ("attribute", "expected"),
    [
        ("customer_type", CustomerType.PERSON),
        ("customer_group", "RETAIL"),
        ("receipt_option", ReceiptOption.EMAIL),
        ("currency", "EUR"),
        ("language", "it"),
        ("affiliations", ["LOYAL"]),
        ("store_id", "MIL01"),
    ],
)
def test_new_draft_copies_the_default_customer(attribute, expected):
    draft = new_customer_draft(MILAN)
    assert getattr(draft, attribute) == expected


def test_new_draft_copies_an_organization_default_customer_type():
    store = store_from_json(
        store_json(
            default_customer__customer_type="organization",
            default_customer__organization_name="Walk-in Ltd",
        )
    )
    assert new_customer_draft(store).customer_type is CustomerType.ORGANIZATION


def test_new_draft_without_affiliations_when_the_mode_forbids_them():
    draft = new_customer_draft(MILAN, inherit_affiliations=False)
    assert draft.affiliations == []


def test_new_draft_never_copies_the_default_customers_identity():
    draft = new_customer_draft(MILAN)
    assert draft.first_name == draft.last_name == ""
    assert draft.account_number is None
    assert draft.customer_id != MILAN.default_customer.customer_id


def test_new_draft_without_a_default_customer_takes_the_store_currency_and_language():
    store = store_from_json(store_json(default_customer=None, currency="SEK", language="sv"))
    draft = new_customer_draft(store)
    assert (draft.currency, draft.language, draft.affiliations) == ("SEK", "sv", [])
    assert draft.financial_dimensions == {}


# -- at save time: what the cashier left empty comes from the default customer ------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", "receipts@duomo.example.com"),  # empty: copied from the default customer
        ("anna@example.com", "anna@example.com"),  # typed: kept
    ],
)
def test_receipt_email_is_copied_only_when_left_empty(typed, expected):
    customer = complete_from_default(_person(receipt_email=typed), MILAN)
    assert customer.receipt_email == expected


@pytest.mark.parametrize(
    ("typed", "inherit", "expected"),
    [
        ([], True, ["LOYAL"]),
        (["STAFF"], True, ["STAFF"]),
        ([], False, []),
    ],
)
def test_affiliations_inherited_only_when_none_typed_and_mode_allows(typed, inherit, expected):
    customer = complete_from_default(
        _person(affiliations=list(typed)), MILAN, inherit_affiliations=inherit
    )
    assert customer.affiliations == expected


@pytest.mark.parametrize(
    ("default_group", "draft_group", "expected"),
    [
        # From the default customer's GROUP (100), not the default customer itself (999).
        ("RETAIL", "", {"CostCenter": "100"}),
        ("WHOLESALE", "", {"CostCenter": "200"}),
        ("WHOLESALE", "RETAIL", {"CostCenter": "200"}),
        ("NO_SUCH_GROUP", "", {}),
    ],
)
def test_financial_dimensions_come_from_the_default_customers_group(
    default_group, draft_group, expected
):
    store = store_from_json(store_json(default_customer__customer_group=default_group))
    assert default_financial_dimensions(store) == expected
    assert new_customer_draft(store).financial_dimensions == expected
    customer = complete_from_default(
        _person(customer_group=draft_group, financial_dimensions={"CostCenter": "typed"}), store
    )
    assert customer.financial_dimensions == expected


@pytest.mark.parametrize(
    ("attribute", "typed", "expected"),
    [
        ("customer_group", "", "RETAIL"),
        ("customer_group", "WHOLESALE", "WHOLESALE"),
        ("currency", "", "EUR"),
        ("currency", "CHF", "CHF"),
        ("language", "", "it"),
        ("language", "en", "en"),
    ],
)
def test_complete_fills_only_what_was_left_empty(attribute, typed, expected):
    customer = complete_from_default(_person(**{attribute: typed}), MILAN)
    assert getattr(customer, attribute) == expected


def test_complete_does_not_modify_the_draft():
    draft = _person()
    complete_from_default(draft, MILAN)
    assert draft.receipt_email == "" and draft.affiliations == [] and draft.customer_group == ""


# -- addresses: purpose by type, country from the operating unit ---------------------------


@pytest.mark.parametrize(
    ("customer_type", "purpose"),
    [
        (CustomerType.PERSON, AddressPurpose.HOME),
        (CustomerType.ORGANIZATION, AddressPurpose.BUSINESS),
    ],
)
def test_default_purpose_by_customer_type(customer_type, purpose):
    assert default_purpose(customer_type) is purpose
    customer = Customer(customer_type=customer_type, organization_name="Acme", first_name="A")
    assert new_address(customer, MILAN).purpose is purpose


@pytest.mark.parametrize(
    ("store_country", "ou_country", "expected"),
    [
        ("IT", "IT", "IT"),
        ("IT", "CH", "CH"),  # the operating unit's address wins over the store's country
        ("SE", "", "SE"),  # no operating-unit country: the store's country
    ],
)
def test_default_country_from_the_operating_unit(store_country, ou_country, expected):
    store = store_from_json(
        store_json(country=store_country, operating_unit_address__country=ou_country)
    )
    assert default_country(store) == expected
    assert new_address(_person(), store).country == expected
    completed = complete_from_default(_person(addresses=[Address(street="Via Roma 1")]), store)
    assert completed.addresses[0].country == expected


def test_typed_address_country_is_kept():
    completed = complete_from_default(
        _person(addresses=[Address(street="Rue 1", country="FR")]), MILAN
    )
    assert completed.addresses[0].country == "FR"


def test_new_address_takes_the_customer_name_and_phone_and_is_primary_when_first():
    customer = Customer(first_name="Anna", middle_name="M", last_name="Rossi", phone="+39021")
    address = new_address(customer, MILAN)
    assert (address.contact_name, address.contact_phone) == ("Anna M Rossi", "+39021")
    assert address.is_primary
    customer.addresses.append(address)
    assert not new_address(customer, MILAN).is_primary


def test_complete_fills_address_contact_defaults_and_one_primary():
    customer = complete_from_default(
        _person(
            phone="+390212345678",
            addresses=[Address(street="A"), Address(street="B", contact_name="Luca")],
        ),
        MILAN,
    )
    first, second = customer.addresses
    assert first.contact_name == "Anna Rossi"
    # The contact phone defaults to the customer's phone once that is validated.
    validated, _ = validate_customer(customer, MILAN)
    assert validated.addresses[0].contact_phone == "+390212345678"
    assert second.contact_name == "Luca"
    assert [first.is_primary, second.is_primary] == [True, False]
