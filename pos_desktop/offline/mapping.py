"""Domain customer <-> rows, and the search document of a customer."""

from __future__ import annotations

from pos_desktop.domain.customer import (
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
from pos_desktop.domain.defaults import default_purpose

from .models import AddressRow, AttributeRow, ContactRecord, CustomerRow, LoyaltyCardRow
from .search_terms import SearchDocument

SCALARS = (
    "customer_id",
    "account_number",
    "title",
    "first_name",
    "middle_name",
    "last_name",
    "organization_name",
    "email",
    "phone",
    "customer_group",
    "currency",
    "language",
    "receipt_email",
    "version",
    "store_id",
    "rejection_reason",
    "created_at",
    "updated_at",
)


def fill_row(row: CustomerRow, customer: Customer) -> None:
    """Copy the customer onto a (new or loaded) row, children included."""
    for name in SCALARS:
        setattr(row, name, getattr(customer, name))
    row.state = customer.state.value
    row.customer_type = customer.customer_type.value
    row.receipt_option = customer.receipt_option.value
    row.affiliations = list(customer.affiliations)
    row.financial_dimensions = dict(customer.financial_dimensions)
    row.addresses = [
        AddressRow(
            address_id=a.address_id,
            position=i,
            purpose=(a.purpose or default_purpose(customer.customer_type)).value,
            street=a.street,
            city=a.city,
            state=a.state,
            zip=a.zip,
            country=a.country,
            contact_name=a.contact_name,
            contact_phone=a.contact_phone,
            is_primary=a.is_primary,
        )
        for i, a in enumerate(customer.addresses)
    ]
    row.contacts = [
        ContactRecord(
            kind=c.kind.value,
            value=c.value,
            marketing_consent=c.marketing_consent,
            is_primary=c.is_primary,
        )
        for c in customer.contacts
    ]
    row.attributes = [AttributeRow(name=k, value=v) for k, v in customer.attributes.items()]
    row.loyalty_cards = [LoyaltyCardRow(card_number=c.card_number) for c in customer.loyalty_cards]


def to_customer(row: CustomerRow) -> Customer:
    customer = Customer(
        customer_type=CustomerType(row.customer_type),
        receipt_option=ReceiptOption(row.receipt_option),
        state=SyncState(row.state),
        affiliations=list(row.affiliations or []),
        financial_dimensions=dict(row.financial_dimensions or {}),
        addresses=[
            Address(
                address_id=a.address_id,
                purpose=AddressPurpose(a.purpose),
                street=a.street,
                city=a.city,
                state=a.state,
                zip=a.zip,
                country=a.country,
                contact_name=a.contact_name,
                contact_phone=a.contact_phone,
                is_primary=a.is_primary,
            )
            for a in row.addresses
        ],
        contacts=[
            Contact(
                kind=ContactKind(c.kind),
                value=c.value,
                marketing_consent=c.marketing_consent,
                is_primary=c.is_primary,
            )
            for c in row.contacts
        ],
        attributes={a.name: a.value for a in row.attributes},
        loyalty_cards=[LoyaltyCard(card_number=c.card_number) for c in row.loyalty_cards],
    )
    for name in SCALARS:
        setattr(customer, name, getattr(row, name))
    return customer


def search_document(customer: Customer) -> SearchDocument:
    return SearchDocument(
        names=(
            customer.first_name,
            customer.middle_name,
            customer.last_name,
            customer.organization_name,
        ),
        emails=[customer.email]
        + [c.value for c in customer.contacts if c.kind is ContactKind.EMAIL],
        phones=[customer.phone]
        + [c.value for c in customer.contacts if c.kind is ContactKind.PHONE],
        codes=[customer.account_number or ""]
        + [c.card_number for c in customer.loyalty_cards]
        + [a.zip for a in customer.addresses],
        places=[a.street for a in customer.addresses] + [a.city for a in customer.addresses],
    )
