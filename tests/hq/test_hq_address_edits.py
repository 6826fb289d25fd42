"""Field-level edits of addresses, merged by address id at HQ (issue 15):
``address_changes`` of POST /customers/{key}/edits."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.hq.helpers import Api, activate, new_customer


def edit(api: Api, key: str, base: int, address_changes: list[dict[str, Any]], *,
         changes: dict[str, Any] | None = None, operator: str = "1001") -> Any:
    return api.post(f"/api/v1/customers/{key}/edits",
                    json={"edit_id": str(uuid.uuid4()), "base_version": base,
                          "changes": changes or {}, "address_changes": address_changes},
                    headers={"X-Operator-Id": operator})


def address(street: str, *, primary: bool = False, **more: Any) -> dict[str, Any]:
    return {"address_id": str(uuid.uuid4()), "street": street, "city": "Milano",
            "zip": "20121", "country": "IT", "is_primary": primary, **more}


def change(old: dict[str, Any], **new: Any) -> dict[str, Any]:
    return {"op": "change", "address": {**old, **new},
            "before": {k: old.get(k) for k in new}}


@pytest.fixture
def two(hq, store_flags):  # type: ignore[no-untyped-def]
    store_flags("MILAN", async_customer_edits=True)
    a, b = activate(hq, "MILAN", "T-A"), activate(hq, "MILAN", "T-B")
    first, second = address("Via Uno 1", primary=True), address("Via Due 2")
    c = a.create(new_customer(addresses=[first, second])).json()
    held = {x["address_id"]: x for x in c["addresses"]}
    return a, b, c["customer_id"], held[first["address_id"]], held[second["address_id"]]


def _by_id(api: Api, cid: str) -> dict[str, dict[str, Any]]:
    return {x["address_id"]: x for x in api.get(f"/api/v1/customers/{cid}").json()["addresses"]}


def test_different_addresses_apply_the_same_field_is_a_conflict(two) -> None:
    a, b, cid, first, second = two
    ra = edit(a, cid, 1, [change(first, street="Via Anna 1")])
    assert ra.status_code == 200, ra.text
    assert ra.json()["applied"] == ["addresses"] and ra.json()["conflicts"] == []
    third = address("Via Tre 3")
    rb = edit(b, cid, 1, [change(first, street="Via Bice 1", zip="20122"),
                          change(second, city="Monza"), {"op": "add", "address": third}])
    assert rb.status_code == 200, rb.text
    assert rb.json()["conflicts"] == [{"field": f"addresses.{first['address_id']}.street",
                                       "mine": "Via Bice 1", "hq": "Via Anna 1"}]
    now = _by_id(a, cid)
    assert now[first["address_id"]]["street"] == "Via Anna 1"
    assert now[first["address_id"]]["zip"] == "20122"
    assert now[second["address_id"]]["city"] == "Monza"
    assert now[third["address_id"]]["street"] == "Via Tre 3"


def test_removal_against_a_change_is_a_conflict_both_ways(two) -> None:
    a, b, cid, first, second = two
    assert edit(a, cid, 1, [change(second, city="Bergamo")]).json()["conflicts"] == []
    rb = edit(b, cid, 1, [{"op": "remove", "address": second}])
    (conflict,) = rb.json()["conflicts"]
    assert conflict["field"] == f"addresses.{second['address_id']}"
    assert conflict["mine"] is None and conflict["hq"]["city"] == "Bergamo"
    assert second["address_id"] in _by_id(a, cid)
    # The other way round: HQ removed it (B, now at version 2), A changes it.
    assert edit(b, cid, 2, [{"op": "remove", "address": _by_id(b, cid)[second["address_id"]]}]
                ).json()["conflicts"] == []
    ra = edit(a, cid, 2, [change(_by_id(a, cid).get(second["address_id"], second),
                                 zip="24121")])
    (conflict,) = ra.json()["conflicts"]
    assert conflict["field"] == f"addresses.{second['address_id']}" and conflict["hq"] is None
    assert set(_by_id(a, cid)) == {first["address_id"]}


def test_two_new_primaries_hqs_stands(two) -> None:
    a, b, cid, first, second = two
    ra = edit(a, cid, 1, [change(first, is_primary=False), change(second, is_primary=True)])
    assert ra.json()["conflicts"] == []
    third = address("Via Tre 3", primary=True)
    rb = edit(b, cid, 1, [change(first, is_primary=False), {"op": "add", "address": third}])
    assert rb.json()["conflicts"] == [{"field": f"addresses.{third['address_id']}.is_primary",
                                       "mine": True, "hq": False}]
    now = _by_id(a, cid)
    assert [k for k, x in now.items() if x["is_primary"]] == [second["address_id"]]
    assert third["address_id"] in now


def test_refusals_permission_validation_and_malformed(two, store_flags) -> None:
    a, _, cid, first, _ = two
    bad = edit(a, cid, 1, [change(first, country="XX")])
    assert bad.status_code == 422
    assert any(f["code"] == "invalid_country" and f["field"].startswith("addresses.")
               for f in bad.json()["error"]["fields"])
    no_id = edit(a, cid, 1, [{"op": "add", "address": {"street": "Via X"}}])
    assert no_id.status_code == 422
    both = edit(a, cid, 1, [change(first, city="Rho")], changes={"addresses": []})
    assert both.status_code == 422
    assert a.get(f"/api/v1/customers/{cid}").json()["version"] == 1  # nothing applied
    store_flags("MILAN", permissions={"cashier": {"address.edit": False}})
    try:
        r = edit(a, cid, 1, [change(first, city="Rho")])
        assert r.status_code == 403
        assert r.json()["error"]["permission"] == "address.edit"
        # The same change made by a manager (address.edit) applies.
        r = edit(a, cid, 1, [change(first, city="Rho")], operator="2001")
        assert r.status_code == 200 and r.json()["conflicts"] == []
    finally:
        store_flags("MILAN", permissions={"cashier": {"address.edit": True}})
