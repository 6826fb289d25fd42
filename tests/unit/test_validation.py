"""Validation and normalisation of customer drafts: every error names its field and key."""

from __future__ import annotations

import pytest

from pos_desktop.domain.codec import store_from_json
from pos_desktop.domain.customer import (
    Address,
    Contact,
    ContactKind,
    Customer,
    CustomerType,
    ReceiptOption,
)
from pos_desktop.domain.errors import FieldError, ValidationFailed
from pos_desktop.domain.store import AttributeDefinition, AttributeType
from pos_desktop.domain.validation import (
    FIELD_LIMITS,
    MAX_NAME,
    PhoneError,
    coerce_attribute,
    normalise_phone,
    validate_customer,
)
from tests.sample_store import store_json

MILAN = store_from_json(store_json())
STOCKHOLM = store_from_json(
    store_json(store_id="STO01", country="SE", operating_unit_address__country="SE")
)


def person(**fields) -> Customer:
    values = {"first_name": "Anna", "last_name": "Rossi", "attributes": {"segment": "A"}}
    values.update(fields)
    return Customer(**values)


def organization(**fields) -> Customer:
    values = {
        "customer_type": CustomerType.ORGANIZATION,
        "organization_name": "Acme S.p.A.",
        "attributes": {"segment": "B"},
    }
    values.update(fields)
    return Customer(**values)


def errors_of(draft: Customer, store=MILAN) -> list[tuple[str, str]]:
    _, errors = validate_customer(draft, store)
    return [(e.field, e.key) for e in errors]


def test_a_complete_person_and_organization_are_valid():
    assert errors_of(person()) == []
    assert errors_of(organization()) == []


# -- names per customer type ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("draft", "expected"),
    [
        (person(first_name=""), [("first_name", "name.required")]),
        (person(last_name=""), [("last_name", "name.required")]),
        (
            person(first_name="   ", last_name="\t"),
            [
                ("first_name", "name.required"),
                ("last_name", "name.required"),
            ],
        ),
        (
            person(first_name="", last_name="", organization_name="Acme"),
            [
                ("first_name", "name.required"),
                ("last_name", "name.required"),
            ],
        ),
        (organization(organization_name=""), [("organization_name", "name.required")]),
        (organization(organization_name="  "), [("organization_name", "name.required")]),
        # an organization needs no first or last name
        (organization(first_name="", last_name=""), []),
        # a person needs no organization name
        (person(organization_name=""), []),
    ],
)
def test_names_required_per_type(draft, expected):
    assert errors_of(draft) == expected


def test_names_are_trimmed_and_inner_whitespace_collapsed():
    customer, errors = validate_customer(
        person(first_name="  Anna  Maria ", last_name=" Rossi"), MILAN
    )
    assert errors == []
    assert (customer.first_name, customer.last_name) == ("Anna Maria", "Rossi")


def test_person_fields_are_dropped_from_an_organization_and_vice_versa():
    org, _ = validate_customer(organization(title="Dr", first_name="Anna"), MILAN)
    assert (org.title, org.first_name) == ("", "")
    per, _ = validate_customer(person(organization_name="Acme"), MILAN)
    assert per.organization_name == ""


@pytest.mark.parametrize("field", ["title", "first_name", "middle_name", "last_name"])
def test_person_name_lengths(field):
    limit = FIELD_LIMITS[field]  # a title: HQ's 50
    ok = person(**{field: "A" * limit})
    assert [key for _, key in errors_of(ok) if key == "field.too_long"] == []
    too_long = person(**{field: "A" * (limit + 1)})
    _, errors = validate_customer(too_long, MILAN)
    long_errors = [e for e in errors if e.key == "field.too_long"]
    assert [e.field for e in long_errors] == [field]
    assert long_errors[0].params == {"max": limit}


