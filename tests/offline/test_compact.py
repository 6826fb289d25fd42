"""An upgraded store gives its free pages back: the register's start compacts it once
(on the writer, the file smaller, every customer there and findable), a short disk
leaves it as it is without failing the start, and space freed later goes back in small
steps while the writer is idle (auto_vacuum=INCREMENTAL, set by that one VACUUM)."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from pos_desktop.offline import compact as compact_module
from pos_desktop.offline import store as store_module
from pos_desktop.offline.compact import DUE_BYTES
from pos_desktop.offline.store import OfflineStore
from pos_desktop.services.events import DatabaseCompaction
from pos_desktop.terminal import Terminal
from tests.support.stores import (
    MIB,
    copy_store,
    file_and_free,
    generated_store,
    leave_free_pages,
)

CUSTOMERS = 3_000
FREED_MIB = 40  # more than DUE_BYTES and the 20 % share of a ~4 MiB store


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("compact") / "template"
    generated_store(folder, CUSTOMERS)
    return folder


class Upgraded(NamedTuple):
    folder: Path
    db: Path


@pytest.fixture
def upgraded(template: Path, tmp_path: Path) -> Upgraded:
    """A store whose file is mostly free pages, as an upgrade from before 0009 leaves it."""
    db = copy_store(template, tmp_path / "terminal")
    leave_free_pages(db, FREED_MIB)
    return Upgraded(db.parent, db)


def customer_ids(db: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("SELECT customer_id FROM customers")}
    finally:
        conn.close()


def assert_all_there_and_findable(folder: Path, expected: set[str]) -> None:
    """Every customer is in the file and a sample is found by account number and e-mail
    through the search the register uses."""
    store = OfflineStore(folder)
    try:
        assert store.count_customers() == len(expected)
        for n in range(100, 100 + len(expected), max(97, len(expected) // 40)):
            account = f"C{n:07d}"
            customer = store.get_customer(account)
            assert customer is not None and customer.customer_id in expected
            assert customer.customer_id in {s.customer_id for s in store.search(account)}
            assert customer.customer_id in {s.customer_id for s in store.search(customer.email)}
    finally:
        store.close()
    assert customer_ids(folder / "pos.db") == expected


@pytest.fixture
def events() -> Iterator[list[object]]:
    yield []


def _open_and_start(folder: Path, seen: list[object]) -> Terminal:
    terminal = Terminal(folder)
    terminal.services.sync.subscribe(seen.append)
    terminal.start_background()
    return terminal


def _compactions(seen: list[object]) -> list[bool]:
    return [e.running for e in seen if isinstance(e, DatabaseCompaction)]


def test_the_start_compacts_an_upgraded_store_once(upgraded: Upgraded) -> None:
    size, free = file_and_free(upgraded.db)
    assert free >= FREED_MIB * MIB and free > DUE_BYTES
    expected = customer_ids(upgraded.db)
    seen: list[object] = []
    terminal = _open_and_start(upgraded.folder, seen)
    try:
        deadline = time.monotonic() + 30
        while _compactions(seen) != [True, False] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _compactions(seen) == [True, False]
        assert not terminal.services.maintenance.compacting
    finally:
        terminal.close()
    after, free_after = file_and_free(upgraded.db)
    assert after < size - (FREED_MIB - 2) * MIB, (size, after)
    assert free_after < MIB
    assert_all_there_and_findable(upgraded.folder, expected)
    seen.clear()  # the next start has nothing to give back: no pause, no message
    terminal = _open_and_start(upgraded.folder, seen)
    try:
        terminal.services.writer.submit(lambda: None).result(10)  # after the start's turn
    finally:
        terminal.close()
    assert _compactions(seen) == []
    assert file_and_free(upgraded.db)[0] == after


def test_a_short_disk_leaves_the_store_as_it_is_and_the_start_goes_on(
    upgraded: Upgraded, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    size, _free = file_and_free(upgraded.db)
    real = shutil.disk_usage

    def nearly_full(path: str | Path) -> object:
        usage = real(path)
        return type(usage)(usage.total, usage.total - 5 * MIB, 5 * MIB)

    monkeypatch.setattr(compact_module.shutil, "disk_usage", nearly_full)
    seen: list[object] = []
    with caplog.at_level(logging.WARNING):
        terminal = _open_and_start(upgraded.folder, seen)
        try:
            done = terminal.services.writer.submit(lambda: "written").result(10)
        finally:
            terminal.close()
    assert done == "written"  # writes go on
    said = [r.getMessage() for r in caplog.records if "not compacted" in r.getMessage()]
    assert len(said) == 1 and "Not enough free disk space" in said[0]
    assert "5 MiB free" in said[0] and "pos-desktop maintenance compact" in said[0]
    assert file_and_free(upgraded.db)[0] == size
    assert _compactions(seen) == []  # nothing began: the status bar never said so


def test_searching_goes_on_while_the_writer_compacts(upgraded: Upgraded) -> None:
    """Readers are not held by the VACUUM (WAL): the register's search answers
    while the start's compaction runs."""
    store = OfflineStore(upgraded.folder)
    started = threading.Event()
    answers: list[int] = []

    def search_meanwhile(_use: object) -> None:
        started.set()
        reader = threading.Thread(target=lambda: answers.append(len(store.search("C0000100"))))
        reader.start()
        reader.join(10)

    try:
        done = store.compact(due_only=True, on_start=search_meanwhile)
    finally:
        store.close()
    assert started.is_set() and answers == [1]
    assert done is not None and done.after_bytes < done.before_bytes


