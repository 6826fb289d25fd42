"""Qt adapters for the plain-Python link monitor and sync worker callbacks."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from pos_desktop.sync.engine import SyncReport
from pos_desktop.sync.link import LinkMonitor
from pos_desktop.sync.worker import SyncWorker


class SyncSignals(QObject):
    """Emitted on the GUI thread (queued from the worker threads)."""

    link_changed = Signal(bool)
    synced = Signal(object)  # SyncReport

    def __init__(self, link: LinkMonitor | None, worker: SyncWorker | None) -> None:
        super().__init__()
        self._unsubscribe = None
        if link is not None:
            self._unsubscribe = link.subscribe(self.link_changed.emit)
        if worker is not None:
            worker.subscribe(self._on_report)

    def _on_report(self, report: SyncReport) -> None:
        self.synced.emit(report)

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
