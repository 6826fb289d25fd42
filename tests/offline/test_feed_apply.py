"""Applying pages of HQ's change feed to the offline store."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import datetime

import pytest

import pos_desktop.offline.store as store_module
from pos_desktop.domain.customer import Address, Customer, SyncState
from pos_desktop.domain.display import customer_account_label

CURSOR = "customers_cursor"


def hq_customer(customer_id: str, account: str | None, **fields) -> dict:
    body = {
        "customer_id": customer_id,
        "account_number": account,
        "customer_type": "person",
        "first_name": "Giorgio",
        "last_name": "Neri",
        "email": "giorgio.neri@example.it",
        "phone": "+390244556677",
        "customer_group": "RETAIL",
        "currency": "EUR",
        "language": "it",
        "receipt_option": "print",
        "addresses": [
            {
                "address_id": f"{customer_id}-a1",
                "purpose": "home",
                "street": "Via Torino 3",
                "city": "Torino",
                "zip": "10121",
                "country": "IT",
                "is_primary": True,
            }
        ],
        "contacts": [],
        "attributes": {"segment": "A"},
        "loyalty_cards": [],
        "version": 1,
        "store_id": "MIL01",
        "created_at": "2024-05-01T10:00:00Z",
        "updated_at": "2024-05-01T10:00:00+02:00",
    }
    body.update(fields)
    return body


def _rowid(store, customer_id: str) -> int:
    with sqlite3.connect(store.path) as connection:
        return connection.execute(
            "SELECT id FROM customers WHERE customer_id = ?", (customer_id,)
        ).fetchone()[0]


def _outbox_states(store) -> dict[str, str]:
    with sqlite3.connect(store.path) as connection:
        return dict(connection.execute("SELECT customer_id, state FROM outbox"))


def test_new_customers_are_inserted_searchable_and_the_cursor_saved(store):
    page = [
        hq_customer("c-1", "C0000101"),
        hq_customer(
            "c-2",
            "C0000102",
            first_name="Elsa",
            last_name="Lind",
            email="elsa@example.se",
            phone="+46812345600",
        ),
    ]
    known = store.apply_feed_page(page, cursor_key=CURSOR, cursor="page-1")

    assert known == []
    assert store.count_customers() == 2
    assert store.get_state(CURSOR) == "page-1"
    giorgio = store.get_customer("C0000101")
    assert giorgio is not None
    assert giorgio.customer_id == "c-1"
    assert giorgio.state is SyncState.SYNCED
    assert giorgio.addresses[0].city == "Torino"
    assert giorgio.attributes == {"segment": "A"}
    assert giorgio.updated_at == datetime(2024, 5, 1, 8, 0)  # 10:00+02:00 in UTC
    assert store.get_customer("c-2").display_name == "Elsa Lind"
    assert [r.customer_id for r in store.search("neri")] == ["c-1"]
    assert [r.customer_id for r in store.search("lind")] == ["c-2"]
    assert [r.customer_id for r in store.search("C0000102")] == ["c-2"]
    assert {r.customer_id for r in store.search("torino")} == {"c-1", "c-2"}


def test_our_pending_customer_comes_back_synced_in_place(store):
    pending = Customer(
        first_name="Anna",
        last_name="Rossi",
        phone="+390212345678",
        addresses=[
            Address(street="Via Roma 1", city="Milano", zip="20121", country="IT", is_primary=True)
        ],
    )
    store.add_customer(pending, queue_upload=True)
    other = Customer(first_name="Mario", last_name="Bianchi")
    store.add_customer(other, queue_upload=True)
    rowid = _rowid(store, pending.customer_id)
    assert customer_account_label(store.get_customer(pending.customer_id)) == "Pending sync"

    synced = hq_customer(
        pending.customer_id,
        "C0009999",
        first_name="Anna",
        last_name="Verdi",
        phone="+390212345678",
        email="",
        addresses=[
            {
                "address_id": pending.addresses[0].address_id,
                "purpose": "home",
                "street": "Via Garibaldi 7",
                "city": "Pavia",
                "zip": "27100",
                "country": "IT",
                "is_primary": True,
            }
        ],
    )
    known = store.apply_feed_page([synced], cursor_key=CURSOR, cursor="page-2")

    assert known == [pending.customer_id]
    assert store.count_customers() == 2
    assert _rowid(store, pending.customer_id) == rowid  # same record, references hold
    customer = store.get_customer("C0009999")
    assert customer.customer_id == pending.customer_id
    assert customer.state is SyncState.SYNCED
    assert customer_account_label(customer) == "C0009999"
    assert [a.city for a in customer.addresses] == ["Pavia"]
    # the search index follows: old terms no longer match, new ones do
    assert store.search("rossi") == []
    assert store.search("milano") == []
    assert store.search("20121") == []
    for typed in ("verdi", "pavia", "27100", "C0009999", "5678"):
        assert [r.customer_id for r in store.search(typed)] == [pending.customer_id], typed
    (row,) = store.search("verdi")
    assert row.account_number == "C0009999"
    assert row.city == "Pavia"
    # its outbox entry is done; the other pending one is untouched
    assert _outbox_states(store) == {pending.customer_id: "done", other.customer_id: "pending"}
    assert store.outbox_count() == 1
    assert store.get_state(CURSOR) == "page-2"


def test_the_last_version_in_a_page_wins(store):
    page = [hq_customer("c-1", "C1", last_name="Old"), hq_customer("c-1", "C1", last_name="New")]
    store.apply_feed_page(page, cursor_key=CURSOR, cursor="p")
    assert store.count_customers() == 1
    assert store.get_customer("c-1").last_name == "New"
    assert store.search("old") == []


def test_an_empty_page_only_moves_the_cursor(store):
    assert store.apply_feed_page([], cursor_key=CURSOR, cursor="p9") == []
    assert store.get_state(CURSOR) == "p9"
    assert store.count_customers() == 0


def test_no_cursor_keeps_the_previous_one(store):
    store.apply_feed_page([], cursor_key=CURSOR, cursor="p1")
    store.apply_feed_page([hq_customer("c-1", "C1")], cursor_key=CURSOR, cursor=None)
    assert store.get_state(CURSOR) == "p1"
    assert store.count_customers() == 1


def test_a_failed_page_leaves_no_customer_and_no_cursor(store, monkeypatch):
    store.apply_feed_page([], cursor_key=CURSOR, cursor="before")
    real_apply = store_module.apply_customers

    def apply_then_crash(raw, customers, **kwargs):
        real_apply(raw, customers, **kwargs)
        raise RuntimeError("crash after the rows were written")

    monkeypatch.setattr(store_module, "apply_customers", apply_then_crash)
    with pytest.raises(RuntimeError):
        store.apply_feed_page([hq_customer("c-1", "C1")], cursor_key=CURSOR, cursor="after")

    assert store.count_customers() == 0
    assert store.search("neri") == []
    assert store.get_state(CURSOR) == "before"


def test_a_pending_customer_from_another_terminal_stays_pending(store):
    store.apply_feed_page(
        [hq_customer("c-7", None, state="pending")], cursor_key=CURSOR, cursor="p"
    )
    customer = store.get_customer("c-7")
    assert customer.state is SyncState.PENDING
    assert customer_account_label(customer) == "Pending sync"


def test_an_update_to_an_already_numbered_customer_is_not_reported_as_newly_numbered(store):
    customer_id = str(uuid.uuid4())
    first = hq_customer(customer_id, "C0000900")
    assert store.apply_feed_page([first], cursor_key=CURSOR, cursor="a") == []
    changed = hq_customer(customer_id, "C0000900", last_name="Neri-Bianchi", version=2)
    assert store.apply_feed_page([changed], cursor_key=CURSOR, cursor="b") == []
    assert store.get_customer(customer_id).last_name == "Neri-Bianchi"