def test_organization_name_length():
    assert errors_of(organization(organization_name="A" * MAX_NAME)) == []
    assert errors_of(organization(organization_name="A" * (MAX_NAME + 1))) == [
        ("organization_name", "field.too_long")
    ]


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Dr", []), ("", []), ("Sir", [("title", "title.unknown")])],
)
def test_title_from_the_store_list(title, expected):
    assert errors_of(person(title=title)) == expected


# -- email ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("anna@example.com", "anna@example.com"),
        ("  anna.rossi@Example.COM ", "anna.rossi@example.com"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_valid_emails_are_normalised(typed, stored):
    customer, errors = validate_customer(person(email=typed), MILAN)
    assert errors == []
    assert customer.email == stored


@pytest.mark.parametrize(
    "typed",
    [
        "anna",
        "anna@",
        "@example.com",
        "anna@example",
        "anna rossi@example.com",
        "anna@@example.com",
        "a" * 250 + "@example.com",
    ],
)
@pytest.mark.parametrize("field", ["email", "receipt_email"])
def test_invalid_emails_name_their_field(typed, field):
    assert errors_of(person(**{field: typed})) == [(field, "email.invalid")]


@pytest.mark.parametrize(
    ("option", "email", "receipt_email", "expected"),
    [
        (ReceiptOption.EMAIL, "", "", [("receipt_email", "receipt_email.required")]),
        (ReceiptOption.BOTH, "", "", [("receipt_email", "receipt_email.required")]),
        (ReceiptOption.EMAIL, "anna@example.com", "", []),
        (ReceiptOption.EMAIL, "", "anna@example.com", []),
        (ReceiptOption.PRINT, "", "", []),
        (ReceiptOption.NONE, "", "", []),
    ],
)
def test_email_receipts_need_an_email(option, email, receipt_email, expected):
    draft = person(receipt_option=option, email=email, receipt_email=receipt_email)
    assert errors_of(draft) == expected


# -- phone: E.164 with the store's country as default region ----------------------------------


@pytest.mark.parametrize(
    ("store", "typed", "e164"),
    [
        (MILAN, "02 1234 5678", "+390212345678"),
        (MILAN, "333 123 4567", "+393331234567"),
        (MILAN, "+39 02-1234-5678", "+390212345678"),
        (MILAN, "(02) 1234.5678", "+390212345678"),
        (MILAN, "+46 8 123 456 78", "+46812345678"),
        (MILAN, "0046 8 123 456 78", "+46812345678"),
        (STOCKHOLM, "08-123 456 78", "+46812345678"),
        (STOCKHOLM, "070 123 45 67", "+46701234567"),
        (STOCKHOLM, "+39 02 1234 5678", "+390212345678"),
    ],
)
def test_phone_normalised_to_e164_in_the_stores_country(store, typed, e164):
    customer, errors = validate_customer(person(phone=typed), store)
    assert errors == []
    assert customer.phone == e164


@pytest.mark.parametrize("typed", ["12", "abc", "02 12", "+39", "+999 123456789", "0" * 40])
def test_invalid_phones_name_their_field(typed):
    assert errors_of(person(phone=typed)) == [("phone", "phone.invalid")]


def test_the_same_national_digits_mean_different_numbers_in_different_stores():
    it, _ = validate_customer(person(phone="02 1234 5678"), MILAN)
    se, errors = validate_customer(person(phone="08 123 456 78"), STOCKHOLM)
    assert errors == []
    assert it.phone.startswith("+39") and se.phone.startswith("+46")


@pytest.mark.parametrize(
    ("raw", "region", "e164"),
    [
        ("02 1234 5678", "it", "+390212345678"),  # lower-case region accepted
        ("+390212345678", "", "+390212345678"),  # no region needed with a prefix
    ],
)
def test_normalise_phone(raw, region, e164):
    assert normalise_phone(raw, region) == e164


def test_normalise_phone_without_region_needs_a_prefix():
    with pytest.raises(PhoneError):
        normalise_phone("02 1234 5678", "")


# -- group, currency, affiliations ---------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"customer_group": "WHOLESALE"}, []),
        ({"customer_group": "VIP"}, [("customer_group", "group.unknown")]),
        ({"currency": "eur"}, []),
        ({"currency": "EURO"}, [("currency", "currency.invalid")]),
        ({"currency": "E1R"}, [("currency", "currency.invalid")]),
        ({"affiliations": ["LOYAL", "STAFF"]}, []),
        ({"affiliations": ["LOYAL", "GOLD"]}, [("affiliations", "affiliation.unknown")]),
    ],
)
def test_group_currency_affiliations(fields, expected):
    assert errors_of(person(**fields)) == expected


