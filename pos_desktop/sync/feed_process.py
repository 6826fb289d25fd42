"""A first download's feed read, checked and made into rows in a process of its own.

A first population is a million customers: parsing the pages, checking each record and
building its rows and search terms is about a core of Python. In the register's process
all of it shared one interpreter lock with the GUI thread, whose event loop then waited
behind it. Here a child process (spawn: the same on Linux, Windows and macOS, and in the
frozen build through `multiprocessing.freeze_support`) fetches the pages over its own
HTTP session, parses and checks them and builds the rows; the parent receives them a
slice at a time (each unpickled in about a millisecond) and its writer only runs SQL.

The parent keeps every guarantee: groups are applied in feed order, each with its cursor
in its transaction (`SyncEngine.pull`), so the child may die anywhere (the sync fails as
if HQ were unreachable, `FeedProcessFailed`, and the next cycle resumes from the stored
cursor; a child that cannot start, or ends before its first group, leaves the download
to the register's own process instead). The child ends with its parent (Linux: the
parent-death signal; elsewhere, and as a backstop, it watches its parent's pid) and when
its pipe closes. The device token
goes to the child through that pipe, never through its arguments, environment or a file.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from functools import partial
from multiprocessing.connection import Connection
from typing import Any

from pos_desktop.offline.feed_apply import PreparedCustomers
from pos_desktop.offline.mapping import CustomerRows
from pos_desktop.offline.store import CheckedPage, OfflineStore
from pos_desktop.services.ports import DeviceNotAuthorized, HQRejected, HQUnreachable
from pos_desktop.sync.client import HQClient
from pos_desktop.sync.feed_parse import parse_feed_page
from pos_desktop.sync.handoff import Handoff

log = logging.getLogger(__name__)

SLICE = 200  # customers' rows per message: unpickled in the parent in ~1 ms
_ROW_LISTS = ("customers", "addresses", "contacts", "attributes", "cards", "terms")
_PK_AT = (0, 1, 0, 0, 1, 0)  # where each list's row holds its customer's position
_PARENT_CHECK = 0.5  # seconds between the child's looks at its parent
# The feed's threads yield a core to the register's GUI thread (os.nice steps, Linux).
NICE = int(os.environ.get("POS_FEED_NICE", "5"))


Group = tuple[CheckedPage, "str | None"]  # a group of pages made ready, and its cursor


class FeedProcessFailed(HQUnreachable):
    """The feed's process ended without finishing (killed, out of memory...): the cycle
    fails as if HQ were unreachable and the next one resumes from the stored cursor."""


# -- the parent's side -------------------------------------------------------------------


class FeedProcess:
    """Reads the feed from `cursor` in a child process; iterating gives each group of
    `group` pages as a `CheckedPage` with its cursor, in feed order, and raises what
    stopped the reading. A thread of the parent receives the groups as the child sends
    them, up to `AHEAD` ready, so the child never waits for the writer to take one.
    Leaving the `with` ends the child."""

    AHEAD = 2

    def __init__(self, client: HQClient, cursor: str | None, *, page: int, group: int) -> None:
        self._client = client
        self._settings = {
            "base_url": client.base_url, "timeout": client.timeout,
            "ca_bundle": client.ca_bundle, "cursor": cursor, "page": page, "group": group,
            "parent": os.getpid(),
        }  # fmt: skip
        self._conn: Connection | None = None
        self.process: Any = None  # multiprocessing's SpawnProcess
        self._handoff: Handoff[Group] = Handoff(self.AHEAD)
        self._ended = threading.Event()  # the child said it read the feed to its end
        self._receiver = threading.Thread(target=self._receive_all, name="feed-receive",
                                          daemon=True)  # fmt: skip

    def __enter__(self) -> FeedProcess:
        context = multiprocessing.get_context("spawn")
        self._conn, child_end = context.Pipe()
        self.process = context.Process(target=child_main, args=(child_end,),
                                       name="pos-desktop-feed", daemon=True)  # fmt: skip
        try:
            self.process.start()
        finally:
            child_end.close()  # only the child's copy left: its end shows as EOF here
        try:
            self._conn.send({**self._settings, "token": self._client.token})
            self._receiver.start()
        except BaseException:
            self.process.kill()
            self.process.join(timeout=5.0)
            self._conn.close()
            raise
        log.info("the feed is read in process %s", self.process.pid)
        return self

    def __exit__(self, *exc: object) -> None:
        self._handoff.stop()
        self.process.join(timeout=2.0 if self._ended.is_set() else 0.1)
        if self.process.is_alive():
            self.process.kill()  # its end of the pipe closes: the receiver stops
            self.process.join(timeout=5.0)
        self._receiver.join(timeout=5.0)
        assert self._conn is not None
        self._conn.close()

    def __iter__(self) -> Iterator[Group]:
        return iter(self._handoff)

    def _receive_all(self) -> None:
        lower_priority()
        self._handoff.run(self._groups)

    def _receive(self) -> tuple[Any, ...]:
        assert self._conn is not None
        try:
            message: tuple[Any, ...] = self._conn.recv()
        except (EOFError, OSError) as exc:
            self.process.join(timeout=1.0)
            code = self.process.exitcode
            raise FeedProcessFailed(
                f"the feed's process ended before the feed did (exit code {code})"
            ) from exc
        return message

    def _groups(self) -> Iterator[Group]:
        rows = CustomerRows()
        while True:
            message = self._receive()
            kind = message[0]
            if kind == "rows":
                for name, part in zip(_ROW_LISTS, message[1], strict=True):
                    getattr(rows, name).extend(part)
            elif kind == "group":
                _, erased, bad, received, changed, ids, numbered, bodies, cursor = message
                prepared = None if ids is None else PreparedCustomers(ids, numbered, rows)
                yield CheckedPage(erased, [], bad, prepared, received, changed,
                                  partial(_good_records, bodies)), cursor  # fmt: skip
                rows = CustomerRows()
            elif kind == "end":
                self._ended.set()
                return
            else:
                raise self._error(message)

    def _error(self, message: tuple[Any, ...]) -> Exception:
        kind, *details = message
        if kind == "refused":
            status, code, text, body, key = details
            if key is None:
                return HQRejected(status, code, text, body)
            refused = DeviceNotAuthorized(code, text, body, key=key)
            if self._client.on_unauthorized is not None:
                self._client.on_unauthorized(refused)
            return refused
        if kind == "unreachable":
            return HQUnreachable(details[0])
        return FeedProcessFailed(f"the feed's process failed: {details[0]}")


def _good_records(bodies: list[bytes]) -> list[dict[str, Any]]:
    """The good records of a group, from its pages as HQ sent them (read and checked
    again, as the child did: the same code on the same bytes)."""
    changes: list[Any] = []
    unreadable: list[tuple[str, str]] = []
    for body in bodies:
        page = parse_feed_page(body)
        found = page.get("changes")
        changes += found if isinstance(found, list) else []
        unreadable += list(page.get("unreadable") or [])
    return OfflineStore.check_feed_page(changes, unreadable).good


# -- the child's side --------------------------------------------------------------------


def child_main(conn: Connection) -> None:
    """The child process: read, check and make rows of the feed, group after group."""
    try:
        settings = conn.recv()
    except (EOFError, OSError):
        return
    _end_with_parent(int(settings["parent"]))
    # Ctrl-C in a terminal reaches the whole process group: the parent stops the child.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    lower_priority()  # before its threads start: they inherit it
    gc.disable()  # young, acyclic records and rows only (see `engine._collector_paused`)
    try:
        _read_feed(conn, settings)
    except (BrokenPipeError, EOFError, ConnectionResetError):
        return  # the parent is gone or stopped listening
    except HQRejected as exc:
        key = exc.key if isinstance(exc, DeviceNotAuthorized) else None
        _send(conn, ("refused", exc.status, exc.code, exc.message, exc.body, key))
    except HQUnreachable as exc:
        _send(conn, ("unreachable", str(exc)))
    except Exception as exc:  # noqa: BLE001 - told to the parent, which fails the cycle
        _send(conn, ("failed", f"{type(exc).__name__}: {exc}"))
    else:
        _send(conn, ("end",))
    conn.close()


def _send(conn: Connection, message: tuple[Any, ...]) -> None:
    with contextlib.suppress(OSError):  # the parent is gone
        conn.send(message)


class _KeepingClient(HQClient):
    """Keeps each feed page's body as HQ sent it, in the order read (`bodies`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bodies: deque[bytes] = deque()

    def changes(
        self, after: str | None, limit: int = 500, *, keep: Callable[[bytes], Any] | None = None
    ) -> dict[str, Any]:
        return super().changes(after, limit, keep=keep or self.bodies.append)


