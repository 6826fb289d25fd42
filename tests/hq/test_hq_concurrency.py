"""8 threads x 250 customers through real-time creates and async uploads, with the
async-to-sync job running on its schedule and on demand at the same time — on SQLite and
on PostgreSQL (truly concurrent transactions, SKIP LOCKED, unique-key races)."""

from __future__ import annotations

import random
import threading
from collections import Counter

import pytest

from hq_stub.process import HQProcess
from tests.hq.helpers import ADMIN_TOKEN, activate, new_customer

THREADS = 8
PER_THREAD = 250


@pytest.fixture
def busy_hq(db_url):
    with HQProcess(db_url, demo=True, admin_token=ADMIN_TOKEN, job_interval=0.05) as proc:
        yield proc


def test_concurrent_creates_uploads_and_jobs(busy_hq):
    hq = busy_hq
    apis = [activate(hq, "MILAN") for _ in range(THREADS)]
    _, start_cursor = apis[0].all_changes()
    realtime_accounts: dict[str, str] = {}
    all_ids: list[str] = []
    errors: list[str] = []
    lock = threading.Lock()

    def worker(i: int) -> None:
        rng = random.Random(i)
        api = apis[i]
        pending: list[dict] = []
        mine: dict[str, str] = {}
        ids: list[str] = []
        try:
            for n in range(PER_THREAD):
                c = new_customer()
                ids.append(c["customer_id"])
                kind = rng.random()
                if kind < 0.45:  # real-time create, sometimes retried
                    for _ in range(1 + (n % 7 == 0)):
                        r = api.create(c)
                        assert r.status_code in (200, 201), r.text
                    mine[c["customer_id"]] = r.json()["account_number"]
                    if kind < 0.1:  # "timed out": the same customer also goes async
                        pending.append(c)
                else:
                    pending.append(c)
                if len(pending) >= 10 or n == PER_THREAD - 1:
                    res = api.upload(*pending)
                    assert not res["rejected"], res["rejected"]
                    if rng.random() < 0.3:  # lost response: the batch is sent again
                        api.upload(*pending)
                    pending = []
                if n % 50 == 25:
                    hq.admin.run_job()
        except Exception as exc:  # reported below with the thread number
            errors.append(f"thread {i}: {exc!r}")
        with lock:
            realtime_accounts.update(mine)
            all_ids.extend(ids)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    assert len(all_ids) == len(set(all_ids)) == THREADS * PER_THREAD

    hq.admin.run_job()
    api = apis[0]
    accounts: dict[str, str] = {}
    for cid in all_ids:
        st = api.status(cid)
        assert st["state"] == "converted", st
        accounts[cid] = st["account_number"]
    # None lost, none doubled, real-time numbers stick.
    assert len(set(accounts.values())) == len(all_ids)
    for cid, acct in realtime_accounts.items():
        assert accounts[cid] == acct
    changes, _ = api.all_changes(start_cursor)
    counts = Counter(c["customer_id"] for c in changes)
    assert set(counts) == set(all_ids)
    assert max(counts.values()) == 1
    assert {c["customer_id"]: c["account_number"] for c in changes} == accounts
    # And all account numbers across the whole chain are unique.
    everything = []
    for store in ("MILAN", "STOCKHOLM", "PARIS", "TALLINN"):
        everything += [c["account_number"] for c in activate(hq, store).all_changes()[0]]
    assert len(everything) == len(set(everything))
    assert "Traceback" not in hq.stderr_tail(500_000)
