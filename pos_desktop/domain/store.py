"""The store configuration a terminal caches from HQ."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
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
    version: int = 0
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def operating_unit_country(self) -> str:
        """Country of the operating unit's primary address, else the store's country."""
        return self.operating_unit_address.country or self.country

    def customer_group(self, group_id: str) -> CustomerGroup | None:
        for group in self.customer_groups:
            if group.id == group_id:
                return group
        return None
