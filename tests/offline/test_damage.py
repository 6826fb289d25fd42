"""Damage to the offline database is found at start and while running, and stops writes."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from pos_desktop.domain.customer import Customer
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
