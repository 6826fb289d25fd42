"""The background sync thread: runs sync cycles, backs off with jitter while offline.

It owns no UI; it tells listeners (plain callbacks, called on the worker thread) what
each cycle changed, and watchers when HQ starts or stops refusing the device token. The
sync status service turns those into events; the Qt layer re-emits them as signals.
Stopping never waits on the network: a cycle stuck on HQ is left to end by itself, and
what it would still write is refused quietly once the store is closed.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable

from pos_desktop.services.events import Subscribers
from pos_desktop.services.ports import DeviceNotAuthorized, HQRejected, HQUnreachable
from pos_desktop.sync.engine import SyncEngine, SyncReport, refusal_text
from pos_desktop.sync.link import LinkMonitor

log = logging.getLogger(__name__)

ReportListener = Callable[[SyncReport], None]
ProblemWatcher = Callable[[], None]


class SyncWorker:
    def __init__(
        self,
        engine: SyncEngine,
        link: LinkMonitor,
        *,
        interval: float = 10.0,
        awaiting_interval: float = 1.0,
        max_backoff: float = 60.0,
    ) -> None:
        self.engine = engine
        self.link = link
        self.interval = interval
        # While HQ's job has our customers to number, look again soon.
        self.awaiting_interval = awaiting_interval
        self._awaiting = False
        self.max_backoff = max_backoff
        self.last_error: str = ""
        # HQ answered the last cycle with a refusal (4xx): what it said, else "".
        self.last_refused: str = ""
        # HQ refused the device token (revoked, or none in the keyring): retrying cannot
        # help, so the thread waits for a new activation or an explicit "Sync now".
        self.auth_error: DeviceNotAuthorized | None = None
        self._listeners: Subscribers[ReportListener] = Subscribers()
        self._watchers: Subscribers[ProblemWatcher] = Subscribers()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failures = 0
        self._lost_report = False  # a failed cycle's partial work was never reported
        link.subscribe(self._on_link)

    def subscribe(self, listener: ReportListener) -> Callable[[], None]:
        """Hear every successful cycle's report; returns the undo."""
        return self._listeners.add(listener)

    def watch_problem(self, watcher: ProblemWatcher) -> Callable[[], None]:
        """Hear when `auth_error` is set or cleared; returns the undo."""
        return self._watchers.add(watcher)

    @property
    def listener_count(self) -> int:
        return len(self._listeners) + len(self._watchers)

    def _set_auth_error(self, error: DeviceNotAuthorized | None) -> None:
        changed = (error is None) != (self.auth_error is None)
        self.auth_error = error
        if changed:
            for watcher in self._watchers.snapshot():
                try:
                    watcher()
                except Exception:
                    log.exception("sync problem watcher failed")

    def _on_link(self, up: bool) -> None:
        if up:
            self.wake()

    def wake(self) -> None:
        """Sync now (a customer was created, the link came back, the user asked)."""
        self._failures = 0
        self._wake.set()

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="sync-worker", daemon=True)
            self._thread.start()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the thread; waits at most `timeout` (a cycle stuck on HQ is not waited
        for: the thread is a daemon, and HQ's idempotency makes a lost answer harmless)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _delay(self) -> float:
        if self._failures == 0:
            return self.awaiting_interval if self._awaiting else self.interval
        base = min(self.max_backoff, 1.0 * 2 ** min(self._failures, 6))
        return base * random.uniform(0.5, 1.0)

    def run_cycle(self) -> SyncReport | None:
        """One cycle now, on the calling thread. None when HQ could not be reached."""
        if self.link.forced_offline:
            return None
        try:
            report = self.engine.run_once()
        except HQUnreachable as exc:
            self._failures += 1
            self._lost_report = True
            self.last_error = str(exc)
            self.last_refused = ""
            self.link.report_failure(exc)
            log.info("sync: HQ unreachable (%s)", exc)
            return None
        except DeviceNotAuthorized as exc:
            self._failures += 1
            self._lost_report = True
            self.last_error = exc.message
            self.last_refused = ""
            if self.auth_error is None:
                log.warning("sync: HQ refused this terminal's device token (%s); "
                            "sync paused until the terminal is activated again", exc.code)
            self._set_auth_error(exc)
            return None
        except HQRejected as exc:
            self._failures += 1
            self._lost_report = True
            self.last_error = exc.message
            self.last_refused = refusal_text(exc)
            # HQ's message may echo a record: status and code only in the log.
            log.warning("sync: HQ refused a sync call: HTTP %s %s", exc.status, exc.code)
            return None
        # A failed cycle may have committed numbers, rejections or feed pages before it
        # failed, and its report was lost: say so, so that the screens read them.
        report.after_failure, self._lost_report = self._lost_report, False
        self._failures = 0
        self._awaiting = report.awaiting > 0
        self.last_error = ""
        self.last_refused = ""
        self._set_auth_error(None)
        self.link.report_success()
        for listener in self._listeners.snapshot():
            try:
                listener(report)
            except Exception:
                log.exception("sync listener failed")
        return report

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_cycle()
            except Exception:  # never let the thread die silently
                self._failures += 1
                if self._stop.is_set():  # the terminal closed under a cycle: expected
                    log.debug("sync cycle ended by the terminal closing", exc_info=True)
                    break
                log.exception("sync cycle failed")
            # A refused token: no retries until someone asks (wake) or the thread stops.
            self._wake.wait(None if self.auth_error is not None else self._delay())
            self._wake.clear()
