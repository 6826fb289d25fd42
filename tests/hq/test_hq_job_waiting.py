"""The async-to-sync job pages past records that must wait: any number of staged
addresses of rejected (or still staged) customers, or staged customers of a store HQ
does not know, never stop the job from applying the records behind them ("one bad
record never stops anything else"). Real HQ on 127.0.0.1, the job run on demand."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from hq_stub.db import Database, staged_customers, utcnow
from hq_stub.job import JOB_BATCH
from hq_stub.process import HQProcess
from tests.hq.helpers import ADMIN_TOKEN, Api, activate, new_customer


@pytest.fixture
def private_hq(tmp_path) -> Iterator[HQProcess]:
    with HQProcess(tmp_path / "hq.db", demo=True, admin_token=ADMIN_TOKEN,
                   job_interval=0) as proc:
        yield proc


def run_job(hq: HQProcess) -> dict:
    r = Api(hq.url, ADMIN_TOKEN).post("/api/v1/admin/jobs/async-to-sync")
    assert r.status_code == 200, r.text
    return r.json()


def test_a_full_batch_of_waiting_addresses_does_not_stop_other_addresses(private_hq):
    milan = activate(private_hq, "MILAN")
    # 25 customers the job rejects (no required 'segment'), 20 addresses each: 500.
    bad = [new_customer(attributes={}, addresses=[]) for _ in range(JOB_BATCH // 20)]
    assert len(milan.upload(*bad)["accepted"]) == len(bad)
    run_job(private_hq)
    assert milan.status(bad[0]["customer_id"])["state"] == "rejected"
    waiting = [{"address_id": str(uuid.uuid4()), "customer_id": c["customer_id"],
                "street": f"Via {i}", "city": "Milano", "zip": "20123"}
               for c in bad for i in range(20)]
    r = milan.post("/api/v1/async-addresses", json={"addresses": waiting})
    assert len(r.json()["accepted"]) == JOB_BATCH
    good = new_customer(addresses=[])
    milan.upload(good)
    run_job(private_hq)
    account = milan.status(good["customer_id"])["account_number"]
    r = milan.post("/api/v1/async-addresses", json={"addresses": [{
        "address_id": str(uuid.uuid4()), "customer_id": good["customer_id"],
        "street": "Via Buona 1", "city": "Milano", "zip": "20123"}]})
    assert len(r.json()["accepted"]) == 1
    assert run_job(private_hq)["addresses_applied"] == 1
    doc = milan.get(f"/api/v1/customers/{account}").json()
    assert [a["street"] for a in doc["addresses"]] == ["Via Buona 1"]
    # The waiting ones still wait (not rejected): a corrected customer gets them.
    fixed = {**bad[0], "attributes": {"segment": "gold"}}
    milan.upload(fixed)
    run_job(private_hq)
    status = milan.status(fixed["customer_id"])
    assert status["state"] == "converted"
    doc = milan.get(f"/api/v1/customers/{status['account_number']}").json()
    assert len(doc["addresses"]) == 20


def test_a_full_batch_of_customers_of_an_unknown_store_does_not_stop_others(private_hq):
    milan = activate(private_hq, "MILAN")
    db = Database(private_hq.db)
    try:
        with db.write() as conn:  # staged for a store HQ no longer (or not yet) knows
            now = utcnow()
            conn.execute(staged_customers.insert(), [dict(
                customer_id=str(uuid.uuid4()), store_id="GONE", state="staged",
                account_number=None, error=None, attempts=0, received_at=now,
                updated_at=now, data='{"customer_type": "person"}')
                for _ in range(JOB_BATCH)])
    finally:
        db.dispose()
    good = new_customer()
    milan.upload(good)
    run_job(private_hq)
    assert milan.status(good["customer_id"])["state"] == "converted"
