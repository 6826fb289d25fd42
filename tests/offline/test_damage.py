"""Damage to the offline database is found at start and while running, and stops writes."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import text

from pos_desktop.domain.customer import Customer
from pos_desktop.offline import health
from pos_desktop.offline.health import DamagedDatabase, quick_check
from pos_desktop.offline.store import OfflineStore
from tests.offline.test_feed_apply import CURSOR, hq_customer
from tests.sync.test_damage import damage_mid_file


def _filled(data_dir: Path, n: int = 3000) -> Path:
    store = OfflineStore(data_dir)
    try:
        for start in range(0, n, 1000):
            page = [hq_customer(str(uuid.uuid4()), f"C{i:07d}") for i in range(start, start + 1000)]
            store.apply_feed_page(page, cursor_key=CURSOR, cursor=str(start))
    finally:
        store.close()
    return data_dir / "pos.db"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.allow_log_errors(r"failed quick_check|is damaged: database disk image is malformed")
def test_a_damaged_file_is_refused_at_start_and_left_as_it_is(data_dir: Path) -> None:
    db = _filled(data_dir)
    assert quick_check(db) is None
    damage_mid_file(db)
    before = _digest(db)
    with pytest.raises(DamagedDatabase) as refused:
        OfflineStore(data_dir)
    assert str(db) in refused.value.message and "pos-desktop recover" in refused.value.message
    assert _digest(db) == before


@pytest.mark.allow_log_errors(r"failed quick_check|is damaged: database disk image is malformed")
def test_damage_found_while_running_stops_every_later_write(data_dir: Path) -> None:
    db = _filled(data_dir)
    store = OfflineStore(data_dir)
    try:
        damage_mid_file(db)
        store.engine.dispose()  # no page of the old file left in a connection's cache
        before = _digest(db)
        with pytest.raises(DamagedDatabase), store.read() as session:
            # Reads every customer row: meets the damaged page.
            session.execute(text("SELECT sum(length(first_name)) FROM customers")).scalar()
        assert store.damaged
        with pytest.raises(DamagedDatabase):
            store.add_customer(Customer(first_name="Anna", last_name="Rossi"), queue_upload=True)
        with pytest.raises(DamagedDatabase):
            store.apply_feed_page([], cursor_key=CURSOR, cursor="x")
        assert _digest(db) == before
    finally:
        store.close()


class SlowCheck:
    """`health.quick_check` held until the test lets it go (a 1M file takes seconds)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.release = threading.Event()
        self.started = threading.Event()
        real = health.quick_check

        def slow(path: Path, budget_s: float | None = health.QUICK_CHECK_BUDGET_S) -> str | None:
            self.started.set()
            assert self.release.wait(30), "the test never released the check"
            return real(path, budget_s)

        monkeypatch.setattr(health, "quick_check", slow)


def test_a_deferred_check_opens_at_once_and_writes_wait_until_it_passes(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filled(data_dir, 1000)
    check = SlowCheck(monkeypatch)
    store = OfflineStore(data_dir, defer_check=True)
    try:
        assert store.check is not None and check.started.wait(5)
        with store.read() as session:  # reads go on meanwhile
            assert session.execute(text("SELECT count(*) FROM customers")).scalar() == 1000
        with ThreadPoolExecutor(2) as pool:
            by_method = pool.submit(store.set_state, "probe", "1")

            def direct_write() -> None:  # a write body in the writer's turn (sync engine)
                with store.write() as session:
                    session.execute(text("INSERT INTO sync_state VALUES ('probe2', '2')"))

            by_turn = pool.submit(direct_write)
            time.sleep(0.3)
            assert not by_method.done() and not by_turn.done()  # held while checking
            assert store.get_state("probe") is None
            check.release.set()
            by_method.result(10)
            by_turn.result(10)
        assert store.get_state("probe") == "1" and store.get_state("probe2") == "2"
        assert store.check.done and store.check.problem is None
    finally:
        check.release.set()
        store.close()


@pytest.mark.allow_log_errors(r"failed quick_check: database disk image is malformed")
def test_a_deferred_check_that_finds_damage_refuses_every_write(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _filled(data_dir)
    damage_mid_file(db)
    before = _digest(db)
    check = SlowCheck(monkeypatch)
    store = OfflineStore(data_dir, defer_check=True)  # opens: the check has not run yet
    try:
        with ThreadPoolExecutor(1) as pool:
            waiting = pool.submit(store.set_state, "probe", "1")
            time.sleep(0.2)
            assert not waiting.done()
            check.release.set()
            with pytest.raises(DamagedDatabase) as refused:
                waiting.result(10)
        assert str(db) in refused.value.message and "pos-desktop recover" in refused.value.message
        with pytest.raises(DamagedDatabase):
            store.add_customer(Customer(first_name="Anna", last_name="Rossi"), queue_upload=True)
        with pytest.raises(DamagedDatabase), store.write():  # a write in the writer's turn
            pass
        assert store.damaged
    finally:
        store.close()
    assert _digest(db) == before


@pytest.mark.allow_log_errors(r"failed quick_check: database disk image is malformed")
def test_a_file_that_needs_a_migration_is_checked_before_it_opens(data_dir: Path) -> None:
    """Migrating writes, so a deferred check does not wait for the window there."""
    db = _filled(data_dir)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0005'")
    damage_mid_file(db)
    before = _digest(db)
    with pytest.raises(DamagedDatabase):
        OfflineStore(data_dir, defer_check=True)
    assert _digest(db) == before