def test_currency_is_upper_cased():
    customer, _ = validate_customer(person(currency=" chf "), MILAN)
    assert customer.currency == "CHF"


# -- secondary contacts ------------------------------------------------------------------------


def test_secondary_contacts_are_normalised():
    customer, errors = validate_customer(
        person(
            contacts=[
                Contact(ContactKind.EMAIL, " Second@Example.com"),
                Contact(ContactKind.PHONE, "02 9876 5432"),
            ]
        ),
        MILAN,
    )
    assert errors == []
    assert [c.value for c in customer.contacts] == ["Second@example.com", "+390298765432"]


@pytest.mark.parametrize(
    ("contact", "expected"),
    [
        (Contact(ContactKind.EMAIL, "nope"), [("contacts.0.value", "email.invalid")]),
        (Contact(ContactKind.PHONE, "12"), [("contacts.0.value", "phone.invalid")]),
        (Contact(ContactKind.EMAIL, " "), [("contacts.0.value", "contact.empty")]),
        (Contact(ContactKind.PHONE, ""), [("contacts.0.value", "contact.empty")]),
    ],
)
def test_bad_secondary_contacts_name_their_index(contact, expected):
    assert errors_of(person(contacts=[contact])) == expected


# -- addresses ---------------------------------------------------------------------------------


def _address(**fields) -> Address:
    values = {"street": "Via Roma 1", "city": "Milano", "zip": "20121", "country": "IT"}
    values.update(fields)
    return Address(**values)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, []),
        ({"country": "it"}, []),
        ({"country": ""}, [("addresses.0.country", "country.invalid")]),
        ({"country": "ITA"}, [("addresses.0.country", "country.invalid")]),
        ({"country": "1T"}, [("addresses.0.country", "country.invalid")]),
        ({"street": "", "city": "", "zip": ""}, [("addresses.0.street", "address.empty")]),
        ({"street": "", "city": ""}, []),  # a ZIP alone is an address
        ({"street": "x" * 251}, [("addresses.0.street", "field.too_long")]),
        ({"city": "x" * 61}, [("addresses.0.city", "field.too_long")]),
        ({"state": "x" * 61}, [("addresses.0.state", "field.too_long")]),
        ({"zip": "1" * 21}, [("addresses.0.zip", "field.too_long")]),
        ({"contact_name": "x" * 121}, [("addresses.0.contact_name", "field.too_long")]),
        ({"contact_phone": "12"}, [("addresses.0.contact_phone", "phone.invalid")]),
    ],
)
def test_address_rules(fields, expected):
    assert errors_of(person(addresses=[_address(**fields)])) == expected


def test_second_address_errors_name_index_one():
    draft = person(addresses=[_address(), _address(country="XXX")])
    assert errors_of(draft) == [("addresses.1.country", "country.invalid")]


def test_address_phone_is_read_in_the_address_country():
    customer, errors = validate_customer(
        person(addresses=[_address(country="SE", contact_phone="08-123 456 78")]), MILAN
    )
    assert errors == []
    assert customer.addresses[0].contact_phone == "+46812345678"
    assert customer.addresses[0].country == "SE"


@pytest.mark.parametrize(
    ("primaries", "expected"),
    [
        ([False, False], [True, False]),
        ([False, True], [False, True]),
    ],
)
def test_exactly_one_primary_address(primaries, expected):
    draft = person(addresses=[_address(is_primary=p) for p in primaries])
    customer, errors = validate_customer(draft, MILAN)
    assert errors == []
    assert [a.is_primary for a in customer.addresses] == expected


