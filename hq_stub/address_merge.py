"""A field-level edit's addresses, merged three ways by address id (issue 15).

The edit names each address it touched (``EditIn.address_changes``): added, changed
(with the values it saw before, for the fields it changed) or removed (with the address
as it saw it). Against the customer's addresses at HQ now:

* an added address is added; an address id HQ already holds with other data is a
  conflict for that address;
* a changed field HQ still holds at the edit's base value takes the edit's value; one
  HQ changed meanwhile to something else is a conflict for that field only
  (``addresses.<id>.<field>``: HQ's value stands); a changed address HQ removed is a
  conflict for the address (``addresses.<id>``, HQ's value ``null``);
* a removed address goes when HQ still holds it as the edit saw it, is a conflict for
  the address when HQ changed it meanwhile (the edit's value ``null``), and is nothing
  to do when HQ removed it too;
* one primary address: an address the edit made primary while HQ made another one
  primary meanwhile is a conflict on its ``is_primary`` (HQ's choice stands).

A field HQ already holds at the edit's value is never a conflict.
"""

from __future__ import annotations

import copy
from typing import Any

from hq_stub.errors import HQError
from hq_stub.schemas import AddressChangeIn

ADDRESS_FIELDS = ("purpose", "street", "city", "state", "zip", "country", "contact_name",
                  "contact_phone", "is_primary")
Address = dict[str, Any]


def _norm(value: Any) -> Any:
    return None if value in ("", None, False) else value


def _same(a: Any, b: Any) -> bool:
    return bool(_norm(a) == _norm(b))


def _same_address(a: Address, b: Address) -> bool:
    return all(_same(a.get(f), b.get(f)) for f in ADDRESS_FIELDS)


def read_changes(changes: list[AddressChangeIn]) -> list[dict[str, Any]]:
    """The request's address changes as plain JSON (an address id each, or 422)."""
    out = []
    for i, change in enumerate(changes):
        if change.address.address_id is None:
            raise HQError(422, "validation_error", "an address change names its address",
                          [{"field": f"address_changes.{i}.address.address_id",
                            "message": "required", "code": "uuid_required",
                            "params": {}}])
        before = (change.before.model_dump(mode="json", exclude_unset=True)
                  if change.before is not None else {})
        out.append({"op": change.op, "address": change.address.model_dump(mode="json"),
                    "before": {f: v for f, v in before.items() if f in ADDRESS_FIELDS}})
    return out


class _Merge:
    def __init__(self, current: list[Address]) -> None:
        self.out = [copy.deepcopy(a) for a in current]
        self.conflicts: list[dict[str, Any]] = []
        self.chosen: str | None = None  # the address the edit made primary

    def find(self, key: str) -> int | None:
        return next((i for i, a in enumerate(self.out) if str(a.get("address_id")) == key),
                    None)

    def conflict(self, path: str, mine: Any, hq: Any) -> None:
        self.conflicts.append({"field": path, "mine": mine, "hq": hq})

    def add(self, key: str, address: Address) -> None:
        index = self.find(key)
        if index is None:
            self.out.append(address)
            if address.get("is_primary"):
                self.chosen = key
        elif not _same_address(self.out[index], address):
            self.conflict(f"addresses.{key}", address, self.out[index])

    def remove(self, key: str, seen: Address) -> None:
        index = self.find(key)
        if index is None:
            return  # removed at HQ too
        if _same_address(self.out[index], seen):
            del self.out[index]
        else:
            self.conflict(f"addresses.{key}", None, self.out[index])

    def change(self, key: str, address: Address, before: dict[str, Any]) -> None:
        index = self.find(key)
        if index is None:
            self.conflict(f"addresses.{key}", address, None)
            return
        held = self.out[index]
        for name, old in before.items():
            mine, hq = address.get(name), held.get(name)
            if _same(hq, mine):
                continue
            if not _same(hq, old):
                self.conflict(f"addresses.{key}.{name}", mine, hq)
                continue
            held[name] = mine
            if name == "is_primary" and mine:
                self.chosen = key

    def one_primary(self) -> None:
        """HQ's primary stands against one the edit chose while HQ chose another."""
        primaries = [a for a in self.out if a.get("is_primary")]
        if len(primaries) <= 1:
            return
        for address in primaries:
            key = str(address.get("address_id"))
            if key == self.chosen:
                address["is_primary"] = False
                self.conflict(f"addresses.{key}.is_primary", True, False)
                return
        for address in primaries[1:]:
            address["is_primary"] = False


def merge_addresses(current: list[Address], changes: list[dict[str, Any]]
                    ) -> tuple[list[Address], list[dict[str, Any]]]:
    """The addresses after the edit's changes, and the conflicts (module doc)."""
    merge = _Merge(current)
    for change in changes:
        address = change["address"]
        key = str(address["address_id"])
        if change["op"] == "add":
            merge.add(key, address)
        elif change["op"] == "remove":
            merge.remove(key, address)
        else:
            merge.change(key, address, change["before"])
    merge.one_primary()
    return merge.out, merge.conflicts
