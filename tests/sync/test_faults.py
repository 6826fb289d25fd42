"""Exactly once under faults: lost responses, timeouts, HQ killed, terminal killed."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pos_desktop.domain.codec import customer_from_json
from pos_desktop.terminal import Terminal
from tests.support.fault_proxy import FaultProxy
from tests.sync.conftest import activate, person, sync_until_numbered


def _create(terminal: Terminal, first: str, last: str) -> str:
    result = terminal.customers.create_customer(customer_from_json(person(first, last)))
    return result.customer.customer_id


def _hq_copies(terminal: Terminal, customer_ids: list[str]) -> dict[str, int]:
    """How many customers HQ's full change feed holds for each id (must be exactly 1)."""
    counts = dict.fromkeys(customer_ids, 0)
    cursor = None
    while True:
        page = terminal.client.changes(cursor, limit=1000)
        for change in page["changes"]:
            if change["customer_id"] in counts:
                counts[change["customer_id"]] += 1
        cursor = page["next"]
        if not page["has_more"]:
            return counts


def _assert_exactly_once(terminal: Terminal, customer_ids: list[str]) -> None:
    copies = _hq_copies(terminal, customer_ids)
    assert set(copies.values()) == {1}, {k: v for k, v in copies.items() if v != 1}
    numbers = set()
    for customer_id in customer_ids:
        local = terminal.store.get_customer(customer_id)
        assert local is not None, "a customer the terminal accepted was lost locally"
        assert local.account_number, customer_id
        numbers.add(local.account_number)
    assert len(numbers) == len(customer_ids)


