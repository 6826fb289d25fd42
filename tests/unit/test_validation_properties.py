"""Property tests: phone normalisation and validation over generated input."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from pos_desktop.domain.codec import store_from_json
from pos_desktop.domain.customer import Address, Contact, ContactKind, Customer, CustomerType
from pos_desktop.domain.validation import (
    MAX_NAME,
    EmailError,
    PhoneError,
    normalise_email,
    normalise_phone,
    validate_customer,
)
from tests.sample_store import store_json

MILAN = store_from_json(store_json())

REGIONS = sorted(
    r
    for r in phonenumbers.SUPPORTED_REGIONS
    if phonenumbers.example_number_for_type(r, PhoneNumberType.FIXED_LINE) is not None
)
TYPES = [PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE]


@st.composite
def valid_numbers(draw):
    """A valid number of some region: its example number with the last digits varied."""
    region = draw(st.sampled_from(REGIONS))
    kind = draw(st.sampled_from(TYPES))
    example = phonenumbers.example_number_for_type(region, kind)
    assume(example is not None)
    national = str(example.national_number)
    keep = max(len(national) - 4, 1)
    tail = draw(st.text("0123456789", min_size=len(national) - keep, max_size=len(national) - keep))
    number = phonenumbers.PhoneNumber(
        country_code=example.country_code,
        national_number=int(national[:keep] + tail),
        italian_leading_zero=example.italian_leading_zero,
        number_of_leading_zeros=example.number_of_leading_zeros,
    )
    assume(phonenumbers.is_valid_number_for_region(number, region))
    return region, number


FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(valid_numbers())
def test_any_valid_number_typed_in_national_format_normalises_to_its_e164(case):
    region, number = case
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    assert normalise_phone(national, region) == e164


@FAST
@given(valid_numbers(), st.sampled_from(["IT", "SE", "FR", "EE", "US"]))
def test_international_format_normalises_the_same_whatever_the_stores_region(case, store_region):
    _, number = case
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    assert normalise_phone(international, store_region) == e164
    assert normalise_phone(e164, store_region) == e164


@FAST
@given(valid_numbers())
def test_normalisation_is_idempotent(case):
    region, number = case
    e164 = normalise_phone(phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL), region)
    assert normalise_phone(e164, region) == e164
    assert normalise_phone(e164, "IT") == e164


@FAST
@given(st.text(max_size=60), st.sampled_from(["IT", "SE", "", "it", "ZZ"]))
def test_normalise_phone_either_returns_e164_or_raises_phone_error(raw, region):
    try:
        result = normalise_phone(raw, region)
    except PhoneError:
        return
    assert result.startswith("+") and result[1:].isdigit()
    assert phonenumbers.is_valid_number(phonenumbers.parse(result))


@FAST
@given(st.text(max_size=300))
def test_normalise_email_either_returns_an_address_or_raises(raw):
    try:
        result = normalise_email(raw)
    except EmailError:
        return
    local, _, domain = result.rpartition("@")
    assert local and "." in domain
    assert normalise_email(result) == result


# -- validate_customer over arbitrary drafts -------------------------------------------------

FIELD_PATTERN = (
    r"^(title|first_name|middle_name|last_name|organization_name|email|phone|"
    r"receipt_email|customer_group|currency|affiliations|contacts\.\d+\.value|"
    r"addresses\.\d+\.(street|city|state|zip|country|contact_name|contact_phone)|"
    r"attributes\.\w+)$"
)

text = st.text(max_size=80)
drafts = st.builds(
    Customer,
    customer_type=st.sampled_from(list(CustomerType)),
    title=st.sampled_from(["", "Dr", "Sir"]),
    first_name=text,
    middle_name=text,
    last_name=text,
    organization_name=text,
    email=text,
    phone=st.one_of(text, st.just("02 1234 5678")),
    receipt_email=text,
    currency=st.text(max_size=4),
    customer_group=st.sampled_from(["", "RETAIL", "VIP"]),
    contacts=st.lists(
        st.builds(Contact, kind=st.sampled_from(list(ContactKind)), value=text), max_size=2
    ),
    addresses=st.lists(
        st.builds(
            Address,
            street=text,
            city=text,
            zip=st.text(max_size=25),
            country=st.text(max_size=3),
            contact_phone=text,
        ),
        max_size=2,
    ),
    attributes=st.dictionaries(
        st.sampled_from(["segment", "shoe_size", "newsletter", "birthday", "nickname", "other"]),
        st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), text),
        max_size=4,
    ),
)


@FAST
@given(drafts)
def test_validation_never_raises_and_every_error_names_a_real_field(draft):
    import re

    customer, errors = validate_customer(draft, MILAN)
    for error in errors:
        assert re.match(FIELD_PATTERN, error.field), error.field
        assert error.key and "." in error.key
        assert error.message
    if not errors:
        # what passes is normalised and stays valid when validated again
        again, errors_again = validate_customer(customer, MILAN)
        assert errors_again == []
        assert again == customer


@FAST
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Z", "C")), min_size=1, max_size=120),
    st.sampled_from(["first_name", "middle_name", "last_name"]),
)
def test_name_length_limit(name, field):
    values = {"first_name": "Anna", "last_name": "Rossi", "attributes": {"segment": "A"}}
    values[field] = name
    _, errors = validate_customer(Customer(**values), MILAN)
    too_long = [e.field for e in errors if e.key == "field.too_long"]
    assert too_long == ([field] if len(name) > MAX_NAME else [])


@pytest.mark.parametrize("region", ["IT", "SE", "FR", "EE", "GB", "US", "DE"])
def test_example_numbers_of_the_supported_languages_normalise(region):
    for kind in TYPES:
        number = phonenumbers.example_number_for_type(region, kind)
        national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
        assert normalise_phone(national, region) == phonenumbers.format_number(
            number, PhoneNumberFormat.E164
        )
