"""Validation and normalisation of customer drafts. Every error names its field."""

from __future__ import annotations

import copy
import functools
import unicodedata
import uuid
from datetime import date
from typing import Any

from .addresses import one_primary, primary_errors
from .customer import Address, ContactKind, Customer, CustomerType, ReceiptOption
from .defaults import default_purpose
from .errors import FieldError
from .store import AttributeDefinition, AttributeType, StoreConfig

MAX_NAME = 60
MAX_EMAIL = 254
MAX_PHONE_INPUT = 32
MAX_STREET = 200
MAX_CITY = 60
MAX_STATE = 60
MAX_ZIP = 20
MAX_ADDRESSES = 20  # HQ's limit on a customer's addresses
MAX_CONTACTS = 20  # ... on its more e-mails and phones
MAX_AFFILIATIONS = 20  # ... on its affiliations
MAX_TEXT_ATTRIBUTE = 255
MAX_NUMBER_ATTRIBUTE = 2**53  # integers JSON readers keep exactly

# The longest text the terminal accepts in each field of a customer (HQ's field names;
# "addresses.x" / "contacts.x" for every address / contact, "attributes" and
# "affiliations" for each value). HQ's limits (hq_stub/schemas.py) are the contract: a
# limit here is never above HQ's, or an offline-created customer would come back
# rejected (tests/hq/test_field_limits.py compares every text field of both sides).
FIELD_LIMITS: dict[str, int] = {
    "title": 50,
    "first_name": MAX_NAME,
    "middle_name": MAX_NAME,
    "last_name": MAX_NAME,
    "organization_name": MAX_NAME,
    "email": MAX_EMAIL,
    "phone": MAX_PHONE_INPUT,
    "customer_group": 50,
    "currency": 3,
    "language": 10,
    "receipt_email": MAX_EMAIL,
    "affiliations": 50,
    "attributes": MAX_TEXT_ATTRIBUTE,
    "addresses.street": MAX_STREET,
    "addresses.city": MAX_CITY,
    "addresses.state": MAX_STATE,
    "addresses.zip": MAX_ZIP,
    "addresses.country": 2,
    "addresses.contact_name": MAX_NAME * 2,
    "addresses.contact_phone": MAX_PHONE_INPUT,
    "contacts.value": MAX_EMAIL,
}


# Bidi embeddings/overrides (U+202A-U+202E) and isolates (U+2066-U+2069): they reorder
# what a receipt, a screen or a terminal shows ("Trojan source").
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
MULTILINE_ALLOWED = frozenset("\t\n")


