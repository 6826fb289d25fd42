"""The Sync worklist (issue 12 §2): pending, rejected (with HQ's reason) and quarantined
records; opened with F6, from the register and from the status bar counts; a rejected
customer is opened, corrected, resubmitted and leaves the list with its number;
a quarantined feed record is listed with the reason."""

from __future__ import annotations

import math
import uuid

from PySide6.QtCore import QPoint, Qt

from pos_desktop.domain.codec import customer_from_json
from pos_desktop.domain.customer import SyncState
from tests.support.terminals import person
from tests.support.ui import CASHIER, WAIT, sign_in
from tests.ui.test_status_and_search import _customer


def _cells(page, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.table.item(r, column).text() for r in range(page.table.rowCount())]


def _rejected(qtbot, window, terminal) -> str:  # type: ignore[no-untyped-def]
    store = terminal.parts.store
    bad = customer_from_json(person("Rita", "Respinta", attributes={}))
    bad.state = SyncState.PENDING
    store.add_customer(bad, queue_upload=True)  # HQ validates again and refuses it
    window.ctx.sync_now()
    qtbot.waitUntil(lambda: store.get_customer(bad.customer_id).state is SyncState.REJECTED,
                    timeout=WAIT)
    return bad.customer_id


def test_a_rejected_customer_is_corrected_and_resubmitted_from_the_worklist(
    qtbot, window, terminal
) -> None:
    sign_in(qtbot, window)
    customer_id = _rejected(qtbot, window, terminal)
    waiting = customer_from_json(person("Paola", "Attesa"))
    waiting.state = SyncState.PENDING
    terminal.parts.store.add_customer(waiting, queue_upload=False)  # stays pending

    qtbot.keyClick(window, Qt.Key.Key_F6)
    page = window.worklist_page
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=WAIT)
    rows = dict(zip(_cells(page, 0), range(2), strict=True))
    assert set(rows) == {"Rita Respinta", "Paola Attesa"}
    rita, paola = rows["Rita Respinta"], rows["Paola Attesa"]
    assert page.table.item(rita, 1).text() == "Rejected by HQ"
    assert "required attribute is missing" in page.table.item(rita, 5).text()
    assert page.table.item(paola, 1).text() == "Pending sync"
    assert page.table.item(paola, 2).text().endswith("min")  # its age
    assert page.table.item(paola, 4).text() == "T1"  # the terminal
    assert page.table.item(rita, 1).foreground().color() != page.table.item(
        paola, 1).foreground().color()

    page.filter_box.setCurrentIndex(page.filter_box.findData("rejected"))
    assert _cells(page, 0) == ["Rita Respinta"]
    assert page.table.hasFocus() or page.table.setFocus() is None
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # keyboard: open the selected one
    details = window.details_page
    qtbot.waitUntil(lambda: window.stack.currentWidget() is details
                    and details.customer is not None
                    and details.customer.customer_id == customer_id, timeout=WAIT)
    assert details.save_button.text() == "Correct and resubmit"
    segment = details.fields.attributes.inputs["segment"]
    segment.setCurrentIndex(segment.findData("gold"))
    details.save_button.click()
    qtbot.waitUntil(lambda: details.account_label.text().startswith("C"), timeout=WAIT)

    qtbot.keyClick(window, Qt.Key.Key_Escape)  # back where it came from
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=WAIT)  # rejected: none left
    page.filter_box.setCurrentIndex(page.filter_box.findData("all"))
    assert _cells(page, 0) == ["Paola Attesa"]
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.register_page


def test_the_status_bar_counts_and_the_register_open_the_worklist_for_a_cashier(
    qtbot, window, terminal
) -> None:
    sign_in(qtbot, window, CASHIER)
    _rejected(qtbot, window, terminal)
    qtbot.waitUntil(lambda: window.status.rejected_label.text() == "Rejected: 1", timeout=WAIT)
    label = window.status.rejected_label
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    page = window.worklist_page
    assert window.stack.currentWidget() is page
    assert page.filter_box.currentData() == "rejected"
    qtbot.waitUntil(lambda: _cells(page, 0) == ["Rita Respinta"], timeout=WAIT)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    window.register_page.worklist_button.click()
    assert window.stack.currentWidget() is page and page.filter_box.currentData() == "all"
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=WAIT)
    assert page.open_button.isEnabled()
    page.open_button.click()  # by default a cashier may correct and resubmit it too
    details = window.details_page
    qtbot.waitUntil(lambda: details.customer is not None, timeout=WAIT)
    assert details.save_button.text() == "Correct and resubmit"
    assert details.save_button.isEnabled()


def test_quarantined_feed_records_are_listed_with_their_reason(qtbot, window, terminal) -> None:
    sign_in(qtbot, window)
    bad = _customer(3)
    bad["customer_id"] = str(uuid.uuid4())
    bad["attributes"] = {"size": math.nan}
    terminal.parts.store.apply_feed_page([bad], cursor_key="ui-test-worklist", cursor=None)
    window.status.refresh_counts()
    label = window.status.quarantine_label
    qtbot.waitUntil(lambda: label.text() == "Quarantined: 1", timeout=WAIT)
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    page = window.worklist_page
    assert page.filter_box.currentData() == "quarantined"
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=WAIT)
    assert page.table.item(0, 0).text() == bad["customer_id"]
    assert page.table.item(0, 1).text() == "Quarantined"
    assert page.table.item(0, 5).text()  # why it was not applied
    assert not page.open_button.isEnabled()  # nothing to open: it is not a customer here
