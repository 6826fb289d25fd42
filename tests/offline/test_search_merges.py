"""The search index's segments are merged by the idle writer and by a bulk download's
indexing steps, never inside a cashier's save (issue 13: the create's p95)."""

from __future__ import annotations

import sqlite3
import time
import uuid

import pytest

import pos_desktop.sync.engine as engine_module
from pos_desktop.domain.codec import customer_from_json
from pos_desktop.offline.store import OfflineStore
from pos_desktop.sync.engine import SyncEngine, SyncReport
from tests.offline.test_feed_pipeline import FeedOf, _customer
from tests.support.terminals import person


def _segments(store: OfflineStore) -> int:
    conn = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(DISTINCT segid) FROM customer_search_idx")
                   .fetchone()[0])  # fmt: skip
    finally:
        conn.close()


def _setting(store: OfflineStore, name: str) -> int:
    conn = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT v FROM customer_search_config WHERE k = ?", (name,))
        return int(row.fetchone()[0])
    finally:
        conn.close()


def test_saves_do_not_merge_the_index_the_idle_writer_does(store: OfflineStore) -> None:
    assert _setting(store, "automerge") == 0  # no merge work inside a save's commit
    names = [f"Merge{i}x{uuid.uuid4().hex[:6]}" for i in range(12)]
    for name in names:
        store.add_customer(customer_from_json(person("Ida", name)), queue_upload=True)
    # Each customer is findable at once, whatever the index's segments.
    assert all([s.name for s in store.search(name)] == [f"Ida {name}"] for name in names)
    # Soon after the saves stop, the idle writer has merged the small segments.
    deadline = time.monotonic() + 15
    while _segments(store) > 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _segments(store) <= 3
    assert all([s.name for s in store.search(name)] == [f"Ida {name}"] for name in names)


def test_a_bulk_download_merges_its_segments_as_it_indexes(
    store: OfflineStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without automatic merging, each indexing step of a first download would leave a
    segment behind (and a search would read every one): the steps merge them."""
    monkeypatch.setattr(engine_module, "BULK_GROUP", 1)
    monkeypatch.setattr(engine_module, "FEED_PAGE", 20)
    pages = [[_customer(str(uuid.uuid4()), f"Bulk{p}x{i}") for i in range(20)] for p in range(24)]
    SyncEngine(store, FeedOf(pages, fails=False)).pull(SyncReport())  # type: ignore[arg-type]
    assert store.count_customers() == 480
    assert _segments(store) < 8  # 24 indexing steps
    assert [s.name for s in store.search("Bulk23x19")] == ["Giorgio Bulk23x19"]
