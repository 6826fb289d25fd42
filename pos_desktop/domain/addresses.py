"""The primary-address rule: a customer with addresses has exactly one primary address.

Every place that adds, replaces or removes an address (the details page, the edit
service, the async-address queue, validation) goes through these functions, so the rule
is written once.
"""

from __future__ import annotations

import copy

from .customer import Address
from .errors import FieldError


def one_primary(addresses: list[Address], chosen: str | None = None) -> list[Address]:
    """Make exactly one address primary (in place; returns the list).

    `chosen` (an address id) becomes the primary; without it a single primary stays as
    it is, and otherwise (none, or several) the first address is the primary.
    """
    if chosen is not None and any(a.address_id == chosen for a in addresses):
        for address in addresses:
            address.is_primary = address.address_id == chosen
    elif sum(a.is_primary for a in addresses) != 1:
        for index, address in enumerate(addresses):
            address.is_primary = index == 0
    return addresses


def with_address(addresses: list[Address], address: Address) -> list[Address]:
    """A copy of `addresses` with `address` added (new id) or replacing the one of its id.

    A primary `address` takes the primary flag from the others; when it gives the flag up
    (or none is primary), the first address is the primary.
    """
    out = [copy.deepcopy(a) for a in addresses]
    new = copy.deepcopy(address)
    index = next((i for i, a in enumerate(out) if a.address_id == new.address_id), None)
    if index is None:
        out.append(new)
    else:
        out[index] = new
    return one_primary(out, new.address_id if new.is_primary else None)


def without_address(addresses: list[Address], address_id: str) -> list[Address]:
    """A copy of `addresses` without the one of `address_id`; the primary moves if needed."""
    return one_primary([copy.deepcopy(a) for a in addresses if a.address_id != address_id])


def primary_errors(addresses: list[Address]) -> list[FieldError]:
    """More than one address marked primary is a mistake to report, not to guess at
    (a customer typed as JSON; the dialog cannot mark two)."""
    if sum(a.is_primary for a in addresses) > 1:
        return [FieldError("addresses", "address.primaries", "Only one address can be primary.")]
    return []
