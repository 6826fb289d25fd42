"""A chain in one box: HQ on PostgreSQL with several worker processes, and many real
terminals (each its own SQLite database and device token) that create customers offline
and then sync through the terminal's own sync code. Used by
``tests/hq/test_hq_chain.py`` (short form) and ``benchmarks/bench_chain.py``.

Midway, one HQ worker and a few terminals are SIGKILLed: the killed terminals run as
``pos-desktop sync --once`` processes (the real CLI) that are killed mid-sync and run
again. At the end every customer must be at HQ exactly once with a unique account
number, and every terminal must hold its own numbers and its whole store's feed.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import requests
from sqlalchemy import insert, select

from hq_stub import demo
from hq_stub.db import Database, stores
from hq_stub.process import HQProcess
from pos_desktop.domain.codec import customer_from_json
from pos_desktop.domain.errors import DomainError
from pos_desktop.offline.db import DB_FILENAME
from pos_desktop.terminal import Terminal

ADMIN = "chain-admin"
BASE_STORE = "MILAN"  # every simulated store is configured like the Milan demo store
DRAFT = {"customer_type": "person", "attributes": {"segment": "standard"},
         "addresses": [{"street": "Via Torino 5", "city": "Milano", "zip": "20123"}]}


@dataclass
class ChainResult:
    workers: int
    terminals: int
    stores: int
    per_terminal: int
    converge_s: float = 0.0
    setup_s: float = 0.0
    realtime_ms: list[float] = field(default_factory=list)
    sync_calls: int = 0
    sync_retries: int = 0
    killed_terminals: int = 0
    killed_worker: int | None = None
    problems: list[str] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)  # seconds into converging
    db_bytes: int = 0  # HQ's customers + staged_customers tables and indexes at the end
    db_customers: int = 0
    # HQ's access log while converging: route -> server-side milliseconds of each request
    requests: dict[str, list[float]] = field(default_factory=dict)

    def request_lines(self) -> list[str]:
        """Requests HQ served while the chain converged, by route: count, per second,
        server-side p50 / p95 (the access log's time: inside HQ, without the network)."""
        out = []
        total = sum(len(v) for v in self.requests.values())
        out.append(f"HQ requests while converging: {total} ({total / self.converge_s:.0f}/s); "
                   f"customers + staged tables {self.db_bytes / 2**20:.1f} MiB for "
                   f"{self.db_customers:,} customers "
                   f"({self.db_bytes / max(1, self.db_customers):,.0f} bytes each)")
        for route, ms in sorted(self.requests.items(), key=lambda kv: -len(kv[1])):
            q = statistics.quantiles(ms, n=20) if len(ms) > 1 else [ms[0]] * 19
            out.append(f"  {route}: {len(ms)} ({len(ms) / self.converge_s:.1f}/s), "
                       f"p50 {statistics.median(ms):.1f} ms, p95 {q[18]:.1f} ms")
        return out

    @property
    def customers(self) -> int:
        return self.terminals * self.per_terminal

    @property
    def rows_per_s(self) -> float:
        return self.customers / self.converge_s if self.converge_s else 0.0

    def realtime_p(self, q: float) -> float:
        if len(self.realtime_ms) < 2:
            return float("nan")
        return statistics.quantiles(self.realtime_ms, n=100)[int(q) - 1]

    def line(self) -> str:
        return (f"workers={self.workers} terminals={self.terminals} stores={self.stores} "
                f"customers={self.customers} converge={self.converge_s:.1f}s "
                f"rows/s={self.rows_per_s:.0f} realtime create p50="
                f"{self.realtime_p(50):.1f}ms p95={self.realtime_p(95):.1f}ms "
                f"(n={len(self.realtime_ms)}) sync calls={self.sync_calls} "
                f"retried={self.sync_retries} killed terminals={self.killed_terminals} "
                f"killed HQ worker={self.killed_worker} setup={self.setup_s:.1f}s; "
                + ", ".join(f"{k} at {v:.1f}s" for k, v in self.phases.items()))


@dataclass
class Sim:
    terminal_id: str
    store_id: str
    data_dir: Path
    ids: list[str] = field(default_factory=list)
    terminal: Terminal | None = None
    victim: bool = False


def prepare_database(url: str, n_stores: int, demo_per_store: int = 20) -> list[str]:
    """Demo data plus ``n_stores`` stores configured like the Milan demo store."""
    db = Database(url)
    try:
        db.migrate()
        with db.write() as conn:
            demo.seed(conn, customers_per_store=demo_per_store)
            base = conn.execute(select(stores).where(stores.c.store_id == BASE_STORE)).one()
            ids = [f"S{k:04d}" for k in range(n_stores)]
            conn.execute(insert(stores), [
                {**base._asdict(), "store_id": sid, "name": f"Store {sid}"} for sid in ids])
    finally:
        db.dispose()
    return ids


# Opening a terminal runs its Alembic migrations, which are not thread-safe.
_OPEN = threading.Lock()


def _activate(hq: HQProcess, sim: Sim, template: Path) -> None:
    code = hq.admin.create_activation_code(sim.store_id, sim.terminal_id)["activation_code"]
    # A copy of a new, never activated terminal's folder (its migrations already run;
    # no install id yet, so each copy gets its own and its own token in the keyring).
    shutil.copytree(template, sim.data_dir)
    with _OPEN:  # (and a file keyring is read, changed and written back: one at a time)
        terminal = Terminal(sim.data_dir)
        terminal.activate(hq.url, code, sim.terminal_id)
    terminal.sync_once()  # the store's customers, as an opened register has them
    link = terminal.parts.link
    assert link is not None
    link.set_forced_offline(True)  # offline: every create waits in the outbox
    sim.terminal = terminal


def _create_offline(sim: Sim, n: int) -> None:
    assert sim.terminal is not None
    for i in range(n):
        draft = customer_from_json({**DRAFT, "first_name": "Chain",
                                    "last_name": f"{sim.terminal_id}x{i}"})
        result = sim.terminal.customers.create_customer(draft)
        assert result.customer.account_number is None
        sim.ids.append(result.customer.customer_id)
    link = sim.terminal.parts.link
    assert link is not None
    link.set_forced_offline(False)
    if sim.victim:  # synced by `pos-desktop sync --once` processes instead
        sim.terminal.close()
        sim.terminal = None


def set_up_terminals(hq: HQProcess, root: Path, store_ids: list[str], n_terminals: int,
                     per_terminal: int, victims: int, threads: int = 2) -> list[Sim]:
    sims = [Sim(f"T{k:04d}", store_ids[k % len(store_ids)], root / f"t{k:04d}",
                victim=k < victims) for k in range(n_terminals)]

    template = root / "template"
    with _OPEN:
        Terminal(template).close()

    def one(sim: Sim) -> None:
        _activate(hq, sim, template)
        _create_offline(sim, per_terminal)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, sims))
    return sims