def _read_feed(conn: Connection, settings: dict[str, Any]) -> None:
    from pos_desktop.sync.engine import FeedReader, Page, grouped

    connect, read = settings["timeout"]
    client = _KeepingClient(settings["base_url"], settings["token"], connect_timeout=connect,
                            read_timeout=read, ca_bundle=settings["ca_bundle"])  # fmt: skip
    group = int(settings["group"])
    taken: list[bytes] = []  # the bodies of the pages of the group being read

    def counted(pages: Iterator[Page]) -> Iterator[Page]:
        for page in pages:  # read in order, so each page's body is the oldest kept
            taken.append(client.bodies.popleft())
            yield page

    with FeedReader(client, settings["cursor"], depth=group + 1,
                    page=int(settings["page"])) as pages:  # fmt: skip
        for changes, unreadable, cursor in grouped(counted(iter(pages)), group):
            checked = OfflineStore.check_feed_page(changes, unreadable)
            _send_group(conn, checked, cursor, taken[:])
            taken.clear()


def _send_group(
    conn: Connection, checked: CheckedPage, cursor: str | None, bodies: list[bytes]
) -> None:
    """The group's rows a slice at a time, then the rest of it (its pages' bodies for
    the good records, which the parent reads only if it needs them)."""
    prepared = checked.prepared
    if prepared is not None:
        for part in _slices(prepared.rows, SLICE):
            conn.send(("rows", part))
    conn.send((
        "group", checked.erased, checked.bad, checked.received, checked.changed,
        None if prepared is None else prepared.ids,
        None if prepared is None else prepared.numbered, bodies, cursor,
    ))  # fmt: skip


