"""The async-to-sync job adds staged addresses to a customer with a version-conditional
update; an edit committed between the job's read of the customer and that update makes
the update write nothing. The addresses must then stay staged (applied by a later run),
never be marked applied while the customer lacks them.

A real HQ process on SQLite and on PostgreSQL; the job runs in this process on the same
database, and the edit is a real PATCH sent to HQ at the moment the job has read the
customer. On PostgreSQL the edit commits there and then (the job locks only the staged
addresses); on SQLite the job holds the one write lock, so the edit waits and is refused
as stale (412) after the job: both are fine, a lost address is not."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from sqlalchemy import select

from hq_stub.db import Database, staged_addresses
from hq_stub.job import AsyncJob
from hq_stub.process import HQProcess
from hq_stub.stores import Stores
from tests.hq.helpers import ADMIN_TOKEN, activate, new_customer


@pytest.fixture
def race_hq(db_url) -> Iterator[tuple[HQProcess, str]]:
    with HQProcess(db_url, demo=True, admin_token=ADMIN_TOKEN, job_interval=0) as proc:
        yield proc, db_url


def _staged_state(db: Database, address_id: str) -> str:
    with db.read() as conn:
        return str(conn.execute(select(staged_addresses.c.state).where(
            staged_addresses.c.address_id == address_id)).scalar_one())


def test_an_edit_racing_the_job_never_loses_a_staged_address(race_hq, monkeypatch) -> None:
    hq, url = race_hq
    milan = activate(hq, "MILAN")
    customer = new_customer(addresses=[])
    created = milan.create(customer)
    assert created.status_code == 201, created.text
    account = created.json()["account_number"]
    address_id = str(uuid.uuid4())
    r = milan.post("/api/v1/async-addresses", json={"addresses": [{
        "address_id": address_id, "customer_id": customer["customer_id"],
        "street": "Via Nuova 7", "city": "Milano", "zip": "20121"}]})
    assert r.json()["accepted"] == [address_id], r.text

    edits: list[requests.Response] = []
    original = AsyncJob._apply_addresses

    def apply_then_edit(self: AsyncJob, run: Any, cust: Any, addr_rows: Any) -> None:
        original(self, run, cust, addr_rows)
        # The job has read the customer at version 1: a manager edits it now.
        edit = threading.Thread(target=lambda: edits.append(milan.patch(
            f"/api/v1/customers/{account}", json={"first_name": "Edited"},
            headers={"If-Match": str(cust.version)})))
        edit.start()
        edit.join(2.0)  # PostgreSQL: done; SQLite: waits for the job's write lock

    db = Database(url)
    try:
        job = AsyncJob(db, Stores(db))
        monkeypatch.setattr(AsyncJob, "_apply_addresses", apply_then_edit)
        first = job.run()
        monkeypatch.setattr(AsyncJob, "_apply_addresses", original)
        hq_doc = milan.get(f"/api/v1/customers/{account}").json()
        streets = [a["street"] for a in hq_doc["addresses"]]
        state = _staged_state(db, address_id)
        # What the job reported and recorded is what the customer holds.
        assert (state == "applied") == ("Via Nuova 7" in streets), (state, streets)
        assert first["addresses_applied"] == (1 if state == "applied" else 0)
        job.run()  # a later run applies what waited
        hq_doc = milan.get(f"/api/v1/customers/{account}").json()
        assert [a["street"] for a in hq_doc["addresses"]] == ["Via Nuova 7"]
        assert _staged_state(db, address_id) == "applied"
    finally:
        db.write_engine.dispose()
        db.read_engine.dispose()
    for _ in range(50):  # the edit (SQLite: after the job's commit) has its answer
        if edits:
            break
        threading.Event().wait(0.1)
    (edit,) = edits
    assert edit.status_code in (200, 412), edit.text
    if edit.status_code == 200:  # the edit is kept too, not overwritten by the job
        assert hq_doc["first_name"] == "Edited"
