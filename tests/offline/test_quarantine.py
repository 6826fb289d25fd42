"""The feed quarantine in the offline store: record by record, with its own migration."""

from __future__ import annotations

import math
import sqlite3
import uuid
from pathlib import Path

import pytest
from alembic import command

import pos_desktop.offline.store as store_module
from pos_desktop.offline.db import make_engine
from pos_desktop.offline.feed_check import record_problem
from pos_desktop.offline.migrate import _config
from pos_desktop.offline.store import OfflineStore
from pos_desktop.sync.feed_parse import parse_feed_page
from tests.offline.test_feed_apply import CURSOR, hq_customer


def _good(n: int) -> list[dict]:
    return [hq_customer(str(uuid.uuid4()), f"C9{i:05d}") for i in range(n)]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"attributes": {"size": math.nan}}, "attributes.size"),
        ({"attributes": {"size": math.inf}}, "attributes.size"),
        ({"attributes": {"size": 10**400}}, "attributes.size"),
        ({"attributes": {"size": 2**53 + 2}}, "attributes.size"),
        ({"attributes": {"size": [1, 2]}}, "attributes.size"),
        ({"addresses": "nowhere"}, "addresses"),
        ({"addresses": [{"address_id": 5}]}, "addresses[0].address_id"),
        ({"contacts": [{"kind": "fax", "value": "1"}]}, "contacts[0].kind"),
        ({"first_name": "Nu\x00ll"}, "first_name"),
        ({"last_name": "\u202eevil"}, "last_name"),
        ({"first_name": "\ud800"}, "first_name"),
        ({"first_name": {"nested": True}}, "first_name"),
        ({"customer_id": None}, "customer_id"),
        ({"customer_id": ""}, "customer_id"),
        ({"version": "two"}, "version"),
        ({"version": 1.5}, "version"),
        ({"customer_type": "alien"}, "customer_type"),
        ({"account_number": None, "state": "limbo"}, "state"),
        ({"loyalty_cards": [{"card_number": None}]}, "loyalty_cards[0]"),
        ({"financial_dimensions": {"dept": math.nan}}, "financial_dimensions.dept"),
    ],
)
def test_record_problem_names_the_field(change: dict, field: str) -> None:
    record = hq_customer(str(uuid.uuid4()), "C0000001")
    record.update(change)
    problem = record_problem(record)
    assert problem is not None and problem.startswith(field), problem


def test_a_good_record_has_no_problem() -> None:
    record = hq_customer(str(uuid.uuid4()), "C0000001", attributes={"size": 42.5, "vip": True})
    record["addresses"][0]["street"] = "Via Roma 1\nScala B"  # streets may span lines
    assert record_problem(record) is None
    assert record_problem("not a customer") is not None


def test_bad_records_are_quarantined_and_the_rest_of_the_page_applies(
    store: OfflineStore,
) -> None:
    page = _good(5)
    bad = hq_customer(str(uuid.uuid4()), "C0999999", attributes={"size": math.nan})
    page.insert(2, bad)
    store.apply_feed_page(page, cursor_key=CURSOR, cursor="17",
                          unreadable=[('{"customer_id": "x", "title": "\\q"}', "not JSON")])
    assert store.last_quarantined == 2
    assert store.count_customers() == 5
    assert store.get_state(CURSOR) == "17"
    assert store.quarantine_count() == 2
    records = store.quarantined()
    by_id = {r["customer_id"]: r for r in records}
    assert by_id[bad["customer_id"]]["reason"].startswith("attributes.size")
    assert "NaN" in by_id[bad["customer_id"]]["raw"]
    assert by_id[None]["reason"] == "not JSON" and by_id[None]["cursor"] == "17"

    # The same bad record again replaces its entry; a good version clears it.
    store.apply_feed_page([bad], cursor_key=CURSOR, cursor="18")
    assert store.quarantine_count() == 2
    fixed = {**bad, "attributes": {"size": 3}}
    store.apply_feed_page([fixed], cursor_key=CURSOR, cursor="19")
    assert store.quarantine_count() == 1
    assert store.get_customer(bad["customer_id"]).attributes == {"size": 3}


