"""Customer and store configuration <-> the JSON shapes of the HQ API."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from .customer import (
    Address,
    AddressPurpose,
    Contact,
    ContactKind,
    Customer,
    CustomerType,
    LoyaltyCard,
    ReceiptOption,
    SyncState,
)
from .errors import FieldError, ValidationFailed
from .store import (
    DEFAULT_PERMISSIONS,
    AttributeDefinition,
    AttributeType,
    CustomerGroup,
    Features,
    OperatingUnitAddress,
    Operator,
    Permission,
    Permissions,
    StoreConfig,
)


def _str(value: Any) -> str:
    if isinstance(value, (list, dict, tuple, set)):
        raise ValueError(f"expected text, got {type(value).__name__}")
    return "" if value is None else str(value)


def _enum(enum_type: type, value: Any, default: Any) -> Any:
    try:
        return enum_type(str(value).lower())
    except ValueError:
        return default


def _dt(value: Any) -> datetime | None:
    if not value:
        return None
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def address_from_json(data: dict[str, Any]) -> Address:
    address = Address(
        purpose=_enum(AddressPurpose, data["purpose"], None) if data.get("purpose") else None,
        street=_str(data.get("street")),
        city=_str(data.get("city")),
        state=_str(data.get("state")),
        zip=_str(data.get("zip")),
        country=_str(data.get("country")).upper(),
        contact_name=_str(data.get("contact_name")),
        contact_phone=_str(data.get("contact_phone")),
        is_primary=bool(data.get("is_primary", False)),
    )
    if data.get("address_id"):
        address.address_id = str(data["address_id"])
    return address


def address_to_json(address: Address) -> dict[str, Any]:
    return {
        "address_id": address.address_id,
        "purpose": address.purpose.value if address.purpose else None,
        "street": address.street,
        "city": address.city,
        "state": address.state,
        "zip": address.zip,
        "country": address.country,
        "contact_name": address.contact_name,
        "contact_phone": address.contact_phone,
        "is_primary": address.is_primary,
    }


def customer_from_json(data: dict[str, Any]) -> Customer:
    """Build a customer from HQ JSON (or a CLI draft). Unknown fields are ignored."""
    customer = Customer(
        account_number=data.get("account_number") or None,
        customer_type=_enum(
            CustomerType, data.get("customer_type", "person"), CustomerType.PERSON
        ),
        title=_str(data.get("title")),
        first_name=_str(data.get("first_name")),
        middle_name=_str(data.get("middle_name")),
        last_name=_str(data.get("last_name")),
        organization_name=_str(data.get("organization_name")),
        email=_str(data.get("email")),
        phone=_str(data.get("phone")),
        email_consent=bool(data.get("email_marketing_consent")),
        phone_consent=bool(data.get("phone_marketing_consent")),
        customer_group=_str(data.get("customer_group")),
        currency=_str(data.get("currency")),
        language=_str(data.get("language")),
        receipt_option=_enum(
            ReceiptOption, data.get("receipt_option") or "print", ReceiptOption.PRINT
        ),
        receipt_email=_str(data.get("receipt_email")),
        affiliations=[str(a) for a in data.get("affiliations") or []],
        financial_dimensions={
            str(k): _str(v) for k, v in (data.get("financial_dimensions") or {}).items()
        },
        attributes=dict(data.get("attributes") or {}),
        addresses=[address_from_json(a) for a in data.get("addresses") or []],
        contacts=[
            Contact(
                kind=_enum(ContactKind, c.get("kind"), ContactKind.EMAIL),
                value=_str(c.get("value")),
                marketing_consent=bool(c.get("marketing_consent", False)),
                is_primary=bool(c.get("is_primary", False)),
            )
            for c in data.get("contacts") or []
        ],
        loyalty_cards=[
            LoyaltyCard(card_number=str(c["card_number"] if isinstance(c, dict) else c))
            for c in data.get("loyalty_cards") or []
        ],
        version=int(data.get("version") or 0),
        store_id=_str(data.get("store_id")),
        rejection_reason=_str(data.get("rejection_reason")),
        created_at=_dt(data.get("created_at")),
        updated_at=_dt(data.get("updated_at")),
    )
    if data.get("customer_id"):
        customer.customer_id = _str(data["customer_id"])
    default_state = SyncState.SYNCED if customer.account_number else SyncState.PENDING
    customer.state = _enum(SyncState, data.get("state") or default_state, default_state)
    if customer.account_number and customer.state is SyncState.PENDING:
        customer.state = SyncState.SYNCED
    return customer


def _enum_error(
    errors: list[FieldError],
    field: str,
    enum_type: type[StrEnum],
    value: Any,
    *,
    required: bool = False,
) -> None:
    if value is None or value == "":
        if required:
            errors.append(FieldError(field, "choice.required", "Required."))
        return
    allowed = [member.value for member in enum_type]
    if not isinstance(value, str) or value.lower() not in allowed:
        errors.append(
            FieldError(field, "choice.unknown", "Not one of the allowed values.",
                       {"allowed": allowed})
        )


# What a new customer inherits from the store's default customer (`new_customer_draft`)
# unless the typed draft says otherwise.
INHERITED_FIELDS = ("customer_type", "customer_group", "receipt_option", "currency",
                    "language", "affiliations")


def draft_from_json(data: dict[str, Any], base: Customer | None = None) -> Customer:
    """A customer draft typed by a person or a script (the CLI's JSON file).

    Unlike `customer_from_json` (HQ's records, where an unknown value falls back to the
    default), an unknown customer_type, receipt_option, address purpose or contact kind
    is a field error: "alien" never quietly becomes a person.

    `base` is the draft the New customer dialog opens with (the default customer's
    values): a field the JSON leaves out (or null) is taken from it, so the dialog and
    the CLI make the same customer from the same input.
    """
    if base is not None:
        inherited = customer_to_json(base)
        data = dict(data)
        for name in INHERITED_FIELDS:
            if data.get(name) is None:
                data[name] = inherited[name]
    errors: list[FieldError] = []
    _enum_error(errors, "customer_type", CustomerType, data.get("customer_type"))
    _enum_error(errors, "receipt_option", ReceiptOption, data.get("receipt_option"))
    for index, address in enumerate(data.get("addresses") or []):
        if isinstance(address, dict):
            _enum_error(errors, f"addresses.{index}.purpose", AddressPurpose,
                        address.get("purpose"))
    for index, contact in enumerate(data.get("contacts") or []):
        if isinstance(contact, dict):
            _enum_error(errors, f"contacts.{index}.kind", ContactKind, contact.get("kind"),
                        required=True)
    if errors:
        raise ValidationFailed(errors)
    return customer_from_json(data)


def customer_to_json(customer: Customer) -> dict[str, Any]:
    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "customer_id": customer.customer_id,
        "account_number": customer.account_number,
        "customer_type": customer.customer_type.value,
        "title": customer.title,
        "first_name": customer.first_name,
        "middle_name": customer.middle_name,
        "last_name": customer.last_name,
        "organization_name": customer.organization_name,
        "email": customer.email,
        "phone": customer.phone,
        "email_marketing_consent": customer.email_consent,
        "phone_marketing_consent": customer.phone_consent,
        "customer_group": customer.customer_group,
        "currency": customer.currency,
        "language": customer.language,
        "receipt_option": customer.receipt_option.value,
        "receipt_email": customer.receipt_email,
        "affiliations": list(customer.affiliations),
        "financial_dimensions": dict(customer.financial_dimensions),
        "attributes": dict(customer.attributes),
        "addresses": [address_to_json(a) for a in customer.addresses],
        "contacts": [
            {
                "kind": c.kind.value,
                "value": c.value,
                "marketing_consent": c.marketing_consent,
                "is_primary": c.is_primary,
            }
            for c in customer.contacts
        ],
        "loyalty_cards": [c.card_number for c in customer.loyalty_cards],
        "version": customer.version,
        "store_id": customer.store_id,
        "state": customer.state.value,
        "created_at": iso(customer.created_at),
        "updated_at": iso(customer.updated_at),
    }


def store_from_json(data: dict[str, Any]) -> StoreConfig:
    profile = data.get("functionality_profile") or {}
    db_group = data.get("channel_db_group") or {}
    features = data.get("features") or {}
    ou = data.get("operating_unit_address") or {}
    default = data.get("default_customer")
    affiliations = data.get("affiliations") or []
    return StoreConfig(
        store_id=_str(data.get("store_id")),
        name=_str(data.get("name")),
        currency=_str(data.get("currency")),
        language=_str(data.get("language")),
        country=_str(data.get("country")).upper(),
        create_customer_async=bool(profile.get("create_customer_async", False)),
        filter_shared_customer_data_tables=bool(
            db_group.get("filter_shared_customer_data_tables", False)
        ),
        features=Features(
            multiple_contacts_and_consent=bool(features.get("multiple_contacts_and_consent")),
            enhanced_async_customers=bool(features.get("enhanced_async_customers")),
            async_customer_addresses=bool(features.get("async_customer_addresses")),
            async_customer_edits=bool(features.get("async_customer_edits")),
        ),
        default_customer=customer_from_json(default) if default else None,
        customer_groups=tuple(_group_from_json(g) for g in data.get("customer_groups") or []),
        affiliations=tuple(
            _str(a.get("id") or a.get("name")) if isinstance(a, dict) else _str(a)
            for a in affiliations
        ),
        affiliation_names={
            _str(a.get("id")): _str(a.get("name"))
            for a in affiliations
            if isinstance(a, dict) and a.get("id") and a.get("name")
        },
        titles=tuple(_str(t) for t in data.get("titles") or []),
        address_purposes=tuple(_str(p) for p in data.get("address_purposes") or []),
        attribute_definitions=tuple(
            _attribute_definition_from_json(d) for d in data.get("attribute_definitions") or []
        ),
        operating_unit_address=OperatingUnitAddress(
            street=_str(ou.get("street")),
            city=_str(ou.get("city")),
            zip=_str(ou.get("zip")),
            country=_str(ou.get("country")).upper(),
        ),
        operators=tuple(_operator_from_json(o) for o in data.get("operators") or []),
        permissions=permissions_from_json(data.get("permissions")),
        version=int(data.get("version") or 0),
        raw=dict(data),
    )


def _group_from_json(g: dict[str, Any]) -> CustomerGroup:
    return CustomerGroup(
        id=_str(g.get("id")),
        name=_str(g.get("name")),
        financial_dimensions={
            str(k): _str(v) for k, v in (g.get("financial_dimensions") or {}).items()
        },
    )


def _attribute_definition_from_json(d: dict[str, Any]) -> AttributeDefinition:
    labels = d.get("choice_labels")
    return AttributeDefinition(
        name=_str(d.get("name")),
        type=_enum(AttributeType, d.get("type"), AttributeType.TEXT),
        required=bool(d.get("required", False)),
        choices=tuple(_str(c) for c in d.get("choices") or ()),
        choice_labels={_str(k): _str(v) for k, v in labels.items()}
        if isinstance(labels, dict) else {},
        label=_str(d.get("label") or d.get("name")),
    )


def permissions_from_json(data: Any) -> Permissions:
    """HQ's table `{role: {permission: bool}}`; what it leaves out keeps the default
    (none at all: the defaults, as from an HQ that predates permissions)."""
    if not isinstance(data, dict):
        return DEFAULT_PERMISSIONS
    granted = dict(DEFAULT_PERMISSIONS.granted)
    for role, table in data.items():
        if not isinstance(table, dict):
            continue
        allowed = set(granted.get(str(role), frozenset()))
        for name, value in table.items():
            try:
                permission = Permission(name)
            except ValueError:
                continue  # a permission this terminal does not know of
            if value is True:
                allowed.add(permission)
            else:
                allowed.discard(permission)
        granted[str(role)] = frozenset(allowed)
    return Permissions(MappingProxyType(granted))


def _operator_from_json(o: dict[str, Any]) -> Operator:
    return Operator(
        operator_id=_str(o.get("operator_id")),
        name=_str(o.get("name")),
        role=_str(o.get("role") or "cashier"),
        password_salt=_str(o.get("password_salt")),
        password_hash=_str(o.get("password_hash")),
        hash_algorithm=_str(o.get("hash_algorithm") or "pbkdf2_sha256"),
        iterations=int(o.get("iterations") or 0),
    )
