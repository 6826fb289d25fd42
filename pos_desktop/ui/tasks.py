"""Run work off the GUI thread and hand the result back to it through a signal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)


class _Bridge(QObject):
    """Lives on the GUI thread; its slot is where callbacks run (a queued connection)."""

    done = Signal(object, object, object)  # callbacks, result, error

    closed = False  # set when the owner shuts down: its views may be gone

    @Slot(object, object, object)
    def deliver(self, callbacks: Any, result: Any, error: Any) -> None:
        if self.closed:
            return
        on_success, on_failure = callbacks
        if error is None:
            on_success(result)
        elif on_failure is not None:
            on_failure(error)
        else:
            log.error("background task failed", exc_info=error)


class TaskRunner(QObject):
    """A small pool for reads and network calls; callbacks run on the GUI thread."""

    def __init__(self, workers: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ui-task")
        self._bridge = _Bridge()
        self._bridge.done.connect(self._bridge.deliver)
        self._closed = False

    def run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> Future[Any] | None:
        def job() -> Any:
            try:
                result = work()
            except BaseException as exc:  # handed to the GUI thread
                self._bridge.done.emit((on_success, on_failure), None, exc)
                return None
            self._bridge.done.emit((on_success, on_failure), result, None)
            return result

        if self._closed:
            return None  # the window is closing: nobody is left to show the result
        return self._pool.submit(job)

    def shutdown(self) -> None:
        self._closed = True
        self._bridge.closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)
