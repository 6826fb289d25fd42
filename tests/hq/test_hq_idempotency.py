"""customer_id is THE identity: no path, order or repetition makes a second customer."""

from __future__ import annotations

import uuid

from tests.hq.helpers import new_customer


def _feed_ids(milan, cursor):
    changes, _ = milan.all_changes(cursor)
    return [c["customer_id"] for c in changes]


def test_same_key_three_times_is_one_customer(milan):
    _, cursor = milan.all_changes()
    c = new_customer()
    responses = [milan.create(c) for _ in range(3)]
    assert [r.status_code for r in responses] == [201, 200, 200]
    accounts = {r.json()["account_number"] for r in responses}
    assert len(accounts) == 1
    assert _feed_ids(milan, cursor).count(c["customer_id"]) == 1
    # The same key with a different body is not a replay: 409, the customer unchanged
    # (issue 10; it used to answer the old customer silently).
    replay = milan.create({**c, "email": "broken"})
    assert replay.status_code == 409, replay.text
    assert replay.json()["error"]["code"] == "idempotency_conflict"
    assert milan.get(f"/api/v1/customers/{c['customer_id']}").json()["email"] == c["email"]


def test_idempotency_key_must_match_customer_id(milan):
    c = new_customer()
    r = milan.post("/api/v1/customers", json=c, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert r.status_code == 422
    assert milan.get(f"/api/v1/customers/{c['customer_id']}").status_code == 404


def test_realtime_then_async_upload_is_one_customer(milan, hq):
    _, cursor = milan.all_changes()
    c = new_customer()
    created = milan.create(c).json()
    # The terminal timed out, went offline and uploads the same customer async (thrice).
    for _ in range(3):
        res = milan.upload(c)
        assert res == {"accepted": [c["customer_id"]], "rejected": []}
    st = milan.status(c["customer_id"])
    assert st == {**st, "state": "converted", "account_number": created["account_number"]}
    hq.admin.run_job()
    assert milan.status(c["customer_id"])["account_number"] == created["account_number"]
    assert _feed_ids(milan, cursor).count(c["customer_id"]) == 1


def test_async_three_times_then_job_twice_is_one_customer(milan, hq):
    _, cursor = milan.all_changes()
    c = new_customer()
    for _ in range(3):
        assert milan.upload(c)["accepted"] == [c["customer_id"]]
    hq.admin.run_job()
    acct = milan.status(c["customer_id"])["account_number"]
    milan.upload(c)  # a late retry after conversion changes nothing
    hq.admin.run_job()
    assert milan.status(c["customer_id"])["account_number"] == acct
    assert _feed_ids(milan, cursor).count(c["customer_id"]) == 1


def test_async_staged_then_realtime_create_is_one_customer(milan, hq):
    _, cursor = milan.all_changes()
    c = new_customer()
    milan.upload(c)
    r = milan.create(c)
    assert r.status_code == 201
    acct = r.json()["account_number"]
    st = milan.status(c["customer_id"])
    assert st["state"] == "converted" and st["account_number"] == acct
    hq.admin.run_job()
    assert milan.status(c["customer_id"])["account_number"] == acct
    assert _feed_ids(milan, cursor).count(c["customer_id"]) == 1


def test_same_customer_twice_in_one_batch(milan, hq):
    c = new_customer()
    res = milan.upload(c, c)
    assert res["accepted"] == [c["customer_id"]]
    hq.admin.run_job()
    assert milan.status(c["customer_id"])["state"] == "converted"


def test_rejected_then_corrected_reupload_is_restaged(milan, hq):
    c = new_customer(email="wrong@")
    milan.upload(c)
    hq.admin.run_job()
    assert milan.status(c["customer_id"])["state"] == "rejected"
    # Uploading the same broken data again keeps it rejected after the next job.
    milan.upload(c)
    hq.admin.run_job()
    assert milan.status(c["customer_id"])["state"] == "rejected"
    fixed = {**c, "email": "fixed@example.com"}
    assert milan.upload(fixed)["accepted"] == [c["customer_id"]]
    assert milan.status(c["customer_id"])["state"] == "staged"
    hq.admin.run_job()
    st = milan.status(c["customer_id"])
    assert st["state"] == "converted" and "error" not in st
    got = milan.get(f"/api/v1/customers/{st['account_number']}").json()
    assert got["email"] == "fixed@example.com"


def test_customer_id_of_another_store_is_refused(milan, stockholm, hq):
    c = new_customer()
    milan.create(c)
    r = stockholm.create({**c, "currency": "SEK"})
    assert r.status_code == 409
    res = stockholm.upload(c)
    assert res["accepted"] == [] and res["rejected"][0]["customer_id"] == c["customer_id"]
    staged = new_customer()
    milan.upload(staged)
    assert stockholm.upload(staged)["accepted"] == []


def test_an_idempotency_key_is_compared_with_the_id_in_canonical_form(milan):
    canonical = str(uuid.uuid4())
    body = new_customer(customer_id=canonical)
    accounts = set()
    for spelt in ("{" + canonical.upper() + "}", canonical.replace("-", ""),
                  canonical.upper()):
        r = milan.create({**body, "customer_id": spelt})
        assert r.status_code in (200, 201), r.text
        assert r.json()["customer_id"] == canonical
        accounts.add(r.json()["account_number"])
    assert len(accounts) == 1
    r = milan.post("/api/v1/customers", json=body,
                   headers={"Idempotency-Key": str(uuid.uuid4())})
    assert r.status_code == 422
