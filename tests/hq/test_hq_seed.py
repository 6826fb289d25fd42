"""``hq-stub admin seed-customers``: bulk seeding keeps every invariant (account numbers,
counters, feed order) and produces customers HQ's own validation accepts."""

from __future__ import annotations

import json
import subprocess
import sys

import phonenumbers
import pytest
from sqlalchemy import func, select

from hq_stub import demo, feed
from hq_stub.bulk import SeedError, seed_customers
from hq_stub.db import COUNTER_NAMES, Database, counter_value, customers, loyalty_cards
from hq_stub.process import HQProcess
from hq_stub.schemas import CustomerFields
from hq_stub.service import HQService
from hq_stub.validation import DOC_FIELDS, index_columns, validate_customer
from tests.hq.helpers import ADMIN_TOKEN, activate, new_customer


def seed_cli(db: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hq_stub", "admin", "seed-customers",
                           "--db", db, *args], capture_output=True, text=True, timeout=120)


def demo_db(url: str, per_store: int = 3) -> Database:
    db = Database(url)
    db.migrate()
    with db.write() as conn:
        demo.seed(conn, customers_per_store=per_store)
    return db


def counter_values(db: Database) -> dict[str, int]:
    with db.read() as conn:
        return {name: counter_value(conn, name) for name in COUNTER_NAMES}


def test_seeded_customers_arrive_through_the_feed_in_order(tmp_path):
    path = tmp_path / "hq.db"
    demo_db(str(path)).dispose()
    with HQProcess(path, admin_token=ADMIN_TOKEN, job_interval=0) as hq:
        milan = activate(hq, "MILAN")
        before, cursor = milan.all_changes(limit=1000)
        # Seeding while the server runs: another process writing the same database.
        proc = seed_cli(str(path), "--store", "MILAN", "--count", "2000", "--seed", "7",
                        "--batch", "700")
        assert proc.returncode == 0, proc.stderr
        summary = json.loads(proc.stdout)
        assert summary["inserted"] == 2000 and summary["store_id"] == "MILAN"

        changes, _ = milan.all_changes(after=cursor, limit=1000)
        assert len(changes) == 2000
        numbers = [c["account_number"] for c in changes]
        assert numbers[0] == summary["first_account_number"]
        assert numbers[-1] == summary["last_account_number"]
        assert numbers == sorted(numbers) and len(set(numbers)) == 2000
        assert len({c["customer_id"] for c in changes}) == 2000
        assert not {c["customer_id"] for c in before} & {c["customer_id"] for c in changes}
        assert all(c["store_id"] == "MILAN" and c["version"] == 1 for c in changes)
        cards = [n for c in changes for n in c["loyalty_cards"]]
        assert len(cards) == summary["loyalty_cards"] and len(set(cards)) == len(cards)
        assert 250 < len(cards) < 550  # ~20 %

        # The feed pages the same customers in the same order at any page size.
        paged, _ = milan.all_changes(after=cursor, limit=7)
        assert [c["customer_id"] for c in paged] == [c["customer_id"] for c in changes]

        # A real-time create afterwards gets the next account number and feed position.
        r = milan.create(new_customer())
        assert r.status_code == 201, r.text
        last = int(summary["last_account_number"][1:])
        assert r.json()["account_number"] == f"C{last + 1:07d}"
        after_create, _ = milan.all_changes(after=str(summary["last_feed_seq"]))
        assert [c["customer_id"] for c in after_create] == [r.json()["customer_id"]]

        # Seeded customers are found like any other (search columns are filled).
        some = changes[1234]
        hits = milan.get("/api/v1/customers", params={"q": some["account_number"]}).json()
        assert [h["customer_id"] for h in hits["results"]] == [some["customer_id"]]
        r = milan.get(f"/api/v1/customers/{some['customer_id']}")
        assert r.status_code == 200 and r.json() == some


