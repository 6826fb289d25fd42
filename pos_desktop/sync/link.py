"""The HQ link monitor: Online/Offline for the services (plain observers) and the UI.

A health check with a short timeout runs on an interval; any communication failure in a
real call flips the terminal offline at once; a successful check flips it back. A
manager can also force the terminal offline by hand ("Disconnect").

Listeners are pushed, never polled: `subscribe` hears Online/Offline flips, `watch` also
hears every contact with HQ (the status bar's "last contact"). Both return their undo.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from datetime import UTC, datetime

from pos_desktop.services.events import Subscribers

log = logging.getLogger(__name__)

Listener = Callable[[bool], None]
Watcher = Callable[[], None]


class LinkMonitor:
    def __init__(
        self,
        health_check: Callable[[], bool],
        *,
        interval: float = 5.0,
        offline_interval: float = 1.0,
        forced_offline: bool = False,
        on_forced: Callable[[bool], object] | None = None,
    ) -> None:
        """`forced_offline`: a Disconnect remembered from before a restart; `on_forced`
        remembers a Disconnect / Connect (the terminal keeps it in its offline store;
        it may return the Future of that write)."""
        self._health_check = health_check
        self.interval = interval
        # Offline, look more often: the link's return should show within a second.
        self.offline_interval = offline_interval
        self._up = False
        self._forced_offline = forced_offline
        self._on_forced = on_forced
        self.last_contact: datetime | None = None
        self._listeners: Subscribers[Listener] = Subscribers()
        self._watchers: Subscribers[Watcher] = Subscribers()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def is_up(self) -> bool:
        return self._up and not self._forced_offline

    @property
    def forced_offline(self) -> bool:
        return self._forced_offline

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        return self._listeners.add(listener)

    def watch(self, watcher: Watcher) -> Callable[[], None]:
        """Called after every change of what the link shows: a flip, a forced
        Disconnect/Connect, or a contact with HQ (last_contact moved)."""
        return self._watchers.add(watcher)

    @property
    def listener_count(self) -> int:
        return len(self._listeners) + len(self._watchers)

    def _set(self, up: bool) -> None:
        if up:
            self.last_contact = datetime.now(UTC)
        self._change(lambda: setattr(self, "_up", up), contact=up)

    def _change(self, mutate: Callable[[], None], *, contact: bool = False) -> None:
        """Apply a state change and tell listeners if Online/Offline flipped (watchers
        also when HQ was just reached or the manual switch moved)."""
        with self._lock:
            before, forced_before = self.is_up, self._forced_offline
            mutate()
            after = self.is_up
            flipped = before != after
            listeners = self._listeners.snapshot() if flipped else []
            moved = flipped or contact or forced_before != self._forced_offline
            watchers = self._watchers.snapshot() if moved else []
        if flipped:
            log.info("HQ link is now %s", "online" if after else "offline")
        for listener in listeners:
            try:
                listener(after)
            except Exception:  # a broken view must not stop the monitor
                log.exception("link listener failed")
        for watcher in watchers:
            try:
                watcher()
            except Exception:
                log.exception("link watcher failed")

    def report_failure(self, error: BaseException | None = None) -> None:
        self._set(False)

    def report_success(self) -> None:
        self._set(True)

    def set_forced_offline(self, forced: bool, *, wait: bool = True) -> None:
        """A manager's Disconnect / Connect: lasts until Connect, across restarts too.

        `on_forced` remembers it (a write on the store's writer; it may return its
        Future). With `wait` that is done before the switch moves (a command, a test);
        without it (the GUI thread) the switch moves at once and the write follows."""
        pending = self._on_forced(forced) if self._on_forced is not None else None
        if wait and isinstance(pending, Future):
            pending.result()
        self._change(lambda: setattr(self, "_forced_offline", forced))
        self._wake.set()

    def check_now(self) -> bool:
        ok = bool(self._health_check())
        self._set(ok)
        return self.is_up

    # -- background checking ---------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="hq-link", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop checking; waits at most `timeout` for a health check in flight (a check
        stuck on the network is left to end by itself: the thread is a daemon)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.check_now()
            except Exception:
                log.exception("health check failed unexpectedly")
                self._set(False)
            self._wake.wait(self.interval if self.is_up else self.offline_interval)
            self._wake.clear()
