"""Change events: what a sync cycle tells the views, merging, and undoable subscriptions."""

from __future__ import annotations

from pos_desktop.services.events import CustomersChanged, EventHub, SyncCompleted
from pos_desktop.sync.engine import SyncReport


def test_a_quiet_cycle_changes_nothing() -> None:
    assert CustomersChanged.from_report(SyncReport(awaiting=5)) is None


def test_a_cycle_names_the_customers_it_changed() -> None:
    change = CustomersChanged.from_report(
        SyncReport(pulled=2, changed=["p1", "p2"], synced=["s1"], rejected=["r1"])
    )
    assert change is not None
    assert change.ids == {"p1", "p2", "s1", "r1"} and change.counts_changed
    assert change.concerns("s1") and not change.concerns("other")
    assert not change.config_changed


def test_a_new_store_configuration_is_told_without_ids() -> None:
    change = CustomersChanged.from_report(SyncReport(config_changed=True))
    assert change is not None and change.config_changed and change.ids == frozenset()


def test_after_a_failure_every_customer_may_have_changed() -> None:
    change = CustomersChanged.from_report(SyncReport(after_failure=True))
    assert change is not None and change.ids is None
    assert change.concerns("any") and change.touches_any(["x"]) and change.counts_changed


def test_a_first_download_changes_every_customer_without_a_set_of_ids() -> None:
    """A million ids made into a set held the GIL (the event loop) for 0.1-0.3 s."""
    changed = [f"c{i}" for i in range(10_001)]
    change = CustomersChanged.from_report(SyncReport(pulled=len(changed), changed=changed))
    assert change is not None and change.ids is None and change.counts_changed
    assert change.concerns("a customer on the screen")


def test_changes_merge() -> None:
    merged = CustomersChanged.of("a") | CustomersChanged.of("b", counts_changed=True)
    assert merged.ids == {"a", "b"} and merged.counts_changed
    assert (merged | CustomersChanged(None)).ids is None


def test_every_subscription_can_be_undone() -> None:
    hub = EventHub()
    heard: list[object] = []
    undo = [hub.subscribe(heard.append) for _ in range(3)]
    assert hub.listener_count == 3
    for u in undo:
        u()
        u()  # twice is harmless
    assert hub.listener_count == 0
    hub.publish(SyncCompleted.__new__(SyncCompleted))
    assert heard == []
