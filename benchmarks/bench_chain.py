"""A chain on one machine: HQ on PostgreSQL with several worker processes and hundreds of
real terminals (run on demand; the short form runs in the test suite:
``tests/hq/test_hq_chain.py``).

    .venv/bin/python benchmarks/bench_chain.py     # 500 terminals, 50 stores, workers 1 2 4
    .venv/bin/python benchmarks/bench_chain.py --terminals 100 --stores 10 --workers 2

The chain is set up once (HQ's database kept as a PostgreSQL template, the terminals'
folders copied) and run from identical copies for each worker count. Each terminal (its
own SQLite database and device token, all in this process) is activated, creates 20
customers offline, and then syncs through the terminal's own sync
code (``Terminal.sync_once``: upload, HQ's async-to-sync job, status and change feed)
until every customer has its account number, and once more so it holds its whole store.
Midway one HQ worker is SIGKILLed (with more than one worker; uvicorn replaces it) and a
few terminals run ``pos-desktop sync --once`` processes that are SIGKILLed at a random
moment and run again. Meanwhile a register creates customers in real time (one every
20 ms) in a store no simulated terminal belongs to: its latency is HQ's real-time create
latency while the chain syncs.

Printed per worker count: time to converge, customers/s, real-time create p50/p95, and
the checks (every customer at HQ exactly once with a unique account number, every
terminal holding its own numbers and its store's whole feed). PostgreSQL: a throw-away
cluster from the server binaries (``tests/hq/pg.py``; Debian's ``postgresql`` package).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The terminals' tokens: a file keyring in the run's own folder (the killed terminals'
# `pos-desktop sync` processes read it too).
_HOME = Path(tempfile.mkdtemp(prefix="bench-chain-"))
os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
for _name in ("DATA", "CONFIG", "STATE", "CACHE"):
    os.environ[f"XDG_{_name}_HOME"] = str(_HOME / _name.lower())
os.environ["POS_DESKTOP_LOG_DIR"] = str(_HOME / "logs")

from tests.hq import pg  # noqa: E402
from tests.support.chain import run_chain, set_up_chain  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--terminals", type=int, default=500)
    parser.add_argument("--stores", type=int, default=50)
    parser.add_argument("--per-terminal", type=int, default=20)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--victims", type=int, default=3,
                        help="terminals whose sync process is SIGKILLed midway")
    parser.add_argument("--threads", type=int, default=8,
                        help="terminals syncing at the same moment (threads)")
    parser.add_argument("--kill-worker-after", type=float, default=2.0, metavar="S")
    parser.add_argument("--timeout", type=float, default=1800.0)
    args = parser.parse_args()
    reason = pg.available()
    if reason:
        print(f"bench_chain: {reason}", file=sys.stderr)
        return 2
    results = []
    with pg.cluster() as base:
        chain = set_up_chain(base, _HOME, n_stores=args.stores, n_terminals=args.terminals,
                             per_terminal=args.per_terminal, victims=args.victims,
                             new_database=pg.new_database)
        print(f"set up {args.terminals} terminals with {args.per_terminal} offline "
              f"customers each in {chain.setup_s:.1f} s", flush=True)
        for workers in args.workers:
            result = run_chain(chain, workers=workers, threads=args.threads,
                               kill_worker_after=args.kill_worker_after,
                               timeout=args.timeout)
            print(result.line(), flush=True)
            print("\n".join(result.request_lines()), flush=True)
            for problem in result.problems:
                print(f"  PROBLEM: {problem}", flush=True)
            results.append(result)
    print("\n| workers | terminals / stores | customers | converge s | customers/s | "
          "real-time create p50 / p95 ms (n) | killed |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r.workers} | {r.terminals} / {r.stores} | {r.customers:,} | "
              f"{r.converge_s:.1f} | {r.rows_per_s:,.0f} | {r.realtime_p(50):.0f} / "
              f"{r.realtime_p(95):.0f} ({len(r.realtime_ms)}) | {r.killed_terminals} "
              f"terminals{', 1 worker' if r.killed_worker else ''} |")
    shutil.rmtree(_HOME, ignore_errors=True)
    return 1 if any(r.problems for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
