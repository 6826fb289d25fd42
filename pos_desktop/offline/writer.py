"""The one writer of the offline store (Anki's taskman, Electrum's DB thread).

Every write the store makes runs on one thread, one after the other, in the order asked:
`OfflineStore`'s write methods hand themselves to `SerialExecutor.call`, whichever thread
calls them (a UI task, the sync worker, a command), and wait for the answer. Reads run on
the caller's thread (SQLite's WAL lets them go on beside the writer).

A write transaction opened directly with `OfflineStore.write()` on another thread (the
sync engine's two outbox updates, until the store has methods for them) holds the
writer's *turn* instead: the writer waits while the body runs, so it still never
overlaps another write. Nothing here waits on the network: HQ calls run elsewhere.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

THREAD_NAME = "db-writer"

_WorkItem = tuple[Future[Any], Callable[..., Any], tuple[Any, ...], dict[str, Any]]


class StoreClosed(RuntimeError):
    """A write was asked for after the terminal closed its store."""

    def __init__(self) -> None:
        super().__init__("the offline store is closed: no more writes")


class SerialExecutor(Executor):
    """A single worker thread for every offline-store write.

    `idle_task`, when given, runs on the writer after `idle_after` seconds without a
    write (once per busy spell): the store's search-index merges, its small steps giving
    free pages back and its WAL checkpoint, kept out of the commits that a cashier waits
    for. A true result asks for another run after another `idle_after` without a write
    (more steps to do).
    """

    def __init__(
        self,
        name: str = THREAD_NAME,
        *,
        idle_task: Callable[[], object] | None = None,
        idle_after: float = 0.25,
    ) -> None:
        self._name = name
        self._queue: queue.SimpleQueue[_WorkItem | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._idle_task = idle_task
        self._idle_after = idle_after
        self._writer_ident: int | None = None
        self._turn_holder: int | None = None  # a thread running a write body in our turn
        self._closed = False
        self._lock = threading.Lock()
        self._gate: Callable[[], object] | None = None

    def hold_until(self, gate: Callable[[], object]) -> None:
        """Run `gate` on the writer before its first write (the start-up damage check):
        writes wait while it runs; while it raises, each write fails with its error."""
        self._gate = gate

    def _pass_gate(self) -> BaseException | None:
        gate = self._gate
        if gate is None:
            return None
        try:
            gate()
        except BaseException as exc:  # noqa: BLE001 - handed to each write's caller
            return exc
        self._gate = None
        return None

    def _run(self) -> None:
        self._mark()
        idle_due = False  # a write ran since the last idle task
        while True:
            try:
                item = self._queue.get(timeout=self._idle_after if idle_due else None)
            except queue.Empty:
                idle_due = self._run_idle()
                continue
            if item is None:
                return
            future, fn, args, kwargs = item
            refused = self._pass_gate()
            if refused is not None:  # no housekeeping (checkpoint) on a refused file either
                if future.set_running_or_notify_cancel():
                    future.set_exception(refused)
            elif future.set_running_or_notify_cancel():
                try:
                    future.set_result(fn(*args, **kwargs))
                except BaseException as exc:  # noqa: BLE001 - handed to the caller
                    future.set_exception(exc)
                idle_due = self._idle_task is not None
            del item, future, fn, args, kwargs

    def _run_idle(self) -> bool:
        """The idle task; True when it asks to run again."""
        assert self._idle_task is not None
        try:
            return bool(self._idle_task())
        except Exception:  # noqa: BLE001 - housekeeping never stops the writer
            log.warning("writer idle task failed", exc_info=True)
            return False

    def _mark(self) -> None:
        self._writer_ident = threading.get_ident()

    @property
    def closed(self) -> bool:
        return self._closed

    def owns_current_thread(self) -> bool:
        """True on the writer thread, or on a thread whose write body holds the turn."""
        me = threading.get_ident()
        return me == self._writer_ident or me == self._turn_holder

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        with self._lock:
            if self._closed:
                raise StoreClosed()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=f"{self._name}_0",
                                                daemon=True)
                self._thread.start()
            future: Future[T] = Future()
            self._queue.put((future, fn, args, kwargs))
            return future

    def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `fn` on the writer and wait for it (inline when already the writer)."""
        if self.owns_current_thread():
            return fn(*args, **kwargs)
        return self.submit(fn, *args, **kwargs).result()

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Hold the writer while the with-body writes on this thread."""
        if self.owns_current_thread():
            yield
            return
        started, finished = threading.Event(), threading.Event()

        def hold() -> None:
            started.set()
            finished.wait()

        future = self.submit(hold)
        future.add_done_callback(lambda _done: started.set())  # refused: never held
        try:
            started.wait()
            if future.done():
                future.result()  # raises why the writer refused
            self._turn_holder = threading.get_ident()
            yield
        finally:
            self._turn_holder = None
            finished.set()
            future.result()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """No new writes; with `wait`, the ones asked for already are finished first
        (local database work only: this never waits on the network)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
        if cancel_futures:
            while True:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is not None:
                    item[0].cancel()
        if thread is None:
            return
        self._queue.put(None)
        if wait and thread is not threading.current_thread():
            thread.join()


def serial_write(method: Callable[P, T]) -> Callable[P, T]:
    """Mark an `OfflineStore` method as a write: it runs on the store's writer."""
    import functools

    @functools.wraps(method)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        store = args[0]
        writer: SerialExecutor | None = getattr(store, "write_executor", None)
        if writer is None:
            return method(*args, **kwargs)
        return writer.call(method, *args, **kwargs)

    return run
