"""A real-time (sync-mode) create whose register is killed while HQ holds the answer.

The cashier pressed Save; the create is on its way to HQ or HQ has made the customer and
its answer is held at the proxy (tests/support/fault_proxy.py); the register process is
SIGKILLed there. Before the call the customer was written ahead (pending, same id as the
Idempotency-Key): the restarted register shows it as pending, its sync replays the id,
and HQ holds it exactly once with the number the register then shows. With "filter
shared customer data tables" on, nothing of it stays in the offline database afterwards.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from pos_desktop.domain.codec import customer_from_json
from pos_desktop.domain.customer import SyncState
from pos_desktop.domain.display import display_account
from pos_desktop.domain.errors import ActionRefused
from pos_desktop.terminal import Terminal
from tests.support.fault_proxy import FaultProxy
from tests.support.terminals import (
    activate,
    person,
    store_of,
    sync_until_numbered,
    wait_until,
)

REALTIME = b"POST /api/v1/customers "
UPLOAD = b"POST /api/v1/async-customers "


@pytest.fixture
def proxy(hq):  # type: ignore[no-untyped-def]
    fault_proxy = FaultProxy(hq.port)
    yield fault_proxy
    fault_proxy.close()


def _activate(hq, proxy: FaultProxy, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    code = hq.admin.create_activation_code(store_of(hq), "T7")["activation_code"]
    terminal = Terminal(data_dir)
    try:
        terminal.activate(proxy.url, code, "T7")
    finally:
        terminal.close()


def _create_killed_mid_call(proxy: FaultProxy, data_dir: Path, point: str) -> str:
    """`pos-desktop customers create` in its own process, SIGKILLed while the real-time
    create is held at `point`; returns the customer_id it was saving."""
    customer_id = str(uuid.uuid4())
    draft = data_dir.parent / "draft.json"
    draft.write_text(json.dumps({**person("Killed", "Midcall"), "customer_id": customer_id}))
    proxy.hold(REALTIME, point=point)
    process = subprocess.Popen(
        [sys.executable, "-m", "pos_desktop", "customers", "create", "--json", str(draft)],
        env={**os.environ, "POS_DESKTOP_DATA_DIR": str(data_dir)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not proxy.held.wait(0.02):
            assert process.poll() is None, process.communicate()[1].decode(errors="replace")
            assert time.monotonic() < deadline, "the real-time create never reached HQ"
        process.kill()
        out, err = process.communicate(timeout=10)
    finally:
        proxy.release(deliver=False)
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=10)
    assert process.returncode == -signal.SIGKILL and out == b"", (out, err)
    proxy.heal()
    return customer_id


def _at_hq(hq_db: Path, customer_id: str) -> list[str | None]:
    """The account numbers HQ holds for this customer_id (one, or none)."""
    with sqlite3.connect(hq_db) as db:
        return [n for (n,) in db.execute(
            "SELECT account_number FROM customers WHERE customer_id = ?", (customer_id,))]


def _offline_rows(data_dir: Path, customer_id: str) -> tuple[int, int]:
    """(customer rows, outbox entries) the offline database holds for this customer."""
    with sqlite3.connect(data_dir / "pos.db") as db:
        customers = db.execute(
            "SELECT count(*) FROM customers WHERE customer_id = ?", (customer_id,)
        ).fetchone()[0]
        outbox = db.execute(
            "SELECT count(*) FROM outbox WHERE customer_id = ?", (customer_id,)
        ).fetchone()[0]
    return customers, outbox


@pytest.mark.parametrize(
    ("point", "hq_has_it"),
    [
        ("answer", True),  # HQ made the customer and answered; the register never heard
        ("request", False),  # HQ has part of the request only: it made nothing
    ],
)
def test_register_killed_during_a_real_time_create_keeps_the_customer_once(
    hq, proxy: FaultProxy, tmp_path: Path, point: str, hq_has_it: bool
) -> None:
    data_dir = tmp_path / "register"
    _activate(hq, proxy, data_dir)
    customer_id = _create_killed_mid_call(proxy, data_dir, point)
    # The kill landed where it claims: one create sent, HQ holding it or not.
    assert proxy.count(REALTIME) == 1
    assert len(_at_hq(tmp_path / "hq.db", customer_id)) == int(hq_has_it)

    terminal = Terminal(data_dir)  # the register starts again
    try:
        shown = terminal.customers.get(customer_id)
        assert shown is not None, "the customer the cashier saved was lost at the register"
        assert shown.state is SyncState.PENDING
        assert display_account(shown.account_number) == "Pending sync"
        terminal.parts.link.check_now()
        sync_until_numbered(terminal, [customer_id])
        numbers = _at_hq(tmp_path / "hq.db", customer_id)
        assert len(numbers) == 1 and numbers[0]
        shown = terminal.customers.get(customer_id)
        assert shown.account_number == numbers[0] and shown.state is SyncState.SYNCED
        assert terminal.customers.search("killed midcall")[0].account_number == numbers[0]
        assert proxy.count(REALTIME) == 2 and proxy.count(UPLOAD) == 0  # replayed once
        assert terminal.services.sync.counts().pending == 0
    finally:
        terminal.close()


@pytest.mark.parametrize(("point", "hq_has_it"), [("answer", True), ("request", False)])
def test_filtered_store_register_killed_mid_create_keeps_no_customer_data(
    hq, proxy: FaultProxy, tmp_path: Path, point: str, hq_has_it: bool
) -> None:
    hq.admin.patch_store(store_of(hq), filter_shared_customer_data_tables=True)
    data_dir = tmp_path / "register"
    _activate(hq, proxy, data_dir)
    customer_id = _create_killed_mid_call(proxy, data_dir, point)
    assert len(_at_hq(tmp_path / "hq.db", customer_id)) == int(hq_has_it)

    terminal = Terminal(data_dir)
    try:
        # Until it is settled the write-ahead is all there is of it here.
        assert _offline_rows(data_dir, customer_id) == (1, 1)
        terminal.parts.link.check_now()
        wait_until(lambda: terminal.parts.worker.run_cycle() is not None
                   and _offline_rows(data_dir, customer_id) == (0, 0), timeout=30)
        numbers = _at_hq(tmp_path / "hq.db", customer_id)
        assert len(numbers) == 1 and numbers[0]  # created once, numbered
        assert proxy.count(REALTIME) == 2 and proxy.count(UPLOAD) == 0
        assert terminal.parts.store.count_customers() == 0
    finally:
        terminal.close()


def _other_data_same_id(hq, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    """A customer_id HQ already holds for another store: a create with it is refused by
    HQ (409), which the register cannot know beforehand (nor learn from its feed)."""
    other = activate(hq, tmp_path / "other", "T8", store_of(hq, 1))
    try:
        other.parts.link.check_now()
        created = other.customers.create_customer(
            customer_from_json(person("Taken", "Identity"))
        ).customer
        assert created.account_number
        return created.customer_id
    finally:
        other.close()


def test_a_real_time_create_hq_refuses_leaves_nothing_behind(hq, tmp_path: Path) -> None:
    taken = _other_data_same_id(hq, tmp_path)
    data_dir = tmp_path / "register"
    terminal = activate(hq, data_dir, "T7")
    try:
        terminal.parts.link.check_now()
        draft = customer_from_json({**person("Someone", "Else"), "customer_id": taken})
        with pytest.raises(ActionRefused, match="HQ refused"):
            terminal.customers.create_customer(draft)
        assert terminal.customers.get(taken) is None
        assert terminal.parts.store.outbox_count("intent") == 0
        assert terminal.services.sync.counts().pending == 0
    finally:
        terminal.close()


def test_a_replayed_create_hq_refuses_is_rejected_with_its_reason(hq, tmp_path: Path) -> None:
    taken = _other_data_same_id(hq, tmp_path)
    data_dir = tmp_path / "register"
    terminal = activate(hq, data_dir, "T7")
    draft = customer_from_json({**person("Someone", "Else"), "customer_id": taken})
    terminal.parts.store.add_intent(draft)  # as a register killed mid-call leaves it
    terminal.close()

    terminal = Terminal(data_dir)
    try:
        terminal.parts.link.check_now()
        report = terminal.parts.worker.run_cycle()
        assert report is not None and taken in report.rejected
        shown = terminal.customers.get(taken)
        assert shown.state is SyncState.REJECTED and shown.first_name == "Someone"
        assert "409" in shown.rejection_reason
        (item,) = terminal.services.sync.worklist((SyncState.REJECTED,))
        assert item.customer_id == taken and item.reason == shown.rejection_reason
        assert terminal.parts.store.outbox_count("intent") == 0
    finally:
        terminal.close()
