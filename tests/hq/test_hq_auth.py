"""Activation, bearer auth, admin separation and store scoping."""

from __future__ import annotations

import sqlite3
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from hq_stub.process import HQProcess
from tests.hq.helpers import ADMIN_TOKEN, Api, new_customer

# A fixed id: test ids are the same in every process (pytest-xdist compares them).
UNKNOWN_ID = "3f2b8c1e-7d4a-4e6b-9a51-0c8d2e4f6a17"
DEVICE_PATHS = [("GET", "/api/v1/store"), ("POST", "/api/v1/customers"),
                ("GET", "/api/v1/customers?q=rossi"), ("GET", "/api/v1/customers/C0000001"),
                ("PATCH", "/api/v1/customers/C0000001"),
                ("POST", "/api/v1/customers/C0000001/loyalty-cards"),
                ("GET", "/api/v1/customers/changes"), ("POST", "/api/v1/async-customers"),
                ("GET", f"/api/v1/async-customers/{UNKNOWN_ID}"),
                ("POST", "/api/v1/async-addresses")]
ADMIN_PATHS = [("GET", "/api/v1/admin/stores"), ("PATCH", "/api/v1/admin/stores/MILAN"),
               ("POST", "/api/v1/admin/activation-codes"),
               ("POST", "/api/v1/admin/jobs/async-to-sync")]


def _activate(hq, code, terminal):
    return requests.post(f"{hq.url}/api/v1/devices/activate",
                         json={"activation_code": code, "terminal_id": terminal}, timeout=5)


@pytest.mark.parametrize("method,path", DEVICE_PATHS + ADMIN_PATHS)
@pytest.mark.parametrize("auth", [None, "Bearer nope", "Basic abc", "Bearer "])
def test_missing_or_unknown_token_is_401(hq, method, path, auth):
    headers = {"Authorization": auth} if auth else {}
    r = requests.request(method, hq.url + path, headers=headers, json={}, timeout=5)
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("method,path", ADMIN_PATHS)
def test_devices_are_refused_on_admin_calls(milan, method, path):
    r = milan.request(method, path, json={"store_id": "MILAN", "terminal_id": "X"})
    assert r.status_code == 403


def test_admin_token_is_not_a_device_token(hq):
    r = Api(hq.url, ADMIN_TOKEN).get("/api/v1/store")
    assert r.status_code == 401


def test_activation_codes_are_single_use_and_bound_to_the_terminal(hq):
    code = hq.admin.create_activation_code("STOCKHOLM", "T7")["activation_code"]
    assert _activate(hq, code, "T8").status_code == 401  # wrong terminal: not consumed
    r = _activate(hq, code.lower().replace("-", ""), "T7")  # forgiving about case/dashes
    assert r.status_code == 200 and r.json()["store_id"] == "STOCKHOLM"
    again = _activate(hq, code, "T7")
    assert again.status_code == 401
    assert again.json()["error"]["code"] == "invalid_activation_code"
    assert _activate(hq, "AAAA-BBBB-CCCC", "T7").status_code == 401


def test_concurrent_activation_with_one_code_succeeds_once(hq):
    code = hq.admin.create_activation_code("MILAN", "T-race")["activation_code"]
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda _: _activate(hq, code, "T-race").status_code, range(8)))
    assert sorted(codes) == [200] + [401] * 7


def test_activation_codes_expire(hq):
    code = hq.admin.create_activation_code("MILAN", "T-exp", ttl_seconds=0.5)
    time.sleep(0.8)
    assert _activate(hq, code["activation_code"], "T-exp").status_code == 401


def test_tokens_and_codes_are_stored_hashed(hq, milan):
    db = hq.db.removeprefix("sqlite:///")
    with sqlite3.connect(db) as conn:
        hashes = [r[0] for r in conn.execute("SELECT token_hash FROM devices")]
        codes = [r[0] for r in conn.execute("SELECT code_hash FROM activation_codes")]
    assert milan.token not in hashes and all(len(h) == 64 for h in hashes)
    plain = {c["activation_code"].replace("-", "") for c in hq.activation_codes}
    assert not plain & set(codes)


def test_store_scoping(milan, stockholm, hq):
    assert stockholm.get("/api/v1/store").json()["store_id"] == "STOCKHOLM"
    c = milan.create(new_customer()).json()
    acct = c["account_number"]
    # Customers are searchable/readable chain-wide (search spans all stores) ...
    assert stockholm.get(f"/api/v1/customers/{acct}").status_code == 200
    # ... but another store can neither change them nor see Milan's pipeline or feed.
    r = stockholm.patch(f"/api/v1/customers/{acct}", json={"middle_name": "X"},
                        headers={"If-Match": "1"})
    assert r.status_code == 403
    assert milan.get(f"/api/v1/customers/{acct}").json()["version"] == 1
    staged = new_customer()
    milan.upload(staged)
    assert stockholm.get(f"/api/v1/async-customers/{staged['customer_id']}").status_code == 404
    assert stockholm.get(f"/api/v1/async-customers/{c['customer_id']}").status_code == 404
    listed = stockholm.get("/api/v1/async-customers").json()["customers"]
    assert staged["customer_id"] not in {x["customer_id"] for x in listed}
    sth_feed, _ = stockholm.all_changes()
    assert {x["store_id"] for x in sth_feed} == {"STOCKHOLM"}
    # Async addresses for another store's customer are refused.
    addr = {"customer_id": c["customer_id"], "address_id": str(uuid.uuid4()),
            "street": "Kungsgatan 2", "city": "Stockholm"}
    hq.admin.patch_store("STOCKHOLM", async_customer_addresses=True)
    try:
        res = stockholm.post("/api/v1/async-addresses", json={"addresses": [addr]}).json()
    finally:
        hq.admin.patch_store("STOCKHOLM", async_customer_addresses=False)
    assert res["accepted"] == [] and res["rejected"][0]["error"] == "unknown customer"


def test_activation_brute_force_is_429(tmp_path):
    with HQProcess(tmp_path / "hq.db", admin_token=ADMIN_TOKEN, job_interval=0,
                   env={"HQ_ACTIVATION_MAX_FAILURES": "3"}) as hq:
        for _ in range(3):
            assert _activate(hq, "WRONG-CODE-0000", "T1").status_code == 401
        r = _activate(hq, "WRONG-CODE-0000", "T1")
        assert r.status_code == 429 and r.headers["Retry-After"] == "60"
        assert r.json()["error"]["code"] == "too_many_requests"
