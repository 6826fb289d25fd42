"""The change-feed cursor never skips a change, even when transactions interleave.

Runs on SQLite and on PostgreSQL, where writers really run concurrently and only the
counter row's lock orders them. A reader follows the feed the way a terminal does
(``after=next``) while several writers commit concurrently and one writer is held
*in flight* between taking its feed sequence and committing. Afterwards the reader must
have seen every change exactly once.

The same checker is also run against a deliberately naive writer (sequence taken in its
own transaction, like a database sequence / autoincrement, then the row committed later)
to prove that the checker does detect a skipped change.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import select

from hq_stub import demo, feed
from hq_stub.customers import insert_customer
from hq_stub.db import Database, advance_counter, counters, iso, utcnow
from hq_stub.records import account_number
from hq_stub.schemas import CustomerIn
from hq_stub.service import HQService
from hq_stub.validation import build_doc, validate_customer
from tests.hq.helpers import new_customer


@pytest.fixture
def service(db_url):
    db = Database(db_url)
    db.migrate()
    with db.write() as conn:
        demo.seed(conn, customers_per_store=3)
    svc = HQService(db)
    yield svc
    feed._after_allocate_hook = None
    db.dispose()


def follow_feed(service: HQService, writers: list[Callable[[], list[str]]]
                ) -> tuple[list[str], set[str], list[int]]:
    """Run writers (each returns the customer ids it wrote) while a reader follows the
    feed. Returns (ids seen by the reader in order, ids written, cursors)."""
    cursor = service.feed.changes("MILAN", None, 100000)["next"]
    seen: list[str] = []
    cursors: list[int] = []
    written: set[str] = set()
    lock = threading.Lock()
    stop = threading.Event()

    def reader() -> None:
        nonlocal cursor
        while True:
            finishing = stop.is_set()
            page = service.feed.changes("MILAN", cursor, 7)
            seen.extend(c["customer_id"] for c in page["changes"])
            cursor = page["next"]
            cursors.append(int(cursor))
            if finishing and not page["has_more"]:
                return
            time.sleep(0.001)

    def run(writer) -> None:
        ids = writer()
        with lock:
            written.update(ids)

    r = threading.Thread(target=reader)
    r.start()
    threads = [threading.Thread(target=run, args=(w,), name=f"writer-{i}")
               for i, w in enumerate(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    stop.set()
    r.join(30)
    return seen, written, cursors


def creates(service: HQService, n: int) -> Callable[[], list[str]]:
    def writer() -> list[str]:
        ids = []
        for _ in range(n):
            c = CustomerIn.model_validate(new_customer())
            service.customers.create("MILAN", c)
            ids.append(str(c.customer_id))
        return ids
    return writer


def uploads_and_job(service: HQService, n: int) -> Callable[[], list[str]]:
    def writer() -> list[str]:
        batch = [new_customer() for _ in range(n)]
        service.staging.upload_customers("MILAN", batch)
        service.job.run()
        return [c["customer_id"] for c in batch]
    return writer


def test_reader_sees_every_change_with_a_writer_held_in_flight(service):
    holding = threading.Event()
    in_flight_seq: list[int] = []
    allocations_after_hold: list[int] = []

    def hook(conn) -> None:
        seq = conn.execute(select(counters.c.value).where(counters.c.name == "feed")).scalar()
        if threading.current_thread().name == "writer-0" and not holding.is_set():
            in_flight_seq.append(seq)
            holding.set()
            time.sleep(0.4)  # others try to write and the reader polls meanwhile
        elif holding.is_set():
            allocations_after_hold.append(seq)

    feed._after_allocate_hook = hook

    def slow_writer() -> list[str]:
        return creates(service, 3)()

    def late(writer):
        def go():
            holding.wait(5)
            return writer()
        return go

    seen, written, cursors = follow_feed(service, [
        slow_writer,
        late(creates(service, 15)),
        late(creates(service, 15)),
        late(uploads_and_job(service, 40)),
    ])
    assert holding.is_set() and in_flight_seq
    assert len(written) == 3 + 15 + 15 + 40
    assert sorted(seen) == sorted(written), "the cursor skipped or repeated a change"
    assert cursors == sorted(cursors)
    # Sequence order is commit order: nobody got a sequence above the held one before
    # the held transaction committed, so every later allocation is larger.
    assert allocations_after_hold
    assert all(seq > in_flight_seq[0] for seq in allocations_after_hold)


def test_edits_and_cards_are_delivered_at_their_latest_state(service):
    c = CustomerIn.model_validate(new_customer())
    doc, _ = service.customers.create("MILAN", c)
    cursor = service.feed.changes("MILAN", None, 100000)["next"]

    def editor() -> list[str]:
        version = 1
        for i in range(10):
            fields = CustomerIn.model_validate({**new_customer(), "middle_name": f"M{i}"})
            service.customers.patch("MILAN", doc["account_number"], str(version), fields,
                                    "1001")
            version += 1
        service.customers.issue_loyalty_card("MILAN", doc["account_number"])
        return [doc["customer_id"]]

    seen, written, _ = follow_feed(service, [editor, creates(service, 20)])
    assert doc["customer_id"] in seen
    page = service.feed.changes("MILAN", cursor, 1000)["changes"]
    latest = next(x for x in page if x["customer_id"] == doc["customer_id"])
    assert latest["middle_name"] == "M9" and latest["version"] == 12
    assert len(latest["loyalty_cards"]) == 1


def test_checker_detects_a_skip_by_a_naive_sequence(service):
    """Control experiment: a sequence taken outside the writing transaction (what an
    autoincrement id or a timestamp amounts to) lets a late commit fall behind the
    reader's cursor. The checker above must catch that."""
    store = service.stores.get("MILAN")

    def naive_write(delay: float) -> list[str]:
        c = CustomerIn.model_validate(new_customer())
        data, _ = validate_customer(c, store, async_mode=False)
        with service.db.write() as conn:  # "nextval()": committed on its own
            seq = advance_counter(conn, "feed")
            acct = account_number(advance_counter(conn, "account"))
        time.sleep(delay)  # ... the transaction that uses it commits later
        now = utcnow()
        d = build_doc(str(c.customer_id), data, account_number=acct, store_id="MILAN",
                      version=1, created_at=iso(now), updated_at=iso(now))
        with service.db.write() as conn:
            insert_customer(conn, d, country="IT", seq=seq, origin="test", now=now)
        return [str(c.customer_id)]

    def slow() -> list[str]:
        return naive_write(0.5)

    def fast() -> list[str]:
        time.sleep(0.1)
        return naive_write(0.0)

    seen, written, _ = follow_feed(service, [slow, fast])
    assert len(written) == 2
    assert set(seen) != written, "the naive sequence should have been skipped"


def test_feed_sequences_are_unique_and_increase(service):
    first = feed.parse_cursor(service.feed.changes("MILAN", None, 100000)["next"])
    creates(service, 5)()
    page = service.feed.changes("MILAN", str(first), 100)
    assert len(page["changes"]) == 5 and int(page["next"]) > first
    with pytest.raises(ValueError):
        feed.parse_cursor("-1")
    assert uuid.UUID(page["changes"][0]["customer_id"])
