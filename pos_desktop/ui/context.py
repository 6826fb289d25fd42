"""What every screen shares: the terminal, the signed-in operator, background runners,
and the change events views refresh on (Anki's "operation did change" idea)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal, Slot

from pos_desktop.domain.limitations import CASHIER
from pos_desktop.services.duplicates import DuplicateFinder
from pos_desktop.services.operators import OperatorService, SignedIn
from pos_desktop.terminal import Terminal
from pos_desktop.ui.signals import SyncSignals
from pos_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class AppContext(QObject):
    """Lives on the GUI thread; its signals are always emitted there."""

    link_changed = Signal(bool)
    synced = Signal(object)  # SyncReport
    customers_changed = Signal()  # a sync, create or edit may have changed what views show
    operator_changed = Signal()

    def __init__(self, terminal: Terminal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.terminal = terminal
        # Reads (search, loads, counts) never queue behind HQ calls, and vice versa.
        self.reads = TaskRunner(workers=2, parent=self)
        self.net = TaskRunner(workers=2, parent=self)
        self.signals = SyncSignals(terminal.link, terminal.worker)
        self.signals.link_changed.connect(self._on_link_changed)
        self.signals.synced.connect(self._on_synced)
        self.operators = OperatorService(terminal.store_config)
        self.duplicates = DuplicateFinder(
            terminal.store, terminal.store_config, link=terminal.link, hq=terminal.client
        )
        self.operator: SignedIn | None = None

    # -- state -----------------------------------------------------------------------

    @property
    def link_up(self) -> bool:
        return bool(self.terminal.link is not None and self.terminal.link.is_up)

    @property
    def role(self) -> str:
        return self.operator.role if self.operator else CASHIER

    @property
    def is_manager(self) -> bool:
        return bool(self.operator and self.operator.is_manager)

    def sign_in(self, operator: SignedIn | None) -> None:
        self.operator = operator
        self.operator_changed.emit()

    # -- events ------------------------------------------------------------------------

    @Slot(bool)
    def _on_link_changed(self, up: bool) -> None:
        self.link_changed.emit(up)

    @Slot(object)
    def _on_synced(self, report: object) -> None:
        self.synced.emit(report)
        # A quiet cycle (every second while numbers are awaited) changes no customer: the
        # screens need not search and count again over the whole offline DB.
        if getattr(report, "changed_anything", True):
            self.customers_changed.emit()

    def set_forced_offline(self, forced: bool) -> None:
        if self.terminal.link is not None:
            self.terminal.link.set_forced_offline(forced)

    def sync_now(self) -> None:
        if self.terminal.worker is not None:
            self.terminal.worker.wake()

    def shutdown(self) -> None:
        self.signals.close()
        self.reads.shutdown()
        self.net.shutdown()
