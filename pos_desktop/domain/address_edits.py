"""Address changes of a field-level edit, by address id (issue 15).

An edit queued at the terminal does not carry the customer's whole address list: it
carries one change per address it touched, with what the terminal saw before, so HQ can
merge them three ways by address id (and per field inside an address):

* ``{"op": "add", "address": {...}}`` — a new address, with its ``address_id``;
* ``{"op": "change", "address": {...}, "before": {field: old value}}`` — the address
  as the edit left it, and the fields it changed with their values before the edit;
* ``{"op": "remove", "address": {...}}`` — the removed address as the terminal saw it.

Addresses are HQ's JSON (``codec.address_to_json``). A conflict HQ reports names an
address field as ``addresses.<address_id>.<field>`` and a whole address (removed on one
side, changed on the other) as ``addresses.<address_id>``.
"""

from __future__ import annotations

import copy
from typing import Any

ADD, CHANGE, REMOVE = "add", "change", "remove"
ADDRESS_FIELDS = ("purpose", "street", "city", "state", "zip", "country", "contact_name",
                  "contact_phone", "is_primary")
JsonAddress = dict[str, Any]


def _key(address: JsonAddress) -> str:
    return str(address.get("address_id") or "")


def address_changes(before: list[JsonAddress], after: list[JsonAddress]
                    ) -> list[dict[str, Any]]:
    """The per-address changes that turn `before` into `after` (removals first)."""
    old = {_key(a): a for a in before}
    new = {_key(a): a for a in after}
    ops: list[dict[str, Any]] = [{"op": REMOVE, "address": copy.deepcopy(a)}
                                 for key, a in old.items() if key not in new]
    for key, address in new.items():
        if key not in old:
            ops.append({"op": ADD, "address": copy.deepcopy(address)})
            continue
        changed = {f: old[key].get(f) for f in ADDRESS_FIELDS
                   if address.get(f) != old[key].get(f)}
        if changed:
            ops.append({"op": CHANGE, "address": copy.deepcopy(address), "before": changed})
    return ops


def _one_primary(addresses: list[JsonAddress], chosen: str | None) -> list[JsonAddress]:
    """Exactly one primary (the domain's rule, `addresses.one_primary`, on JSON)."""
    if chosen is not None and any(_key(a) == chosen for a in addresses):
        for a in addresses:
            a["is_primary"] = _key(a) == chosen
    elif sum(bool(a.get("is_primary")) for a in addresses) != 1:
        for index, a in enumerate(addresses):
            a["is_primary"] = index == 0
    return addresses


def apply_address_changes(addresses: list[JsonAddress], ops: list[dict[str, Any]]
                          ) -> list[JsonAddress]:
    """`addresses` with the changes laid over them (what the terminal shows until HQ
    has answered): an address the changes name but that is gone is left alone."""
    out = [copy.deepcopy(a) for a in addresses]
    chosen: str | None = None
    for op in ops:
        address = op.get("address")
        if not isinstance(address, dict):
            continue
        key = _key(address)
        index = next((i for i, a in enumerate(out) if _key(a) == key), None)
        if op.get("op") == REMOVE:
            out = [a for a in out if _key(a) != key]
        elif op.get("op") == ADD and index is None:
            out.append(copy.deepcopy(address))
        elif index is not None:
            names = list(op.get("before") or {}) if op.get("op") == CHANGE else ADDRESS_FIELDS
            out[index].update({f: address.get(f) for f in names if f in ADDRESS_FIELDS})
        else:
            continue
        if op.get("op") != REMOVE and address.get("is_primary"):
            chosen = key
    return _one_primary(out, chosen)


def with_address_value(addresses: list[JsonAddress], path: str, value: Any
                       ) -> list[JsonAddress]:
    """`addresses` with the value a conflict names (``addresses.<id>`` or
    ``addresses.<id>.<field>``) set: an address (None: removed) or one field of one."""
    _, key, name = (path.split(".", 2) + ["", ""])[:3]
    out = [copy.deepcopy(a) for a in addresses]
    index = next((i for i, a in enumerate(out) if _key(a) == key), None)
    if not name:
        out = [a for a in out if _key(a) != key]
        if isinstance(value, dict):
            out.insert(len(out) if index is None else index, {**value, "address_id": key})
        return _one_primary(out, key if isinstance(value, dict) and value.get("is_primary")
                            else None)
    if index is None or name not in ADDRESS_FIELDS:
        return out
    out[index][name] = value
    return _one_primary(out, key if name == "is_primary" and value else None)


def is_address_path(field: str) -> bool:
    """Whether a field path (of a change or a conflict) is about addresses."""
    return field == "addresses" or field.startswith("addresses.")
