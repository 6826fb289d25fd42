"""The store configuration a terminal caches from HQ."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from .customer import Customer


class AttributeType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    CHOICE = "choice"


@dataclass(frozen=True)
class AttributeDefinition:
    name: str
    type: AttributeType
    required: bool = False
    choices: tuple[str, ...] = ()
    label: str = ""
    choice_labels: dict[str, str] = field(default_factory=dict, compare=False)  # HQ's words


@dataclass(frozen=True)
class CustomerGroup:
    id: str
    name: str
    financial_dimensions: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Features:
    multiple_contacts_and_consent: bool = False
    enhanced_async_customers: bool = False
    async_customer_addresses: bool = False
    # Edits offline and on pending customers, merged field by field at HQ (issue 15).
    async_customer_edits: bool = False


class Permission(StrEnum):
    """What a role may do in a store; HQ sets them per store (`GET /api/v1/store`)."""

    CUSTOMER_CREATE = "customer.create"
    CUSTOMER_EDIT = "customer.edit"  # a customer's fields
    ADDRESS_EDIT = "address.edit"  # add, change, remove addresses and their purpose
    CUSTOMER_RESUBMIT = "customer.resubmit"  # correct a customer HQ rejected
    TERMINAL_DISCONNECT = "terminal.disconnect"  # Disconnect / Connect


@dataclass(frozen=True)
class Permissions:
    """Per role, the permissions it has in this store (a role not listed has none)."""

    granted: Mapping[str, frozenset[Permission]]

    def allows(self, role: str, permission: Permission) -> bool:
        return permission in self.granted.get(role, frozenset())


# The documentation's defaults (Dynamics 365 Commerce, "Customer management in stores"):
# store associates create and edit customers, addresses and purposes; connecting and
# disconnecting the terminal is a manager's. Also what a store configuration without a
# table (an older HQ) means.
DEFAULT_PERMISSIONS = Permissions(MappingProxyType({
    "cashier": frozenset(set(Permission) - {Permission.TERMINAL_DISCONNECT}),
    "manager": frozenset(Permission),
}))


@dataclass(frozen=True)
class Operator:
    operator_id: str
    name: str
    role: str  # "cashier" | "manager"
    password_salt: str = ""
    password_hash: str = ""
    hash_algorithm: str = "pbkdf2_sha256"
    iterations: int = 0


@dataclass(frozen=True)
class OperatingUnitAddress:
    street: str = ""
    city: str = ""
    zip: str = ""
    country: str = ""


@dataclass(frozen=True)
class StoreConfig:
    store_id: str
    name: str
    currency: str
    language: str
    country: str
    create_customer_async: bool = False
    filter_shared_customer_data_tables: bool = False
    features: Features = Features()
    default_customer: Customer | None = None
    customer_groups: tuple[CustomerGroup, ...] = ()
    affiliations: tuple[str, ...] = ()
    affiliation_names: dict[str, str] = field(default_factory=dict, compare=False)
    titles: tuple[str, ...] = ()
    address_purposes: tuple[str, ...] = ()
    attribute_definitions: tuple[AttributeDefinition, ...] = ()
    operating_unit_address: OperatingUnitAddress = OperatingUnitAddress()
    operators: tuple[Operator, ...] = ()
    permissions: Permissions = DEFAULT_PERMISSIONS
    version: int = 0
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def operating_unit_country(self) -> str:
        """Country of the operating unit's primary address, else the store's country."""
        return self.operating_unit_address.country or self.country

    def operator(self, operator_id: str) -> Operator | None:
        wanted = operator_id.strip()
        return next((o for o in self.operators if wanted and o.operator_id == wanted), None)

    def customer_group(self, group_id: str) -> CustomerGroup | None:
        for group in self.customer_groups:
            if group.id == group_id:
                return group
        return None
