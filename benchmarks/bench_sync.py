"""End-to-end sync figures against a real HQ process on 127.0.0.1 (run on demand).

    .venv/bin/python benchmarks/bench_sync.py e2e --count 10000
    .venv/bin/python benchmarks/bench_sync.py latency --trials 5

e2e:      N customers created offline (pending) -> all with account numbers at the
          terminal: upload + HQ job (interval 1 s) + change-feed pull, by the real
          background threads (link monitor + sync worker).
latency:  HQ is down, one customer is created (Pending sync), HQ comes back: time from
          HQ accepting connections again to the account number at the terminal.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "pos_desktop.secrets.MemoryKeyring")

from hq_stub.process import HQProcess  # noqa: E402
from pos_desktop.domain.codec import customer_from_json  # noqa: E402
from pos_desktop.terminal import Terminal  # noqa: E402

DRAFT = {
    "customer_type": "person",
    "attributes": {"segment": "standard"},
    "addresses": [{"street": "Via Torino 5", "city": "Milano", "zip": "20123"}],
}


def start_hq(root: Path, job_interval: float) -> HQProcess:
    hq = HQProcess(
        f"sqlite:///{root / 'hq.db'}", demo=True, admin_token="bench", job_interval=job_interval
    )
    hq.start()
    return hq


def activated(hq: HQProcess, data_dir: Path, terminal_id: str) -> Terminal:
    store_id = hq.activation_codes[0]["store_id"]
    code = hq.admin.create_activation_code(store_id, terminal_id)["activation_code"]
    terminal = Terminal(data_dir)
    terminal.activate(hq.url, code, terminal_id)
    return terminal


def wait_for(predicate, timeout: float, poll: float = 0.02) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            raise SystemExit(f"not done within {timeout} s")
        time.sleep(poll)
    return time.perf_counter() - start


def bench_e2e(args: argparse.Namespace, root: Path) -> None:
    hq = start_hq(root, args.job_interval)
    try:
        terminal = activated(hq, root / "terminal", "B1")
        terminal.sync_once()  # the store's existing customers first, as a running terminal
        terminal.link.set_forced_offline(True)
        t0 = time.perf_counter()
        for i in range(args.count):
            draft = customer_from_json({**DRAFT, "first_name": "Bench", "last_name": f"E{i}"})
            terminal.customers.create_customer(draft)
        created = time.perf_counter() - t0
        pending = terminal.store.count_by_state().get("pending", 0)
        print(f"created {pending} pending customers offline in {created:.1f} s")
        terminal.start_background()
        terminal.link.set_forced_offline(False)
        elapsed = wait_for(
            lambda: terminal.store.count_by_state().get("pending", 0) == 0, timeout=300, poll=0.05
        )
        numbered = terminal.store.count_by_state().get("synced", 0)
        print(
            f"e2e: {args.count} pending -> all numbered in {elapsed:.2f} s "
            f"({args.count / elapsed:,.0f} customers/s; job interval {args.job_interval} s; "
            f"{numbered} synced customers at the terminal)"
        )
        terminal.close()
    finally:
        hq.stop()


def bench_latency(args: argparse.Namespace, root: Path) -> None:
    hq = start_hq(root, args.job_interval)
    figures = []
    try:
        terminal = activated(hq, root / "terminal", "B2")
        terminal.sync_once()
        terminal.start_background()
        for trial in range(args.trials):
            hq.kill()
            wait_for(lambda: not terminal.link.is_up, timeout=30)
            draft = customer_from_json({**DRAFT, "first_name": "Late", "last_name": f"L{trial}"})
            result = terminal.customers.create_customer(draft)
            assert result.customer.account_number is None
            hq.restart()  # returns once HQ accepts connections again
            cid = result.customer.customer_id
            seconds = wait_for(
                lambda cid=cid: (c := terminal.store.get_customer(cid)) is not None
                and c.account_number is not None,
                timeout=60,
            )
            figures.append(seconds)
            print(f"trial {trial + 1}: account number {seconds:.2f} s after HQ was back")
        terminal.close()
    finally:
        hq.stop()
    print(
        f"latency: n={len(figures)} median {statistics.median(figures):.2f} s, "
        f"max {max(figures):.2f} s (job interval {args.job_interval} s)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("e2e")
    p.add_argument("--count", type=int, default=10_000)
    p.add_argument("--job-interval", type=float, default=1.0)
    p = sub.add_parser("latency")
    p.add_argument("--trials", type=int, default=5)
    p.add_argument("--job-interval", type=float, default=1.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        root = Path(tmp)
        os.environ["XDG_DATA_HOME"] = str(root / "xdg")
        {"e2e": bench_e2e, "latency": bench_latency}[args.what](args, root)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