class RealtimeProbe(threading.Thread):
    """A register creating customers in real time while the chain syncs: latencies."""

    def __init__(self, hq: HQProcess, store_id: str) -> None:
        super().__init__(name="realtime-probe", daemon=True)
        code = hq.admin.create_activation_code(store_id, "PROBE")["activation_code"]
        r = requests.post(f"{hq.url}/api/v1/devices/activate",
                          json={"activation_code": code, "terminal_id": "PROBE"}, timeout=30)
        r.raise_for_status()
        self.session = requests.Session()
        self.session.trust_env = False
        self.session.headers["Authorization"] = f"Bearer {r.json()['device_token']}"
        self.url = f"{hq.url}/api/v1/customers"
        self.stop = threading.Event()
        self.ms: list[float] = []
        self.failures = 0

    def run(self) -> None:
        while not self.stop.wait(0.02):
            cid = str(uuid.uuid4())
            body = {"customer_id": cid, "customer_type": "person", "first_name": "Probe",
                    "last_name": cid[:8], "customer_group": "RETAIL", "currency": "EUR",
                    "language": "it", "receipt_option": "print",
                    "attributes": {"segment": "standard"}, "addresses": []}
            t0 = time.perf_counter()
            try:
                r = self.session.post(self.url, json=body, timeout=30,
                                      headers={"Idempotency-Key": cid})
            except requests.RequestException:  # the killed worker's connection
                self.failures += 1
                continue
            if r.status_code == 201:
                self.ms.append((time.perf_counter() - t0) * 1000)
            else:
                self.failures += 1


