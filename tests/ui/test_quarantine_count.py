"""The manager sees how many feed records were quarantined, in the status bar."""

from __future__ import annotations

import math
import uuid

from tests.support.ui import WAIT, sign_in
from tests.ui.test_status_and_search import _customer


def test_the_status_bar_counts_quarantined_records(qtbot, window, terminal) -> None:
    sign_in(qtbot, window)
    status = window.status
    status.refresh_counts()
    qtbot.waitUntil(lambda: status.pending_label.text() == "Pending sync: 0", timeout=WAIT)
    assert not status.quarantine_label.isVisibleTo(window)
    bad = _customer(3)
    bad["customer_id"] = str(uuid.uuid4())
    bad["attributes"] = {"size": math.nan}
    terminal.parts.store.apply_feed_page(
        [_customer(1), bad], cursor_key="ui-test-quarantine", cursor=None
    )
    status.refresh_counts()
    qtbot.waitUntil(lambda: status.quarantine_label.text() == "Quarantined: 1", timeout=WAIT)
    assert status.quarantine_label.isVisibleTo(window)
    assert status.quarantine_label.property("alert") is True
