"""End-to-end sync figures against a real HQ process on 127.0.0.1 (run on demand).

    .venv/bin/python benchmarks/bench_sync.py e2e --count 10000
    .venv/bin/python benchmarks/bench_sync.py latency --trials 5

e2e:      N customers created offline (pending) -> all with account numbers at the
          terminal: upload + HQ job (interval 1 s) + change-feed pull, by the real
          background threads (link monitor + sync worker).
latency:  HQ is down, one customer is created (Pending sync), HQ comes back: time from
          HQ accepting connections again to the account number at the terminal.
population: a fresh terminal's first sync from a store of N customers at HQ (seeded with
          `hq-stub admin seed-customers`), by the background sync worker while a Qt event
          loop runs; reports the time, the event loop's longest stall (a 5 ms timer), and
          search latency at the end.

    .venv/bin/python benchmarks/bench_sync.py population --count 1000000
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

import keyring  # noqa: E402

from hq_stub.process import HQProcess  # noqa: E402
from pos_desktop.credentials import MemoryKeyring  # noqa: E402
from pos_desktop.domain.codec import customer_from_json  # noqa: E402
from pos_desktop.terminal import Terminal  # noqa: E402

keyring.set_keyring(MemoryKeyring())  # throw-away terminals: their tokens die with the run

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
        terminal.parts.link.set_forced_offline(True)
        t0 = time.perf_counter()
        for i in range(args.count):
            draft = customer_from_json({**DRAFT, "first_name": "Bench", "last_name": f"E{i}"})
            terminal.customers.create_customer(draft)
        created = time.perf_counter() - t0
        pending = terminal.parts.store.count_by_state().get("pending", 0)
        print(f"created {pending} pending customers offline in {created:.1f} s")
        terminal.start_background()
        terminal.parts.link.set_forced_offline(False)
        elapsed = wait_for(
            lambda: terminal.parts.store.count_by_state().get("pending", 0) == 0,
            timeout=300, poll=0.05,
        )
        numbered = terminal.parts.store.count_by_state().get("synced", 0)
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
            wait_for(lambda: not terminal.parts.link.is_up, timeout=30)
            draft = customer_from_json({**DRAFT, "first_name": "Late", "last_name": f"L{trial}"})
            result = terminal.customers.create_customer(draft)
            assert result.customer.account_number is None
            hq.restart()  # returns once HQ accepts connections again
            cid = result.customer.customer_id
            seconds = wait_for(
                lambda cid=cid: (
                    (c := terminal.parts.store.get_customer(cid)) is not None
                    and c.account_number is not None
                ),
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


def bench_population(args: argparse.Namespace, root: Path) -> None:
    import logging
    import subprocess

    logging.basicConfig(format="%(asctime)s %(name)s: %(message)s")
    logging.getLogger("pos_desktop.sync.engine").setLevel(logging.INFO)

    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    hq_db = Path(args.hq_db) if args.hq_db else root / "hq.db"
    hq = HQProcess(f"sqlite:///{hq_db}", demo=True, admin_token="bench", job_interval=30)
    hq.start()
    try:
        store_id = hq.activation_codes[0]["store_id"]
        if not args.hq_db or not args.reuse:
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "hq_stub", "admin", "seed-customers", "--db",
                 f"sqlite:///{hq_db}", "--store", store_id, "--count", str(args.count)],
                check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
            print(f"seeded {args.count:,} customers at HQ in {time.perf_counter() - t0:.1f} s")
        from pos_desktop.runtime import tune_runtime

        terminal = activated(hq, root / "terminal", "P1")
        if args.floor_only:
            token = terminal.parts.client.token
            terminal.close()
            _print_floor(hq.url, token, root, 0.0, 0, 0)
            return
        app = QApplication.instance() or QApplication([])
        if not args.default_gc:
            tune_runtime()  # as run_gui does
        clock = QElapsedTimer()
        gaps: list[int] = []
        state = {"last": 0, "done": 0.0, "pulled": 0}
        trace = None
        if args.trace_stalls:
            from benchmarks.stall_trace import StallTrace
            from pos_desktop.sync import client as client_module

            trace = StallTrace()
            client_module.parse_feed_page = trace.wrap(client_module.parse_feed_page,
                                                       "page parse")

        def tick() -> None:
            now = clock.elapsed()
            gaps.append(now - state["last"])
            state["last"] = now
            if trace is not None:
                trace.tick()

        def on_report(report) -> None:  # type: ignore[no-untyped-def] # worker thread
            state["pulled"] += report.pulled
            if not state["done"]:
                state["done"] = time.perf_counter()

        def maybe_quit() -> None:  # on the GUI thread
            if state["done"]:
                app.quit()

        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(tick)
        watcher = QTimer()
        watcher.setInterval(50)
        watcher.timeout.connect(maybe_quit)
        watcher.start()
        terminal.parts.worker.subscribe(on_report)
        start = time.perf_counter()
        clock.start()
        if trace is not None:
            trace.start()
        timer.start()
        terminal.start_background()
        app.exec()
        timer.stop()
        if trace is not None:
            trace.stop()
            trace.report()
        elapsed = state["done"] - start
        total = terminal.parts.store.count_customers()
        worst = sorted(gaps)[-5:]
        print(
            f"population: {state['pulled']:,} customers pulled and searchable in "
            f"{elapsed:.1f} s ({state['pulled'] / elapsed:,.0f}/s); {total:,} at the terminal"
        )
        print(
            f"event loop (5 ms timer, {len(gaps):,} ticks): longest stall {max(gaps)} ms, "
            f"five longest {worst} ms, p99 {sorted(gaps)[int(len(gaps) * 0.99)]} ms"
        )
        for text in ("rossi", "giu bian", "3471", "C0500000"):
            t1 = time.perf_counter()
            hits = terminal.customers.search(text)
            print(
                f"search {text!r}: {len(hits)} hits in {(time.perf_counter() - t1) * 1000:.1f} ms"
            )
        token = terminal.parts.client.token
        terminal.close()
        db = root / "terminal" / "pos.db"
        size = sum(p.stat().st_size for p in db.parent.glob("pos.db*")) / 2**20
        print(f"terminal DB: {size:,.0f} MiB")
        if args.keep:  # e.g. for bench_search.py / bench_startup.py
            import shutil

            shutil.copytree(root / "terminal", args.keep, dirs_exist_ok=True)
        if not args.no_floor:
            p99 = sorted(gaps)[int(len(gaps) * 0.99)]
            _print_floor(hq.url, token, root, elapsed, max(gaps), p99)
    finally:
        hq.stop()


POPULATION_RATIO = 1.5  # issue 13: first population <= 1.5x the floor, same run
POPULATION_S = 90.0
STALL_MS, STALL_P99_MS = 50, 16


def _print_floor(url: str, token: str, root: Path, elapsed: float, stall: int, p99: int) -> None:
    from benchmarks.population_floor import population_floor

    floor = population_floor(url, token, root / "floor" / "floor.db")
    ratio = elapsed / floor["total_s"]
    print(
        f"floor (same feed over HTTP, raw inserts, indexes after): {floor['customers']:,} in "
        f"{floor['total_s']:.1f} s (load {floor['load_s']:.1f}, indexes "
        f"{floor['indexes_s']:.1f}, search {floor['search_s']:.1f}; {floor['mib']:,.0f} MiB)"
    )
    print(f"ratio population / floor: {ratio:.2f}x (target <= {POPULATION_RATIO}x and "
          f"<= {POPULATION_S:.0f} s at 1M); stall {stall} ms (<= {STALL_MS}), "
          f"p99 {p99} ms (<= {STALL_P99_MS})")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("e2e")
    p.add_argument("--count", type=int, default=10_000)
    p.add_argument("--job-interval", type=float, default=1.0)
    p = sub.add_parser("latency")
    p.add_argument("--trials", type=int, default=5)
    p.add_argument("--job-interval", type=float, default=1.0)
    p = sub.add_parser("population")
    p.add_argument("--count", type=int, default=1_000_000)
    p.add_argument("--hq-db", help="HQ database file to seed (kept for reuse)")
    p.add_argument("--reuse", action="store_true", help="--hq-db is already seeded")
    p.add_argument("--default-gc", action="store_true", help="skip the app's GC tuning")
    p.add_argument("--no-floor", action="store_true", help="skip the raw floor run")
    p.add_argument("--floor-only", action="store_true", help="only the raw floor run")
    p.add_argument("--trace-stalls", action="store_true",
                   help="break each long stall down (CPU, run queue, blocked; GC, parses)")
    p.add_argument("--keep", type=Path, help="copy the populated terminal's data dir here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        root = Path(tmp)
        os.environ["XDG_DATA_HOME"] = str(root / "xdg")
        {"e2e": bench_e2e, "latency": bench_latency, "population": bench_population}[args.what](
            args, root
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