def _numbered(sim: Sim) -> bool:
    """Whether all the terminal's customers have account numbers in its database."""
    local = _local_numbers(sim)
    return all(local.get(cid) for cid in sim.ids)


def _sync(sim: Sim, result: ChainResult, lock: threading.Lock) -> bool:
    """One real sync cycle of an in-process terminal; whether its customers all have
    numbers now. HQ unreachable (a killed worker's connections) is retried later."""
    assert sim.terminal is not None
    try:
        sim.terminal.sync_once()
    except DomainError as exc:
        if exc.key != "hq.unreachable":
            raise
        with lock:
            result.sync_retries += 1
        return False
    finally:
        with lock:
            result.sync_calls += 1
    return _numbered(sim)


def cli_sync(sim: Sim, kill_after: float | None = None) -> int | None:
    """``pos-desktop sync --once`` for a victim terminal; SIGKILLed after
    ``kill_after`` seconds when given (None then), else its exit code."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "pos_desktop", "--data-dir", str(sim.data_dir), "sync",
         "--once", "--json"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    if kill_after is not None:
        try:
            return proc.wait(kill_after)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return None
    return proc.wait(120)


def run_victims(victims: list[Sim], result: ChainResult, rng: random.Random,
                deadline: float) -> None:
    """Each victim: a sync killed mid-way, then syncs until all its customers have
    account numbers (read from its database once the process is gone)."""
    for sim in victims:
        if cli_sync(sim, kill_after=rng.uniform(0.8, 2.5)) is None:
            result.killed_terminals += 1
    pending = list(victims)
    while pending and time.monotonic() < deadline:
        for sim in list(pending):
            cli_sync(sim)
            if _numbered(sim):
                pending.remove(sim)
        time.sleep(0.2)


def _local_numbers(sim: Sim) -> dict[str, str | None]:
    db = sim.data_dir / DB_FILENAME
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return dict(conn.execute("SELECT customer_id, account_number FROM customers"))


def converge(hq: HQProcess, sims: list[Sim], result: ChainResult, *, threads: int,
             kill_worker_after: float | None, timeout: float) -> None:
    """All terminals sync until every customer is numbered, then pull once more; one HQ
    worker is SIGKILLed after ``kill_worker_after`` seconds."""
    lock = threading.Lock()
    deadline = time.monotonic() + timeout
    victims = [s for s in sims if s.victim]
    pending = [s for s in sims if not s.victim]
    rng = random.Random(7)
    victim_thread = threading.Thread(target=run_victims, name="victims",
                                     args=(victims, result, rng, deadline))
    victim_thread.start()
    started = time.monotonic()
    with ThreadPoolExecutor(threads) as pool:
        while pending and time.monotonic() < deadline:
            if (kill_worker_after is not None and result.killed_worker is None
                    and time.monotonic() - started > kill_worker_after):
                result.killed_worker = _kill_one_worker(hq)
            done = list(pool.map(lambda s: _sync(s, result, lock), pending))
            pending = [s for s, ok in zip(pending, done, strict=True) if not ok]
            if pending:
                time.sleep(0.1)
        result.phases["in-process terminals numbered"] = time.monotonic() - started
        victim_thread.join(max(1.0, deadline - time.monotonic()))
        result.phases["killed terminals numbered"] = time.monotonic() - started
        # Everyone's numbers are at HQ: one more pull gives each terminal its whole store.
        last = [s for s in sims if not s.victim]
        while last and time.monotonic() < deadline:
            done = list(pool.map(lambda s: _pull(s, result, lock), last))
            last = [s for s, ok in zip(last, done, strict=True) if not ok]
    result.phases["in-process terminals hold their stores"] = time.monotonic() - started
    with ThreadPoolExecutor(max(1, len(victims))) as pool:
        list(pool.map(cli_sync, victims))
    result.phases["killed terminals hold their stores"] = time.monotonic() - started
    if pending or victim_thread.is_alive():
        result.problems.append(f"not converged within {timeout:.0f} s: "
                               f"{len(pending)} terminals still without numbers")


def _pull(sim: Sim, result: ChainResult, lock: threading.Lock) -> bool:
    return _sync(sim, result, lock)


def _kill_one_worker(hq: HQProcess) -> int | None:
    pids = hq.worker_pids()
    if not pids:
        return None
    os.kill(pids[0], signal.SIGKILL)
    return pids[0]


def check(url: str, sims: list[Sim], result: ChainResult) -> None:
    """Every terminal's customers at HQ exactly once with unique numbers, the same
    numbers at the terminal, and each terminal holding its whole store's feed."""
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    store_ids = sorted({s.store_id for s in sims})
    with psycopg.connect(dsn, autocommit=True) as conn:
        rows = conn.execute("SELECT customer_id, account_number, store_id FROM customers "
                            "WHERE store_id = ANY(%s)", (store_ids,)).fetchall()
        total, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT account_number) FROM customers").fetchone()
        # The customers' and the staged records' tables with their indexes.
        result.db_bytes = conn.execute(
            "SELECT pg_total_relation_size('customers') + "
            "pg_total_relation_size('staged_customers')").fetchone()[0]
        result.db_customers = total
    at_hq = {cid: (acct, store) for cid, acct, store in rows}
    by_store: dict[str, set[str]] = {}
    for cid, (_, store) in at_hq.items():
        by_store.setdefault(store, set()).add(cid)
    if total != distinct:
        result.problems.append(f"{total - distinct} duplicate account numbers at HQ")
    wanted = {cid for s in sims for cid in s.ids}
    if len(wanted) != result.customers or not wanted <= at_hq.keys():
        result.problems.append(f"{len(wanted - at_hq.keys())} customers missing at HQ")
    for sim in sims:
        local = _local_numbers(sim)
        wrong = [c for c in sim.ids if local.get(c) != at_hq.get(c, (None,))[0]]
        if wrong:
            result.problems.append(f"{sim.terminal_id}: {len(wrong)} numbers differ")
        missing = by_store.get(sim.store_id, set()) - local.keys()
        if missing:
            result.problems.append(f"{sim.terminal_id}: {len(missing)} of its store's "
                                   f"customers missing")


