"""What the OpenAPI document (``/openapi.json``) says about HQ's responses.

Documentation only: the routes in :mod:`hq_stub.api` return ``JSONResponse`` bodies
built by the use cases (:mod:`hq_stub.service`), and nothing here validates or
re-encodes them. These models and :func:`responses` make the document list, for every
operation, each status it really answers with and the shape of each body, so an
integrator (or Schemathesis, ``tests/hq/test_openapi_fuzz.py``) can rely on it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    """A response object: the named fields are always there; more may be added."""

    model_config = ConfigDict(extra="allow")


# ------------------------------------------------------------------ errors
class FieldError(BaseModel):
    field: str = Field(description="Dotted path of the bad field, e.g. `addresses.0.zip`, "
                                   "`q`, `Idempotency-Key`")
    message: str
    code: str | None = Field(default=None, description="The reason's stable code (see "
                                                       "`Reason`); on customer rules")
    params: dict[str, Any] | None = Field(default=None, description="The code's parameters")


class Reason(BaseModel):
    """One reason a record was refused, with a stable machine code beside HQ's English
    text, so a terminal can say it in its own language (and show `message` for a code
    it does not know). Codes are never renamed; new ones may be added."""

    field: str = Field(description="Dotted path of the field, e.g. `last_name`, "
                                   "`addresses.0.country`, `attributes.segment`, `body`")
    code: str = Field(description="Stable code: `required`, `too_long` (params `max`), "
                                  "`too_short` (`min`), `wrong_type`, `not_allowed`, "
                                  "`name_required`, `unknown_value` (`value`), "
                                  "`feature_required` (`feature`), `invalid_email`, "
                                  "`invalid_phone`, `invalid_currency`, `invalid_language`, "
                                  "`invalid_country`, `receipt_email_required`, "
                                  "`unknown_attribute`, `invalid_attribute` (`type`), "
                                  "`required_attribute`, `address_incomplete`, "
                                  "`duplicate_id`, `multiple_primary`, `uuid_required`, "
                                  "`foreign_customer`, `unknown_customer`, `not_an_object`, "
                                  "`too_deep`, `damaged`, `not_json`, `not_validated`, "
                                  "`customer_erased` (erased at HQ), "
                                  "`invalid` (anything else)")
    message: str = Field(description="HQ's English text of this reason")
    params: dict[str, Any] = Field(default_factory=dict,
                                   description="The code's parameters, e.g. `{\"max\": 60}`")


class ErrorDetail(_Open):
    code: str = Field(description="Machine-readable reason, e.g. `validation_error`, "
                                  "`malformed_json`, `unauthorized`, `version_conflict`")
    message: str = Field(description="Human-readable; never echoes personal data")
    fields: list[FieldError] | None = Field(
        default=None, description="Validation errors (422): one entry per bad field")
    permission: str | None = Field(
        default=None, description="`permission_denied` (403): the permission the "
                                  "operator's role lacks in the store, e.g. `customer.edit`")


class ErrorBody(BaseModel):
    """Every error: ``{"error": {"code", "message", "fields"?}}``, never a stack trace."""

    error: ErrorDetail


ERRORS: dict[int, str] = {
    400: "Malformed request: the body is not valid JSON (`malformed_json`), or a header "
         "or query value is malformed (`bad_cursor`, a bad `If-Match`, a missing "
         "`Idempotency-Key`, a missing `X-Operator-Id`: `operator_required`)",
    401: "Missing, unknown or revoked bearer token (or a wrong, used or expired "
         "activation code)",
    403: "The token is valid but may not do this (a device calling an admin operation, "
         "or acting on another store's customer), or the operator named in "
         "`X-Operator-Id` is not one of the store's (`unknown_operator`) or its role lacks "
         "the permission (`permission_denied`, `error.permission` names it)",
    404: "Unknown resource",
    409: "Conflict with the current state (see `error.code`)",
    412: "`If-Match` names a stale version: reload the customer and retry",
    413: "The request body exceeds 1 MiB",
    422: "The request is well-formed but invalid: `error.fields` names each bad field",
    428: "`If-Match: <version>` is required",
    429: "Too many failed activations from this address: retry after `Retry-After` "
         "seconds",
    503: "The database is busy: retry after `Retry-After` seconds",
}


def responses(*statuses: int, **models: Any) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: the listed error statuses with :class:`ErrorBody`,
    plus success statuses given as ``s200=Model`` / ``s201=Model``."""
    out: dict[int | str, dict[str, Any]] = {}
    for key, model in models.items():
        status = int(key.removeprefix("s"))
        out[status] = {"model": model, "description": "Success"}
    for status in sorted({*statuses, 503}):
        entry: dict[str, Any] = {"model": ErrorBody, "description": ERRORS[status]}
        if status in (429, 503):
            entry["headers"] = {"Retry-After": {"description": "Seconds to wait",
                                                "schema": {"type": "string"}}}
        if status == 401:
            entry["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
        out[status] = entry
    return out


# --------------------------------------------------------------- customers
class Address(_Open):
    address_id: str | None = None
    purpose: str | None = None
    street: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    country: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    is_primary: bool | None = None


class Contact(_Open):
    kind: str
    value: str
    marketing_consent: bool | None = None
    is_primary: bool | None = None


class Customer(_Open):
    """A customer as HQ stores and serves it (real-time create, GET, PATCH, search,
    change feed)."""

    customer_id: str = Field(description="Client-generated UUID: the identity of the "
                                         "record everywhere")
    account_number: str | None = Field(description="Assigned by HQ, e.g. `C0000042`")
    customer_type: Literal["person", "organization"]
    store_id: str
    version: int = Field(description="Send it back in `If-Match` to change the customer")
    created_at: str
    updated_at: str
    state: str | None = None
    name: str | None = None
    title: str | None = None
    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    organization_name: str | None = None
    email: str | None = None
    phone: str | None = None
    email_marketing_consent: bool | None = Field(
        default=None, description="Marketing consent on the primary e-mail")
    phone_marketing_consent: bool | None = Field(
        default=None, description="Marketing consent on the primary phone")
    customer_group: str | None = None
    currency: str | None = None
    language: str | None = None
    receipt_option: str | None = None
    receipt_email: str | None = None
    affiliations: list[str] | None = None
    financial_dimensions: dict[str, Any] | None = None
    attributes: dict[str, Any] | None = None
    addresses: list[Address] | None = None
    contacts: list[Contact] | None = None
    loyalty_cards: list[str] | None = None


class EditConflict(_Open):
    field: str = Field(description="The field (`first_name`), an address "
                                   "(`addresses.<address_id>`: removed on one side, changed "
                                   "on the other) or one field of an address "
                                   "(`addresses.<address_id>.<field>`)")
    mine: Any = Field(description="The edit's value (not applied)")
    hq: Any = Field(description="HQ's value, which stands")


class EditOutcome(_Open):
    """What HQ made of a field-level edit; the same for every replay of its edit id."""

    edit_id: str
    customer_id: str
    applied: list[str] = Field(description="Fields applied (or already at the edit's value)")
    conflicts: list[EditConflict] = Field(description="Fields HQ also changed since the "
                                                      "base version: HQ's value stands")
    version: int
    customer: Customer
    replayed: bool | None = None


class SearchResults(BaseModel):
    results: list[Customer]


class ErasedCustomer(_Open):
    """The change feed's erasure record: the anonymised tombstone of a customer erased at
    HQ (right to be forgotten). A terminal removes every copy it holds of this
    customer_id (row, addresses, contacts, attributes, search terms, loyalty links,
    queued uploads and edits)."""

    customer_id: str
    account_number: str | None
    store_id: str | None
    version: int
    state: Literal["erased"]
    erased_at: str


class ChangesPage(BaseModel):
    changes: list[Customer | ErasedCustomer] = Field(
        description="Customers of the device's store changed after the cursor, in commit "
                    "order; an erased customer comes as its tombstone (`state: erased`)")
    next: str = Field(pattern=r"^[0-9]{1,18}$",
                      description="The cursor to send as `after` for the next page")
    has_more: bool


class LoyaltyCard(_Open):
    card_number: str
    customer_id: str
    account_number: str | None
    issued_at: str
    customer_version: int


# ------------------------------------------------------------- auth, store
class Activation(_Open):
    device_token: str = Field(description="Send as `Authorization: Bearer <token>`")
    store_id: str
    terminal_id: str


class Health(BaseModel):
    status: Literal["ok"]


class StoreConfig(_Open):
    store_id: str
    name: str
    currency: str
    language: str
    country: str
    functionality_profile: dict[str, Any]
    channel_db_group: dict[str, Any]
    features: dict[str, Any]
    default_customer: Customer | None
    customer_groups: list[dict[str, Any]]
    affiliations: list[Any]
    titles: list[Any]
    address_purposes: list[Any]
    attribute_definitions: list[dict[str, Any]]
    permissions: dict[str, dict[str, bool]] = Field(
        description="Per role (`cashier`, `manager`): what it may do in this store "
                    "(`customer.create`, `customer.edit`, `address.edit`, "
                    "`customer.resubmit`, `terminal.disconnect`); HQ enforces the same "
                    "table on the operator a terminal names in `X-Operator-Id`")
    version: int


# ------------------------------------------------------------------ async
class Rejection(_Open):
    error: str = Field(description="HQ's English reasons in one line (`field: text; ...`)")
    reasons: list[Reason] = Field(default_factory=list,
                                  description="The same reasons one by one, with codes")
    customer_id: str | None = None


class AddressRejection(_Open):
    error: str
    reasons: list[Reason] = Field(default_factory=list)
    address_id: str | None = None
    customer_id: str | None = None


class UploadResult(BaseModel):
    accepted: list[str] = Field(description="`customer_id`s staged (or already known)")
    rejected: list[Rejection] = Field(description="One entry per refused record")


class AddressUploadResult(BaseModel):
    accepted: list[str] = Field(description="`address_id`s staged (or already known)")
    rejected: list[AddressRejection]


AsyncState = Literal["staged", "converted", "rejected"]


class AsyncStatus(_Open):
    customer_id: str
    state: AsyncState
    account_number: str | None = None
    error: str | None = None
    reasons: list[Reason] | None = Field(default=None, description="When rejected: the "
                                         "reasons one by one, with codes (see `Reason`)")
    store_id: str | None = None
    received_at: str | None = None
    updated_at: str | None = None


class AsyncList(BaseModel):
    customers: list[AsyncStatus]


class AdminAsync(AsyncStatus):
    customer: dict[str, Any] | None = Field(default=None,
                                            description="The record as uploaded")


class AdminAsyncList(BaseModel):
    customers: list[AdminAsync]


# ------------------------------------------------------------------ admin
class AdminStore(_Open):
    store_id: str
    name: str
    currency: str
    language: str
    country: str
    version: int
    create_customer_async: bool
    filter_shared_customer_data_tables: bool
    multiple_contacts_and_consent: bool
    enhanced_async_customers: bool
    async_customer_addresses: bool
    async_customer_edits: bool
    permissions: dict[str, dict[str, bool]]


class AdminStores(BaseModel):
    stores: list[AdminStore]


class ActivationCode(_Open):
    activation_code: str
    expires_at: str
    store_id: str
    terminal_id: str


class Erasure(_Open):
    customer_id: str
    account_number: str | None
    store_id: str | None = Field(description="null: HQ never held the customer (it is "
                                             "refused when a terminal uploads it)")
    state: Literal["erased"]
    erased_at: str
    already_erased: bool


class CustomerExport(_Open):
    """Everything HQ holds about one customer (an access request): the customer, its
    consent flags with when and where they were set, loyalty cards, staged copies and
    the history of which stores and terminals created or changed it. After an erasure:
    only the tombstone (`erased`) and the card numbers."""

    customer_id: str
    customer: dict[str, Any] | None = None
    consent: dict[str, Any] | None = None
    loyalty_cards: list[dict[str, Any]]
    history: list[dict[str, Any]] | None = None
    erased: Erasure | None = None


class JobResult(_Open):
    converted: int
    rejected: int
