"""Field-level edits (issue 15): what an edit changed, and a customer with queued
changes laid over it (the terminal shows its own changes until HQ has answered)."""

from __future__ import annotations

import copy
from typing import Any

from .address_edits import address_changes, apply_address_changes
from .codec import customer_from_json, customer_to_json
from .customer import Customer
from .limitations import EDITABLE

CHANGE_PENDING = "Change pending sync"


def changed_fields(current: Customer, edited: Customer) -> dict[str, Any]:
    """The editable fields `edited` changes, with their new values (HQ's JSON)."""
    before, after = customer_to_json(current), customer_to_json(edited)
    return {name: after.get(name) for name in EDITABLE if before.get(name) != after.get(name)}


def split_addresses(current: Customer, changes: dict[str, Any]
                    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """An edit's changes with the address list taken out and given as per-address
    changes against `current` (what HQ merges by address id)."""
    if "addresses" not in changes:
        return changes, []
    rest = {k: v for k, v in changes.items() if k != "addresses"}
    before = customer_to_json(current).get("addresses") or []
    return rest, address_changes(before, list(changes["addresses"] or []))


def edit_parts(payload: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(field changes, address changes) of a queued edit's payload. An edit queued
    before addresses were merged by id carried the whole list in `changes` and the list
    it replaced in `before`: read as the per-address changes between the two."""
    changes = payload.get("changes")
    changes = dict(changes) if isinstance(changes, dict) else {}
    ops = payload.get("address_changes")
    if isinstance(ops, list):
        return changes, [op for op in ops if isinstance(op, dict)]
    before = payload.get("before")
    if "addresses" in changes and isinstance(before, dict) and "addresses" in before:
        old = before.get("addresses") or []
        return ({k: v for k, v in changes.items() if k != "addresses"},
                address_changes(list(old), list(changes["addresses"] or [])))
    return changes, []


def apply_edit(customer: Customer, changes: dict[str, Any],
               address_ops: list[dict[str, Any]]) -> Customer:
    """`customer` with an edit's field changes and address changes laid over it."""
    if address_ops:
        addresses = customer_to_json(customer).get("addresses") or []
        changes = {**changes, "addresses": apply_address_changes(addresses, address_ops)}
    return with_changes(customer, changes)


def values_of(customer: Customer, names: list[str]) -> dict[str, Any]:
    body = customer_to_json(customer)
    return {name: body.get(name) for name in names}


def with_changes(customer: Customer, changes: dict[str, Any]) -> Customer:
    """`customer` with `changes` (editable fields, HQ's JSON) laid over it; everything
    else (state, version, who created it) as it was."""
    body = customer_to_json(customer)
    body.update({k: v for k, v in changes.items() if k in EDITABLE})
    changed = customer_from_json(body)
    out = copy.deepcopy(customer)
    for name in EDITABLE:
        setattr(out, name, getattr(changed, name))
    return out
