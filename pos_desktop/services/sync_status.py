"""Sync status: the HQ link, the counts, the last sync, and the terminal's change events.

What the status bar and `pos-desktop status` / `sync --once` / `quarantine` show and do,
without reaching into the link monitor, the sync worker or the offline store. Events are
pushed (`subscribe`): nothing here needs polling.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from pos_desktop.domain.customer import Customer, RejectionReason, SyncState
from pos_desktop.domain.errors import DomainError
from pos_desktop.domain.limitations import Decision, can_disconnect
from pos_desktop.domain.store import DEFAULT_PERMISSIONS, Permissions, StoreConfig

from .events import (
    CustomersChanged,
    Event,
    EventHub,
    LinkChanged,
    LinkStatus,
    Listener,
    SyncCompleted,
    SyncReportLike,
    Unsubscribe,
)
from .operators import SignedIn
from .ports import DeviceNotAuthorized

log = logging.getLogger(__name__)


class LinkMonitorPort(Protocol):
    @property
    def is_up(self) -> bool: ...
    @property
    def forced_offline(self) -> bool: ...
    @property
    def last_contact(self) -> datetime | None: ...
    def set_forced_offline(self, forced: bool, *, wait: bool = ...) -> None: ...
    def check_now(self) -> bool: ...
    def subscribe(self, listener: Callable[[bool], None]) -> Callable[[], None]: ...
    def watch(self, watcher: Callable[[], None]) -> Callable[[], None]: ...


class SyncWorkerPort(Protocol):
    @property
    def auth_error(self) -> DeviceNotAuthorized | None: ...
    @property
    def last_error(self) -> str: ...
    @property
    def last_refused(self) -> str: ...
    def wake(self) -> None: ...
    def run_cycle(self) -> Any: ...
    def subscribe(self, listener: Callable[[Any], None]) -> Callable[[], None]: ...
    def watch_problem(self, watcher: Callable[[], None]) -> Callable[[], None]: ...


class StatusRepository(Protocol):
    def count_by_state(self) -> dict[str, int]: ...
    def customers_in_state(self, state: str, limit: int = ...) -> list[Customer]: ...
    def outbox_count(self, state: str = ...) -> int: ...
    def quarantine_count(self) -> int: ...
    def edit_issue_counts(self) -> tuple[int, int]: ...
    def changed_customer_count(self) -> int: ...
    def changed_customers(self, limit: int = ...) -> list[dict[str, Any]]: ...
    def get_customer(self, key: str) -> Customer | None: ...
    def quarantined(self, limit: int = ...) -> list[dict[str, Any]]: ...
    def get_state(self, key: str, default: str | None = None) -> str | None: ...


@dataclass(frozen=True)
class WorkItem:
    """One line of the sync worklist: a customer waiting for HQ or refused by it."""

    customer_id: str
    name: str
    state: SyncState
    created_at: datetime | None
    reason: str  # HQ's rejection reason ("" while pending)
    details: tuple[RejectionReason, ...] = ()  # HQ's reasons with their codes
    created_by: str | None = None  # operator id ("": none signed in; None: not recorded)
    created_by_name: str = ""
    # A synced customer with changes made here that HQ has not had yet (async customer
    # edits): the fields they change; `created_at` / `created_by` are the edits'.
    changes: tuple[str, ...] = ()

    @classmethod
    def of(cls, customer: Customer) -> WorkItem:
        return cls(customer.customer_id, customer.display_name, customer.state,
                   customer.created_at, customer.rejection_reason, customer.rejection_details,
                   customer.created_by, customer.created_by_name)


def moment(value: object) -> datetime | None:
    """A stored or sent time as an aware datetime (None when it is not one)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str) and value:
        try:
            return moment(datetime.fromisoformat(value))
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class SyncCounts:
    customers: int
    pending: int
    rejected: int
    quarantined: int
    outbox: int
    last_sync: str | None  # ISO time of the last full cycle
    conflicts: int = 0  # fields of queued edits HQ had also changed (issue 15)
    rejected_edits: int = 0  # queued edits HQ refused
    changed: int = 0  # synced customers with changes waiting for HQ (async customer edits)

    @property
    def waiting(self) -> int:
        """Customers whose data HQ does not have yet: new ones and changed ones."""
        return self.pending + self.changed