@dataclass
class Chain:
    """A chain set up once (HQ database as a template, terminals in ``root/setup``) and
    run again from copies, e.g. for 1, 2 and 4 HQ workers on identical starting data."""

    template_url: str
    port: int
    root: Path
    sims: list[Sim]
    setup_s: float


def set_up_chain(base_url: str, root: Path, *, n_stores: int, n_terminals: int,
                 per_terminal: int, victims: int, new_database: Callable[[str], str]
                 ) -> Chain:
    """HQ with the stores, and every terminal activated with its customers created
    offline; then HQ stops and the terminals close (their state is the starting point)."""
    t0 = time.monotonic()
    url = new_database(base_url)
    store_ids = prepare_database(url, n_stores)
    with HQProcess(url, admin_token=ADMIN, job_interval=0, start_timeout=120) as hq:
        sims = set_up_terminals(hq, root / "setup", store_ids, n_terminals, per_terminal,
                                victims)
        port = hq.port
    for sim in sims:
        if sim.terminal is not None:
            sim.terminal.close()
            sim.terminal = None
    return Chain(url, port, root, sims, time.monotonic() - t0)


def _copy(chain: Chain, run: str) -> tuple[str, list[Sim]]:
    """A fresh copy of the chain's HQ database and terminal folders."""
    head, _, name = chain.template_url.rpartition("/")
    copy = f"{name}_{run}"
    dsn = head.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    sims = []
    for sim in chain.sims:
        target = chain.root / run / sim.data_dir.name
        shutil.copytree(sim.data_dir, target)
        sims.append(Sim(sim.terminal_id, sim.store_id, target, list(sim.ids),
                        victim=sim.victim))
    return f"{head}/{copy}", sims


