"""HQ service benchmark (run on demand; not collected by pytest).

    .venv/bin/python benchmarks/hq_bench.py [--batch-customers 20000] [--realtime 4000]

Starts a real HQ (``HQProcess``, demo data, SQLite WAL with synchronous=FULL) on
127.0.0.1 and measures:

* async upload: customers/s through ``POST /api/v1/async-customers`` in batches of 500,
  then the async-to-sync job converting all of them; reported separately and end to end
  (upload + conversion);
* real-time creates: ``POST /api/v1/customers`` from 8 concurrent clients (threads,
  one keep-alive ``requests.Session`` each).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hq_stub.process import HQProcess  # noqa: E402

FIRST = ["Giulia", "Marco", "Francesca", "Luca", "Chiara", "Matteo", "Elena", "Davide"]
LAST = ["Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno"]


def customer(rng: random.Random) -> dict:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    n = rng.randrange(10**9)
    phone = f"+39 347 {rng.randrange(1000):03d} {rng.randrange(10000):04d}"
    return {
        "customer_id": str(uuid.uuid4()),
        "customer_type": "person",
        "first_name": first,
        "last_name": last,
        "email": f"{first.lower()}.{last.lower()}{n}@example.com",
        "phone": phone,
        "customer_group": "RETAIL",
        "currency": "EUR",
        "language": "it",
        "receipt_option": "email",
        "attributes": {"segment": "standard"},
        "addresses": [
            {
                "address_id": str(uuid.uuid4()),
                "purpose": "home",
                "street": f"Via Roma {rng.randint(1, 200)}",
                "city": "Milano",
                "zip": "20123",
                "country": "IT",
                "is_primary": True,
            }
        ],
        "contacts": [
            {
                "kind": "email",
                "value": f"{first.lower()}{n}@example.com",
                "marketing_consent": True,
                "is_primary": True,
            }
        ],
    }


def activate(hq: HQProcess, store: str) -> str:
    code = hq.admin.create_activation_code(store, f"BENCH-{uuid.uuid4().hex[:8]}")
    terminal = code["terminal_id"]
    r = requests.post(
        f"{hq.url}/api/v1/devices/activate",
        json={"activation_code": code["activation_code"], "terminal_id": terminal},
        timeout=10,
    )
    r.raise_for_status()
    return r.json()["device_token"]


def bench_batch(hq: HQProcess, token: str, total: int, clients: int) -> dict:
    rng = random.Random(1)
    batches = [[customer(rng) for _ in range(500)] for _ in range(total // 500)]
    size = len(json.dumps({"customers": batches[0]}))
    lock = threading.Lock()
    queue = list(batches)

    def worker() -> None:
        s = requests.Session()
        s.trust_env = False  # 127.0.0.1: skip requests' per-call proxy/env lookups
        s.headers["Authorization"] = f"Bearer {token}"
        while True:
            with lock:
                if not queue:
                    return
                batch = queue.pop()
            r = s.post(f"{hq.url}/api/v1/async-customers", json={"customers": batch}, timeout=60)
            r.raise_for_status()
            assert len(r.json()["accepted"]) == len(batch), r.text[:300]

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    t1 = time.perf_counter()
    job = hq.admin.run_job()
    t2 = time.perf_counter()
    assert job["converted"] == total, job
    return {
        "customers": total,
        "batch_bytes": size,
        "upload_s": t1 - t0,
        "job_s": t2 - t1,
        "upload_per_s": total / (t1 - t0),
        "job_per_s": total / (t2 - t1),
        "end_to_end_per_s": total / (t2 - t0),
    }


def bench_realtime(hq: HQProcess, token: str, total: int, clients: int) -> dict:
    per_client = total // clients
    latencies: list[float] = []
    lock = threading.Lock()
    numbers: list[str] = []

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        s = requests.Session()
        s.trust_env = False  # 127.0.0.1: skip requests' per-call proxy/env lookups
        s.headers["Authorization"] = f"Bearer {token}"
        payloads = [customer(rng) for _ in range(per_client)]
        mine, accts = [], []
        for c in payloads:
            t = time.perf_counter()
            r = s.post(
                f"{hq.url}/api/v1/customers",
                json=c,
                headers={"Idempotency-Key": c["customer_id"]},
                timeout=30,
            )
            mine.append(time.perf_counter() - t)
            assert r.status_code == 201, r.text[:300]
            accts.append(r.json()["account_number"])
        with lock:
            latencies.extend(mine)
            numbers.extend(accts)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    assert len(set(numbers)) == len(numbers) == per_client * clients
    latencies.sort()
    return {
        "creates": len(numbers),
        "clients": clients,
        "seconds": elapsed,
        "per_s": len(numbers) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95)] * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch-customers", type=int, default=20000)
    parser.add_argument("--batch-clients", type=int, default=2)
    parser.add_argument("--realtime", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="hq-bench-") as tmp,
        HQProcess(Path(tmp) / "hq.db", demo=True, job_interval=0) as hq,
    ):
        token = activate(hq, "MILAN")
        batch = bench_batch(hq, token, args.batch_customers, args.batch_clients)
        print(
            f"async upload: {batch['customers']} customers in batches of 500 "
            f"(~{batch['batch_bytes'] // 1024} KiB each), {args.batch_clients} clients: "
            f"upload {batch['upload_per_s']:,.0f}/s, job {batch['job_per_s']:,.0f}/s, "
            f"upload+job {batch['end_to_end_per_s']:,.0f}/s"
        )
        rt = bench_realtime(hq, token, args.realtime, args.clients)
        print(
            f"real-time creates: {rt['creates']} with {rt['clients']} clients: "
            f"{rt['per_s']:,.0f}/s (p50 {rt['p50_ms']:.1f} ms, p95 {rt['p95_ms']:.1f} ms)"
        )
        print(json.dumps({"batch": batch, "realtime": rt}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
