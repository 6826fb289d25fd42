"""What changed on this terminal, told to whoever listens (plain callbacks, no Qt).

Services publish a `CustomersChanged` after they change customers; the sync status
service publishes one per sync cycle that changed something, a `SyncCompleted` per cycle
and a `LinkChanged` whenever what the status bar shows about HQ moves. Listeners run on
the thread that published (a sync thread, a UI task thread): the Qt layer re-emits them
on the GUI thread (`pos_desktop.ui.signals`). Every subscription returns its undo.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Protocol, TypeVar

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CustomersChanged:
    """Which customers changed, and whether the counts or the store configuration did.

    `ids` is None when it is not known which customers changed (a sync cycle failed after
    committing part of its work): every view then reads again.
    """

    ids: frozenset[str] | None = frozenset()
    counts_changed: bool = False
    config_changed: bool = False

    @classmethod
    def of(cls, *ids: str, counts_changed: bool = False) -> CustomersChanged:
        return cls(frozenset(ids), counts_changed=counts_changed)

    def concerns(self, customer_id: str | None) -> bool:
        """Did this change touch the customer (always, when the ids are unknown)?"""
        return customer_id is not None and (self.ids is None or customer_id in self.ids)

    def touches_any(self, customer_ids: Iterable[str]) -> bool:
        return self.ids is None or not self.ids.isdisjoint(customer_ids)

    def __or__(self, other: CustomersChanged) -> CustomersChanged:
        ids = None if self.ids is None or other.ids is None else self.ids | other.ids
        return CustomersChanged(ids, self.counts_changed or other.counts_changed,
                                self.config_changed or other.config_changed)

    @classmethod
    def from_report(cls, report: SyncReportLike) -> CustomersChanged | None:
        """What a sync cycle changed; None for a quiet cycle (nothing to read again)."""
        if not report.changed_anything:
            return None
        if report.after_failure or len(report.changed) > MANY_CHANGED:
            return cls(None, counts_changed=True, config_changed=report.config_changed)
        ids = frozenset(report.synced) | frozenset(report.rejected) | frozenset(report.changed)
        counts = bool(report.uploaded or report.rejected or report.synced or report.pulled
                      or report.quarantined or report.config_changed)
        return cls(ids, counts_changed=counts, config_changed=report.config_changed)


# More customers changed than this (a first download): "all of them", not a set of ids
# (a set of a million ids took the GIL for a tenth of a second or more).
MANY_CHANGED = 10_000


class SyncReportLike(Protocol):
    """The parts of a sync cycle's report (`pos_desktop.sync.engine.SyncReport`) read here."""

    uploaded: int
    rejected: list[str]
    pulled: int
    synced: list[str]
    changed: list[str]
    config_changed: bool
    after_failure: bool
    quarantined: int

    @property
    def changed_anything(self) -> bool: ...


@dataclass(frozen=True)
class LinkStatus:
    """What the status bar says about HQ."""

    configured: bool  # an HQ link exists (the terminal is activated)
    up: bool
    forced_offline: bool
    last_contact: datetime | None
    device_problem: str = ""  # HQ refused the device token: sync stopped (the message)


@dataclass(frozen=True)
class LinkChanged:
    status: LinkStatus


@dataclass(frozen=True)
class SyncCompleted:
    """A sync cycle finished (a quiet one too): the status bar's "last sync" moves."""

    at: datetime


@dataclass(frozen=True)
class DatabaseChecked:
    """The register's start-up damage check finished (it runs after the window shows):
    `damage` is the message to show (the database is refused), or "" when sound."""

    damage: str = ""


@dataclass(frozen=True)
class DatabaseCompaction:
    """The terminal database is being compacted (`running`), or that has ended (the
    register's status bar says so meanwhile: saving waits, searching goes on)."""

    running: bool


Event = CustomersChanged | LinkChanged | SyncCompleted | DatabaseChecked | DatabaseCompaction
Listener = Callable[[Event], None]
Unsubscribe = Callable[[], None]


T = TypeVar("T")


class Subscribers(Generic[T]):
    """A thread-safe list of callbacks: `add` returns the undo, `snapshot` is what to call
    (outside any lock). Used by the event hub, the sync worker and the link monitor."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[T] = []

    def add(self, item: T) -> Unsubscribe:
        with self._lock:
            self._items.append(item)

        def undo() -> None:
            with self._lock:
                if item in self._items:
                    self._items.remove(item)

        return undo

    def snapshot(self) -> list[T]:
        with self._lock:
            return list(self._items)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


class EventHub:
    """Thread-safe publish/subscribe; a failing listener is logged, the others still run."""

    def __init__(self) -> None:
        self._listeners: Subscribers[Listener] = Subscribers()

    def subscribe(self, listener: Listener) -> Unsubscribe:
        return self._listeners.add(listener)

    @property
    def listener_count(self) -> int:
        return len(self._listeners)

    def publish(self, event: Event) -> None:
        for listener in self._listeners.snapshot():
            try:
                listener(event)
            except Exception:
                log.exception("event listener failed")
