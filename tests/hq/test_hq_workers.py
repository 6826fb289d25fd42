"""``hq-stub serve --workers N``: several uvicorn worker processes on one PostgreSQL
database; the async-to-sync job runs in one place at a time (an advisory lock), and a
worker SIGKILLed in the middle of a job leaves nothing half-converted."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

import psycopg

from hq_stub import demo, feed
from hq_stub.db import Database
from hq_stub.process import HQProcess
from hq_stub.service import HQService
from tests.hq import pg
from tests.hq.helpers import ADMIN_TOKEN, activate, new_customer

START = 90.0  # seconds: each worker starts a new interpreter (slow on a busy 2-core box)


def _dsn(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def test_several_workers_are_refused_on_sqlite(tmp_path):
    out = subprocess.run([sys.executable, "-m", "hq_stub", "serve", "--workers", "2",
                          "--db", str(tmp_path / "hq.db"), "--port", "0"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert "--workers 2 needs a PostgreSQL database" in out.stderr
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "hq.db").exists()  # refused before anything was created


def test_the_job_runs_in_one_place_at_a_time(pg_base_url):
    """Two HQ processes' jobs (two services on one database): while one run is in
    flight, the scheduler's run elsewhere is skipped and an admin's run waits for it."""
    url = pg.new_database(pg_base_url)
    one, other = Database(url), Database(url)
    one.migrate()
    first, second = HQService(one), HQService(other)
    with one.write() as conn:
        demo.seed(conn, customers_per_store=1)
    in_flight, release = threading.Event(), threading.Event()

    def hold(conn) -> None:
        if threading.current_thread().name == "first-job":
            in_flight.set()
            release.wait(10)

    feed._after_allocate_hook = hold
    try:
        first.staging.upload_customers("MILAN", [new_customer() for _ in range(5)])
        results: dict[str, object] = {}
        runner = threading.Thread(target=lambda: results.update(first=first.job.run()),
                                  name="first-job")
        runner.start()
        assert in_flight.wait(10)
        assert second.job.try_run() is None  # the scheduler elsewhere: skipped
        waiter = threading.Thread(target=lambda: results.update(admin=second.job.run()))
        waiter.start()
        time.sleep(0.5)
        assert waiter.is_alive(), "an admin's run did not wait for the run in flight"
        release.set()
        runner.join(10)
        waiter.join(10)
        assert results["first"]["converted"] == 5  # type: ignore[index]
        assert results["admin"]["converted"] == 0  # type: ignore[index]
    finally:
        feed._after_allocate_hook = None
        release.set()
        one.dispose()
        other.dispose()


def _blocked_job_backend(dsn: str, worker_pids: list[int], timeout: float = 30.0) -> int:
    """The HQ worker whose job transaction waits on our lock (pg_stat_activity)."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(dsn, autocommit=True) as conn:
        while time.monotonic() < deadline:
            rows = conn.execute(
                "SELECT application_name FROM pg_stat_activity WHERE wait_event_type = "
                "'Lock' AND application_name LIKE 'hq-stub %'").fetchall()
            for (name,) in rows:
                pid = int(name.split()[1])
                if pid in worker_pids:
                    return pid
            time.sleep(0.05)
    raise AssertionError("no HQ worker's job was seen waiting on the lock")


def _staged_and_customers(dsn: str, ids: list[str]) -> tuple[Counter[str], dict[str, str]]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        states = Counter(s for (s,) in conn.execute(
            "SELECT state FROM staged_customers WHERE customer_id = ANY(%s)", (ids,)))
        accounts = dict(conn.execute(
            "SELECT customer_id, account_number FROM customers WHERE customer_id = ANY(%s)",
            (ids,)).fetchall())
    return states, accounts


