"""Request models (pydantic v2). Structural validation only: types, enums, lengths.

Business rules that need the store's configuration (customer groups, attributes,
titles, phone numbers, e-mail syntax, feature flags) live in :mod:`hq_stub.validation`
and run for real-time creates, edits and again in the async-to-sync job.

Unknown fields in customer payloads are ignored (terminals may send local-only fields
such as ``display_account``); unknown flags in ``PATCH /admin/stores`` are refused.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

# Refused in every text field: C0 controls (ANSI escapes start with ESC), DEL, C1
# controls, bidi embeddings/overrides (U+202A-U+202E) and isolates (U+2066-U+2069), and
# lone surrogates (not Unicode text at all: no strict JSON reader accepts them). Tab and
# newline are allowed only in multi-line fields (an address's street).
_BAD_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_BAD_MULTILINE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
BAD_TEXT = ("control characters, escape sequences, bidi overrides and invalid Unicode "
            "are not allowed")
MAX_NUMBER = 2**53  # the terminal's rule (pos_desktop/domain/validation.py)


def bad_text(value: str, *, multiline: bool = False) -> bool:
    return bool((_BAD_MULTILINE if multiline else _BAD_LINE).search(value))


def _line(value: Any) -> Any:
    if isinstance(value, str) and _BAD_LINE.search(value):
        raise PydanticCustomError("bad_characters", BAD_TEXT)
    return value


def _multiline(value: Any) -> Any:
    if isinstance(value, str) and _BAD_MULTILINE.search(value):
        raise PydanticCustomError("bad_characters", BAD_TEXT)
    return value


Line = AfterValidator(_line)


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _trim(value: Any) -> Any:
    return value.strip(" \t\n\r\f\v") if isinstance(value, str) else value


def _strip(value: Any) -> Any:
    if isinstance(value, str):
        # Ordinary white space only: a control character is refused, never trimmed away.
        value = value.strip(" \t\n\r\f\v")
        return value or None
    return value


Multiline = AfterValidator(_multiline)
Strip = BeforeValidator(_strip)

# The optional text fields: a stripped string ('' becomes None) of at most the given
# length, without control or bidi-override characters (tab and newline allowed in a
# Multiline one). Spelt out rather than built by a function so a type checker reads
# each one as `str | None`.
Short = Annotated[Annotated[str, StringConstraints(max_length=100), Line] | None, Strip]
Medium = Annotated[Annotated[str, StringConstraints(max_length=200), Line] | None, Strip]
Email = Annotated[Annotated[str, StringConstraints(max_length=254), Line] | None, Strip]
Phone = Annotated[Annotated[str, StringConstraints(max_length=40), Line] | None, Strip]
Code = Annotated[Annotated[str, StringConstraints(max_length=50), Line] | None, Strip]
Street = Annotated[
    Annotated[str, StringConstraints(max_length=200), Multiline] | None, Strip]
Zip = Annotated[Annotated[str, StringConstraints(max_length=20), Line] | None, Strip]
CountryCode = Annotated[
    Annotated[str, StringConstraints(max_length=2, to_upper=True), Line] | None, Strip]
CurrencyCode = Annotated[
    Annotated[str, StringConstraints(max_length=3, min_length=3, to_upper=True), Line] | None,
    Strip,
]
LanguageTag = Annotated[Annotated[str, StringConstraints(max_length=10), Line] | None, Strip]

CustomerType = Literal["person", "organization"]
Purpose = Literal["home", "business", "office", "post_box"]
ReceiptOption = Literal["print", "email", "both", "none"]

ID_MAX = 64  # store ids, terminal ids
# Store and terminal ids end up in logs and admin output: no control characters either.
Identifier = Annotated[str, StringConstraints(min_length=1, max_length=ID_MAX), Line]


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore", str_max_length=1000)


class AddressIn(_In):
    address_id: UUID | None = None
    purpose: Annotated[Purpose | None, BeforeValidator(_lower)] = None
    street: Street = None
    city: Short = None
    state: Short = None
    zip: Zip = None
    country: CountryCode = None
    contact_name: Medium = None
    contact_phone: Phone = None
    is_primary: bool = False


class ContactIn(_In):
    kind: Annotated[Literal["email", "phone"], BeforeValidator(_lower)]
    value: Annotated[str, BeforeValidator(_trim),
                     StringConstraints(min_length=1, max_length=254), Line]
    marketing_consent: bool = False
    is_primary: bool = False


def _attribute_value(value: Any) -> Any:
    """Text (one line), true/false, null, or a number that is finite and within +-2^53
    (what every JSON reader keeps exactly; the terminal's rule): NaN, Infinity, 1e400 and
    400-digit integers are one field error, never stored."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _line(value)
    if isinstance(value, int):
        if abs(value) > MAX_NUMBER:
            raise PydanticCustomError("number_range",
                                      "a number between -2^53 and 2^53 is required")
        return value
    if isinstance(value, float):
        if not math.isfinite(value) or abs(value) > MAX_NUMBER:
            raise PydanticCustomError("number_range", "a finite number between -2^53 and "
                                                      "2^53 is required")
        return value
    raise PydanticCustomError("attribute_value", "a text, number or true/false is required")


AttributeValue = Annotated[str | bool | int | float | None, BeforeValidator(_attribute_value)]
Key = Annotated[str, StringConstraints(max_length=50), Line]


def _attribute_names(value: Any) -> Any:
    """Bad attribute names are one error on ``attributes`` (the name itself never
    becomes part of an error's field path, so an error never echoes it back)."""
    if isinstance(value, dict) and any(
            not isinstance(k, str) or len(k) > 50 or _BAD_LINE.search(k) for k in value):
        raise PydanticCustomError("attribute_name", "attribute names are short texts "
                                  "without control characters")
    return value


class CustomerFields(_In):
    """Every editable customer field, all optional (PATCH bodies use this directly)."""

    customer_type: Annotated[CustomerType | None, BeforeValidator(_lower)] = None
    title: Code = None
    first_name: Short = None
    middle_name: Short = None
    last_name: Short = None
    organization_name: Medium = None
    email: Email = None
    phone: Phone = None
    # Marketing consent on the primary e-mail and phone (issue 16); absent: not given.
    email_marketing_consent: bool | None = None
    phone_marketing_consent: bool | None = None
    customer_group: Code = None
    currency: CurrencyCode = None
    language: LanguageTag = None
    receipt_option: Annotated[ReceiptOption | None, BeforeValidator(_lower)] = None
    receipt_email: Email = None
    affiliations: Annotated[list[Key], Field(max_length=20)] | None = None
    attributes: Annotated[dict[Key, AttributeValue] | None, Field(max_length=50),
                          BeforeValidator(_attribute_names)] = None
    addresses: Annotated[list[AddressIn], Field(max_length=20)] | None = None
    contacts: Annotated[list[ContactIn], Field(max_length=20)] | None = None


class CustomerIn(CustomerFields):
    """A customer as a terminal sends it (real-time create and async upload)."""

    customer_id: UUID


class AsyncCustomersIn(_In):
    # Raw dicts: each record is validated on its own so one bad record does not fail
    # the batch (upload: structure; job: everything).
    customers: list[Any] = Field(max_length=500)


class AsyncAddressIn(AddressIn):
    customer_id: UUID
    address_id: UUID


class AsyncAddressesIn(_In):
    addresses: list[Any] = Field(max_length=500)


class ActivateIn(_In):
    activation_code: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    terminal_id: Identifier


class ActivationCodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    store_id: Identifier
    terminal_id: Identifier
    ttl_seconds: float | None = Field(default=None, gt=0, le=30 * 24 * 3600)


class RevokeDeviceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    store_id: Identifier
    terminal_id: Identifier


Permission = Literal["customer.create", "customer.edit", "address.edit", "customer.resubmit",
                     "terminal.disconnect"]
Role = Literal["cashier", "manager"]


def _whole(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class AddressChangeIn(BaseModel):
    """One address of a field-level edit: added, changed (the fields in `before`) or
    removed; `address.address_id` names it."""

    model_config = ConfigDict(extra="forbid")
    op: Literal["add", "change", "remove"]
    address: AddressIn = Field(description="add: the new address; change: the address as "
                                           "the edit left it; remove: the address as the "
                                           "terminal saw it before removing it")
    before: AddressIn | None = Field(
        default=None, description="change: only the fields the edit changed, with their "
                                  "values before the edit (the base of the merge)")


class EditIn(BaseModel):
    """A field-level edit made at a terminal (``POST /customers/{key}/edits``)."""

    model_config = ConfigDict(extra="forbid")
    edit_id: UUID = Field(description="Client-generated UUID: the idempotency key")
    # JSON Schema's integer includes 3.0: read as 3 (strict mode alone would refuse it).
    base_version: Annotated[int, BeforeValidator(_whole)] = Field(
        ge=0, le=2**31 - 1, description="The customer's version the "
                              "edit was made on (1 for a customer still pending at the "
                              "terminal: the version its upload becomes)")
    changes: CustomerFields = Field(description="Only the fields the edit changed")
    address_changes: list[AddressChangeIn] = Field(
        default_factory=list, max_length=40,
        description="The addresses the edit added, changed or removed, one entry each, "
                    "merged by address id (instead of `changes.addresses`, the whole list)")


class StoreFlagsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    create_customer_async: bool | None = None
    filter_shared_customer_data_tables: bool | None = None
    multiple_contacts_and_consent: bool | None = None
    enhanced_async_customers: bool | None = None
    async_customer_addresses: bool | None = None
    async_customer_edits: bool | None = None
    permissions: dict[Role, dict[Permission, bool]] | None = Field(
        default=None, description="Per role, the permissions to switch, e.g. "
                                  '`{"cashier": {"customer.edit": false}}`; the others keep '
                                  "their value")


class ResubmitIn(BaseModel):
    """Admin correction of a rejected async customer: a full replacement record
    (``customer``) and/or individual field changes (``changes``) merged over it."""

    model_config = ConfigDict(extra="forbid")
    customer: dict[str, Any] | None = None
    changes: dict[str, Any] | None = None


FLAG_NAMES = tuple(name for name in StoreFlagsIn.model_fields if name != "permissions")
