"""Field-level edits (issue 15): what an edit changed, and a customer with queued
changes laid over it (the terminal shows its own changes until HQ has answered)."""

from __future__ import annotations

import copy
from typing import Any

from .codec import customer_from_json, customer_to_json
from .customer import Customer
from .limitations import EDITABLE

CHANGE_PENDING = "Change pending sync"


def changed_fields(current: Customer, edited: Customer) -> dict[str, Any]:
    """The editable fields `edited` changes, with their new values (HQ's JSON)."""
    before, after = customer_to_json(current), customer_to_json(edited)
    return {name: after.get(name) for name in EDITABLE if before.get(name) != after.get(name)}


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
