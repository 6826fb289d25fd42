"""What the cashier reads: field names in messages, phones, what a search text prefills."""

from __future__ import annotations

import pytest

from pos_desktop.domain.display import format_phone
from pos_desktop.domain.errors import FieldError, ValidationFailed
from pos_desktop.ui.customer_dialog import prefill_from
from pos_desktop.ui.text import error_text, field_label, rejection_text


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("phone", "Phone"),
        ("first_name", "First name"),
        ("addresses.0.zip", "Address: ZIP"),
        ("addresses.1.contact_phone", "Address: Contact phone"),
        ("attributes.shoe_size", "Shoe size"),
        ("contacts.2.value", "More emails and phones"),
    ],
)
def test_field_paths_read_as_the_labels_on_screen(qapp, field: str, label: str) -> None:
    assert field_label(field) == label


@pytest.mark.parametrize(
    ("reason", "shown"),
    [
        ("attributes.segment: required attribute is missing",
         "Segmento: required attribute is missing"),
        ("addresses.0.zip: at most 20 characters; email: not a valid email address",
         "Address: ZIP: at most 20 characters; Email: not a valid email address"),
        ("customer_id belongs to another store", "customer_id belongs to another store"),
    ],
)
def test_hq_rejection_reasons_name_fields_as_the_screen_does(qapp, reason, shown) -> None:  # type: ignore[no-untyped-def]
    assert rejection_text(reason, {"segment": "Segmento"}) == shown


def test_a_validation_summary_names_fields_as_the_screen_does(qapp) -> None:
    error = ValidationFailed(
        [
            FieldError("phone", "phone.invalid", "Not a valid phone number."),
            FieldError("addresses.0.zip", "field.too_long", "At most 20 characters."),
            FieldError("phone", "field.too_long", "At most 32 characters."),
        ]
    )
    assert error_text(error) == "Please correct: Phone, Address: ZIP"


@pytest.mark.parametrize(
    ("e164", "shown"),
    [
        ("+393216196548", "+39 321 619 6548"),
        ("+46812345679", "+46 8 123 456 79"),
        ("", ""),
        ("0212345", "0212345"),  # not E.164: shown as typed
    ],
)
def test_phones_are_shown_grouped_for_reading_aloud(e164: str, shown: str) -> None:
    assert format_phone(e164) == shown


@pytest.mark.parametrize(
    ("typed", "prefill"),
    [
        ("verdi", {"last_name": "Verdi", "name": "verdi"}),
        ("anna verdi", {"first_name": "Anna", "last_name": "Verdi", "name": "anna verdi"}),
        ("C0000045", {}),
        ("0000045", {"phone": "0000045"}),
        ("anna@example.com", {"email": "anna@example.com"}),
        ("+39 347 111 2233", {"phone": "+39 347 111 2233"}),
    ],
)
def test_what_the_search_text_prefills(typed: str, prefill: dict[str, str]) -> None:
    assert prefill_from(typed) == prefill
