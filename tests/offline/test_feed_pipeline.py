"""The feed pulled as a pipeline: pages read ahead, groups applied in order and indexed
for search as they come, the garbage collector paused only while the feed is read."""

from __future__ import annotations

import gc
import uuid
from typing import Any

import pytest

import pos_desktop.sync.engine as engine_module
from pos_desktop.offline.store import OfflineStore
from pos_desktop.services.ports import HQUnreachable
from pos_desktop.sync.engine import CURSOR_KEY, SyncEngine, SyncReport


def _customer(customer_id: str, last_name: str, version: int = 1) -> dict[str, Any]:
    return {
        "customer_id": customer_id, "account_number": f"C{abs(hash(customer_id)) % 10**7:07d}",
        "customer_type": "person", "first_name": "Giorgio", "last_name": last_name,
        "addresses": [], "contacts": [], "attributes": {}, "loyalty_cards": [],
        "version": version, "store_id": "MIL01",
    }  # fmt: skip


class FeedOf:
    """A change feed of these pages; the fetch after the last one fails (HQ went away)."""

    def __init__(self, pages: list[list[dict[str, Any]]], *, fails: bool) -> None:
        self.pages = pages
        self.fails = fails
        self.base_url = "http://hq.invalid"

    def changes(self, after: str | None, limit: int = 500) -> dict[str, Any]:
        index = int(after or 0)
        if index >= len(self.pages):
            raise HQUnreachable("GET /changes: ConnectionError")
        more = self.fails or index + 1 < len(self.pages)
        return {"changes": self.pages[index], "next": str(index + 1), "has_more": more}


@pytest.fixture
def one_page_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "BULK_GROUP", 1)
    monkeypatch.setattr(engine_module, "FEED_PAGE", 3)


def test_an_interrupted_first_download_is_searchable_so_far(
    store: OfflineStore, one_page_groups: None
) -> None:
    pages = [[_customer(str(uuid.uuid4()), f"Neri{p}x{i}") for i in range(3)] for p in range(2)]
    engine = SyncEngine(store, FeedOf(pages, fails=True))  # type: ignore[arg-type]
    with pytest.raises(HQUnreachable):
        engine.pull(SyncReport())
    assert store.get_state(CURSOR_KEY) == "2"  # both pages, not more
    assert store.count_customers() == 6
    # Found by name before the download is over (it resumes later).
    assert [s.name for s in store.search("Neri1x2")] == ["Giorgio Neri1x2"]
    assert gc.isenabled()


def test_pages_apply_in_feed_order_and_the_collector_runs_again(
    store: OfflineStore, one_page_groups: None
) -> None:
    customer_id = str(uuid.uuid4())
    pages = [[_customer(customer_id, f"Version{v}", version=v)] for v in range(1, 8)]
    pages[3].append(_customer(str(uuid.uuid4()), "Bianchi"))
    report = SyncReport()
    paused: list[bool] = []
    real_check = store.check_feed_page

    def check(*args: Any, **kwargs: Any) -> Any:
        paused.append(not gc.isenabled())
        return real_check(*args, **kwargs)

    store.check_feed_page = check  # type: ignore[method-assign]
    SyncEngine(store, FeedOf(pages, fails=False)).pull(report)  # type: ignore[arg-type]
    assert report.pulled == 8
    assert store.get_customer(customer_id).last_name == "Version7"  # type: ignore[union-attr]
    assert [s.name for s in store.search("Version7")] == ["Giorgio Version7"]
    assert store.search("Version3") == []
    assert store.count_customers() == 2 and store.get_state(CURSOR_KEY) == "7"
    assert paused and all(paused) and gc.isenabled()
