"""Permissions per store and role (issue 12 §1): HQ serves the table with the store
configuration (a change is a new ETag) and enforces it on the operator a terminal names
with an edit, so a terminal with a stale configuration cannot get round it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.hq.helpers import new_customer
from tests.hq.test_hq_cli import cli, ok

DEFAULTS = {
    "cashier": {"customer.create": True, "customer.edit": True, "address.edit": True,
                "customer.resubmit": True, "terminal.disconnect": False},
    "manager": {"customer.create": True, "customer.edit": True, "address.edit": True,
                "customer.resubmit": True, "terminal.disconnect": True},
}


@pytest.fixture
def permissions(admin) -> Iterator:
    """Switch permissions for one test; MILAN gets the defaults back afterwards."""

    def switch(store_id: str, role: str, **values: bool) -> dict:
        r = admin.patch(f"/api/v1/admin/stores/{store_id}", operator=None,
                        json={"permissions": {role: {k.replace("_", "."): v
                                                     for k, v in values.items()}}})
        assert r.status_code == 200, r.text
        return r.json()

    yield switch
    r = admin.patch("/api/v1/admin/stores/MILAN", operator=None,
                    json={"permissions": DEFAULTS})
    assert r.status_code == 200, r.text


def test_the_store_configuration_carries_the_documented_defaults(milan, admin):
    assert milan.get("/api/v1/store").json()["permissions"] == DEFAULTS
    assert admin.get("/api/v1/admin/stores/MILAN").json()["permissions"] == DEFAULTS


def test_a_permission_change_is_a_new_configuration_version(milan, permissions):
    before = milan.get("/api/v1/store")
    etag = before.headers["ETag"]
    assert milan.get("/api/v1/store", headers={"If-None-Match": etag}).status_code == 304
    out = permissions("MILAN", "cashier", customer_edit=False)
    assert out["permissions"]["cashier"]["customer.edit"] is False
    assert out["permissions"]["cashier"]["address.edit"] is True  # the others stay
    after = milan.get("/api/v1/store", headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["ETag"] != etag
    assert after.json()["version"] == before.json()["version"] + 1
    assert after.json()["permissions"]["cashier"]["customer.edit"] is False


def test_hq_refuses_an_edit_the_operators_role_may_not_make(milan, permissions):
    acct = milan.create(new_customer()).json()["account_number"]
    path = f"/api/v1/customers/{acct}"
    # The defaults: a cashier edits.
    r = milan.patch(path, json={"middle_name": "Maria"}, headers={"If-Match": "1"},
                    operator="1001")
    assert r.status_code == 200, r.text
    permissions("MILAN", "cashier", customer_edit=False)
    # A terminal that has not refreshed its configuration still sends the edit: refused.
    r = milan.patch(path, json={"middle_name": "Anna"}, headers={"If-Match": "2"},
                    operator="1001")
    assert r.status_code == 403
    error = r.json()["error"]
    assert (error["code"], error["permission"]) == ("permission_denied", "customer.edit")
    assert "cashier" in error["message"] and "customer.edit" in error["message"]
    assert milan.get(path).json()["middle_name"] == "Maria"  # nothing changed
    # Its addresses are address.edit, still the cashier's.
    addresses = milan.get(path).json()["addresses"]
    addresses[0]["purpose"] = "office"
    r = milan.patch(path, json={"addresses": addresses}, headers={"If-Match": "2"},
                    operator="1001")
    assert r.status_code == 200, r.text
    # The whole customer sent back with only its addresses changed is an address edit too.
    body = {k: v for k, v in r.json().items() if k in ("first_name", "last_name", "email",
                                                        "phone", "addresses")}
    body["addresses"][0]["purpose"] = "home"
    r = milan.patch(path, json=body, headers={"If-Match": "3"}, operator="1001")
    assert r.status_code == 200, r.text
    # The manager still edits everything.
    r = milan.patch(path, json={"middle_name": "Anna"}, headers={"If-Match": "4"},
                    operator="2001")
    assert r.status_code == 200, r.text


def test_an_address_change_needs_address_edit(milan, permissions):
    created = milan.create(new_customer()).json()
    path = f"/api/v1/customers/{created['account_number']}"
    permissions("MILAN", "cashier", address_edit=False)
    addresses = created["addresses"]
    addresses[0]["city"] = "Monza"
    r = milan.patch(path, json={"addresses": addresses, "middle_name": "Z"},
                    headers={"If-Match": "1"}, operator="1001")
    assert r.status_code == 403 and r.json()["error"]["permission"] == "address.edit"
    r = milan.patch(path, json={"middle_name": "Z"}, headers={"If-Match": "1"},
                    operator="1001")
    assert r.status_code == 200, r.text


def test_an_edit_names_a_known_operator(milan, stockholm):
    acct = milan.create(new_customer()).json()["account_number"]
    path = f"/api/v1/customers/{acct}"
    r = milan.patch(path, json={"middle_name": "X"}, headers={"If-Match": "1"}, operator=None)
    assert r.status_code == 400 and r.json()["error"]["code"] == "operator_required"
    r = milan.patch(path, json={"middle_name": "X"}, headers={"If-Match": "1"},
                    operator="9999")
    assert r.status_code == 403 and r.json()["error"]["code"] == "unknown_operator"


def test_a_realtime_create_names_an_operator_allowed_to_create(milan, permissions):
    permissions("MILAN", "cashier", customer_create=False)
    customer = new_customer()
    headers = {"Idempotency-Key": customer["customer_id"], "X-Operator-Id": "1001"}
    r = milan.post("/api/v1/customers", json=customer, headers=headers)
    assert r.status_code == 403 and r.json()["error"]["permission"] == "customer.create"
    headers["X-Operator-Id"] = "2001"
    assert milan.post("/api/v1/customers", json=customer, headers=headers).status_code == 201


def test_unknown_roles_and_permissions_are_refused(admin):
    for body in ({"permissions": {"cashier": {"customer.delete": True}}},
                 {"permissions": {"owner": {"customer.edit": True}}},
                 {"permissions": {"cashier": {"customer.edit": "no"}}}):
        r = admin.patch("/api/v1/admin/stores/MILAN", json=body, operator=None)
        assert r.status_code == 422, body


def test_the_admin_cli_sets_permissions(hq, permissions):
    out = ok(cli(hq, "permissions", "MILAN", "cashier", "customer.edit=false",
                 "address.edit=no"))
    assert out["permissions"]["cashier"]["customer.edit"] is False
    assert out["permissions"]["cashier"]["address.edit"] is False
    assert out["permissions"]["manager"]["customer.edit"] is True
    shown = ok(cli(hq, "store", "MILAN"))
    assert shown["permissions"]["cashier"]["customer.edit"] is False
    bad = cli(hq, "permissions", "MILAN", "cashier", "customer.delete=true")
    assert bad.returncode == 1 and "422" in bad.stderr


def test_an_upload_names_who_corrected_a_rejected_customer(hq, milan, admin, permissions):
    """The terminal's upload queue carries the operator of a correction (`operator_id`):
    a terminal that missed the change at HQ cannot resubmit for a cashier."""
    bad = new_customer(email="nobody@")
    milan.upload(bad)
    hq.admin.run_job()
    assert milan.status(bad["customer_id"])["state"] == "rejected"
    permissions("MILAN", "cashier", customer_resubmit=False)
    fixed = {**bad, "email": "fixed@example.com", "operator_id": "1001"}
    out = milan.upload(fixed)
    [refused] = out["rejected"]
    [reason] = refused["reasons"]
    assert (reason["code"], reason["params"]["permission"]) == (
        "permission_denied", "customer.resubmit")
    assert "customer.resubmit" in refused["error"]
    assert milan.status(bad["customer_id"])["state"] == "rejected"
    out = milan.upload({**fixed, "operator_id": "2001"})  # the manager may
    assert out["accepted"] == [bad["customer_id"]]
    assert milan.status(bad["customer_id"])["state"] == "staged"
    # A new customer naming an operator needs customer.create.
    permissions("MILAN", "cashier", customer_create=False)
    new = {**new_customer(), "operator_id": "1001"}
    [refused] = milan.upload(new)["rejected"]
    assert "customer.create" in refused["error"]
    assert milan.upload({**new_customer(), "operator_id": "9999"})["rejected"][0][
        "reasons"][0]["code"] == "unknown_operator"
    assert milan.upload(new_customer())["accepted"]  # no operator named: as before