def test_space_freed_after_compaction_goes_back_while_the_writer_is_idle(
    upgraded: Upgraded,
) -> None:
    store = OfflineStore(upgraded.folder)
    try:
        store.compact()
        compacted = upgraded.db.stat().st_size
        assert store.space_use().auto_vacuum == 2  # incremental
        # A big deletion later (purge, erasures): 12 MiB of pages freed again.
        with store.raw_write() as raw:
            raw.execute("CREATE TABLE later (blob BLOB)")
            raw.executemany("INSERT INTO later VALUES (zeroblob(262144))", [()] * 48)
        store.checkpoint()
        grown = upgraded.db.stat().st_size
        with store.raw_write() as raw:
            raw.execute("DROP TABLE later")
        assert store.space_use().free_bytes > 11 * MIB
        deadline = time.monotonic() + 30  # idle steps of 1 MiB, 0.25 s apart
        while store.space_use().free_bytes > MIB and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # the step's checkpoint
        assert store.space_use().free_bytes <= MIB
    finally:
        store.close()
    assert grown > compacted + 11 * MIB
    assert upgraded.db.stat().st_size < compacted + 2 * MIB


def test_closing_the_register_mid_compaction_rolls_it_back_without_waiting(
    upgraded: Upgraded, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The window closed while the start compacts: the VACUUM is interrupted (rolled
    back) instead of holding the closing process, and the next start compacts."""
    size, free = file_and_free(upgraded.db)
    expected = customer_ids(upgraded.db)
    inside, closed = threading.Event(), threading.Event()
    real = store_module.vacuum_file

    def watched(raw: sqlite3.Connection, *args: object, **kwargs: object) -> object:
        def progress() -> int:  # runs inside the VACUUM statement
            inside.set()
            closed.wait(10)
            return 0

        raw.set_progress_handler(progress, 1000)
        try:
            return real(raw, *args, **kwargs)  # type: ignore[arg-type]
        finally:
            raw.set_progress_handler(None, 0)

    monkeypatch.setattr(store_module, "vacuum_file", watched)
    terminal = _open_and_start(upgraded.folder, [])
    assert inside.wait(10)
    closer = threading.Thread(target=terminal.close)
    closer.start()
    time.sleep(0.2)  # close() has interrupted the statement by now
    closed.set()
    closer.join(10)
    assert not closer.is_alive()
    said = [r.getMessage() for r in caplog.records if "not compacted" in r.getMessage()]
    assert len(said) == 1 and "stopped as the register closed; nothing changed" in said[0]
    assert file_and_free(upgraded.db) == (size, free)
    monkeypatch.setattr(store_module, "vacuum_file", real)
    seen: list[object] = []
    terminal = _open_and_start(upgraded.folder, seen)
    terminal.services.writer.submit(lambda: None).result(30)
    terminal.close()
    assert _compactions(seen) == [True, False]
    assert file_and_free(upgraded.db)[0] < size - 38 * MIB
    assert_all_there_and_findable(upgraded.folder, expected)


def test_a_new_store_gives_freed_space_back_without_a_compaction(data_dir: Path) -> None:
    store = OfflineStore(data_dir)
    try:
        assert store.space_use().auto_vacuum == 2  # set before its first table
        with store.raw_write() as raw:
            raw.execute("CREATE TABLE later (blob BLOB)")
            raw.executemany("INSERT INTO later VALUES (zeroblob(262144))", [()] * 24)
        store.checkpoint()
        grown = (data_dir / "pos.db").stat().st_size
        with store.raw_write() as raw:
            raw.execute("DROP TABLE later")
        deadline = time.monotonic() + 30
        while store.space_use().free_bytes > MIB and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # the step's checkpoint
    finally:
        store.close()
    assert (data_dir / "pos.db").stat().st_size < grown - 5 * MIB


def test_closing_between_the_compactions_statements_still_stops_it(
    upgraded: Upgraded, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """close() lands after the compaction began but between two of its statements (here
    the disk-space check just before the VACUUM): SQLite forgets an interrupt given
    while no statement runs, so the VACUUM must still see the close and stop, not run
    to its end (minutes on a large store) while the closing register waits on it."""
    size, free = file_and_free(upgraded.db)
    real = compact_module.space_needed
    opened, closing = threading.Event(), threading.Event()
    terminals: list[Terminal] = []
    calls: list[int] = []
    closers: list[threading.Thread] = []

    def close_meanwhile(db_path: Path, use: compact_module.SpaceUse) -> object:
        calls.append(1)
        if len(calls) == 2:  # the check inside the VACUUM's own turn: close() comes now
            assert opened.wait(10)
            store = terminals[0].parts.store
            closers.append(threading.Thread(target=terminals[0].close))
            closers[0].start()
            closing.set()
            deadline = time.monotonic() + 10
            while not store._closing and time.monotonic() < deadline:  # noqa: SLF001
                time.sleep(0.01)
            time.sleep(0.1)  # close() has given its interrupt: no statement was running
        return real(db_path, use)

    monkeypatch.setattr(compact_module, "space_needed", close_meanwhile)
    terminals.append(_open_and_start(upgraded.folder, []))
    opened.set()
    assert closing.wait(30)
    closers[0].join(30)
    assert not closers[0].is_alive()
    said = [r.getMessage() for r in caplog.records if "not compacted" in r.getMessage()]
    assert len(said) == 1 and "stopped as the register closed; nothing changed" in said[0]
    assert file_and_free(upgraded.db) == (size, free)
