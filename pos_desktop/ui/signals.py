"""The Qt adapter for the terminal's events (Electrum's callbacks-to-signals idea).

Services publish plain callbacks on whatever thread changed something (the sync worker,
the link monitor, a UI task); this re-emits each on the GUI thread. It subscribes once
and undoes that in `close()` (a closed window, a language switch): no listener leaks.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, Signal

from pos_desktop.services.events import Event
from pos_desktop.services.sync_status import SyncStatusService


class ServiceEvents(QObject):
    """`happened` is emitted on the GUI thread (queued from the publishing thread).

    Not named `event`: that would shadow the virtual QObject.event(QEvent).
    """

    happened = Signal(object)  # CustomersChanged | LinkChanged | SyncCompleted

    def __init__(self, status: SyncStatusService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._closed = False
        self._unsubscribe = status.subscribe(self._forward)

    def _forward(self, event: Event) -> None:
        if self._closed:
            return
        # The window may go away between the check and the emit.
        with contextlib.suppress(RuntimeError):
            self.happened.emit(event)

    def close(self) -> None:
        self._closed = True
        self._unsubscribe()