class SyncStatusService:
    def __init__(
        self,
        repository: StatusRepository,
        events: EventHub,
        *,
        link: LinkMonitorPort | None = None,
        worker: SyncWorkerPort | None = None,
        precheck: Callable[[], None] = lambda: None,
        device_problem: Callable[[], DomainError | None] = lambda: None,
        hq_url: str = "",
        store_config: Callable[[], StoreConfig] | None = None,
    ) -> None:
        self._repo = repository
        self._config = store_config
        self._events = events
        self._link = link
        self._worker = worker
        self._precheck = precheck  # raises what stops a sync before it starts
        self._device_problem = device_problem
        self._hq_url = hq_url
        self._undo: list[Callable[[], None]] = []
        if link is not None:
            self._undo.append(link.watch(self._link_moved))
        if worker is not None:
            self._undo.append(worker.subscribe(self.on_cycle))
            self._undo.append(worker.watch_problem(self._link_moved))

    def close(self) -> None:
        """Let go of the link monitor and the worker (the terminal is closing)."""
        for undo in self._undo:
            undo()
        self._undo = []

    # -- events --------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Unsubscribe:
        """Every event of this terminal (link, sync, customers changed); returns the undo.
        The listener runs on the thread that published: re-emit it where you need it."""
        return self._events.subscribe(listener)

    @property
    def listener_count(self) -> int:
        return self._events.listener_count

    def publish(self, event: Event) -> None:
        self._events.publish(event)

    def _link_moved(self) -> None:
        self._events.publish(LinkChanged(self.link_status()))

    def on_cycle(self, report: SyncReportLike) -> None:
        """The worker finished a cycle: tell what it changed (nothing, for a quiet one)."""
        change = CustomersChanged.from_report(report)
        if change is not None:
            self._events.publish(change)
        self._events.publish(SyncCompleted(datetime.now(UTC)))

    # -- state ---------------------------------------------------------------------------

    @property
    def link_up(self) -> bool:
        return bool(self._link is not None and self._link.is_up)

    @property
    def forced_offline(self) -> bool:
        return bool(self._link is not None and self._link.forced_offline)

    @property
    def has_link(self) -> bool:
        return self._link is not None

    def link_status(self) -> LinkStatus:
        link, worker = self._link, self._worker
        refused = worker.auth_error if worker is not None else None
        return LinkStatus(
            configured=link is not None,
            up=self.link_up,
            forced_offline=self.forced_offline,
            last_contact=link.last_contact if link is not None else None,
            device_problem=refused.message if refused is not None else "",
        )

    def counts(self) -> SyncCounts:
        """The offline DB's counts (a query: call it off the GUI thread)."""
        by_state = self._repo.count_by_state()
        conflicts, rejected_edits = self._repo.edit_issue_counts()
        return SyncCounts(
            customers=sum(by_state.values()),
            pending=by_state.get("pending", 0),
            rejected=by_state.get("rejected", 0),
            quarantined=self._repo.quarantine_count(),
            outbox=self._repo.outbox_count(),
            last_sync=self._repo.get_state("last_sync"),
            conflicts=conflicts,
            rejected_edits=rejected_edits,
            changed=self._repo.changed_customer_count(),
        )

    def worklist(
        self, states: tuple[SyncState, ...] = (SyncState.PENDING, SyncState.REJECTED),
        limit: int = 500,
    ) -> list[WorkItem]:
        """The customers still waiting for HQ or refused by it (a query: off the GUI thread)."""
        return [WorkItem.of(c) for state in states
                for c in self._repo.customers_in_state(state.value, limit)]

    def changed_customers(self, limit: int = 500) -> list[WorkItem]:
        """Synced customers with changes made here that HQ has not had yet ("Change
        pending sync"), the longest waiting first (a query: off the GUI thread)."""
        out: list[WorkItem] = []
        config = self._config() if self._config is not None else None
        for item in self._repo.changed_customers(limit):
            customer = self._repo.get_customer(item["customer_id"])
            operator_id = str(item.get("operator_id") or "")
            name = str(item.get("operator_name") or "")
            if not name and operator_id and config is not None:
                found = config.operator(operator_id)  # queued before names were recorded
                name = found.name if found is not None else ""
            out.append(WorkItem(
                item["customer_id"], customer.display_name if customer else "",
                SyncState.SYNCED, moment(item.get("created_at")), "",
                created_by=operator_id, created_by_name=name,
                changes=tuple(item.get("fields") or ())))
        return out

    def device_problem(self) -> DomainError | None:
        """Why HQ will not accept this terminal now (no token, no keyring, revoked)."""
        return self._device_problem()

    def quarantined(self, limit: int = 100) -> list[dict[str, Any]]:
        """Feed records this terminal could not apply, newest first."""
        return self._repo.quarantined(limit)

    # -- actions -------------------------------------------------------------------------

    def can_disconnect(self, operator: SignedIn | None) -> Decision:
        """Whether this operator may Disconnect / Connect (`terminal.disconnect`)."""
        if operator is None:
            return can_disconnect(role="", permissions=Permissions({}))
        permissions = self._config().permissions if self._config else DEFAULT_PERMISSIONS
        return can_disconnect(role=operator.role, permissions=permissions)

    def set_forced_offline(
        self, forced: bool, *, operator: SignedIn | None, wait: bool = True
    ) -> None:
        """Disconnect / Connect, for an operator whose role the store allows to. Without
        `wait` (the GUI thread) it takes effect at once and is written to the store by its
        writer meanwhile."""
        self.can_disconnect(operator).require()
        if self._link is not None:
            self._link.set_forced_offline(forced, wait=wait)

    def sync_now(self) -> None:
        """Wake the background sync (the user asked, or something was queued)."""
        if self._worker is not None:
            self._worker.wake()

    def check_link(self) -> bool:
        """A health check now, on this thread (commands, before they decide a mode)."""
        return self._link.check_now() if self._link is not None else False

    def sync_once(self) -> Any:
        """One full upload + pull cycle on this thread (`pos-desktop sync --once`)."""
        self._precheck()  # not activated, no token, no keyring: raised there
        if self._worker is None or self._link is None:
            raise DomainError("terminal.not_activated", "not activated")
        self._link.check_now()
        report = self._worker.run_cycle()
        if report is None and self._worker.auth_error is not None:
            raise DomainError(self._worker.auth_error.key, self._worker.auth_error.message)
        if report is None and self._worker.last_refused:
            # HQ answered and said no: not a link problem, and HQ's words say why.
            raise DomainError(
                "hq.refused",
                # `sync --once` only (the command line speaks English), like "cannot be
                # reached" below: built in parts, not a message for the translators.
                f"HQ at {self._hq_url} refused the sync"
                + f" ({self._worker.last_refused})"
                + "; pending customers stay queued.",
            )
        if report is None:
            last = self._worker.last_error
            raise DomainError(
                "hq.unreachable",
                f"HQ at {self._hq_url} cannot be reached"
                + (f" ({last})" if last else "")
                + "; pending customers stay queued.",
            )
        return report

