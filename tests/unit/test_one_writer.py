"""One owner for database writes: every offline-store write runs on the store's writer
thread, in order, whoever asks; a raw write transaction holds the writer's turn."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pos_desktop.domain.codec import customer_from_json
from pos_desktop.offline.store import OfflineStore
from pos_desktop.offline.writer import THREAD_NAME, SerialExecutor, StoreClosed
from tests.support.terminals import person


@pytest.fixture
def store(tmp_path: Path) -> Iterator[OfflineStore]:
    offline = OfflineStore(tmp_path)
    yield offline
    offline.close()


def _record_writers(store: OfflineStore, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The thread names write transactions were opened on (turn holders marked)."""
    seen: list[str] = []
    original = OfflineStore.write

    def write(self: OfflineStore):  # type: ignore[no-untyped-def]
        name = threading.current_thread().name
        holder = "" if name.startswith(THREAD_NAME) else " (holding the turn)"
        seen.append(name + holder)
        return original(self)

    monkeypatch.setattr(OfflineStore, "write", write)
    return seen


def test_writes_from_many_threads_all_run_on_the_one_writer(
    store: OfflineStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _record_writers(store, monkeypatch)

    def work(i: int) -> None:
        customer = customer_from_json(person(f"Uno{i}", f"Scrittore{i}"))
        store.upsert_customer(customer, origin="local")
        store.set_state(f"key{i}", str(i))

    threads = [threading.Thread(target=work, args=(i,), name=f"caller-{i}") for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 16
    assert all(name.startswith(THREAD_NAME) for name in seen), seen
    assert store.get_state("key7") == "7"


def test_a_raw_write_transaction_holds_the_turn(store: OfflineStore) -> None:
    inside, release = threading.Event(), threading.Event()
    order: list[str] = []

    def raw() -> None:
        with store.write():
            inside.set()
            release.wait(5)
            order.append("raw")

    holder = threading.Thread(target=raw)
    holder.start()
    assert inside.wait(5)
    other = threading.Thread(target=lambda: (store.set_state("k", "v"), order.append("other")))
    other.start()
    other.join(0.3)
    assert other.is_alive() and order == []  # the other write waits for the turn
    release.set()
    holder.join(5)
    other.join(5)
    assert order == ["raw", "other"]


def test_no_write_after_close(tmp_path: Path) -> None:
    offline = OfflineStore(tmp_path)
    offline.set_state("before", "1")
    offline.close()
    with pytest.raises(StoreClosed):
        offline.set_state("after", "1")


def test_the_writer_runs_nested_writes_inline() -> None:
    writer = SerialExecutor()
    try:
        assert writer.call(lambda: writer.call(lambda: threading.current_thread().name)
                           ).startswith(THREAD_NAME)
        with writer.turn():
            assert writer.call(lambda: 42) == 42  # the turn holder is not queued behind itself
    finally:
        writer.shutdown()


def test_the_idle_task_runs_on_the_writer_once_writes_stop() -> None:
    ran: list[str] = []
    writer = SerialExecutor(idle_task=lambda: ran.append(threading.current_thread().name),
                            idle_after=0.05)
    try:
        for _ in range(5):
            writer.call(lambda: None)
            assert ran == [], "not while writes keep coming"
        deadline = time.monotonic() + 5
        while not ran and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)
        assert len(ran) == 1 and ran[0].startswith(THREAD_NAME)  # once per busy spell
    finally:
        writer.shutdown()


def test_no_checkpoint_after_a_write_refused_for_damage() -> None:
    """A write refused because the start-up check found damage must not be followed by
    the idle checkpoint: nothing is copied into a file the register refuses to write."""
    ran: list[str] = []
    writer = SerialExecutor(idle_task=lambda: ran.append("checkpoint"), idle_after=0.05)

    def damaged() -> None:
        raise RuntimeError("database disk image is malformed")

    writer.hold_until(damaged)
    try:
        for _ in range(3):
            with pytest.raises(RuntimeError):
                writer.call(lambda: None)
        time.sleep(0.3)
        assert ran == []
    finally:
        writer.shutdown()


def test_a_save_is_copied_into_the_database_file_when_the_writer_idles(
    store: OfflineStore,
) -> None:
    """The WAL checkpoint runs on the idle writer, not inside a cashier's save: soon after
    a save, the database file itself (read without the WAL) holds the customer."""
    customer = customer_from_json(person("Ida", "Checkpoint"))
    store.add_customer(customer, queue_upload=True)

    def in_main_file() -> int:
        conn = sqlite3.connect(f"file:{store.path}?immutable=1", uri=True)
        try:
            return int(conn.execute("SELECT count(*) FROM customers").fetchone()[0])
        except sqlite3.DatabaseError:  # not even the tables are in the file yet, or the
            return 0  # checkpoint is writing the pages this unlocked read sees (torn read)
        finally:
            conn.close()

    deadline = time.monotonic() + 15
    while in_main_file() == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # the checkpoint has finished writing
    assert in_main_file() == 1


def test_an_idle_task_with_more_to_do_runs_again_after_each_pause() -> None:
    """The search index is merged a short step at a time while the writer idles: a step
    that reports more work is run again after the next pause, until it reports none."""
    steps: list[int] = []

    def step() -> bool:
        steps.append(len(steps))
        return len(steps) < 3

    writer = SerialExecutor(idle_task=step, idle_after=0.05)
    try:
        writer.call(lambda: None)
        deadline = time.monotonic() + 5
        while len(steps) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.3)
        assert steps == [0, 1, 2]  # three steps, then nothing until the next write
    finally:
        writer.shutdown()
