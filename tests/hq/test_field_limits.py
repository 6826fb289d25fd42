"""One limits table both sides agree on: HQ's limits (its request schemas) are the
contract, and the terminal (pos_desktop.domain.validation.FIELD_LIMITS) never accepts a
longer text in any field, or an offline-created customer would come back rejected."""

from __future__ import annotations

from typing import Any

import pytest

from hq_stub.schemas import CustomerIn
from pos_desktop.domain.codec import store_from_json
from pos_desktop.domain.customer import Address, Customer
from pos_desktop.domain.validation import FIELD_LIMITS, validate_customer
from tests.sample_store import store_json

# Closed lists on both sides (customer_type, purpose, receipt_option, contact kind) and
# UUIDs are no free text; every other string field of HQ's schema is.
NOT_TEXT = {"customer_id", "addresses.address_id", "addresses.purpose", "customer_type",
            "receipt_option", "contacts.kind"}


def _string_limit(schema: dict[str, Any]) -> int | None | str:
    """maxLength of a (nullable) string schema; "none" for a string without a limit;
    None if the schema is no free-text string."""
    for option in schema.get("anyOf", [schema]):
        if option.get("type") == "string" and "enum" not in option \
                and option.get("format") != "uuid":
            return option.get("maxLength", "none")
    return None


def hq_text_limits() -> dict[str, Any]:
    """Every free-text field of HQ's customer schema and its maxLength."""
    schema = CustomerIn.model_json_schema()
    defs = schema.get("$defs", {})
    out: dict[str, Any] = {}

    def walk(properties: dict[str, Any], prefix: str) -> None:
        for name, prop in properties.items():
            path = prefix + name
            if path in NOT_TEXT:
                continue
            for option in prop.get("anyOf", [prop]):
                if option.get("type") == "array":
                    items = option["items"]
                    if "$ref" in items:
                        walk(defs[items["$ref"].rsplit("/", 1)[1]]["properties"], path + ".")
                    elif (limit := _string_limit(items)) is not None:
                        out[path] = limit
                elif option.get("type") == "object":
                    values = option.get("additionalProperties", {})
                    for value in values.get("anyOf", [values]):
                        if value.get("type") == "string":
                            out[path] = value.get("maxLength", "none")
            if path not in out and (limit := _string_limit(prop)) is not None:
                out[path] = limit

    walk(schema["properties"], "")
    return out


def test_every_text_field_has_one_limit_the_terminal_keeps_within() -> None:
    hq = hq_text_limits()
    assert "addresses.street" in hq and "contacts.value" in hq  # the walk sees nesting
    assert sorted(FIELD_LIMITS) == sorted(hq), "a text field without a limit on one side"
    over = {f: (FIELD_LIMITS[f], hq[f]) for f in hq
            if hq[f] == "none" or FIELD_LIMITS[f] > hq[f]}
    assert over == {}, "terminal limit above HQ's (field: (terminal, HQ))"


MILAN = store_from_json(store_json())


@pytest.mark.parametrize("field", ["street", "city", "state", "zip", "contact_name"])
def test_the_terminal_refuses_an_address_text_longer_than_the_limit(field: str) -> None:
    limit = FIELD_LIMITS[f"addresses.{field}"]
    for length, refused in ((limit, False), (limit + 1, True)):
        address = Address(**{"street": "Via Roma 1", "country": "IT", field: "a" * length})
        draft = Customer(first_name="Anna", last_name="Rossi", attributes={"segment": "A"},
                         addresses=[address])
        _, errors = validate_customer(draft, MILAN)
        assert any(e.field == f"addresses.0.{field}" for e in errors) == refused