@pytest.fixture
def proxied(hq, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A terminal that talks to HQ through a fault-injecting proxy."""
    proxy = FaultProxy(hq.port)
    code = hq.admin.create_activation_code(hq.activation_codes[0]["store_id"], "T9")
    terminal = Terminal(tmp_path / "proxied")
    terminal.activate(proxy.url, code["activation_code"], "T9")
    terminal.client.timeout = (1.0, 2.0)
    yield proxy, terminal
    terminal.close()
    proxy.close()


def test_realtime_create_whose_answer_is_lost_becomes_async_without_a_duplicate(proxied) -> None:
    proxy, terminal = proxied
    terminal.link.check_now()
    proxy.drop_responses(b"POST /api/v1/customers ", times=1)
    result = terminal.customers.create_customer(customer_from_json(person("Lost", "Answer")))
    assert result.fell_back and result.mode.is_async
    assert result.customer.account_number is None
    assert proxy.dropped == 1
    assert not terminal.link.is_up

    proxy.heal()
    terminal.link.check_now()
    sync_until_numbered(terminal, [result.customer.customer_id])
    _assert_exactly_once(terminal, [result.customer.customer_id])


def test_realtime_create_that_times_out_falls_back_to_async(proxied) -> None:
    proxy, terminal = proxied
    terminal.link.check_now()
    proxy.stall()
    started = time.monotonic()
    result = terminal.customers.create_customer(customer_from_json(person("Slow", "Link")))
    assert time.monotonic() - started < 10
    assert result.fell_back and result.customer.account_number is None
    proxy.heal()
    terminal.link.check_now()
    sync_until_numbered(terminal, [result.customer.customer_id])
    _assert_exactly_once(terminal, [result.customer.customer_id])


def test_upload_answer_lost_after_hq_committed_is_not_doubled(proxied) -> None:
    proxy, terminal = proxied
    terminal.link.set_forced_offline(True)
    ids = [_create(terminal, "Batch", f"Lost{i}") for i in range(30)]
    terminal.link.set_forced_offline(False)
    proxy.drop_responses(b"POST /api/v1/async-customers", times=2)
    terminal.link.check_now()
    assert terminal.worker.run_cycle() is None  # the answer never came
    assert terminal.store.outbox_count("pending") == 30  # nothing assumed uploaded
    sync_until_numbered(terminal, ids)
    assert proxy.dropped >= 1
    _assert_exactly_once(terminal, ids)


def test_hq_killed_mid_upload_and_restarted(hq, tmp_path: Path) -> None:
    terminal = activate(hq, tmp_path / "t", "T2")
    terminal.link.set_forced_offline(True)
    ids = [_create(terminal, "Killed", f"Upload{i}") for i in range(1500)]
    terminal.link.set_forced_offline(False)
    terminal.link.check_now()
    cycle = threading.Thread(target=terminal.worker.run_cycle)
    cycle.start()
    time.sleep(0.15)
    hq.kill()
    cycle.join(30)
    hq.restart()
    terminal.link.check_now()
    sync_until_numbered(terminal, ids, timeout=60)
    _assert_exactly_once(terminal, ids)
    terminal.close()


@pytest.mark.slow
def test_terminal_sigkilled_at_random_points_of_a_sync(hq, tmp_path: Path) -> None:
    data_dir = tmp_path / "victim"
    terminal = activate(hq, data_dir, "T3")
    rng = random.Random(20261123)
    ids: list[str] = []
    env = {**os.environ, "POS_DESKTOP_DATA_DIR": str(data_dir)}
    trials = 30
    for trial in range(trials):
        terminal.link.set_forced_offline(True)
        ids += [_create(terminal, "Trial", f"K{trial}x{i}") for i in range(40)]
        process = subprocess.Popen(
            [sys.executable, "-m", "pos_desktop", "sync", "--once"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(rng.uniform(0.2, 1.2))
        process.kill()
        _, stderr = process.communicate(timeout=10)
        assert b"Traceback" not in stderr
    terminal.close()
    terminal = Terminal(data_dir)
    terminal.link.check_now()
    sync_until_numbered(terminal, ids, timeout=60)
    _assert_exactly_once(terminal, ids)
    assert terminal.store.count_by_state().get("pending", 0) == 0
    terminal.close()


@pytest.mark.slow
def test_four_offline_terminals_come_online(hq, tmp_path: Path) -> None:
    store_id = hq.activation_codes[0]["store_id"]
    terminals = [activate(hq, tmp_path / f"t{n}", f"T{n + 10}", store_id) for n in range(4)]
    own: list[list[str]] = []
    for n, terminal in enumerate(terminals):
        terminal.link.set_forced_offline(True)
        own.append([_create(terminal, f"Four{n}", f"Many{i}") for i in range(200)])
    for terminal in terminals:
        terminal.link.set_forced_offline(False)
        terminal.link.check_now()
    for terminal, ids in zip(terminals, own, strict=True):
        sync_until_numbered(terminal, ids, timeout=60)
    everyone = [cid for ids in own for cid in ids]
    for terminal in terminals:  # each sees the others' customers through the feed
        sync_until_numbered(terminal, everyone, timeout=60)
        _assert_exactly_once(terminal, everyone)
        assert terminal.store.count_by_state().get("pending", 0) == 0
        assert len(terminal.customers.search("four3 many19")) >= 1
    for terminal in terminals:
        terminal.close()


@pytest.mark.slow
def test_filtered_async_store_terminals_get_their_numbers_but_not_each_others(
    hq, tmp_path: Path
) -> None:
    """Filtered shared data: no feed download, so no terminal sees another's customers;
    each still learns its own account numbers (async mode online, via the status call)."""
    store_id = hq.activation_codes[0]["store_id"]
    hq.admin.patch_store(
        store_id, filter_shared_customer_data_tables=True, create_customer_async=True
    )
    terminals = [activate(hq, tmp_path / f"f{n}", f"F{n}", store_id) for n in range(4)]
    own = []
    for n, terminal in enumerate(terminals):
        terminal.link.check_now()
        own.append([_create(terminal, f"Filt{n}", f"Only{i}") for i in range(50)])
    for terminal, ids in zip(terminals, own, strict=True):
        sync_until_numbered(terminal, ids, timeout=60)
    for n, terminal in enumerate(terminals):
        others = [cid for m, ids in enumerate(own) if m != n for cid in ids]
        assert not any(terminal.store.get_customer(cid) for cid in others)
        assert terminal.store.count_customers() == 50  # its own, nothing downloaded
        assert terminal.customers.search(f"filt{(n + 1) % 4}") == []
    everyone = [cid for ids in own for cid in ids]
    assert set(_hq_copies(terminals[0], everyone).values()) == {1}
    for terminal, ids in zip(terminals, own, strict=True):
        _assert_exactly_once(terminal, ids)
        terminal.close()
