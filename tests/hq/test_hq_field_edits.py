"""Field-level edits merged per field at HQ (issue 15): POST /customers/{key}/edits."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.hq.helpers import Api, activate, new_customer


def edit(api: Api, key: str, base: int, changes: dict[str, Any], *, edit_id: str | None = None,
         operator: str = "1001") -> Any:
    return api.post(f"/api/v1/customers/{key}/edits",
                    json={"edit_id": edit_id or str(uuid.uuid4()), "base_version": base,
                          "changes": changes},
                    headers={"X-Operator-Id": operator})


@pytest.fixture
def edits_on(store_flags):  # type: ignore[no-untyped-def]
    store_flags("MILAN", async_customer_edits=True)


@pytest.fixture
def two(hq):  # type: ignore[no-untyped-def]
    return activate(hq, "MILAN", "T-A"), activate(hq, "MILAN", "T-B")


def test_off_by_default_the_endpoint_refuses_and_changes_nothing(hq, milan) -> None:
    assert hq.admin.store("MILAN")["async_customer_edits"] is False
    assert milan.get("/api/v1/store").json()["features"]["async_customer_edits"] is False
    c = milan.create(new_customer()).json()
    r = edit(milan, c["account_number"], 1, {"first_name": "Nope"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "feature_required"
    assert milan.get(f"/api/v1/customers/{c['customer_id']}").json()["version"] == 1


def test_different_fields_both_apply_same_field_is_one_conflict(edits_on, two) -> None:
    a, b = two
    c = a.create(new_customer()).json()
    cid = c["customer_id"]
    ra = edit(a, cid, 1, {"first_name": "Anna", "email": "anna@example.com"})
    assert ra.status_code == 200, ra.text
    assert ra.json()["applied"] == ["email", "first_name"] and ra.json()["conflicts"] == []
    rb = edit(b, cid, 1, {"phone": "+39 02 9999 0000", "first_name": "Bice"})
    body = rb.json()
    assert rb.status_code == 200, rb.text
    assert body["applied"] == ["phone"]
    assert body["conflicts"] == [{"field": "first_name", "mine": "Bice", "hq": "Anna"}]
    now = a.get(f"/api/v1/customers/{cid}").json()
    assert (now["first_name"], now["email"], now["version"]) == ("Anna", "anna@example.com", 3)
    assert now["phone"].replace(" ", "").endswith("0299990000")


def test_a_replay_answers_the_same_and_applies_once(edits_on, two) -> None:
    a, _ = two
    c = a.create(new_customer()).json()
    edit_id = str(uuid.uuid4())
    first = edit(a, c["customer_id"], 1, {"last_name": "Once"}, edit_id=edit_id).json()
    again = edit(a, c["customer_id"], 1, {"last_name": "Once"}, edit_id=edit_id).json()
    assert again["replayed"] is True and again["version"] == first["version"] == 2
    assert again["applied"] == first["applied"] and again["conflicts"] == first["conflicts"]
    assert a.get(f"/api/v1/customers/{c['customer_id']}").json()["version"] == 2


def test_the_same_terminals_earlier_edit_is_no_conflict(edits_on, two) -> None:
    a, b = two
    c = a.create(new_customer()).json()
    assert edit(a, c["customer_id"], 1, {"first_name": "One"}).json()["conflicts"] == []
    # Its copy is still at version 1: the second change of the same field is no conflict.
    second = edit(a, c["customer_id"], 1, {"first_name": "Two"}).json()
    assert second["conflicts"] == [] and second["customer"]["first_name"] == "Two"
    # A PATCH by another terminal since the base is HQ's change.
    assert b.patch(f"/api/v1/customers/{c['customer_id']}", json={"first_name": "Bee"},
                   headers={"If-Match": "3"}).status_code == 200
    third = edit(a, c["customer_id"], 3, {"first_name": "Three"}).json()
    assert third["conflicts"] == [{"field": "first_name", "mine": "Three", "hq": "Bee"}]


def test_permissions_validation_and_pending_customers(edits_on, two, hq) -> None:
    a, _ = two
    c = a.create(new_customer()).json()
    r = edit(a, c["customer_id"], 1, {"first_name": "X"}, operator="nobody")
    assert r.status_code == 403 and r.json()["error"]["code"] == "unknown_operator"
    r = edit(a, c["customer_id"], 1, {"email": "not an e-mail"})
    assert r.status_code == 422
    staged = new_customer()
    a.upload(staged)
    r = edit(a, staged["customer_id"], 1, {"first_name": "Later"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "pending_sync"
    hq.admin.run_job()
    r = edit(a, staged["customer_id"], 1, {"first_name": "Later"})
    assert r.status_code == 200 and r.json()["customer"]["first_name"] == "Later"
