"""Search results show each customer's true state: the number (synced), "Pending sync"
and "Rejected by HQ", each in its own colour (issue 12, section 2)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pos_desktop.domain.codec import customer_from_json
from pos_desktop.domain.customer import SyncState
from tests.support.terminals import person
from tests.support.ui import WAIT, sign_in


def test_search_results_tell_pending_rejected_and_synced_apart(qtbot, window, terminal) -> None:
    sign_in(qtbot, window)
    store = terminal.parts.store
    rejected = customer_from_json(person("Rosa", "Statorum", attributes={}))
    rejected.state = SyncState.PENDING
    store.add_customer(rejected, queue_upload=True)  # HQ refuses it: segment is required
    window.ctx.sync_now()
    qtbot.waitUntil(lambda: store.get_customer(rejected.customer_id).state
                    is SyncState.REJECTED, timeout=WAIT)
    pending = customer_from_json(person("Paola", "Statorum"))
    pending.state = SyncState.PENDING
    store.add_customer(pending, queue_upload=False)  # not queued: stays pending

    window.show_search("Statorum")
    search = window.search_page
    qtbot.waitUntil(lambda: search.model.rowCount() == 2, timeout=WAIT)
    rows = {search.model.cell(r, 0): r for r in range(2)}
    model = search.model
    shown = {name: model.cell(r, 1) for name, r in rows.items()}
    assert shown == {"Rosa Statorum": "Rejected by HQ", "Paola Statorum": "Pending sync"}
    colours = {name: model.data(model.index(r, 1), Qt.ItemDataRole.ForegroundRole).color().name()
               for name, r in rows.items()}
    assert colours["Rosa Statorum"] != colours["Paola Statorum"]
    tips = {name: model.data(model.index(r, 1), Qt.ItemDataRole.ToolTipRole)
            for name, r in rows.items()}
    assert tips == {"Rosa Statorum": "Rejected by HQ", "Paola Statorum": "Waiting for HQ"}

    search.search_box.clear()
    qtbot.keyClicks(search.search_box, "Rossi")  # the store's synced customers
    qtbot.waitUntil(lambda: model.rowCount() > 0 and "Statorum" not in model.cell(0, 0),
                    timeout=WAIT)
    synced = next(r for r in range(model.rowCount()) if model.rows[r].sync_state
                  is SyncState.SYNCED)
    assert model.cell(synced, 1).startswith("C")
    assert model.data(model.index(synced, 1), Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(model.index(synced, 1), Qt.ItemDataRole.ToolTipRole) == "Synced"
