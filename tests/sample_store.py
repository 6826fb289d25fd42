"""A realistic store configuration, shaped like HQ's GET /api/v1/store."""

from __future__ import annotations

import copy
from typing import Any

MILAN: dict[str, Any] = {
    "store_id": "MIL01",
    "name": "Milano Duomo",
    "currency": "EUR",
    "language": "it",
    "country": "IT",
    "operating_unit_address": {
        "street": "Piazza del Duomo 1",
        "city": "Milano",
        "zip": "20121",
        "country": "IT",
    },
    "functionality_profile": {"create_customer_async": False},
    "channel_db_group": {"filter_shared_customer_data_tables": False},
    "features": {
        "multiple_contacts_and_consent": True,
        "enhanced_async_customers": False,
        "async_customer_addresses": False,
    },
    "default_customer": {
        "customer_id": "00000000-0000-0000-0000-00000000d001",
        "account_number": "C0000001",
        "customer_type": "person",
        "first_name": "Walk-in",
        "last_name": "Customer",
        "customer_group": "RETAIL",
        "currency": "EUR",
        "language": "it",
        "receipt_option": "email",
        "receipt_email": "receipts@duomo.example.com",
        "affiliations": ["LOYAL"],
        "financial_dimensions": {"CostCenter": "999"},
    },
    "customer_groups": [
        {"id": "RETAIL", "name": "Retail", "financial_dimensions": {"CostCenter": "100"}},
        {"id": "WHOLESALE", "name": "Wholesale", "financial_dimensions": {"CostCenter": "200"}},
    ],
    "affiliations": ["LOYAL", "STAFF"],
    "titles": ["Mr", "Mrs", "Ms", "Dr"],
    "address_purposes": ["home", "business", "office", "post_box"],
    "attribute_definitions": [
        {"name": "nickname", "type": "text", "required": False},
        {"name": "shoe_size", "type": "number", "required": False},
        {"name": "newsletter", "type": "boolean", "required": False},
        {"name": "birthday", "type": "date", "required": False},
        {"name": "segment", "type": "choice", "required": True, "choices": ["A", "B", "C"]},
    ],
    "operators": [],
    "version": 1,
}


def store_json(**overrides: Any) -> dict[str, Any]:
    """A copy of the Milan store; nested keys via 'features__enhanced_async_customers'."""
    data = copy.deepcopy(MILAN)
    for key, value in overrides.items():
        target = data
        parts = key.split("__")
        for part in parts[:-1]:
            target = target[part]
        target[parts[-1]] = value
    return data
