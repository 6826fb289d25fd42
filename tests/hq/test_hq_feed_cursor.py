"""The change-feed cursor never skips a change, even when transactions interleave.

Runs on SQLite and on PostgreSQL, where writers really run concurrently and only the
per-store feed lock orders them (the sequence itself is shared by the chain and never
waits). A reader follows the feed the way a terminal does (``after=next``) while several
writers commit concurrently and one writer is held *in flight* between taking its feed
sequence and committing. Afterwards the reader must have seen every change exactly once;
with two stores, the other store's writers must not have waited (PostgreSQL).

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
from hq_stub.db import Database, customers, iso, take_numbers, utcnow
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
    """Run writers (each returns the customer ids it wrote) while a reader follows
    MILAN's feed. Returns (ids seen by the reader in order, ids written, cursors)."""
    seen, written, cursors = follow_feeds(service, writers, ("MILAN",))
    return seen["MILAN"], written, cursors["MILAN"]


def follow_feeds(service: HQService, writers: list[Callable[[], list[str]]],
                 stores: tuple[str, ...]
                 ) -> tuple[dict[str, list[str]], set[str], dict[str, list[int]]]:
    """Run writers while one reader per store follows that store's feed the way a
    terminal does. Returns (ids each reader saw, ids written, each reader's cursors)."""
    seen: dict[str, list[str]] = {s: [] for s in stores}
    cursors: dict[str, list[int]] = {s: [] for s in stores}
    written: set[str] = set()
    lock = threading.Lock()
    stop = threading.Event()

    def reader(store: str) -> None:
        cursor = service.feed.changes(store, None, 100000)["next"]
        while True:
            finishing = stop.is_set()
            page = service.feed.changes(store, cursor, 7)
            seen[store].extend(c["customer_id"] for c in page["changes"])
            cursor = page["next"]
            cursors[store].append(int(cursor))
            if finishing and not page["has_more"]:
                return
            time.sleep(0.001)

    def run(writer) -> None:
        ids = writer()
        with lock:
            written.update(ids)

    readers = [threading.Thread(target=reader, args=(s,)) for s in stores]
    for r in readers:
        r.start()
    time.sleep(0.05)  # the readers hold their starting cursors
    threads = [threading.Thread(target=run, args=(w,), name=f"writer-{i}")
               for i, w in enumerate(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    stop.set()
    for r in readers:
        r.join(30)
    return seen, written, cursors


def creates(service: HQService, n: int, store: str = "MILAN",
            done: list[float] | None = None) -> Callable[[], list[str]]:
    def writer() -> list[str]:
        ids = []
        for _ in range(n):
            c = CustomerIn.model_validate(new_customer())
            service.customers.create(store, c)
            ids.append(str(c.customer_id))
            if done is not None:
                done.append(time.monotonic())
        return ids
    return writer


def uploads_and_job(service: HQService, n: int,
                    stores: tuple[str, ...] = ("MILAN",)) -> Callable[[], list[str]]:
    def writer() -> list[str]:
        batches = {store: [new_customer() for _ in range(n)] for store in stores}
        for store, batch in batches.items():
            service.staging.upload_customers(store, batch)
        service.job.run()  # one batch converts the customers of every store
        return [c["customer_id"] for batch in batches.values() for c in batch]
    return writer


def test_reader_sees_every_change_with_a_writer_held_in_flight(service):
    holding = threading.Event()
    in_flight_seq: list[int] = []
    allocations_after_hold: list[int] = []

    def hook(conn) -> None:
        (seq, *_) = conn.info["hq_feed_seqs"]
        if threading.current_thread().name == "writer-0" and not holding.is_set():
            in_flight_seq.append(seq)
            holding.set()
            time.sleep(0.4)  # others try to write and the reader polls meanwhile
        elif holding.is_set():
            allocations_after_hold.append(seq)

    feed._after_allocate_hook = hook

    def slow_writer() -> list[str]:
        return creates(service, 3)()

    seen, written, cursors = follow_feed(service, [
        slow_writer,
        late(holding, creates(service, 15)),
        late(holding, creates(service, 15)),
        late(holding, uploads_and_job(service, 40)),
    ])
    assert holding.is_set() and in_flight_seq
    assert len(written) == 3 + 15 + 15 + 40
    assert sorted(seen) == sorted(written), "the cursor skipped or repeated a change"
    assert cursors == sorted(cursors)
    # Sequence order is commit order: nobody got a sequence above the held one before
    # the held transaction committed, so every later allocation is larger.
    assert allocations_after_hold
    assert all(seq > in_flight_seq[0] for seq in allocations_after_hold)


def late(event: threading.Event, writer: Callable[[], list[str]]) -> Callable[[], list[str]]:
    def go() -> list[str]:
        event.wait(5)
        return writer()
    return go


def test_stores_write_in_parallel_and_no_store_cursor_skips(service):
    """One feed sequence per store: while a MILAN writer is held between taking its
    sequence and committing, MILAN's other writers wait (their sequences come after
    the held one's commit), but STOCKHOLM's writers commit meanwhile on PostgreSQL —
    and a reader of each store still sees every change of its store exactly once."""
    holding = threading.Event()
    released: list[float] = []
    allocated: list[tuple[str, int, float]] = []  # (thread, first seq, when)
    stockholm_done: list[float] = []

    def hook(conn) -> None:
        (seq, *_) = conn.info["hq_feed_seqs"]
        name = threading.current_thread().name
        if name == "writer-0" and not holding.is_set():
            allocated.append((name, seq, time.monotonic()))
            holding.set()
            time.sleep(0.8)  # MILAN in flight; everyone else writes meanwhile
            released.append(time.monotonic())  # (the commit follows)
        else:
            allocated.append((name, seq, time.monotonic()))

    feed._after_allocate_hook = hook
    seen, written, cursors = follow_feeds(service, [
        creates(service, 2),                                              # writer-0
        late(holding, creates(service, 10)),                              # writer-1
        late(holding, creates(service, 10, "STOCKHOLM", stockholm_done)),  # writer-2
        late(holding, creates(service, 10, "STOCKHOLM")),                 # writer-3
        late(holding, uploads_and_job(service, 15, ("MILAN", "STOCKHOLM"))),  # writer-4
    ], ("MILAN", "STOCKHOLM"))

    assert holding.is_set() and released
    assert len(written) == 2 + 10 + 20 + 30
    for store in ("MILAN", "STOCKHOLM"):
        with service.db.read() as conn:
            mine = set(conn.execute(select(customers.c.customer_id).where(
                customers.c.store_id == store,
                customers.c.customer_id.in_(list(written)))).scalars())
        assert sorted(seen[store]) == sorted(mine), f"{store}'s cursor skipped a change"
        assert cursors[store] == sorted(cursors[store])
    assert len(seen["MILAN"]) == 2 + 10 + 15 and len(seen["STOCKHOLM"]) == 20 + 15
    held_seq = allocated[0][1]
    milan_after = [(seq, when) for name, seq, when in allocated if name == "writer-1"]
    assert milan_after and all(seq > held_seq and when >= released[0]
                               for seq, when in milan_after), \
        "a MILAN writer took a sequence while another MILAN transaction was in flight"
    if not service.db.is_sqlite:  # SQLite serialises every writer; PostgreSQL must not
        assert stockholm_done and stockholm_done[0] < released[0], \
            "STOCKHOLM waited for MILAN's transaction: writes are serialised chain-wide"
        assert sum(when < released[0] for when in stockholm_done) >= 5


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
        with service.db.write() as conn:  # "nextval()" alone: no store lock, committed
            (seq,) = take_numbers(conn, "feed")
            acct = account_number(take_numbers(conn, "account")[0])
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
