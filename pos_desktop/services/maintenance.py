"""Compacting the terminal database: once at the register's start when an upgrade (or a
large purge) left much of the file free, and on demand (`pos-desktop maintenance
compact`).

The work itself is the offline store's (`offline/compact.py`): one VACUUM on its one
writer, so never beside another write; searching goes on meanwhile. The register hears
it begin and end through `DatabaseCompaction` events (its status bar says so); a start
that cannot compact (the disk is short, anything unexpected) says why in the log and
goes on with the file as it is.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

from pos_desktop.domain.errors import DomainError

from .events import DatabaseCompaction, Event

log = logging.getLogger(__name__)


class Compaction(Protocol):
    """What a compaction did (`offline.compact.Compacted`)."""

    @property
    def before_bytes(self) -> int: ...

    @property
    def after_bytes(self) -> int: ...

    def as_dict(self) -> dict[str, Any]: ...

    def summary(self) -> str: ...


class SpaceUseLike(Protocol):
    @property
    def free_bytes(self) -> int: ...

    @property
    def file_bytes(self) -> int: ...


class CompactingStore(Protocol):
    def space_use(self) -> SpaceUseLike: ...

    def compact(self, *, incremental: bool = True, due_only: bool = False,
                on_start: Callable[[Any], object] | None = None) -> Compaction | None: ...


class MaintenanceService:
    def __init__(self, store: CompactingStore, publish: Callable[[Event], None]) -> None:
        self._store = store
        self._publish = publish
        self._running = threading.Event()

    @property
    def compacting(self) -> bool:
        """A compaction is running now (the register's status bar says so)."""
        return self._running.is_set()

    def space(self) -> SpaceUseLike:
        """The database file's size and its free pages (what compacting gives back)."""
        return self._store.space_use()

    def _began(self, use: SpaceUseLike) -> None:
        log.info("compacting the terminal database: %.1f MiB of its %.1f MiB are free "
                 "pages; saving waits, searching goes on", use.free_bytes / 2**20,
                 use.file_bytes / 2**20)
        self._running.set()
        self._publish(DatabaseCompaction(running=True))

    def compact_now(self) -> Compaction:
        """Compact whatever the free share (IT's command); raises the store's refusal
        (the disk is short: a DomainError) before anything is written."""
        try:
            done = self._store.compact(on_start=self._began)
        finally:
            self._ended()
        assert done is not None
        log.info("compacted %s", done.summary())
        return done

    def compact_if_due(self) -> Compaction | None:
        """The register's start: compact when free pages make it worth it. Never raises:
        a refusal or a failure is logged and the file stays as it is."""
        try:
            done = self._store.compact(due_only=True, on_start=self._began)
        except DomainError as exc:
            log.warning("the terminal database was not compacted: %s", exc.message)
            return None
        except Exception:  # noqa: BLE001 - housekeeping never stops the register
            log.warning("compacting the terminal database failed; it stays as it is",
                        exc_info=True)
            return None
        finally:
            self._ended()
        if done is not None:
            log.info("compacted %s", done.summary())
        return done

    def _ended(self) -> None:
        if self._running.is_set():
            self._running.clear()
            self._publish(DatabaseCompaction(running=False))