def test_two_primary_addresses_are_reported_not_guessed():
    """HQ refuses two primaries ("only one address can be primary"): the terminal says so
    before saving instead of quietly keeping the first (a typed JSON can mark two)."""
    draft = person(addresses=[_address(is_primary=True), _address(is_primary=True)])
    _, errors = validate_customer(draft, MILAN)
    assert [(e.field, e.key) for e in errors] == [("addresses", "address.primaries")]


# -- attributes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ({}, [("attributes.segment", "attribute.required")]),
        ({"segment": ""}, [("attributes.segment", "attribute.required")]),
        ({"segment": None}, [("attributes.segment", "attribute.required")]),
        ({"segment": "Z"}, [("attributes.segment", "attribute.invalid_choice")]),
        (
            {"segment": "A", "shoe_size": "big"},
            [("attributes.shoe_size", "attribute.invalid_number")],
        ),
        (
            {"segment": "A", "shoe_size": True},
            [("attributes.shoe_size", "attribute.invalid_number")],
        ),
        (
            {"segment": "A", "shoe_size": "nan"},
            [("attributes.shoe_size", "attribute.invalid_number")],
        ),
        (
            {"segment": "A", "shoe_size": "inf"},
            [("attributes.shoe_size", "attribute.invalid_number")],
        ),
        (  # beyond what JSON readers (and orjson) keep: refused, not a failed save
            {"segment": "A", "shoe_size": "1e20"},
            [("attributes.shoe_size", "attribute.invalid_number")],
        ),
        (
            {"segment": "A", "newsletter": "maybe"},
            [("attributes.newsletter", "attribute.invalid_boolean")],
        ),
        (
            {"segment": "A", "birthday": "31/12/1990"},
            [("attributes.birthday", "attribute.invalid_date")],
        ),
        (
            {"segment": "A", "birthday": "1990-02-30"},
            [("attributes.birthday", "attribute.invalid_date")],
        ),
        (
            {"segment": "A", "nickname": "x" * 256},
            [("attributes.nickname", "attribute.invalid_text")],
        ),
        (
            {"segment": "A", "favourite_colour": "red"},
            [("attributes.favourite_colour", "attribute.unknown")],
        ),
        ({"segment": "A", "shoe_size": "", "birthday": None}, []),  # blank optional: fine
    ],
)
def test_attribute_rules(attributes, expected):
    assert errors_of(person(attributes=attributes)) == expected


@pytest.mark.parametrize(
    ("attribute", "typed", "stored"),
    [
        ("shoe_size", "42", 42),
        ("shoe_size", "42,5", 42.5),
        ("shoe_size", 38.0, 38),
        ("newsletter", "yes", True),
        ("newsletter", "0", False),
        ("newsletter", False, False),
        ("birthday", " 1990-12-31 ", "1990-12-31"),
        ("nickname", "Nina", "Nina"),
        ("segment", "C", "C"),
    ],
)
def test_attribute_values_are_stored_in_canonical_form(attribute, typed, stored):
    attributes = {"segment": "A", attribute: typed}
    customer, errors = validate_customer(person(attributes=attributes), MILAN)
    assert errors == []
    assert customer.attributes[attribute] == stored
    assert type(customer.attributes[attribute]) is type(stored)


def test_blank_optional_attributes_are_dropped():
    customer, _ = validate_customer(person(attributes={"segment": "A", "nickname": " "}), MILAN)
    assert customer.attributes == {"segment": "A"}


@pytest.mark.parametrize("kind", list(AttributeType))
def test_coerce_attribute_refuses_garbage_for_every_type(kind):
    definition = AttributeDefinition("x", kind, choices=("A",))
    garbage = "x" * 300 if kind is AttributeType.TEXT else "not-a-value"
    with pytest.raises(ValueError):
        coerce_attribute(definition, garbage)


# -- every error: a field, a stable key, a message; all of them at once ---------------------------


