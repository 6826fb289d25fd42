"""Terminals against a real HQ: activation, the CLI in-process, sample customers, and
waiting for sync (used by the sync, packaging, ui and cli tests)."""

from __future__ import annotations

import json
from pathlib import Path

import requests

from hq_stub.process import HQProcess
from pos_desktop.cli import main as cli_main
from pos_desktop.services.ports import HQUnreachable
from pos_desktop.terminal import Terminal


def store_of(hq: HQProcess, index: int = 0) -> str:
    return hq.activation_codes[index]["store_id"]


def activate(hq: HQProcess, data_dir: Path, terminal_id: str = "T1",
             store_id: str | None = None) -> Terminal:
    """A terminal in ``data_dir`` activated as ``terminal_id`` of ``store_id`` (default:
    the first demo store, MILAN). Activating a terminal id again revokes its older token
    at HQ: each register has its own id."""
    store_id = store_id or store_of(hq)
    code = hq.admin.create_activation_code(store_id, terminal_id)["activation_code"]
    terminal = Terminal(data_dir)
    terminal.activate(hq.url, code, terminal_id)
    return terminal


def run_cli(capsys, *args: str) -> tuple[int, dict | None, str]:
    """Run `pos-desktop ARGS --json` in-process; (exit code, JSON output, stderr)."""
    code = cli_main([*args, "--json"])
    out, err = capsys.readouterr()
    body = json.loads(out) if out.strip() else None
    return code, body, err


PERSON = {
    "customer_type": "person",
    "first_name": "Giulia",
    "last_name": "Verdi",
    "email": "giulia.verdi@example.com",
    "phone": "02 1234 5678",
    "attributes": {"segment": "standard"},
    "addresses": [{"street": "Via Torino 5", "city": "Milano", "zip": "20123"}],
}


def wait_until(predicate, timeout: float = 15.0, interval: float = 0.05):  # type: ignore[no-untyped-def]
    import time

    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(interval)


def sync_until_numbered(terminal: Terminal, customer_ids: list[str], timeout: float = 30.0):
    """Run sync cycles (the job converts on its own interval) until all have numbers.

    Only the expected failure is retried: HQ unreachable (connection refused or cut, a
    timeout, HQ's 503 while it starts). Anything else (an HTTP 500, an answer that is
    not JSON, HQ refusing a sync call, a bug in the terminal) fails the test at once;
    so does the deadline.
    """
    engine = terminal.parts.worker.engine
    cycle = engine.run_once
    failures: list[BaseException] = []

    def recording_cycle():  # type: ignore[no-untyped-def]
        try:
            return cycle()
        except BaseException as exc:
            failures.append(exc)
            raise

    def done() -> bool:
        assert not terminal.parts.link.forced_offline, "the terminal is forced offline"
        failures.clear()
        report = terminal.parts.worker.run_cycle()  # an unexpected exception propagates
        if report is None:
            (failure,) = failures
            if not _hq_unreachable(failure):
                raise AssertionError(f"sync failed, not because HQ is unreachable: {failure!r}")
            return False
        return all(
            (c := terminal.parts.store.get_customer(cid)) is not None and c.account_number
            for cid in customer_ids
        )

    engine.run_once = recording_cycle  # type: ignore[method-assign]
    try:
        wait_until(done, timeout=timeout, interval=0.2)
    finally:
        del engine.run_once


def _hq_unreachable(exc: BaseException) -> bool:
    if not isinstance(exc, HQUnreachable):
        return False
    cause = exc.__cause__
    if isinstance(cause, requests.ConnectionError | requests.Timeout):
        return True
    return cause is None and str(exc).endswith("HQ unavailable")  # 503


def person(first: str, last: str, **extra) -> dict:  # type: ignore[no-untyped-def]
    body = {**PERSON, "first_name": first, "last_name": last, "email": "", "phone": ""}
    body.update(extra)
    return body
