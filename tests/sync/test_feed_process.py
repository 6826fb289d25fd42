"""A first download past its first page is read in a child process (`sync.feed_process`):
its Python work (parsing, checking, rows, search terms) leaves the register's interpreter.

The child fetches with its own HTTP session and the device token handed to it through
its pipe; it exits after the pull; killed mid-pull, the sync fails and the next one
resumes with every customer exactly once; a bad record in one of its pages is
quarantined alone.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import pos_desktop.sync.engine as engine_module
import pos_desktop.sync.feed_process as feed_process
from pos_desktop.sync.engine import SyncEngine, SyncReport
from pos_desktop.sync.feed_process import FeedProcess, FeedProcessFailed
from tests.support.search_index import assert_index_matches_rows
from tests.support.terminals import activate, store_of

EXTRA = 1500  # on top of the demo store's customers: more than one feed page


def _seed(db: Path, store_id: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "hq_stub", "admin", "seed-customers", "--db", f"sqlite:///{db}",
         "--store", store_id, "--count", str(EXTRA), "--seed", "7"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def _hq_customers(db: Path, store_id: str) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT customer_id, version FROM customers WHERE store_id = ?",
                            (store_id,)).fetchall()  # fmt: skip
    return dict(rows)


def _terminal_customers(data_dir: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(data_dir / "pos.db") as conn:
        return conn.execute("SELECT customer_id, version FROM customers").fetchall()


class Watched:
    """FeedProcess with a look at each child while its groups arrive."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, on_group: Any = None) -> None:
        self.children: list[Any] = []
        self.seen: list[dict[str, bytes]] = []
        self.groups: list[tuple[Any, list[str]]] = []  # (CheckedPage, its customer_ids)
        real_iter = FeedProcess.__iter__
        watched = self

        def iterate(process: FeedProcess) -> Iterator[Any]:
            for n, item in enumerate(real_iter(process)):
                if n == 0:
                    watched.children.append(process.process)
                    proc = Path(f"/proc/{process.process.pid}")
                    if proc.exists():
                        watched.seen.append({"cmdline": (proc / "cmdline").read_bytes(),
                                             "environ": (proc / "environ").read_bytes()})
                    if on_group is not None:
                        on_group(process)
                checked = item[0]
                watched.groups.append((checked, list(checked.prepared.ids)))
                yield item

        monkeypatch.setattr(FeedProcess, "__iter__", iterate)


@pytest.fixture
def big_store(hq) -> str:  # type: ignore[no-untyped-def]
    store_id = store_of(hq)
    _seed(_hq_db(hq), store_id)
    return store_id


def _hq_db(hq) -> Path:  # type: ignore[no-untyped-def]
    return Path(str(hq.db).removeprefix("sqlite:///"))