@pytest.mark.parametrize("store_id", ["MILAN", "STOCKHOLM", "PARIS", "TALLINN"])
def test_seeded_documents_are_valid_and_indexed_like_normal_writes(tmp_path, store_id):
    db = demo_db(f"sqlite:///{tmp_path / 'hq.db'}")
    service = HQService(db)
    store = service.stores.get(store_id, fresh=True)
    summary = seed_customers(db, store_id, 300, seed=3, batch=128)
    assert summary["inserted"] == 300
    with db.read() as conn:
        rows = conn.execute(select(customers).where(customers.c.origin == "seed")
                            .order_by(customers.c.feed_seq)).all()
        n_cards = conn.execute(
            select(func.count()).select_from(loyalty_cards)
            .join(customers, customers.c.customer_id == loyalty_cards.c.customer_id)
            .where(customers.c.origin == "seed")).scalar_one()
    assert len(rows) == 300
    orgs = 0
    for row in rows:
        doc = json.loads(row.doc)
        assert list(doc) == list(DOC_FIELDS)
        assert row.doc == json.dumps(doc, separators=(",", ":"))  # as the normal paths store it
        assert index_columns(doc, store.country) == {
            "search_text": row.search_text, "phone_digits": row.phone_digits,
            "sort_name": row.sort_name}
        assert (doc["customer_id"], doc["account_number"]) == (row.customer_id,
                                                                row.account_number)
        data, problems = validate_customer(CustomerFields(**doc), store, async_mode=False)
        assert not problems, (problems, doc)
        assert doc["financial_dimensions"] == store.groups[doc["customer_group"]][
            "financial_dimensions"]
        num = phonenumbers.parse(doc["phone"])
        assert phonenumbers.is_valid_number_for_region(num, store.country), doc["phone"]
        assert doc["phone"] == phonenumbers.format_number(
            num, phonenumbers.PhoneNumberFormat.E164)
        assert (doc["currency"], doc["language"]) == (store.currency, store.language)
        orgs += doc["customer_type"] == "organization"
    assert 10 <= orgs <= 60
    assert n_cards == summary["loyalty_cards"]
    db.dispose()


def test_counters_advance_and_a_second_run_never_collides(db_url):
    """SQLite and PostgreSQL: blocks of account numbers, cards and feed sequences."""
    db = demo_db(db_url, per_store=2)
    try:
        start = counter_values(db)
        first = seed_customers(db, "TALLINN", 250, seed=5, batch=100)
        second = seed_customers(db, "TALLINN", 250, seed=5, batch=100)  # same seed again
        end = counter_values(db)
        assert end["account"] == start["account"] + 500
        assert end["feed"] == start["feed"] + 500
        assert end["loyalty"] == start["loyalty"] + first["loyalty_cards"] + \
            second["loyalty_cards"]
        assert second["first_feed_seq"] == first["last_feed_seq"] + 1
        with db.read() as conn:
            rows = conn.execute(select(customers.c.account_number, customers.c.feed_seq)
                                .where(customers.c.origin == "seed")
                                .order_by(customers.c.feed_seq)).all()
        assert len(rows) == 500
        assert [r.account_number for r in rows] == sorted(r.account_number for r in rows)
        assert [r.feed_seq for r in rows] == list(range(first["first_feed_seq"],
                                                        second["last_feed_seq"] + 1))
        page = HQService(db).feed.changes("TALLINN", str(start["feed"]), 1000)
        assert len(page["changes"]) == 500 and page["has_more"] is False
    finally:
        db.dispose()


def test_changes_json_is_the_same_page_as_changes(tmp_path):
    db = demo_db(f"sqlite:///{tmp_path / 'hq.db'}")
    service = HQService(db)
    seed_customers(db, "PARIS", 50, seed=1)
    for after, limit in ((None, 1000), (None, 10), ("5", 3), ("999999", 5)):
        body = service.feed.changes_json("PARIS", after, limit)
        assert json.loads(body) == service.feed.changes("PARIS", after, limit)
    with db.read() as conn:
        assert feed.read_changes_json(conn, "NOWHERE", 0, 10) == \
            b'{"changes":[],"next":"0","has_more":false}'
    db.dispose()


def test_same_seed_and_state_give_the_same_customers(tmp_path):
    docs = []
    for name in ("a.db", "b.db"):
        db = demo_db(f"sqlite:///{tmp_path / name}")
        seed_customers(db, "STOCKHOLM", 40, seed=11)
        with db.read() as conn:
            docs.append([{k: v for k, v in json.loads(d).items()
                          if k not in ("created_at", "updated_at")}
                         for d in conn.execute(select(customers.c.doc)
                                               .where(customers.c.origin == "seed")
                                               .order_by(customers.c.feed_seq)).scalars()])
        db.dispose()
    assert docs[0] == docs[1] and len(docs[0]) == 40


def test_cli_errors(tmp_path):
    path = str(tmp_path / "hq.db")
    demo_db(path).dispose()
    for args, needle in ((["--store", "ATLANTIS", "--count", "5"], "unknown store"),
                         (["--store", "MILAN", "--count", "0"], "count must be")):
        proc = seed_cli(path, *args)
        assert proc.returncode == 1 and proc.stdout == ""
        assert needle in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    with pytest.raises(SeedError):
        seed_customers(Database(path), "MILAN", 1, batch=0)
