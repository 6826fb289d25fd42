"""What every screen shares: the terminal's services, the signed-in operator, background
runners, and the change events views refresh on (Anki's "operation did change" idea).

Views see only services (`pos_desktop.services`): no store, no HQ client, no threads of
the terminal. Events arrive from `ServiceEvents` on the GUI thread; customer changes are
coalesced (Electrum: a dirty flag and one timer) and each view decides whether it cares.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from pos_desktop.domain.limitations import CASHIER, Decision, can_create
from pos_desktop.domain.store import Permissions, StoreConfig
from pos_desktop.services.bundle import TerminalServices
from pos_desktop.services.events import (
    CustomersChanged,
    DatabaseChecked,
    DatabaseCompaction,
    LinkChanged,
    SyncCompleted,
)
from pos_desktop.services.operators import SignedIn
from pos_desktop.ui.signals import ServiceEvents
from pos_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

COALESCE_MS = 250  # a burst of changes (a sync page, a save) makes one refresh


class AppContext(QObject):
    """Lives on the GUI thread; its signals are always emitted there."""

    link_changed = Signal(bool)  # Online / Offline flipped
    status_changed = Signal(object)  # LinkStatus: what the status bar says about HQ
    synced = Signal(object)  # SyncCompleted: a cycle finished (a quiet one too)
    customers_changed = Signal(object)  # CustomersChanged, bursts merged into one
    operator_changed = Signal()
    database_checked = Signal(str)  # the start-up damage check ended: its damage, or ""
    database_compaction = Signal(bool)  # compacting the database began (True) / ended

    def __init__(self, services: TerminalServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.customers = services.customers
        self.edits = services.edits
        self.loyalty = services.loyalty
        self.operators = services.operators
        self.duplicates = services.duplicates
        self.sync = services.sync
        # Reads (search, loads, counts) never queue behind HQ calls, and vice versa;
        # local writes go to the offline store's one writer.
        self.reads = TaskRunner(workers=2, parent=self)
        self.net = TaskRunner(workers=2, parent=self)
        self.writes = TaskRunner(parent=self, executor=services.writer)
        self.operator: SignedIn | None = None
        self._pending: CustomersChanged | None = None  # the dirty flag, with what changed
        self._coalesce = QTimer(self)
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(COALESCE_MS)
        self._coalesce.timeout.connect(self._flush)
        self._link_up = self.sync.link_up
        self.events = ServiceEvents(self.sync, parent=self)
        self.events.happened.connect(self._on_event)

    # -- state -----------------------------------------------------------------------

    def store_config(self) -> StoreConfig:
        return self.services.store_config()

    @property
    def link_up(self) -> bool:
        return self.sync.link_up

    @property
    def role(self) -> str:
        return self.operator.role if self.operator else CASHIER

    @property
    def permissions(self) -> Permissions:
        """What each role may do in this store (HQ's table, refreshed with the config)."""
        return self.store_config().permissions

    def can_create(self) -> Decision:
        """Whether the signed-in operator may create customers here (`customer.create`)."""
        if self.operator is None:
            return Decision(True)  # nothing is shown before sign-in
        return can_create(role=self.operator.role, permissions=self.permissions)


    def sign_in(self, operator: SignedIn | None) -> None:
        self.operator = operator
        self.operators.begin(operator)  # what the services record (who created a customer)
        self.operator_changed.emit()

    # -- events ------------------------------------------------------------------------

    @Slot(object)
    def _on_event(self, event: object) -> None:
        if isinstance(event, CustomersChanged):
            self.notify(event)
        elif isinstance(event, LinkChanged):
            self.status_changed.emit(event.status)
            if event.status.up != self._link_up:
                self._link_up = event.status.up
                self.link_changed.emit(event.status.up)
        elif isinstance(event, SyncCompleted):
            self.synced.emit(event)
        elif isinstance(event, DatabaseChecked):
            self.database_checked.emit(event.damage)
        elif isinstance(event, DatabaseCompaction):
            self.database_compaction.emit(event.running)

    def notify(self, change: CustomersChanged) -> None:
        """Mark what changed; the views hear it once the burst is over."""
        self._pending = change if self._pending is None else self._pending | change
        if not self._coalesce.isActive():
            self._coalesce.start()

    def _flush(self) -> None:
        change, self._pending = self._pending, None
        if change is not None:
            self.customers_changed.emit(change)

    def set_forced_offline(self, forced: bool) -> None:
        """Disconnect / Connect as the signed-in operator (refused without the
        store's `terminal.disconnect` for its role); remembering it is the store writer's
        (never waited for on this thread)."""
        self.sync.set_forced_offline(forced, operator=self.operator, wait=False)

    def sync_now(self) -> None:
        self.sync.sync_now()

    def shutdown(self) -> None:
        """The window closes: let go of every subscription; wait for nothing."""
        self._coalesce.stop()
        self._pending = None
        self.events.close()
        self.reads.shutdown()
        self.net.shutdown()
        self.writes.shutdown()
