"""Per-address changes of a queued edit (issue 15): what the terminal sends to HQ and
shows until HQ has answered."""

from __future__ import annotations

from typing import Any

from pos_desktop.domain.address_edits import (
    address_changes,
    apply_address_changes,
    with_address_value,
)
from pos_desktop.domain.field_edits import edit_parts


def _a(key: str, street: str, *, primary: bool = False) -> dict[str, Any]:
    return {"address_id": key, "street": street, "city": "Milano", "zip": "20121",
            "country": "IT", "is_primary": primary}


def test_changes_name_each_address_with_what_was_there_before() -> None:
    before = [_a("1", "Via Uno", primary=True), _a("2", "Via Due"), _a("3", "Via Tre")]
    after = [_a("1", "Via Uno", primary=False), _a("2", "Via Due bis", primary=True),
             _a("4", "Via Quattro")]
    ops = address_changes(before, after)
    assert [(op["op"], op["address"]["address_id"]) for op in ops] == [
        ("remove", "3"), ("change", "1"), ("change", "2"), ("add", "4")]
    assert ops[1]["before"] == {"is_primary": True}
    assert ops[2]["before"] == {"street": "Via Due", "is_primary": False}
    assert ops[0]["address"]["street"] == "Via Tre"  # the removed address as it was


def test_laid_over_hqs_newer_list_other_addresses_stay() -> None:
    mine = [_a("1", "Via Uno", primary=True), _a("2", "Via Due")]
    ops = address_changes(mine, [_a("1", "Via Uno", primary=True), _a("2", "Via Mia")])
    hq_now = [_a("1", "Via Uno HQ", primary=True), _a("2", "Via Due"), _a("5", "Via HQ")]
    shown = apply_address_changes(hq_now, ops)
    assert [(a["address_id"], a["street"]) for a in shown] == [
        ("1", "Via Uno HQ"), ("2", "Via Mia"), ("5", "Via HQ")]
    # A change of an address HQ no longer has is left alone; a new primary is the one.
    gone = apply_address_changes([_a("5", "Via HQ", primary=True)],
                                 [*ops, {"op": "add", "address": _a("6", "Via Sei",
                                                                    primary=True)}])
    assert [(a["address_id"], a["is_primary"]) for a in gone] == [("5", False), ("6", True)]


def test_a_conflicts_value_sets_one_address_or_one_field() -> None:
    held = [_a("1", "Via Uno", primary=True)]
    readded = with_address_value(held, "addresses.2", {"street": "Via Due", "is_primary": True})
    assert [(a["address_id"], a["is_primary"]) for a in readded] == [("1", False), ("2", True)]
    assert with_address_value(readded, "addresses.2", None) == [_a("1", "Via Uno", primary=True)]
    changed = with_address_value(held, "addresses.1.street", "Via Nuova")
    assert changed[0]["street"] == "Via Nuova" and held[0]["street"] == "Via Uno"
    assert with_address_value(held, "addresses.9.street", "X") == held  # gone: unchanged
    only = with_address_value([], "addresses.abc", {"street": "Via X"})
    assert only[0]["address_id"] == "abc" and only[0]["is_primary"] is True


def test_an_edit_queued_with_the_whole_list_is_read_per_address() -> None:
    old = [_a("1", "Via Uno", primary=True), _a("2", "Via Due")]
    new = [_a("1", "Via Uno", primary=True), _a("3", "Via Tre")]
    fields, ops = edit_parts({"changes": {"first_name": "Ada", "addresses": new},
                              "before": {"first_name": "Eva", "addresses": old}})
    assert fields == {"first_name": "Ada"}
    assert [(op["op"], op["address"]["address_id"]) for op in ops] == [
        ("remove", "2"), ("add", "3")]
    assert edit_parts({"changes": {"email": "a@b.it"}}) == ({"email": "a@b.it"}, [])
