"""The 1M-customer store keeps only what it reads (migration 0008): a customer's
attributes in one keyed table, the state index for the worklist's few customers only,
and the worklist and its counts still right and still found through that index."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import event

from pos_desktop.domain.customer import Customer, SyncState
from tests.offline.test_feed_apply import hq_customer


def _statements(store: Any) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []

    def record(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        seen.append((statement, params))

    event.listen(store.engine, "before_cursor_execute", record)
    return seen


def test_the_worklist_reads_its_few_customers_through_the_state_index(store) -> None:
    page = [hq_customer(str(uuid.uuid4()), f"C{i:07d}", last_name=f"Synced{i}")
            for i in range(40)]  # fmt: skip
    store.apply_feed_page(page, cursor_key="c", cursor="40")
    waiting = Customer(first_name="Ada", last_name="Attesa", state=SyncState.PENDING,
                       attributes={"segment": "gold", "newsletter": True})  # fmt: skip
    store.add_customer(waiting, queue_upload=True)

    seen = _statements(store)
    worklist = store.customers_in_state("pending")
    assert [c.customer_id for c in worklist] == [waiting.customer_id]
    assert worklist[0].attributes == {"segment": "gold", "newsletter": True}
    assert store.count_by_state() == {"synced": 40, "pending": 1}

    reads = [(s, p) for s, p in seen if "FROM customers" in s and "state" in s]
    assert reads, "the worklist and its counts query the customers by state"
    raw = store.engine.raw_connection()
    try:
        for statement, params in reads:
            plan = " ".join(r[3] for r in raw.execute(f"EXPLAIN QUERY PLAN {statement}", params))
            assert "ix_customers_state" in plan, (statement, plan)
    finally:
        raw.close()


def test_attributes_are_one_keyed_table_and_the_state_index_leaves_synced_out(store) -> None:
    raw = store.engine.raw_connection()
    try:
        (attributes,) = raw.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'customer_attributes'"
        ).fetchone()
        indexes = [n for (n,) in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name = 'customer_attributes'")]  # fmt: skip
        (state,) = raw.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'ix_customers_state'"
        ).fetchone()
    finally:
        raw.close()
    assert "WITHOUT ROWID" in attributes and indexes == []
    assert "WHERE state != 'synced'" in state