def _slices(rows: CustomerRows, size: int) -> Iterator[tuple[list[Any], ...]]:
    """The rows `size` customers at a time (every list is in the customers' order)."""
    lists = [getattr(rows, name) for name in _ROW_LISTS]
    starts = [0] * len(lists)
    for low in range(0, len(rows.customers), size):
        high = low + size
        part = []
        for n, (rows_of, at) in enumerate(zip(lists, _PK_AT, strict=True)):
            end = starts[n]
            while end < len(rows_of) and rows_of[end][at] < high:
                end += 1
            part.append(rows_of[starts[n] : end])
            starts[n] = end
        yield tuple(part)


def lower_priority() -> None:
    """Lower the calling thread's scheduling priority by `NICE` (Linux: per thread, and
    the threads it starts inherit it; nothing elsewhere), so that the register's GUI
    thread, woken every few milliseconds, gets a core at once rather than after a
    slice of the feed's work. It can never be raised again: only for threads and
    processes that live for the download alone."""
    if sys.platform.startswith("linux") and NICE > 0:
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)


def _end_with_parent(parent: int) -> None:
    """Die with the parent, even SIGKILLed: Linux's parent-death signal, and a thread
    that looks for a new parent (the parent gone, the child is adopted) every 0.5 s."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_CHECK)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