def test_a_worker_killed_mid_job_leaves_nothing_half_converted(pg_base_url):
    url = pg.new_database(pg_base_url)
    dsn = _dsn(url)
    with HQProcess(url, demo=True, admin_token=ADMIN_TOKEN, job_interval=0,
                   start_timeout=START, extra_args=["--workers", "2"]) as hq:
        workers = hq.worker_pids()
        assert len(workers) == 2
        api = activate(hq, "MILAN")
        batch = [new_customer() for _ in range(300)]
        ids = [c["customer_id"] for c in batch]
        # A transaction of ours holds one of the batch's customer ids: the job's INSERT
        # of its batch waits on it, after it has locked, numbered and inserted rows.
        blocker = psycopg.connect(dsn)
        blocker.execute(
            "INSERT INTO customers (customer_id, account_number, store_id, version, "
            "feed_seq, search_text, phone_digits, sort_name, origin, doc, created_at, "
            "updated_at) VALUES (%s, 'BLOCKER', 'MILAN', 1, -1, '', '', '', 'test', '{}', "
            "now(), now())", (ids[150],))
        api.upload(*batch)
        job = threading.Thread(target=lambda: _quietly(hq.admin.run_job), daemon=True)
        job.start()
        victim = _blocked_job_backend(dsn, workers)
        os.kill(victim, signal.SIGKILL)
        blocker.rollback()
        blocker.close()
        job.join(30)
        # The killed worker's transaction is rolled back by PostgreSQL: all staged, none
        # a customer, not one account number handed out for the batch.
        deadline = time.monotonic() + 20
        while True:
            states, accounts = _staged_and_customers(dsn, ids)
            if time.monotonic() > deadline or not _backend_of(dsn, victim):
                break
            time.sleep(0.1)
        assert states == Counter(staged=300) and accounts == {}
        # uvicorn replaces the dead worker; the job then converts every one exactly once.
        wait_for(lambda: len(hq.worker_pids()) == 2 and victim not in hq.worker_pids())
        assert hq.admin.run_job()["converted"] == 300
        states, accounts = _staged_and_customers(dsn, ids)
        assert states == Counter(converted=300)
        assert len(accounts) == 300 and len(set(accounts.values())) == 300
        assert {api.status(i)["account_number"] for i in ids} == set(accounts.values())
        changes, _ = api.all_changes()
        fed = Counter(c["customer_id"] for c in changes if c["customer_id"] in accounts)
        assert set(fed) == set(ids) and max(fed.values()) == 1
    assert "Traceback" not in hq.stderr_tail(200_000)


def test_several_workers_serve_one_database(pg_base_url):
    """Creates spread over three workers: unique numbers, one feed, several workers
    answering (each names its database connections after its pid)."""
    url = pg.new_database(pg_base_url)
    with HQProcess(url, demo=True, admin_token=ADMIN_TOKEN, job_interval=0,
                   start_timeout=START, extra_args=["--workers", "3"]) as hq:
        assert len(hq.worker_pids()) == 3
        apis = [activate(hq, store) for store in ("MILAN", "STOCKHOLM")]
        _, start = apis[0].all_changes()
        accounts: list[str] = []
        lock = threading.Lock()

        def client(i: int) -> None:
            api = activate(hq, "MILAN")  # its own connection: the kernel spreads them
            for _ in range(30):
                r = api.create(new_customer())
                assert r.status_code == 201, r.text
                with lock:
                    accounts.append(r.json()["account_number"])

        threads = [threading.Thread(target=client, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert len(accounts) == 180 == len(set(accounts))
        changes, _ = apis[0].all_changes(start)
        assert sorted(c["account_number"] for c in changes) == sorted(accounts)
        with psycopg.connect(_dsn(url), autocommit=True) as conn:
            served = {int(name.split()[1]) for (name,) in conn.execute(
                "SELECT application_name FROM pg_stat_activity "
                "WHERE application_name LIKE 'hq-stub %'")}
        assert len(served & set(hq.worker_pids())) >= 2


def _backend_of(dsn: str, worker_pid: int) -> bool:
    with psycopg.connect(dsn, autocommit=True) as conn:
        return bool(conn.execute("SELECT count(*) FROM pg_stat_activity WHERE "
                                 "application_name = %s", (f"hq-stub {worker_pid}",)
                                 ).fetchone()[0])


def _quietly(call) -> None:  # type: ignore[no-untyped-def]
    with contextlib.suppress(Exception):  # the worker answering it was killed: no answer
        call()


def wait_for(predicate, timeout: float = START) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.2)

