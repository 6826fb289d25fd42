"""The SQLite file: migrations from empty, no-op reopen, pragmas, atomic writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from pos_desktop.domain.customer import Customer
from pos_desktop.offline.migrate import current_revision, head_revision
from pos_desktop.offline.store import OfflineStore
from tests.support.search_index import indexed_terms

TABLES = {
    "customers",
    "addresses",
    "contacts",
    "customer_attributes",
    "loyalty_cards",
    "store_config",
    "outbox",
    "sync_state",
    "customer_search",
    "alembic_version",
}


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}


def _backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.bak"))


def test_migrates_an_empty_folder_to_head_without_a_backup(data_dir):
    assert not data_dir.exists()
    store = OfflineStore(data_dir)
    try:
        assert store.path == data_dir / "pos.db"
        assert store.path.exists()
        assert current_revision(store.engine) == head_revision()
        assert store.backup is None
    finally:
        store.close()
    assert _tables(data_dir / "pos.db") >= TABLES
    assert _backups(data_dir) == []


def test_reopening_is_a_no_op_and_keeps_the_data(data_dir):
    first = OfflineStore(data_dir)
    first.add_customer(Customer(first_name="Anna", last_name="Rossi"), queue_upload=True)
    first.close()

    second = OfflineStore(data_dir)
    try:
        assert second.backup is None
        assert current_revision(second.engine) == head_revision()
        assert second.count_customers() == 1
        assert second.outbox_count() == 1
        assert [r.name for r in second.search("rossi")] == ["Anna Rossi"]
    finally:
        second.close()
    assert _backups(data_dir) == []


# Backup before migrating an older schema: the only revision is 0001, so there is no
# real older schema to migrate from yet; that case is not tested here.


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [
        ("journal_mode", "wal"),
        ("synchronous", 2),  # FULL
        ("foreign_keys", 1),
        ("busy_timeout", 10_000),
    ],
)
def test_pragmas_are_in_force_on_every_connection(store, pragma, expected):
    for engine in (store.engine, store._writer):
        with engine.connect() as connection:
            assert connection.exec_driver_sql(f"PRAGMA {pragma}").scalar() == expected
    with store.read() as session:
        assert session.execute(text(f"PRAGMA {pragma}")).scalar() == expected


def test_the_file_itself_is_in_wal_mode(store):
    store.add_customer(Customer(first_name="Anna", last_name="Rossi"), queue_upload=False)
    with sqlite3.connect(store.path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_foreign_keys_are_enforced(store):
    with pytest.raises(IntegrityError), store.write() as session:
        session.execute(
            text(
                "INSERT INTO addresses (address_id, customer_pk, position, purpose, street, "
                "city, state, zip, country, contact_name, contact_phone, is_primary, "
                "sync_state) VALUES ('a1', 999, 0, 'home', '', '', '', '', 'IT', '', '', 1, "
                "'synced')"
            )
        )


# -- one transaction: the customer and its outbox entry, both or neither --------------------


def _count(store: OfflineStore, table: str) -> int:
    if table == "customer_search":  # the customers the index holds terms of
        return len(indexed_terms(store.path))
    with sqlite3.connect(store.path) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_async_customer_and_outbox_entry_are_written_together(store):
    customer = Customer(first_name="Anna", last_name="Rossi")
    store.add_customer(customer, queue_upload=True)
    assert store.count_customers() == 1
    with sqlite3.connect(store.path) as connection:
        rows = connection.execute(
            "SELECT kind, entity_id, customer_id, state FROM outbox"
        ).fetchall()
    assert rows == [("customer", customer.customer_id, customer.customer_id, "pending")]


def test_failure_between_customer_and_outbox_insert_leaves_neither(store, monkeypatch):
    def broken_enqueue(*args, **kwargs):
        raise RuntimeError("power cut between the two inserts")

    monkeypatch.setattr(OfflineStore, "_enqueue_raw", broken_enqueue)
    customer = Customer(first_name="Anna", last_name="Rossi", email="anna@example.com")
    with pytest.raises(RuntimeError, match="power cut"):
        store.add_customer(customer, queue_upload=True)

    assert store.count_customers() == 0
    assert store.outbox_count() == 0
    assert store.get_customer(customer.customer_id) is None
    assert store.search("rossi") == []
    for table in ("customers", "outbox", "customer_search", "addresses", "contacts"):
        assert _count(store, table) == 0, table

    # and the store still works afterwards
    monkeypatch.undo()
    store.add_customer(customer, queue_upload=True)
    assert (store.count_customers(), store.outbox_count()) == (1, 1)


def test_a_customer_id_is_stored_only_once(store):
    customer = Customer(first_name="Anna", last_name="Rossi")
    store.add_customer(customer, queue_upload=True)
    with pytest.raises(IntegrityError):
        store.add_customer(customer, queue_upload=True)
    assert (store.count_customers(), store.outbox_count()) == (1, 1)


def test_a_start_with_the_schema_up_to_date_does_not_load_alembic(tmp_path):
    """Alembic costs a quarter of a second of start-up: only a store that needs a
    migration (here: a new one) loads it."""
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from pos_desktop.offline.store import "
            "OfflineStore; OfflineStore(Path(sys.argv[1])).close(); "
            "print('alembic' in sys.modules)")  # fmt: skip

    def start() -> str:
        return subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True,
                              capture_output=True, text=True).stdout.strip()  # fmt: skip

    assert start() == "True"  # a new store: migrated from nothing
    assert start() == "False"  # the same store again: nothing to migrate
