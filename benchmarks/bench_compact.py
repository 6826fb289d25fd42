"""Compacting a terminal database, and what auto_vacuum=INCREMENTAL costs the creates.

    .venv/bin/python benchmarks/bench_compact.py --data-dir bench-data/upgraded-50k

The store in --data-dir is left as it is: it is copied twice beside itself (into
--work-dir). One copy is compacted by `pos-desktop maintenance compact` (the product's
path: VACUUM on the writer, auto_vacuum switched to INCREMENTAL), timed as a process,
with the file's size before and after; the other is compacted by a plain VACUUM keeping
auto_vacuum=NONE (the floor). Then durable creates (`create_customer`, customer + outbox,
synchronous=FULL) alternate one by one between the two stores (same process, same file
system, same load) and the p50/p95 of each and their ratio are printed, with the time of
one idle give-back step (1 MiB) after a deletion. Run on demand; not collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_search import draft_for, pct  # noqa: E402
from pos_desktop.offline.compact import MIB, STEP_PAGES, space_use  # noqa: E402
from pos_desktop.terminal import Terminal  # noqa: E402


def _use(db: Path) -> Any:
    conn = sqlite3.connect(db)
    try:
        return space_use(conn)
    finally:
        conn.close()


def compact_with_cli(folder: Path) -> dict[str, Any]:
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pos_desktop", "maintenance", "compact",
                           "--data-dir", str(folder), "--json"],
                          capture_output=True, text=True, check=True)
    body: dict[str, Any] = json.loads(done.stdout)
    body["process_seconds"] = time.perf_counter() - t0
    return body


def compact_plain(db: Path) -> float:
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        t0 = time.perf_counter()
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return time.perf_counter() - t0
    finally:
        conn.close()


def alternate_creates(stores: dict[str, Terminal], count: int, seed: int) -> dict[str, list[float]]:
    rng = random.Random(seed)
    times: dict[str, list[float]] = {name: [] for name in stores}
    drafts = {name: [draft_for(t.customers, rng, rng.randrange(10**9)) for _ in range(count + 20)]
              for name, t in stores.items()}
    for i in range(count + 20):
        for name, terminal in stores.items():
            t0 = time.perf_counter_ns()
            terminal.customers.create_customer(drafts[name][i])
            if i >= 20:  # the first 20: warm-up
                times[name].append((time.perf_counter_ns() - t0) / 1e6)
    return times


def give_back_step_ms(terminal: Terminal) -> float:
    """Free ~16 MiB (a table dropped), then time one idle step of the writer (the
    step and the checkpoint of what it moved)."""
    store = terminal.parts.store
    with store.raw_write() as raw:
        raw.execute("CREATE TABLE bench_freed (blob BLOB)")
        raw.executemany("INSERT INTO bench_freed VALUES (zeroblob(262144))", [()] * 64)
    with store.raw_write() as raw:
        raw.execute("DROP TABLE bench_freed")
    assert store.write_executor is not None
    store.write_executor.submit(store.checkpoint).result()  # the drop's WAL: not the step's
    t0 = time.perf_counter()
    store.write_executor.submit(store.idle_housekeeping).result()
    return (time.perf_counter() - t0) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="the store to copy")
    parser.add_argument("--work-dir", type=Path, help="where the copies go (default: beside)")
    parser.add_argument("--creates", type=int, default=300)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    work = args.work_dir or args.data_dir.parent / f"{args.data_dir.name}-compact-bench"
    shutil.rmtree(work, ignore_errors=True)
    copies = {name: work / name for name in ("incremental", "none")}
    for folder in copies.values():
        shutil.copytree(args.data_dir, folder,
                        ignore=shutil.ignore_patterns("*.bak", "pos.db-wal", "pos.db-shm"))
    before = _use(copies["incremental"] / "pos.db")
    print(f"load average: {os.getloadavg()[0]:.2f}")
    print(f"store {args.data_dir / 'pos.db'}: {before.file_bytes / MIB:,.1f} MiB, free pages "
          f"{before.free_bytes / MIB:,.1f} MiB ({before.free_share:.0%}), due: {before.due}")
    cli = compact_with_cli(copies["incremental"])
    print(f"pos-desktop maintenance compact: {cli['before_bytes'] / MIB:,.1f} MiB -> "
          f"{cli['after_bytes'] / MIB:,.1f} MiB, VACUUM {cli['seconds']:.2f} s "
          f"(process {cli['process_seconds']:.2f} s), auto_vacuum {cli['auto_vacuum']}")
    plain = compact_plain(copies["none"] / "pos.db")
    print(f"floor, plain sqlite3 VACUUM (auto_vacuum none): {plain:.2f} s -> "
          f"{(copies['none'] / 'pos.db').stat().st_size / MIB:,.1f} MiB")
    stores = {name: Terminal(folder) for name, folder in copies.items()}
    try:
        times = alternate_creates(stores, args.creates, args.seed)
        step_ms = give_back_step_ms(stores["incremental"])
    finally:
        for terminal in stores.values():
            terminal.close()
    for name, values in times.items():
        print(f"durable create, auto_vacuum {name:<11}: n={len(values)} p50 "
              f"{statistics.median(values):.2f} ms  p95 {pct(values, 0.95):.2f} ms")
    inc, none = times["incremental"], times["none"]
    print(f"ratio incremental / none: p50 {statistics.median(inc) / statistics.median(none):.2f}x"
          f"  p95 {pct(inc, 0.95) / pct(none, 0.95):.2f}x")
    print(f"one idle give-back step ({STEP_PAGES * 4 // 1024} MiB of 16 MiB freed): "
          f"{step_ms:.1f} ms")
    print(f"load average: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
