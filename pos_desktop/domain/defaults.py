"""Defaults a new customer takes from the store and its default customer."""

from __future__ import annotations

import copy

from .addresses import one_primary, primary_errors
from .customer import Address, AddressPurpose, Customer, CustomerType
from .store import StoreConfig


def default_purpose(customer_type: CustomerType) -> AddressPurpose:
    """Home for a person, Business for an organization."""
    if customer_type is CustomerType.ORGANIZATION:
        return AddressPurpose.BUSINESS
    return AddressPurpose.HOME


def default_country(store: StoreConfig) -> str:
    """A new address is in the country of the operating unit's primary address."""
    return store.operating_unit_country


def blank_address(customer_type: CustomerType, store: StoreConfig, *, primary: bool) -> Address:
    """One more address in the New customer dialog: the purpose of the type, the operating
    unit's country; the contact defaults to the customer's when it is saved."""
    return Address(purpose=default_purpose(customer_type), country=default_country(store),
                   is_primary=primary)


def new_address(customer: Customer, store: StoreConfig) -> Address:
    """A blank address with the defaults for this customer and store."""
    return Address(
        purpose=default_purpose(customer.customer_type),
        country=default_country(store),
        contact_name=customer.display_name,
        contact_phone=customer.phone,
        is_primary=not customer.addresses,
    )


def default_financial_dimensions(store: StoreConfig) -> dict[str, str]:
    """From the customer group of the default customer, not the default customer itself."""
    default = store.default_customer
    if default is None:
        return {}
    group = store.customer_group(default.customer_group)
    return dict(group.financial_dimensions) if group else {}


def new_customer_draft(store: StoreConfig, *, inherit_affiliations: bool = True) -> Customer:
    """What the New customer dialog opens with: the default customer's inherited values.

    Pass ``inherit_affiliations=False`` for an async customer without the enhanced-async
    feature: such a customer takes no affiliations, inherited ones included.
    """
    draft = Customer(store_id=store.store_id, currency=store.currency, language=store.language)
    default = store.default_customer
    if default is not None:
        draft.customer_type = default.customer_type
        draft.customer_group = default.customer_group
        draft.receipt_option = default.receipt_option
        draft.currency = default.currency or store.currency
        draft.language = default.language or store.language
        if inherit_affiliations:
            draft.affiliations = list(default.affiliations)
    draft.financial_dimensions = default_financial_dimensions(store)
    return draft


def complete_from_default(
    draft: Customer, store: StoreConfig, *, inherit_affiliations: bool = True
) -> Customer:
    """Fill what the cashier left empty from the default customer, at save time.

    The receipt email is copied only when the draft leaves it empty; affiliations are
    inherited only when the draft has none and the mode allows them; financial
    dimensions always come from the default customer's group.
    """
    customer = copy.deepcopy(draft)
    customer.store_id = customer.store_id or store.store_id
    default = store.default_customer
    if default is not None:
        customer.customer_group = customer.customer_group or default.customer_group
        customer.currency = customer.currency or default.currency
        customer.language = customer.language or default.language
        if not customer.receipt_email:
            customer.receipt_email = default.receipt_email
        if not customer.affiliations and inherit_affiliations:
            customer.affiliations = list(default.affiliations)
    customer.currency = customer.currency or store.currency
    customer.language = customer.language or store.language
    customer.financial_dimensions = default_financial_dimensions(store)
    for address in customer.addresses:
        address.country = address.country or default_country(store)
        address.contact_name = address.contact_name or customer.display_name
        address.purpose = address.purpose or default_purpose(customer.customer_type)
    if not primary_errors(customer.addresses):  # two primaries: validation says so
        one_primary(customer.addresses)
    return customer