def test_a_record_the_bulk_insert_refuses_is_quarantined_alone(
    store: OfflineStore, monkeypatch
) -> None:
    """Whatever the check misses: the chunk falls back to one record at a time."""
    monkeypatch.setattr(store_module, "record_problem", lambda _c: None)
    page = _good(4)
    page.insert(1, hq_customer(str(uuid.uuid4()), "C0888888", addresses=["not an object"]))
    store.apply_feed_page(page, cursor_key=CURSOR, cursor="5", defer_index=True)
    assert store.count_customers() == 4
    (record,) = store.quarantined()
    assert record["customer_id"] == page[1]["customer_id"]
    assert "cannot be stored (AttributeError" in record["reason"]
    assert store.get_state(CURSOR) == "5"


def test_a_database_error_is_not_blamed_on_a_record(store: OfflineStore, monkeypatch) -> None:
    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store_module, "apply_customers", full)
    with pytest.raises(sqlite3.OperationalError):
        store.apply_feed_page(_good(2), cursor_key=CURSOR, cursor="1")
    assert store.quarantine_count() == 0 and store.get_state(CURSOR) is None


def test_the_migration_keeps_pending_customers(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    engine = make_engine(data_dir / "pos.db")
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
    engine.dispose()
    with sqlite3.connect(data_dir / "pos.db") as db:
        assert not db.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'feed_quarantine'"
        ).fetchone()
    # A pending customer stored by a 0003 terminal (its own columns, written as it did:
    # today's store writes columns later revisions added)...
    with sqlite3.connect(data_dir / "pos.db") as db:
        db.execute(
            "INSERT INTO customers (id, customer_id, state, rejection_reason, origin, "
            "customer_type, title, first_name, middle_name, last_name, organization_name, "
            "email, phone, customer_group, currency, language, receipt_option, receipt_email, "
            "affiliations, financial_dimensions, version, store_id) VALUES (1, "
            "'6a1c7c43-7a4f-4c39-9a43-3c1b8f0e0a01', 'pending', '', 'local', 'person', '', "
            "'Anna', '', 'Rossi', '', '', '', '', '', '', 'print', '', '[]', '{}', 0, '')")
        db.execute(
            "INSERT INTO outbox (kind, entity_id, customer_id, payload, state, attempts, "
            "last_error, created_at) VALUES ('customer', "
            "'6a1c7c43-7a4f-4c39-9a43-3c1b8f0e0a01', '6a1c7c43-7a4f-4c39-9a43-3c1b8f0e0a01', "
            "'{}', 'pending', 0, '', '2026-01-01 00:00:00.000000')")
    # ...is still there after the upgrade (with a backup first), and the table is new.
    store = OfflineStore(data_dir)
    try:
        assert store.backup is not None and store.backup.exists()
        assert store.count_by_state() == {"pending": 1}
        assert store.outbox_count() == 1
        assert store.quarantine_count() == 0
    finally:
        store.close()


def test_a_page_with_a_bare_nan_is_parsed_leniently() -> None:
    good = '{"customer_id": "a", "attributes": {"size": 1}}'
    body = f'{{"changes":[{good},{{"customer_id":"b","attributes":{{"size":NaN}}}}],' \
           '"next":"9","has_more":false}'
    page = parse_feed_page(body.encode())
    assert [c["customer_id"] for c in page["changes"]] == ["a", "b"]
    assert math.isnan(page["changes"][1]["attributes"]["size"])
    assert page["next"] == "9" and page["has_more"] is False


def test_a_page_with_an_unreadable_record_is_split() -> None:
    body = ('{"changes":[{"customer_id":"a","s":"x,]}"},{"customer_id":"b","t":"\\q"},'
            '{"customer_id":"c"}],"next":"12","has_more":true}')
    page = parse_feed_page(body.encode() + b"")
    assert [c["customer_id"] for c in page["changes"]] == ["a", "c"]
    ((raw, reason),) = page["unreadable"]
    assert '"b"' in raw and "not readable as JSON" in reason
    assert page["next"] == "12" and page["has_more"] is True
    invalid_utf8 = (b'{"changes":[{"customer_id":"d","first_name":"\xff"}],'
                    b'"next":"1","has_more":false}')
    assert record_problem(parse_feed_page(invalid_utf8)["changes"][0]) is not None