def test_all_errors_are_reported_together_with_field_key_and_message():
    draft = person(
        first_name="",
        email="nope",
        phone="12",
        currency="EURO",
        addresses=[_address(country="")],
        attributes={},
    )
    _, errors = validate_customer(draft, MILAN)
    assert {(e.field, e.key) for e in errors} == {
        ("first_name", "name.required"),
        ("email", "email.invalid"),
        ("phone", "phone.invalid"),
        ("currency", "currency.invalid"),
        ("addresses.0.country", "country.invalid"),
        ("attributes.segment", "attribute.required"),
    }
    assert all(isinstance(e, FieldError) and e.message for e in errors)


def test_validation_failed_lists_the_fields():
    errors = [FieldError("email", "email.invalid", "x"), FieldError("phone", "phone.invalid", "y")]
    failure = ValidationFailed(errors)
    assert failure.key == "validation.failed"
    assert "email" in failure.message and "phone" in failure.message
    assert failure.errors == errors


def test_validation_does_not_modify_the_draft():
    draft = person(phone="02 1234 5678", email=" A@Example.com ", first_name=" Anna ")
    validate_customer(draft, MILAN)
    assert (draft.phone, draft.email, draft.first_name) == (
        "02 1234 5678",
        " A@Example.com ",
        " Anna ",
    )


@pytest.mark.parametrize("spelt", [
    lambda u: u.upper(), lambda u: "{" + u + "}", lambda u: u.replace("-", ""),
    lambda u: "urn:uuid:" + u.upper(), lambda u: f"  {u}  ",
])
def test_customer_and_address_ids_are_stored_in_canonical_form(spelt) -> None:  # type: ignore[no-untyped-def]
    cid, aid = "0f8fad5b-d9cb-469f-a165-70867728950e", "7c9e6679-7425-40de-944b-e07fc1f90ae7"
    draft = person(customer_id=spelt(cid),
                   addresses=[Address(address_id=spelt(aid), street="Via Roma 1", country="IT")])
    customer, errors = validate_customer(draft, MILAN)
    assert errors == []
    assert customer.customer_id == cid and customer.addresses[0].address_id == aid


def test_an_address_id_that_is_not_a_uuid_is_a_field_error() -> None:
    draft = person(addresses=[Address(address_id="home-1", street="Via Roma 1", country="IT")])
    _, errors = validate_customer(draft, MILAN)
    assert [(e.field, e.key) for e in errors] == [("addresses.0.address_id",
                                                    "address_id.invalid")]


def test_at_most_twenty_addresses_as_hq_takes():
    """HQ refuses a 21st address (an edit queued offline would be refused later)."""
    twenty = [Address(street=f"Via {i}", city="Milano", zip="20121", country="IT")
              for i in range(20)]
    assert errors_of(person(addresses=twenty)) == []
    more = [*twenty, Address(street="Via 21", city="Milano", zip="20121", country="IT")]
    _, errors = validate_customer(person(addresses=more), MILAN)
    assert [(e.field, e.key, e.params) for e in errors] == [
        ("addresses", "addresses.too_many", {"max": 20})]


def test_at_most_twenty_contacts_and_affiliations_as_hq_takes():
    """HQ refuses a 21st contact or affiliation: caught here, not after a sync."""
    twenty = [Contact(ContactKind.EMAIL, f"anna{i}@example.com") for i in range(20)]
    assert errors_of(person(contacts=twenty)) == []
    more = [*twenty, Contact(ContactKind.EMAIL, "anna21@example.com")]
    _, errors = validate_customer(person(contacts=more), MILAN)
    assert [(e.field, e.key, e.params) for e in errors] == [
        ("contacts", "contacts.too_many", {"max": 20})]
    _, errors = validate_customer(person(affiliations=[f"A{i}" for i in range(21)]), MILAN)
    assert ("affiliations", "affiliations.too_many", {"max": 20}) in [
        (e.field, e.key, e.params) for e in errors]
