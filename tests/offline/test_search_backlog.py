"""A first download indexes its customers in bulk at the end, and nothing is indexed twice."""

from __future__ import annotations

import uuid

from pos_desktop.domain.customer import Address, Customer, SyncState
from tests.offline.test_feed_apply import hq_customer


def _ids(n: int) -> list[str]:
    return [str(uuid.uuid4()) for _ in range(n)]


def test_deferred_pages_become_searchable_when_the_backlog_is_built(store) -> None:
    ids = _ids(30)
    page = [hq_customer(cid, f"C{i:07d}", last_name=f"Backlog{i}") for i, cid in enumerate(ids)]
    store.apply_feed_page(page[:20], cursor_key="c", cursor="20", defer_index=True)
    store.apply_feed_page(page[20:], cursor_key="c", cursor="30", defer_index=True)
    assert store.search("backlog") == []  # stored, not yet indexed
    assert store.get_customer(ids[0]) is not None
    assert store.search_backlog_size() == 30

    assert store.build_search_backlog(chunk=7) == 30
    assert store.search_backlog_size() == 0
    found = store.search("backlog1")
    assert {r.name for r in found} == {"Giorgio Backlog1"} | {
        f"Giorgio Backlog{i}" for i in range(10, 20)
    }
    assert store.search("C0000025")[0].customer_id == ids[25]


def test_our_pending_customer_in_a_deferred_page_is_found_once(store) -> None:
    mine = Customer(
        first_name="Ottavia",
        last_name="Unica",
        state=SyncState.PENDING,
        addresses=[Address(street="Via Po 1", city="Torino", zip="10124", country="IT")],
    )
    store.add_customer(mine, queue_upload=True)
    assert len(store.search("ottavia unica")) == 1

    back = hq_customer(mine.customer_id, "C0000777", first_name="Ottavia", last_name="Unica")
    store.apply_feed_page([back], cursor_key="c", cursor="1", defer_index=True)
    assert store.search("ottavia") == []  # its old entry went, the new one waits
    store.build_search_backlog()
    hits = store.search("ottavia unica")
    assert [(h.customer_id, h.account_number) for h in hits] == [(mine.customer_id, "C0000777")]

    # A later local write indexes it directly and leaves nothing behind in the backlog.
    store.apply_feed_page([back], cursor_key="c", cursor="2", defer_index=True)
    store.upsert_customer(store.get_customer(mine.customer_id))
    assert store.search_backlog_size() == 0
    assert len(store.search("ottavia unica")) == 1


def test_a_save_asked_for_during_the_build_waits_for_one_step_only(store, monkeypatch) -> None:
    """Building the search index after a first download must not hold the one writer for
    the whole build (at 1M customers that is many seconds without a save)."""
    import threading
    import time

    from pos_desktop.offline import store as store_module

    ids = _ids(40)
    page = [hq_customer(cid, f"C{i:07d}", last_name=f"Step{i}") for i, cid in enumerate(ids)]
    store.apply_feed_page(page, cursor_key="c", cursor="40", defer_index=True)

    order: list[str] = []
    real_step = store_module.build_search_backlog
    saver: list[threading.Thread] = []

    def step(raw, chunk):  # type: ignore[no-untyped-def]
        # Seen from the writer: has the save run (before this step)? The saver thread's
        # own note could come later than the save itself.
        if saver and "save" not in order and store.get_state("k") == "v":
            order.append("save")
        order.append("step")
        if not saver:  # during the first step, a save is asked for from another thread
            saver.append(threading.Thread(target=lambda: store.set_state("k", "v")))
            saver[0].start()
            deadline = time.monotonic() + 10  # wait until the save is queued behind this step
            while store.write_executor._queue.qsize() == 0 and time.monotonic() < deadline:
                time.sleep(0.005)
        return real_step(raw, chunk)

    monkeypatch.setattr(store_module, "build_search_backlog", step)
    assert store.build_search_backlog(chunk=10) == 40
    saver[0].join(5)
    assert "save" in order, order  # ran between two steps, not after all of them
    assert store.get_state("k") == "v"
