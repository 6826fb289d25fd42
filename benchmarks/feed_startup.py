"""The feed process's start-up: time to the first group of one 1,000-customer page, read
in a child process (`FeedProcess`) against read here (`FeedReader` + the check),
alternating (run on demand):

    .venv/bin/python benchmarks/feed_startup.py --hq-db /tmp/i13pop/hq100k.db --runs 3
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:  # everything inside: a spawned child imports this file again
    parser = argparse.ArgumentParser()
    parser.add_argument("--hq-db", required=True, help="a seeded HQ database (a copy)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    root = Path(__file__).resolve().parents[1]
    sys.path[:0] = [str(root), str(root / "benchmarks")]
    import bench_sync

    from hq_stub.process import HQProcess
    from pos_desktop.sync.feed_process import FeedProcess

    hq = HQProcess(f"sqlite:///{args.hq_db}", demo=True, admin_token="bench", job_interval=30)
    hq.start()
    try:
        terminal = bench_sync.activated(hq, Path(tempfile.mkdtemp()) / "t", "S1")
        client, engine = terminal.parts.client, terminal.parts.worker.engine
        for _ in range(args.runs):
            started = time.perf_counter()
            with FeedProcess(client, None, page=1000, group=1) as groups:
                for _group in groups:
                    child = time.perf_counter() - started
                    break
            started = time.perf_counter()
            for _group in engine._groups_here(None, 1):
                here = time.perf_counter() - started
                break
            print(f"first 1,000-customer group: child process {child * 1000:.0f} ms, "
                  f"in this process {here * 1000:.0f} ms")  # fmt: skip
        terminal.close()
    finally:
        hq.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
