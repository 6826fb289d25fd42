"""Disconnect / Connect never waits on the database on the GUI thread: the switch moves
at once, and the offline store's writer remembers it (for the next start) when its turn
comes, even while it is busy with something long (a feed page, a search-index build)."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt

from pos_desktop.terminal import FORCED_OFFLINE_STATE
from tests.support.ui import MANAGER, WAIT, sign_in

BUSY = 3.0  # how long the writer is kept busy (released by a timer: never a hang)


def _busy_writer(terminal) -> threading.Event:  # type: ignore[no-untyped-def]
    """Keep the store's one writer busy until the returned event is set (or BUSY s)."""
    release, started = threading.Event(), threading.Event()

    def long_write() -> None:
        started.set()
        release.wait(BUSY)

    terminal.services.writer.submit(long_write)
    assert started.wait(5)
    return release


def test_disconnect_and_connect_do_not_wait_for_the_database(qtbot, window, terminal) -> None:
    sign_in(qtbot, window, MANAGER)
    register = window.register_page
    store = terminal.parts.store
    writes: list[str] = []
    set_state = store.set_state

    def recording_set_state(key: str, value: str) -> None:
        if key == FORCED_OFFLINE_STATE:
            writes.append(threading.current_thread().name)
        set_state(key, value)

    store.set_state = recording_set_state  # type: ignore[method-assign]
    try:
        for forced, label in ((True, "Connect"), (False, "Disconnect")):
            release = _busy_writer(terminal)
            started = time.monotonic()
            qtbot.mouseClick(register.connect_button, Qt.MouseButton.LeftButton)
            took = time.monotonic() - started
            assert took < 0.5, f"the click waited {took:.1f} s for the database"
            # The switch moved at once, on screen and for the services ...
            assert terminal.parts.link.forced_offline is forced
            assert register.connect_button.text() == label
            # ... and the writer remembers it once it is free, on its own thread.
            release.set()
            qtbot.waitUntil(lambda f=forced: store.get_state(FORCED_OFFLINE_STATE)
                            == ("1" if f else ""), timeout=WAIT)
    finally:
        del store.set_state
    assert writes and all(name != threading.main_thread().name for name in writes), writes
