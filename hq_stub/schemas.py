"""Request models (pydantic v2). Structural validation only: types, enums, lengths.

Business rules that need the store's configuration (customer groups, attributes,
titles, phone numbers, e-mail syntax, feature flags) live in :mod:`hq_stub.validation`
and run for real-time creates, edits and again in the async-to-sync job.

Unknown fields in customer payloads are ignored (terminals may send local-only fields
such as ``display_account``); unknown flags in ``PATCH /admin/stores`` are refused.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _strip(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def text(max_length: int, **constraints: Any) -> Any:
    """An optional, stripped string ('' becomes None) of at most ``max_length``."""
    inner = Annotated[str, StringConstraints(max_length=max_length, **constraints)]
    return Annotated[inner | None, BeforeValidator(_strip)]


Short = text(100)
Medium = text(200)
Email = text(254)
Phone = text(40)
Code = text(50)

CustomerType = Literal["person", "organization"]
Purpose = Literal["home", "business", "office", "post_box"]
ReceiptOption = Literal["print", "email", "both", "none"]

ID_MAX = 64  # store ids, terminal ids


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore", str_max_length=1000)


class AddressIn(_In):
    address_id: UUID | None = None
    purpose: Annotated[Purpose | None, BeforeValidator(_lower)] = None
    street: Medium = None
    city: Short = None
    state: Short = None
    zip: text(20) = None
    country: text(2, to_upper=True) = None
    contact_name: Medium = None
    contact_phone: Phone = None
    is_primary: bool = False


class ContactIn(_In):
    kind: Annotated[Literal["email", "phone"], BeforeValidator(_lower)]
    value: Annotated[str, BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v),
                     StringConstraints(min_length=1, max_length=254)]
    marketing_consent: bool = False
    is_primary: bool = False


AttributeValue = str | bool | int | float | None


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
    customer_group: Code = None
    currency: text(3, min_length=3, to_upper=True) = None
    language: text(10) = None
    receipt_option: Annotated[ReceiptOption | None, BeforeValidator(_lower)] = None
    receipt_email: Email = None
    affiliations: Annotated[list[Annotated[str, StringConstraints(max_length=50)]],
                            Field(max_length=20)] | None = None
    attributes: Annotated[dict[Annotated[str, StringConstraints(max_length=50)],
                               AttributeValue], Field(max_length=50)] | None = None
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
    terminal_id: Annotated[str, StringConstraints(min_length=1, max_length=ID_MAX)]


class ActivationCodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    store_id: Annotated[str, StringConstraints(min_length=1, max_length=ID_MAX)]
    terminal_id: Annotated[str, StringConstraints(min_length=1, max_length=ID_MAX)]
    ttl_seconds: float | None = Field(default=None, gt=0, le=30 * 24 * 3600)


class StoreFlagsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    create_customer_async: bool | None = None
    filter_shared_customer_data_tables: bool | None = None
    multiple_contacts_and_consent: bool | None = None
    enhanced_async_customers: bool | None = None
    async_customer_addresses: bool | None = None


class ResubmitIn(BaseModel):
    """Admin correction of a rejected async customer: a full replacement record
    (``customer``) and/or individual field changes (``changes``) merged over it."""

    model_config = ConfigDict(extra="forbid")
    customer: dict[str, Any] | None = None
    changes: dict[str, Any] | None = None


FLAG_NAMES = tuple(StoreFlagsIn.model_fields)
