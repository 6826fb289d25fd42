"""A first download without its unique indexes ends as if every page had replaced the
customers it carried: a customer that comes twice is stored once, with its latest data,
in its first row (our own pending customer keeps its row and origin)."""

from __future__ import annotations

import sqlite3
import uuid

import pytest

from pos_desktop.domain.customer import Customer, SyncState
from tests.offline.test_feed_apply import hq_customer


def _rows(store, sql: str, *args):  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(store.path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def test_a_customer_that_comes_twice_during_a_bulk_load_is_stored_once(store) -> None:
    mine = Customer(first_name="Ottavia", last_name="Unica", state=SyncState.PENDING)
    store.add_customer(mine, queue_upload=True)
    (mine_pk,) = _rows(store, "SELECT id FROM customers WHERE customer_id = ?",
                       mine.customer_id)[0]  # fmt: skip
    twice = str(uuid.uuid4())
    other = str(uuid.uuid4())
    store.begin_bulk_load()
    store.apply_feed_page([hq_customer(twice, "C0000001", last_name="Prima"),
                           hq_customer(other, "C0000002", last_name="Altro")],
                          cursor_key="c", cursor="2", defer_index=True)  # fmt: skip
    # HQ changed both meanwhile: they come again, later in the feed.
    again = hq_customer(twice, "C0000001", last_name="Seconda", version=2)
    back = hq_customer(mine.customer_id, "C0000003", first_name="Ottavia", last_name="Unica")
    store.apply_feed_page([again, back], cursor_key="c", cursor="4", defer_index=True)
    assert len(_rows(store, "SELECT id FROM customers WHERE customer_id = ?", twice)) == 2

    assert store.finish_bulk_load() == 1  # ours was stored before: replaced in place
    store.build_search_backlog()
    rows = _rows(store, "SELECT customer_id, id, last_name, version, origin, state, "
                        "account_number FROM customers ORDER BY id")  # fmt: skip
    assert [r[0] for r in rows] == [mine.customer_id, twice, other]  # each once, first rows
    assert rows[0][1:] == (mine_pk, "Unica", 1, "local", "synced", "C0000003")
    assert rows[1][2:4] == ("Seconda", 2)  # the latest data
    assert [s.customer_id for s in store.search("seconda")] == [twice]
    assert store.search("prima") == []
    assert len(store.search("ottavia unica")) == 1
    addresses = _rows(store, "SELECT address_id, customer_pk FROM addresses ORDER BY 1")
    assert addresses == sorted([(f"{twice}-a1", rows[1][1]), (f"{other}-a1", rows[2][1]),
                                (f"{mine.customer_id}-a1", mine_pk)])  # fmt: skip
    assert store.outbox_count("pending") == 0  # our customer's upload is done
    with pytest.raises(sqlite3.IntegrityError):  # the unique keys hold again
        _rows(store, "UPDATE customers SET account_number = 'C0000001' WHERE id = ?", mine_pk)


def test_an_account_number_another_customer_took_later_goes_to_that_one(store) -> None:
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    store.begin_bulk_load()
    store.apply_feed_page([hq_customer(first, "C0000009", last_name="Vecchio")],
                          cursor_key="c", cursor="1", defer_index=True)  # fmt: skip
    store.apply_feed_page([hq_customer(second, "C0000009", last_name="Nuovo")],
                          cursor_key="c", cursor="2", defer_index=True)  # fmt: skip
    store.finish_bulk_load()
    store.build_search_backlog()
    # As INSERT OR REPLACE would have done page by page: the later holder wins.
    assert store.get_customer("C0000009").customer_id == second
    assert store.get_customer(first) is None
    assert store.search("vecchio") == []