def forbidden_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character a text field may not hold, or None.

    Control characters (C0, DEL, C1: NUL, ESC of ANSI sequences...), line and paragraph
    separators, lone surrogates and bidi overrides/isolates. Tab and newline only in a
    multi-line field (the register has none today).
    """
    for char in text:
        if multiline and char in MULTILINE_ALLOWED:
            continue
        if char in BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp"):
            return char
    return None


def _characters(errors: list[FieldError], field: str, value: object,
                *, multiline: bool = False) -> bool:
    """Report a text field holding a forbidden character; True when it is clean."""
    if not isinstance(value, str) or not value.strip():
        return True  # blank (tabs or newlines only): normalised to empty, reported as such
    char = forbidden_character(value, multiline=multiline)
    if char is None:
        return True
    errors.append(
        FieldError(
            field,
            "text.control_character",
            "Remove control characters and invisible formatting characters.",
            {"codepoint": f"U+{ord(char):04X}"},
        )
    )
    return False


def text_field_errors(customer: Customer) -> list[FieldError]:
    """Every text field of a customer draft checked for forbidden characters."""
    errors: list[FieldError] = []
    for name in ("customer_id", "title", "first_name", "middle_name", "last_name",
                 "organization_name", "email", "phone", "customer_group", "currency",
                 "language", "receipt_email"):
        _characters(errors, name, getattr(customer, name))
    for index, affiliation in enumerate(customer.affiliations):
        _characters(errors, f"affiliations.{index}", affiliation)
    for key, value in customer.financial_dimensions.items():
        _characters(errors, f"financial_dimensions.{key}", key)
        _characters(errors, f"financial_dimensions.{key}", value)
    for key, value in customer.attributes.items():
        _characters(errors, f"attributes.{key}", key)
        _characters(errors, f"attributes.{key}", value)
    reported = [getattr(customer, e.field) for e in errors if hasattr(customer, e.field)]
    for index, address in enumerate(customer.addresses):
        for name in ("address_id", "street", "city", "state", "zip", "country",
                     "contact_name", "contact_phone"):
            value = getattr(address, name)
            # The contact name and phone default to the customer's: reported there once.
            if name.startswith("contact_") and any(
                isinstance(r, str) and r and r in value for r in reported
            ):
                continue
            _characters(errors, f"addresses.{index}.{name}", value)
    for index, contact in enumerate(customer.contacts):
        _characters(errors, f"contacts.{index}.value", contact.value)
    # One error per field is enough to show.
    seen: set[str] = set()
    unique = []
    for error in errors:
        if error.field not in seen:
            seen.add(error.field)
            unique.append(error)
    return unique


class PhoneError(ValueError):
    pass


class EmailError(ValueError):
    pass


def normalise_phone(raw: str, default_region: str) -> str:
    """Parse a phone number as typed and return it in E.164 (``+390212345678``).

    A number without a country prefix is read in `default_region` (the store's country).
    Raises PhoneError when it is not a valid number.
    """
    text = raw.strip()
    if len(text) > MAX_PHONE_INPUT:
        raise PhoneError("too long")
    return _e164(text, (default_region or "").upper() or None)


@functools.lru_cache(maxsize=64)
def _e164(text: str, region: str | None) -> str:
    """A save checks the same number twice (the customer's, its address contact's)."""
    import phonenumbers  # here: ~0.1 s of import the register's start does without

    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(str(exc)) from exc
    if not phonenumbers.is_valid_number(number):
        raise PhoneError("not a valid number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(raw: str) -> str:
    """Syntax check only (a register must not wait on DNS); returns the normalised form.
    Raises EmailError when it is not a valid address."""
    from email_validator import EmailNotValidError, validate_email  # here: start-up time

    text = raw.strip()
    if len(text) > MAX_EMAIL:
        raise EmailError("too long")
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise EmailError(str(exc)) from exc


def canonical_uuid(value: str) -> str | None:
    """``value`` in the one form the terminal and HQ store and compare a UUID in
    (lowercase, hyphenated: upper case, braces, "urn:uuid:" or no hyphens are the same
    id), or None if it is not a UUID."""
    try:
        return str(uuid.UUID(value.strip()))
    except (ValueError, AttributeError, TypeError):
        return None


def _uuid(errors: list[FieldError], field: str, value: str) -> str:
    """A customer or address id in canonical form; an error (value kept) if not a UUID."""
    canonical = canonical_uuid(value)
    if canonical is None:
        code = "customer_id.invalid" if field == "customer_id" else "address_id.invalid"
        errors.append(FieldError(field, code, "Must be a UUID."))
        return value
    return canonical


def _length(errors: list[FieldError], field: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors.append(
            FieldError(field, "field.too_long", f"At most {limit} characters.", {"max": limit})
        )


def _email(errors: list[FieldError], field: str, value: str) -> str:
    if not value.strip():
        return ""
    try:
        return normalise_email(value)
    except EmailError:
        errors.append(FieldError(field, "email.invalid", "Not a valid email address."))
        return value


def _phone(errors: list[FieldError], field: str, value: str, region: str) -> str:
    if not value.strip():
        return ""
    try:
        return normalise_phone(value, region)
    except PhoneError:
        errors.append(FieldError(field, "phone.invalid", "Not a valid phone number."))
        return value


def coerce_attribute(definition: AttributeDefinition, value: Any) -> Any:
    """The attribute value in its canonical JSON form; ValueError if it does not fit."""
    kind = definition.type
    if kind is AttributeType.TEXT:
        text = str(value)
        if len(text) > MAX_TEXT_ATTRIBUTE:
            raise ValueError("too long")
        return text
    if kind is AttributeType.NUMBER:
        if isinstance(value, bool):
            raise ValueError("boolean is not a number")
        number = float(str(value).strip().replace(",", "."))
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError("not finite")
        if abs(number) > MAX_NUMBER_ATTRIBUTE:  # a mistyped size, and beyond JSON's safe range
            raise ValueError("too large")
        return int(number) if number.is_integer() else number
    if kind is AttributeType.BOOLEAN:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "yes", "1"):
            return True
        if text in ("false", "no", "0"):
            return False
        raise ValueError("not a boolean")
    if kind is AttributeType.DATE:
        return date.fromisoformat(str(value).strip()).isoformat()
    if kind is AttributeType.CHOICE:
        text = str(value)
        if text not in definition.choices:
            raise ValueError("not one of the choices")
        return text
    raise ValueError("unknown type")


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _attributes(errors: list[FieldError], customer: Customer, store: StoreConfig) -> None:
    definitions = {d.name: d for d in store.attribute_definitions}
    clean: dict[str, Any] = {}
    for name, value in customer.attributes.items():
        field = f"attributes.{name}"
        definition = definitions.get(name)
        if definition is None:
            errors.append(FieldError(field, "attribute.unknown", "Unknown attribute."))
            continue
        if _is_blank(value):
            continue
        try:
            clean[name] = coerce_attribute(definition, value)
        except (ValueError, TypeError):
            errors.append(
                FieldError(
                    field,
                    f"attribute.invalid_{definition.type.value}",
                    f"Not a valid {definition.type.value}.",
                )
            )
    for definition in store.attribute_definitions:
        if definition.required and _is_blank(customer.attributes.get(definition.name)):
            errors.append(
                FieldError(f"attributes.{definition.name}", "attribute.required", "Required.")
            )
    customer.attributes = clean


def _address(
    errors: list[FieldError], index: int, address: Address, store: StoreConfig
) -> None:
    prefix = f"addresses.{index}"
    address.address_id = _uuid(errors, f"{prefix}.address_id", address.address_id)
    for name in ("street", "city", "state", "zip", "contact_name"):
        value = getattr(address, name).strip()
        setattr(address, name, value)
        _length(errors, f"{prefix}.{name}", value, FIELD_LIMITS[f"addresses.{name}"])
    address.country = address.country.strip().upper()
    if len(address.country) != 2 or not address.country.isalpha():
        errors.append(
            FieldError(f"{prefix}.country", "country.invalid", "Use a two-letter country code.")
        )
    if not (address.street or address.city or address.zip):
        errors.append(
            FieldError(f"{prefix}.street", "address.empty", "Enter a street, city or ZIP.")
        )
    region = address.country if len(address.country) == 2 else store.country
    address.contact_phone = _phone(errors, f"{prefix}.contact_phone", address.contact_phone, region)


def validate_customer(
    draft: Customer, store: StoreConfig, *, owned: bool = False
) -> tuple[Customer, list[FieldError]]:
    """Return the normalised customer and every error found (empty list when valid).

    The draft is left as it was, unless `owned` (a copy the caller made for this call,
    e.g. by `complete_from_default`): then it is normalised in place, not copied again.
    """
    customer = draft if owned else copy.deepcopy(draft)
    # Before any normalisation: collapsing whitespace must not hide what was typed.
    errors: list[FieldError] = text_field_errors(customer)
    if errors:
        return customer, errors
    _names(errors, customer, store)
    customer.customer_id = _uuid(errors, "customer_id", customer.customer_id)
    _email_phone_receipt(errors, customer, store)
    _group_currency_affiliations(errors, customer, store)
    _contacts(errors, customer, store)
    for index, address in enumerate(customer.addresses):
        address.purpose = address.purpose or default_purpose(customer.customer_type)
        _address(errors, index, address, store)
    errors.extend(primary_errors(customer.addresses))
    errors.extend(_address_count(customer.addresses))
    errors.extend(_at_most(len(customer.contacts), MAX_CONTACTS, "contacts"))
    errors.extend(_at_most(len(customer.affiliations), MAX_AFFILIATIONS, "affiliations"))
    one_primary(customer.addresses)

    _attributes(errors, customer, store)
    return customer, errors


def _address_count(addresses: list[Address]) -> list[FieldError]:
    """HQ takes at most MAX_ADDRESSES addresses (an edit queued offline would be refused
    later otherwise)."""
    return _at_most(len(addresses), MAX_ADDRESSES, "addresses")


def _at_most(count: int, limit: int, field: str) -> list[FieldError]:
    """HQ's limit on a list (`addresses`, `contacts`, `affiliations`): caught here, not
    after a sync."""
    if count <= limit:
        return []
    messages = {"addresses": f"At most {limit} addresses.",
                "contacts": f"At most {limit} contacts.",
                "affiliations": f"At most {limit} affiliations."}
    return [FieldError(field, f"{field}.too_many", messages[field], {"max": limit})]


def _names(errors: list[FieldError], customer: Customer, store: StoreConfig) -> None:
    """Names and title: whitespace collapsed; a person's or an organization's only."""
    for name in ("title", "first_name", "middle_name", "last_name", "organization_name"):
        value = " ".join(getattr(customer, name).split())
        setattr(customer, name, value)
        _length(errors, name, value, FIELD_LIMITS[name])
    if customer.customer_type is CustomerType.PERSON:
        if not customer.first_name:
            errors.append(FieldError("first_name", "name.required", "Enter the first name."))
        if not customer.last_name:
            errors.append(FieldError("last_name", "name.required", "Enter the last name."))
        customer.organization_name = ""
    else:
        if not customer.organization_name:
            errors.append(
                FieldError(
                    "organization_name", "name.required", "Enter the organization name."
                )
            )
        customer.title = customer.first_name = customer.middle_name = customer.last_name = ""
    if customer.title and store.titles and customer.title not in store.titles:
        errors.append(FieldError("title", "title.unknown", "Choose a title from the list."))


def _email_phone_receipt(errors: list[FieldError], customer: Customer,
                         store: StoreConfig) -> None:
    customer.email = _email(errors, "email", customer.email)
    raw_phone = customer.phone
    customer.phone = _phone(errors, "phone", customer.phone, store.country)
    phone_ok = not any(e.field == "phone" for e in errors)
    for address in customer.addresses:
        # The customer's phone is each address's default contact phone, reported once.
        if not address.contact_phone or address.contact_phone == raw_phone:
            address.contact_phone = customer.phone if phone_ok else ""
    customer.receipt_email = _email(errors, "receipt_email", customer.receipt_email)
    if (
        customer.receipt_option in (ReceiptOption.EMAIL, ReceiptOption.BOTH)
        and not (customer.receipt_email or customer.email)
    ):
        errors.append(
            FieldError("receipt_email", "receipt_email.required", "Email receipts need an email.")
        )


def _group_currency_affiliations(errors: list[FieldError], customer: Customer,
                                 store: StoreConfig) -> None:
    if customer.customer_group and store.customer_groups and not store.customer_group(
        customer.customer_group
    ):
        errors.append(FieldError("customer_group", "group.unknown", "Unknown customer group."))
    customer.currency = customer.currency.strip().upper()
    if customer.currency and (len(customer.currency) != 3 or not customer.currency.isalpha()):
        errors.append(FieldError("currency", "currency.invalid", "Use a three-letter code."))
    # Chosen from the store's lists; the length is checked too (a store sent without
    # the lists accepts any value, but never one HQ refuses).
    for name in ("customer_group", "language"):
        _length(errors, name, getattr(customer, name), FIELD_LIMITS[name])
    if any(len(a) > FIELD_LIMITS["affiliations"] for a in customer.affiliations):
        _length(errors, "affiliations", max(customer.affiliations, key=len),
                FIELD_LIMITS["affiliations"])
    known_affiliations = set(store.affiliations)
    for affiliation in customer.affiliations:
        if known_affiliations and affiliation not in known_affiliations:
            errors.append(
                FieldError("affiliations", "affiliation.unknown", "Unknown affiliation.")
            )
            break


def _contacts(errors: list[FieldError], customer: Customer, store: StoreConfig) -> None:
    for index, contact in enumerate(customer.contacts):
        field = f"contacts.{index}.value"
        if contact.kind is ContactKind.EMAIL:
            contact.value = _email(errors, field, contact.value)
        else:
            contact.value = _phone(errors, field, contact.value, store.country)
        if not contact.value:
            errors.append(FieldError(field, "contact.empty", "Enter a value or remove it."))
