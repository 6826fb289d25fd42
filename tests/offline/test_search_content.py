"""The search index keeps no copy of its terms (migration 0009): they are generated from
the customer's rows, and FTS5 deletes an entry with the terms its rows give. Every write
must therefore leave the index holding exactly the terms of the rows (checked from the
index itself with fts5vocab), a store of the previous schema is indexed again from its
rows, and a store indexed with other terms (another version of them) is rebuilt."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import datetime
from pathlib import Path

import pytest

from pos_desktop.domain.customer import Customer, RejectionReason, SyncState
from pos_desktop.offline.db import DB_FILENAME, make_engine
from pos_desktop.offline.erasure import ERASED_CODE
from pos_desktop.offline.feed_apply import apply_customers
from pos_desktop.offline.mapping import TERMS_STATE_KEY, from_micros, stored_terms
from pos_desktop.offline.migrate import _config
from pos_desktop.offline.search_terms import TERMS_VERSION, terms_fingerprint
from pos_desktop.offline.store import OfflineStore
from tests.offline.test_feed_apply import hq_customer
from tests.support.search_index import assert_index_matches_rows, connect, indexed_terms


def _found(store: OfflineStore, typed: str) -> set[str]:
    return {s.customer_id for s in store.search(typed, limit=1000)}


def _page(n: int, start: int = 0, **fields: object) -> list[dict]:
    return [
        hq_customer(str(uuid.uuid4()), f"C{start + i:07d}", last_name=f"Cognome{start + i}",
                    **fields)
        for i in range(n)
    ]  # fmt: skip


def test_the_index_holds_exactly_the_rows_terms_through_every_kind_of_write(store) -> None:
    page = _page(12)
    store.apply_feed_page(page, cursor_key="c", cursor="12")
    mine = Customer(first_name="Ada", last_name="Locale", state=SyncState.PENDING)
    store.add_customer(mine, queue_upload=True)
    refused = Customer(first_name="Bruna", last_name="Rifiutata", state=SyncState.PENDING)
    store.add_customer(refused, queue_upload=True)
    assert_index_matches_rows(store.path)

    # HQ's edits, a number for our customer, an erasure, a refusal as erased.
    store.apply_feed_page([{**page[0], "last_name": "Cambiato", "version": 2}],
                          cursor_key="c", cursor="13")  # fmt: skip
    store.assign_account_number(mine.customer_id, "C0999999")
    store.apply_feed_page([{"customer_id": page[1]["customer_id"], "state": "erased"}],
                          cursor_key="c", cursor="14")  # fmt: skip
    store.reject_upload(refused.customer_id, "erased",
                        [RejectionReason("", ERASED_CODE, "erased at HQ")])  # fmt: skip
    assert_index_matches_rows(store.path)

    assert _found(store, "cambiato") == {page[0]["customer_id"]}
    assert page[0]["customer_id"] not in _found(store, "cognome0")
    assert _found(store, "C0999999") == {mine.customer_id}
    assert page[1]["customer_id"] not in _found(store, "cognome1")  # erased: no entry left
    assert _found(store, "rifiutata") == set()

    assert store.purge_synced_customers(cursor_key="c") == 12  # HQ's 11 + ours, numbered
    assert_index_matches_rows(store.path)
    assert _found(store, "giorgio") == set()


def test_a_loyalty_card_that_moved_finds_only_its_new_holder(store) -> None:
    first, second = _page(2)
    first["loyalty_cards"] = ["6001112223334"]
    store.apply_feed_page([first, second], cursor_key="c", cursor="2")
    assert _found(store, "6001112223334") == {first["customer_id"]}
    # HQ gave the card to the other customer: the page carries that one only.
    store.apply_feed_page([{**second, "loyalty_cards": ["6001112223334"], "version": 2}],
                          cursor_key="c", cursor="3")  # fmt: skip
    assert _found(store, "6001112223334") == {second["customer_id"]}
    assert_index_matches_rows(store.path)


def test_a_bulk_load_with_a_customer_twice_ends_with_the_index_exact(store) -> None:
    twice = _page(1)[0]
    store.begin_bulk_load()
    store.apply_feed_page([twice, *_page(3, 10)], cursor_key="c", cursor="4", defer_index=True)
    store.apply_feed_page([{**twice, "last_name": "Seconda", "version": 2}],
                          cursor_key="c", cursor="5", defer_index=True)  # fmt: skip
    store.finish_bulk_load()
    store.build_search_backlog()
    assert store.search_backlog_size() == 0
    assert_index_matches_rows(store.path)
    assert _found(store, "seconda") == {twice["customer_id"]}


def _store_at(path: Path, revision: str) -> None:
    from alembic import command

    engine = make_engine(path)
    config = _config()
    with engine.connect() as connection:
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        with connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    engine.dispose()


def test_a_store_of_the_previous_schema_is_indexed_from_its_rows(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / DB_FILENAME
    _store_at(path, "0008")
    indexed, waiting = _page(20), _page(5, 100)
    contacts = [{"kind": "phone", "value": "+393331112233", "is_primary": False},
                {"kind": "email", "value": "zeta@example.it", "marketing_consent": True},
                {"kind": "email", "value": "alfa@example.it"}]  # fmt: skip
    indexed[2]["contacts"] = contacts
    for i, record in enumerate(indexed):  # the customer groups' few values
        record["financial_dimensions"] = {"department": "SALES" if i % 2 else "RETAIL"}
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    # Today's writer, with the dimensions as 0008 kept them (JSON text in the row).
    conn.execute("CREATE TABLE dimension_sets (id INTEGER PRIMARY KEY, value TEXT UNIQUE)")
    apply_customers(conn, indexed)
    apply_customers(conn, waiting, defer_index=True)  # a first download under way
    conn.execute("UPDATE customers SET financial_dimensions = (SELECT value FROM "
                 "dimension_sets WHERE id = financial_dimensions)")  # fmt: skip
    conn.execute("DROP TABLE dimension_sets")
    for column in ("created_at", "updated_at"):  # and the timestamps as text, as 0008 did
        conn.executemany(f"UPDATE customers SET {column} = ? WHERE id = ?", [
            (from_micros(v).strftime("%Y-%m-%d %H:%M:%S.%f"), pk)
            for pk, v in conn.execute(f"SELECT id, {column} FROM customers").fetchall()])
    # An older version indexed a term these rows no longer give.
    (terms,) = conn.execute("SELECT terms FROM customer_search WHERE rowid = 1").fetchone()
    conn.execute("DELETE FROM customer_search WHERE rowid = 1")
    conn.execute("INSERT INTO customer_search (rowid, terms) VALUES (1, ?)", (terms + " vecchio",))
    conn.execute("COMMIT")
    conn.close()

    store = OfflineStore(data_dir)
    try:
        with connect(path) as db:
            tables = {n for (n,) in db.execute("SELECT name FROM sqlite_master")}
            (state,) = db.execute("SELECT value FROM sync_state WHERE key = ?",
                                  (TERMS_STATE_KEY,)).fetchone()  # fmt: skip
        assert "customer_search_content" not in tables  # the copy of the terms is gone
        assert "ix_contacts_customer_pk" not in tables  # contacts keyed by their customer
        kept = store.get_customer(indexed[2]["customer_id"])
        assert kept.financial_dimensions == {"department": "RETAIL"}
        assert (kept.created_at, kept.updated_at) == (datetime(2024, 5, 1, 10, 0),
                                                      datetime(2024, 5, 1, 8, 0))  # UTC
        assert store.get_customer(indexed[3]["customer_id"]).financial_dimensions == {
            "department": "SALES"}
        with connect(path) as db:  # each distinct value once, the rows refer to it
            assert db.execute("SELECT count(*) FROM dimension_sets").fetchone() == (3,)
            assert db.execute("SELECT DISTINCT typeof(financial_dimensions), "
                              "typeof(created_at), typeof(updated_at) FROM customers"
                              ).fetchall() == [("integer",) * 3]  # fmt: skip
        assert [(c.value, c.marketing_consent) for c in kept.contacts] == [
            ("+393331112233", False), ("zeta@example.it", True), ("alfa@example.it", False)]
        assert state == terms_fingerprint()
        assert_index_matches_rows(path)
        assert len(indexed_terms(path)) == 20 and store.search_backlog_size() == 5
        assert _found(store, "vecchio") == set()
        assert _found(store, "cognome3") == {indexed[3]["customer_id"]}
        store.build_search_backlog()
        assert_index_matches_rows(path)
        assert _found(store, "cognome104") == {waiting[4]["customer_id"]}
        # Deleting entries works on the migrated index: an erasure, an edit.
        store.apply_feed_page([{"customer_id": indexed[0]["customer_id"], "state": "erased"},
                               {**indexed[5], "last_name": "Nuovo", "version": 2}],
                              cursor_key="c", cursor="x")  # fmt: skip
        assert_index_matches_rows(path)
        assert indexed[0]["customer_id"] not in _found(store, "cognome0")
        assert indexed[5]["customer_id"] not in _found(store, "cognome5")
        assert _found(store, "nuovo") == {indexed[5]["customer_id"]}
    finally:
        store.close()


@pytest.mark.allow_log_errors(r"$^")
def test_a_store_indexed_with_other_terms_is_indexed_again_when_opened(data_dir: Path) -> None:
    store = OfflineStore(data_dir)
    page = _page(6)
    store.apply_feed_page(page, cursor_key="c", cursor="6")
    store.close()
    path = data_dir / DB_FILENAME
    with connect(path) as db:  # another version's terms: one more term for row 2
        (terms,) = db.execute("SELECT terms FROM customer_search_source WHERE id = 2").fetchone()
        db.execute("INSERT INTO customer_search (customer_search, rowid, terms) "
                   "VALUES ('delete', 2, ?)", (terms,))  # fmt: skip
        db.execute("INSERT INTO customer_search (rowid, terms) VALUES (2, ?)",
                   (terms + " antico",))  # fmt: skip
        db.execute("UPDATE sync_state SET value = 'older' WHERE key = ?", (TERMS_STATE_KEY,))

    store = OfflineStore(data_dir)
    try:
        assert store.get_state(TERMS_STATE_KEY) == terms_fingerprint()
        assert_index_matches_rows(path)
        assert _found(store, "antico") == set()
        assert _found(store, "cognome1") == {page[1]["customer_id"]}
    finally:
        store.close()


def test_the_terms_of_a_row_are_pinned_to_their_version() -> None:
    """Changing what terms the rows give needs TERMS_VERSION bumped (stores then index
    again when opened): otherwise entries would be deleted with other terms than they
    were indexed with."""
    terms = stored_terms(
        "Seán", "", "O'Brien", "", "sean@example.ie", "+353 86 123 4567", "C0001234",
        [["email", "s.obrien@work.ie"], ["phone", "0861234567"]],
        [["Grafton Street 12", "Dublin", "D02 X285"]], ["LC-99887766"],
    )  # fmt: skip
    assert TERMS_VERSION == 1
    assert terms == (
        "sean o brien obrien seanexampleie sobrienworkie 353861234567 rv765432168353 "
        "861234567 0861234567 rv7654321680 c0001234 lc99887766 d02x285 grafton street 12 "
        "graftonstreet12 dublin"
    )


def test_a_word_longer_than_the_prefix_index_finds_that_word_first(store) -> None:
    """"Valentina" (9 letters, past the 8-letter prefix index) is looked up as the whole
    term first, a streamed lookup, instead of gathering every term starting with it (each
    e-mail address starting with "valentina"); longer terms still fill a short page."""
    by_email = Customer(first_name="Bianca", last_name="Neri",
                        email="valentina.neri@example.it")  # fmt: skip
    longer = Customer(first_name="Valentinas", last_name="Kairys")
    store.add_customer(by_email, queue_upload=False)  # stored first: lowest rowids
    store.add_customer(longer, queue_upload=False)
    named = [Customer(first_name="Valentina", last_name=f"Rossi{i}") for i in range(3)]
    for customer in named:
        store.add_customer(customer, queue_upload=False)

    first_page = [s.customer_id for s in store.search("Valentina", limit=3)]
    assert first_page == [c.customer_id for c in named]
    everyone = [s.customer_id for s in store.search("valentina", limit=25)]
    assert everyone[:3] == first_page
    assert set(everyone[3:]) == {by_email.customer_id, longer.customer_id}
    # Then those matching one word of the two, the long one as a whole word.
    both = store.search("valentina rossi1")
    assert (both[0].customer_id, both[0].matched_words) == (named[1].customer_id, 2)
    assert [(s.customer_id, s.matched_words) for s in both[1:]] == [
        (named[0].customer_id, 1), (named[2].customer_id, 1)]
