"""Items made on one thread and taken, in order, on another (the feed read ahead)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Handoff(Generic[T]):
    """At most `depth` items wait; the maker's error is raised to the taker after the
    items made before it; `stop()` releases a maker waiting for room (it then drops what
    it made: the taker has left)."""

    def __init__(self, depth: int) -> None:
        self._ready: queue.Queue[T | BaseException | None] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def stop(self) -> None:
        self._stop.set()

    def run(self, make: Callable[[], Iterable[T]]) -> None:
        """On the making thread: hand over every item `make()` gives, then its end, or
        the error that stopped it."""
        try:
            for item in make():
                self._put(item)
        except BaseException as exc:  # noqa: BLE001 - raised on the taking thread
            self._put(exc)
            return
        self._put(None)

    def _put(self, item: T | BaseException | None) -> None:
        while not self._stop.is_set():
            try:
                self._ready.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def __iter__(self) -> Iterator[T]:
        while True:
            item = self._ready.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