def test_a_first_download_is_read_in_a_child_that_exits_after_it(
    hq, big_store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    watched = Watched(monkeypatch)
    terminal = activate(hq, tmp_path / "t", "F1", big_store)
    try:
        report = terminal.parts.worker.engine.run_once()
        token = terminal.parts.client.token
    finally:
        terminal.close()
    assert len(watched.children) == 1
    child = watched.children[0]
    assert not child.is_alive() and child.exitcode == 0  # gone once the feed was read
    if sys.platform.startswith("linux"):  # /proc
        assert token and watched.seen
        for place in ("cmdline", "environ"):  # the token went through the pipe only
            assert token.encode() not in watched.seen[0][place]
    stored = _terminal_customers(tmp_path / "t")
    assert dict(stored) == _hq_customers(_hq_db(hq), big_store)
    assert len(stored) == len({cid for cid, _ in stored}) > EXTRA
    assert report.pulled == len(stored) and report.quarantined == 0
    # The records themselves stayed in the child; the parent can read them again if a
    # record must be stored alone (from the pages' bodies the child sent).
    checked, ids = watched.groups[0]
    assert checked.good == [] and len(ids) > 1000
    assert [c["customer_id"] for c in checked.records()] == ids
    assert_index_matches_rows(tmp_path / "t" / "pos.db")


@pytest.mark.allow_log_errors(r"sync")
def test_a_child_killed_mid_download_fails_the_cycle_and_the_next_resumes_exactly(
    hq, big_store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feed_process, "SLICE", 50)
    monkeypatch.setattr(engine_module, "FEED_PAGE", 300)  # six pages and more,
    monkeypatch.setattr(engine_module, "BULK_GROUP", 1)  # each one a group

    def kill(process: FeedProcess) -> None:
        if len(watched.children) == 1:  # the first child only
            os.kill(process.process.pid, signal.SIGKILL)

    watched = Watched(monkeypatch, on_group=kill)
    terminal = activate(hq, tmp_path / "t", "F2", big_store)
    try:
        engine: SyncEngine = terminal.parts.worker.engine
        with pytest.raises(FeedProcessFailed, match="exit code -9"):
            engine.run_once()
        assert watched.children and not watched.children[0].is_alive()
        assert terminal.parts.store.bulk_since is not None  # the first download not over
        assert 0 < terminal.parts.store.count_customers() < len(_hq_customers(
            _hq_db(hq), big_store)) - 300  # fmt: skip
        engine.run_once()  # the next cycle resumes (a new child) and finishes
        assert len(watched.children) == 2
    finally:
        terminal.close()
    stored = _terminal_customers(tmp_path / "t")
    assert len(stored) == len({cid for cid, _ in stored})  # none twice
    assert dict(stored) == _hq_customers(_hq_db(hq), big_store)  # none skipped
    assert_index_matches_rows(tmp_path / "t" / "pos.db")


def _spoil_last(hq_db: Path, store_id: str, spoil: list[str]) -> list[str]:
    """Append `spoil[i]` (raw JSON text) to the document of the feed's i-th record from
    its end (well past the first page); the customer_ids spoilt."""
    with sqlite3.connect(hq_db) as db:
        rows = db.execute(
            "SELECT customer_id, doc FROM customers WHERE store_id = ? "
            "ORDER BY feed_seq DESC LIMIT ?", (store_id, len(spoil))
        ).fetchall()  # fmt: skip
        for (customer_id, doc), extra in zip(rows, spoil, strict=True):
            assert json.loads(doc)["customer_id"] == customer_id
            db.execute("UPDATE customers SET doc = ? WHERE customer_id = ?",
                       ("{" + doc[1:-1] + "," + extra + "}", customer_id))  # fmt: skip
    return [customer_id for customer_id, _ in rows]


def _one_cycle(  # type: ignore[no-untyped-def]
    hq, store_id: str, data_dir: Path, terminal_id: str
) -> tuple[SyncReport, list[dict[str, Any]]]:
    """One sync cycle of a new terminal of this store: its report and its quarantine."""
    terminal = activate(hq, data_dir, terminal_id, store_id)
    try:
        report = terminal.parts.worker.engine.run_once()
        quarantined = terminal.parts.store.quarantined()
    finally:
        terminal.close()
    return report, quarantined


def _assert_every_customer(  # type: ignore[no-untyped-def]
    hq, store_id: str, data_dir: Path, report: SyncReport
) -> None:
    stored = _terminal_customers(data_dir)
    assert dict(stored) == _hq_customers(_hq_db(hq), store_id)
    assert report.pulled == len(stored) > EXTRA


def test_a_bad_record_read_by_the_child_is_quarantined_alone(
    hq, big_store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hq_db = _hq_db(hq)
    [customer_id] = _spoil_last(hq_db, big_store, ['"attributes":{"size":NaN}'])
    watched = Watched(monkeypatch)
    report, quarantined = _one_cycle(hq, big_store, tmp_path / "t", "F3")
    assert len(watched.children) == 1  # read by the child
    assert report.quarantined == 1
    assert [q["customer_id"] for q in quarantined] == [customer_id]
    stored = dict(_terminal_customers(tmp_path / "t"))
    expected = _hq_customers(hq_db, big_store)
    del expected[customer_id]
    assert stored == expected  # every other customer, once


def test_a_token_revoked_under_the_child_says_activate_again(
    hq, big_store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HQ refusing the token to the child is the terminal's refusal: the sync pauses and
    the register says to activate again, as when the register itself is refused."""
    real_enter = FeedProcess.__enter__

    def revoked_first(process: FeedProcess) -> FeedProcess:
        assert hq.admin.revoke_device(big_store, "F4")["revoked"] == 1
        return real_enter(process)

    monkeypatch.setattr(FeedProcess, "__enter__", revoked_first)
    terminal = activate(hq, tmp_path / "t", "F4", big_store)
    try:
        worker = terminal.parts.worker
        assert worker.run_cycle() is None
        assert worker.auth_error is not None and worker.auth_error.code == "device_revoked"
        assert terminal.parts.store.count_customers() == 0  # nothing half-applied
    finally:
        terminal.close()


def test_without_a_child_process_the_first_download_is_read_here(
    hq, big_store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No process to be had (out of memory, a sandbox): the download goes on in the
    register's own process, complete, instead of failing every cycle."""
    context = multiprocessing.get_context("spawn")

    def refused(self: Any) -> None:
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(context.Process, "start", refused)
    report, _ = _one_cycle(hq, big_store, tmp_path / "t", "F5")
    _assert_every_customer(hq, big_store, tmp_path / "t", report)


@pytest.mark.allow_log_errors(r"sync")
def test_records_nested_too_deeply_for_the_check_are_quarantined_alone(
    hq, big_store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records HQ serves nested about a thousand levels deep: each reads as JSON, but
    showing it as text for the quarantine overflowed Python's stack, so the child's
    check raised and every cycle failed on the same page ('HQ unreachable', the first
    download never finished). Each such record is quarantined alone instead."""
    hq_db = _hq_db(hq)
    depths = range(940, 1070, 10)  # around the stack's limit, wherever the check runs
    nested = ['"affiliations":' + "[" * depth + '"x"' + "]" * depth for depth in depths]
    spoilt = _spoil_last(hq_db, big_store, nested)
    watched = Watched(monkeypatch)
    report, quarantined = _one_cycle(hq, big_store, tmp_path / "t", "F6")
    assert len(watched.children) == 1  # read by the child
    assert report.quarantined == len(depths)
    assert len(quarantined) == len(depths)
    assert {q["customer_id"] for q in quarantined} <= set(spoilt)
    stored = dict(_terminal_customers(tmp_path / "t"))
    expected = _hq_customers(hq_db, big_store)
    for customer_id in spoilt:
        del expected[customer_id]
    assert stored == expected  # every other customer, once


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in interpreter is a sh script")
def test_a_child_that_starts_but_cannot_run_leaves_the_download_to_this_process(
    hq, big_store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The child process starts but ends before it sends anything (its interpreter
    cannot run the register's code: a launcher or a bundle spawn does not handle, a
    sandbox, no memory): nothing was applied, so the download goes on in the register's
    own process from the same cursor, complete, instead of failing every cycle as 'HQ
    unreachable' and never finishing."""
    from multiprocessing import resource_tracker, spawn

    resource_tracker.ensure_running()  # started with the real interpreter, before the swap
    stand_in = tmp_path / "python-that-cannot-run"
    stand_in.write_text("#!/bin/sh\nsleep 0.5\nexit 3\n")
    stand_in.chmod(0o755)
    real = spawn.get_executable()  # bytes or str, as this Python keeps it
    monkeypatch.setattr(spawn, "_python_exe",
                        os.fsencode(stand_in) if isinstance(real, bytes) else str(stand_in))
    report, _ = _one_cycle(hq, big_store, tmp_path / "t", "F7")
    _assert_every_customer(hq, big_store, tmp_path / "t", report)
    said = [r.getMessage() for r in caplog.records if "read in this one" in r.getMessage()]
    assert len(said) == 1 and "exit code 3" in said[0]
