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
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

THREAD_NAME = "db-writer"


class StoreClosed(RuntimeError):
    """A write was asked for after the terminal closed its store."""

    def __init__(self) -> None:
        super().__init__("the offline store is closed: no more writes")


class SerialExecutor(Executor):
    """A single worker thread for every offline-store write."""

    def __init__(self, name: str = THREAD_NAME) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name,
                                        initializer=self._mark)
        self._writer_ident: int | None = None
        self._turn_holder: int | None = None  # a thread running a write body in our turn
        self._closed = False
        self._lock = threading.Lock()

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
            return self._pool.submit(fn, *args, **kwargs)

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
        try:
            started.wait()
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
            self._closed = True
        self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)


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
