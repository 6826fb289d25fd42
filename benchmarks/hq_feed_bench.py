"""HQ change-feed benchmark (run on demand; not collected by pytest).

    .venv/bin/python benchmarks/hq_feed_bench.py [--count 1000000] [--limit 1000]
    .venv/bin/python benchmarks/hq_feed_bench.py --db bench-data/hq-1m.db   # keep/reuse

1. Creates an HQ database with the demo stores (``HQProcess(demo=True)``, started and
   stopped once) and seeds ``--count`` customers into MILAN with
   ``hq-stub admin seed-customers`` (timed; skipped when ``--db`` already holds them).
2. Starts a real HQ (``hq_stub.process.HQProcess``, SQLite WAL), activates a device
   (``hq.admin.create_activation_code`` + ``POST /api/v1/devices/activate``) and pages
   through the whole feed ``GET /api/v1/customers/changes?after=C&limit=N`` with one
   keep-alive ``requests.Session``, like a fresh terminal's first population.

Prints: seeding rate; pages/s and customers/s; "HQ time" = sum over pages of the time
from sending the request to the response headers (``Response.elapsed``; the body is
sent with the headers), the client's own time (reading the body + ``json.loads``) and
the HQ process's CPU seconds. Checks every customer arrives once, in cursor order.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hq_stub.process import HQProcess  # noqa: E402

ADMIN_TOKEN = "feed-bench-admin"
STORE = "MILAN"
DEMO_CUSTOMERS = 1001  # demo customers of one store + its default customer


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def seed(db: Path, count: int, seed_value: int) -> dict | None:
    if not db.exists():
        with HQProcess(db, demo=True, admin_token=ADMIN_TOKEN, job_interval=0):
            pass  # creates the schema and the demo stores
    import sqlite3

    with sqlite3.connect(db) as conn:
        have = conn.execute("SELECT count(*) FROM customers WHERE store_id = ?",
                            (STORE,)).fetchone()[0]
    if have >= count + DEMO_CUSTOMERS:
        print(f"{db}: {have:,} {STORE} customers already there, not seeding")
        return None
    cmd = [sys.executable, "-m", "hq_stub", "admin", "seed-customers", "--db", str(db),
           "--store", STORE, "--count", str(count + DEMO_CUSTOMERS - have),
           "--seed", str(seed_value)]
    t0 = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    summary = json.loads(out.stdout)
    summary["wall_s"] = wall
    print(f"seeded {summary['inserted']:,} customers in {summary['seconds']:.1f} s "
          f"({summary['per_second']:,}/s inside the command, {wall:.1f} s wall incl. "
          f"interpreter start); DB file {db.stat().st_size / 2**20:,.0f} MiB")
    return summary


def page_through(hq: HQProcess, token: str, limit: int) -> dict:
    s = requests.Session()
    s.trust_env = False  # 127.0.0.1: skip requests' per-call proxy/env lookups
    s.headers["Authorization"] = f"Bearer {token}"
    url = f"{hq.url}/api/v1/customers/changes"
    after = None
    elapsed: list[float] = []
    client = 0.0
    n = pages = nbytes = 0
    last_seq = 0
    ids: set[str] = set()
    cpu0 = cpu_seconds(hq.pid)
    t0 = time.perf_counter()
    while True:
        params = {"limit": limit} if after is None else {"after": after, "limit": limit}
        r = s.get(url, params=params, timeout=60)
        c0 = time.perf_counter()
        r.raise_for_status()
        body = r.content
        page = json.loads(body)
        client += time.perf_counter() - c0
        elapsed.append(r.elapsed.total_seconds())
        pages += 1
        nbytes += len(body)
        n += len(page["changes"])
        for doc in page["changes"]:
            ids.add(doc["customer_id"])
        seq = int(page["next"])
        assert seq > last_seq or not page["changes"], (seq, last_seq)
        last_seq, after = seq, page["next"]
        if not page["has_more"]:
            break
    total = time.perf_counter() - t0
    cpu = cpu_seconds(hq.pid) - cpu0
    assert len(ids) == n, "a customer arrived twice"
    elapsed.sort()
    return {"customers": n, "pages": pages, "wall_s": total, "hq_s": sum(elapsed),
            "client_s": client, "hq_cpu_s": cpu, "mib": nbytes / 2**20,
            "page_p50_ms": statistics.median(elapsed) * 1000,
            "page_p95_ms": elapsed[int(len(elapsed) * 0.95)] * 1000,
            "pages_per_s": pages / total, "customers_per_s": n / total}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1_000_000, help="customers to seed")
    ap.add_argument("--limit", type=int, default=1000, help="page size (max 1000)")
    ap.add_argument("--db", default=None, help="SQLite file to create or reuse "
                                               "(default: a temporary one, removed)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--runs", type=int, default=1, help="times to page through the feed")
    args = ap.parse_args()

    tmp = None
    if args.db:
        db = Path(args.db).resolve()
        db.parent.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="hq-feed-bench-")
        db = Path(tmp.name) / "hq.db"
    try:
        seed(db, args.count, args.seed)
        with HQProcess(db, admin_token=ADMIN_TOKEN, job_interval=0) as hq:
            terminal = f"FEED-{uuid.uuid4().hex[:8]}"
            code = hq.admin.create_activation_code(STORE, terminal)
            r = requests.post(f"{hq.url}/api/v1/devices/activate",
                              json={"activation_code": code["activation_code"],
                                    "terminal_id": terminal}, timeout=10)
            r.raise_for_status()
            token = r.json()["device_token"]
            for run in range(1, args.runs + 1):
                res = page_through(hq, token, args.limit)
                assert res["customers"] >= args.count + DEMO_CUSTOMERS, res
                print(f"run {run}: {res['customers']:,} customers in {res['pages']:,} pages "
                      f"of {args.limit} ({res['mib']:,.0f} MiB): wall {res['wall_s']:.1f} s "
                      f"= {res['pages_per_s']:.0f} pages/s, "
                      f"{res['customers_per_s']:,.0f} customers/s; HQ time "
                      f"{res['hq_s']:.1f} s (page p50 {res['page_p50_ms']:.1f} ms, "
                      f"p95 {res['page_p95_ms']:.1f} ms), HQ CPU {res['hq_cpu_s']:.1f} s; "
                      f"client read+parse {res['client_s']:.1f} s")
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
