"""Run work off the GUI thread and hand the result back to it through a signal.

Three runners per window (`ui/context.py`, after Anki's taskman): local reads on a small
pool, HQ calls on their own pool, local writes on the offline store's one writer.
Shutting down never waits: a task still running (an HQ call timing out) finishes on its
own thread and its answer is dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
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
    """A pool (its own, or a shared executor); callbacks run on the GUI thread."""

    def __init__(
        self,
        workers: int = 2,
        parent: QObject | None = None,
        *,
        executor: Executor | None = None,
    ) -> None:
        super().__init__(parent)
        self._owned = executor is None
        self._pool: Executor = executor or ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="ui-task"
        )
        self._bridge = _Bridge()
        self._bridge.done.connect(self._bridge.deliver)
        self._closed = False

    def run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> Future[Any] | None:
        bridge = self._bridge

        def job() -> Any:
            try:
                result = work()
            except BaseException as exc:  # handed to the GUI thread
                if not bridge.closed:
                    bridge.done.emit((on_success, on_failure), None, exc)
                return None
            if not bridge.closed:
                bridge.done.emit((on_success, on_failure), result, None)
            return result

        if self._closed:
            return None  # the window is closing: nobody is left to show the result
        try:
            return self._pool.submit(job)
        except RuntimeError:  # the shared executor already shut down (terminal closed)
            return None

    def shutdown(self) -> None:
        """Drop what has not started; never wait for what has (an HQ call may hang)."""
        self._closed = True
        self._bridge.closed = True
        if self._owned:
            self._pool.shutdown(wait=False, cancel_futures=True)
