"""The primary-address rule (pos_desktop.domain.addresses): exactly one primary, always."""

from __future__ import annotations

import pytest

from pos_desktop.domain.addresses import one_primary, with_address, without_address
from pos_desktop.domain.customer import Address


def _addresses(*primary: bool) -> list[Address]:
    return [Address(address_id=f"a{i}", street=f"Via {i}", is_primary=p)
            for i, p in enumerate(primary)]


def _primaries(addresses: list[Address]) -> list[str]:
    return [a.address_id for a in addresses if a.is_primary]


@pytest.mark.parametrize(
    ("flags", "chosen", "expected"),
    [
        ((), None, []),
        ((False,), None, ["a0"]),
        ((False, True), None, ["a1"]),  # a single primary stays
        ((False, False), None, ["a0"]),  # none: the first
        ((False, True, True), None, ["a0"]),  # several: the first
        ((True, False), "a1", ["a1"]),  # the chosen one takes it over
        ((True, False), "unknown", ["a0"]),  # an unknown choice changes nothing
    ],
)
def test_one_primary(flags, chosen, expected) -> None:
    addresses = _addresses(*flags)
    assert one_primary(addresses, chosen) is addresses
    assert _primaries(addresses) == expected


def test_a_new_primary_address_takes_the_flag_and_nothing_is_changed_in_place() -> None:
    before = _addresses(True, False)
    new = Address(address_id="new", street="Corso Como 9", is_primary=True)
    after = with_address(before, new)
    assert [a.address_id for a in after] == ["a0", "a1", "new"]
    assert _primaries(after) == ["new"]
    assert _primaries(before) == ["a0"] and new.is_primary  # the inputs are left alone
    assert after[2] is not new


def test_a_new_secondary_address_leaves_the_primary() -> None:
    after = with_address(_addresses(False, True), Address(address_id="new", street="x"))
    assert _primaries(after) == ["a1"]


def test_the_first_address_of_a_customer_is_the_primary() -> None:
    assert _primaries(with_address([], Address(address_id="new", street="x"))) == ["new"]


def test_an_edited_address_replaces_the_one_of_its_id() -> None:
    edited = Address(address_id="a1", street="Via Nuova 1", is_primary=True)
    after = with_address(_addresses(True, False, False), edited)
    assert [a.street for a in after] == ["Via 0", "Via Nuova 1", "Via 2"]
    assert _primaries(after) == ["a1"]


def test_the_primary_giving_up_its_flag_leaves_the_first_one_primary() -> None:
    after = with_address(_addresses(False, True), Address(address_id="a1", street="x"))
    assert _primaries(after) == ["a0"]


@pytest.mark.parametrize(
    ("flags", "removed", "expected"),
    [
        ((True, False, False), "a0", ["a1"]),  # the primary goes: the next first takes over
        ((False, True, False), "a0", ["a1"]),
        ((False, False, True), "a1", ["a2"]),
        ((True,), "a0", []),
        ((True, False), "unknown", ["a0"]),
    ],
)
def test_without_address(flags, removed, expected) -> None:
    before = _addresses(*flags)
    after = without_address(before, removed)
    assert removed not in [a.address_id for a in after]
    assert _primaries(after) == expected
    assert len(before) == len(flags)  # a copy
