"""`recover` with the `dimension_sets` table unreadable: the pending customers' financial
dimensions are salvaged from what else holds them (their queued upload, else the rule
that made them: the default customer's group in the salvaged store configuration), and
the report names each customer whose dimensions were rebuilt or could not be."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from pos_desktop.domain.codec import customer_from_json
from pos_desktop.offline.recover import recover
from pos_desktop.offline.store import OfflineStore
from pos_desktop.terminal import Terminal
from tests.sample_store import store_json
from tests.support.terminals import person

EXPECTED = {"CostCenter": "100"}  # the sample store's default customer's group (RETAIL)


def _pending_customers(data_dir: Path, n: int = 3) -> list[str]:
    store = OfflineStore(data_dir)
    store.save_store_config(store_json(), hq_url="", terminal_id="T1")
    store.close()
    terminal = Terminal(data_dir)  # no HQ: saved offline, pending, queued for upload
    try:
        ids = [
            terminal.customers.create_customer(customer_from_json(
                person(f"Dim{i}", "Kept", email=f"dim{i}@example.com",
                       attributes={"segment": "A"}))).customer.customer_id
            for i in range(n)
        ]
        for customer_id in ids:
            assert terminal.customers.get(customer_id).financial_dimensions == EXPECTED
    finally:
        terminal.close()
    return ids


def _damage_table(db: Path, table: str) -> None:
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = [p for (p,) in conn.execute("SELECT pageno FROM dbstat WHERE name = ?",
                                            (table,))]
    finally:
        conn.close()
    with db.open("r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * page_size)
            handle.write(random.Random(page).randbytes(page_size))


def _dimensions(data_dir: Path, ids: list[str]) -> dict[str, dict[str, str]]:
    store = OfflineStore(data_dir)
    try:
        return {i: store.get_customer(i).financial_dimensions for i in ids}
    finally:
        store.close()


def test_unreadable_dimension_sets_are_salvaged_from_the_queue_and_the_rule(
    data_dir: Path,
) -> None:
    ids = _pending_customers(data_dir)
    db = data_dir / "pos.db"
    conn = sqlite3.connect(db)
    try:  # one customer's queued upload lost too: its dimensions come from the rule
        conn.execute("DELETE FROM outbox WHERE customer_id = ?", (ids[2],))
        conn.commit()
    finally:
        conn.close()
    _damage_table(db, "dimension_sets")

    report = recover(data_dir, force=True)

    assert _dimensions(data_dir, ids) == {i: EXPECTED for i in ids}
    assert report.saved["pending"] == 3
    assert report.saved["dimensions_from_upload"] == 2
    assert report.saved["dimensions_from_default_group"] == 1
    notes = [n for n in report.not_saved if "financial dimensions" in n]
    assert notes == [
        f"customer {ids[2]}: its financial dimensions were unreadable; the default "
        "customer's group's (RETAIL) were given, as at its creation"
    ]


def test_dimensions_nothing_else_holds_are_named_as_left_empty(data_dir: Path) -> None:
    ids = _pending_customers(data_dir, n=2)
    db = data_dir / "pos.db"
    conn = sqlite3.connect(db)
    try:  # no queued upload, no store configuration: nothing else holds them
        conn.execute("DELETE FROM outbox WHERE customer_id = ?", (ids[1],))
        conn.commit()
    finally:
        conn.close()
    _damage_table(db, "dimension_sets")
    _damage_table(db, "store_config")

    report = recover(data_dir, force=True)

    store = OfflineStore(data_dir, check=False)
    try:
        assert store.get_customer(ids[0]).financial_dimensions == EXPECTED
        assert store.get_customer(ids[1]).financial_dimensions == {}
    finally:
        store.close()
    assert (f"customer {ids[1]}: its financial dimensions were unreadable and nothing else "
            "holds them (no queued upload, no store configuration): left empty; set them "
            "at HQ") in report.not_saved