def run_chain(chain: Chain, *, workers: int, threads: int = 8,
              kill_worker_after: float | None = 1.0, timeout: float = 600.0) -> ChainResult:
    """One run on copies of the chain: HQ with ``workers`` workers on the same port,
    the terminals converge (timed), then the checks."""
    sims0 = chain.sims
    result = ChainResult(workers, len(sims0), len({s.store_id for s in sims0}),
                         len(sims0[0].ids), setup_s=chain.setup_s)
    url, sims = _copy(chain, f"w{workers}")
    extra = ["--workers", str(workers)] if workers > 1 else []
    with HQProcess(url, port=chain.port, admin_token=ADMIN, job_interval=0.5,
                   extra_args=extra, start_timeout=120) as hq:
        for sim in sims:
            if not sim.victim:
                with _OPEN:
                    sim.terminal = Terminal(sim.data_dir)
        _converge_and_check(hq, url, sims, result, threads=threads,
                            kill_worker_after=kill_worker_after, timeout=timeout)
    return result


def _converge_and_check(hq: HQProcess, url: str, sims: list[Sim], result: ChainResult, *,
                        threads: int, kill_worker_after: float | None,
                        timeout: float) -> None:
    # The probe creates in the base store, which no simulated terminal belongs to.
    probe = RealtimeProbe(hq, BASE_STORE)
    probe.start()
    t1 = time.monotonic()
    log_from = hq.stderr_path.stat().st_size
    try:
        converge(hq, sims, result, threads=threads, timeout=timeout,
                 kill_worker_after=kill_worker_after if result.workers > 1 else None)
    finally:
        result.converge_s = time.monotonic() - t1
        probe.stop.set()
        probe.join(30)
        result.realtime_ms = probe.ms
        result.requests = _access_log(hq.stderr_path, log_from)
        for sim in sims:
            if sim.terminal is not None:
                sim.terminal.close()
    check(url, sims, result)


_ACCESS = re.compile(r" hq_stub\.access: (\S+) (\S+) (\d+) ([\d.]+)ms$")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _access_log(path: Path, start: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    with open(path, encoding="utf-8", errors="replace") as fh:
        fh.seek(start)
        for line in fh:
            m = _ACCESS.search(line.rstrip("\n"))
            if m:
                route = f"{m.group(1)} {_UUID.sub('{id}', m.group(2))}"
                out.setdefault(route, []).append(float(m.group(4)))
    return out


def simulate(base_url: str, root: Path, *, workers: int, n_stores: int, n_terminals: int,
             per_terminal: int = 20, victims: int = 2, threads: int = 8,
             kill_worker_after: float | None = 1.0, timeout: float = 600.0,
             new_database: Callable[[str], str]) -> ChainResult:
    """Set up a chain on the HQ it then runs against (one HQ start, no copies)."""
    t0 = time.monotonic()
    result = ChainResult(workers, n_terminals, n_stores, per_terminal)
    url = new_database(base_url)
    store_ids = prepare_database(url, n_stores)
    extra = ["--workers", str(workers)] if workers > 1 else []
    with HQProcess(url, admin_token=ADMIN, job_interval=0.5, extra_args=extra,
                   start_timeout=120) as hq:
        sims = set_up_terminals(hq, root, store_ids, n_terminals, per_terminal, victims)
        result.setup_s = time.monotonic() - t0
        _converge_and_check(hq, url, sims, result, threads=threads,
                            kill_worker_after=kill_worker_after, timeout=timeout)
    return result
