"""Issue 16 at the register: marketing consent on the primary e-mail and phone in the
New customer dialog (unticked by default, kept at HQ with the store and time), and the
register saying "Customer removed" when HQ erases the customer on the transaction."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from tests.support.ui import WAIT, fill_person, sign_in

ACCOUNT = re.compile(r"^C\d+$")


def test_consent_is_captured_then_an_erasure_removes_the_attached_customer(
        qtbot, window, hq) -> None:
    sign_in(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    dialog = window.dialog
    fields = dialog.fields
    assert not fields.email_consent.isChecked() and not fields.phone_consent.isChecked()
    fill_person(dialog, "Ilaria", "Consenso", phone="+39 347 555 0101",
                email="ilaria.consenso@example.com")
    fields.email_consent.setChecked(True)
    qtbot.keyClick(fields.last_name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.dialog is None, timeout=WAIT)
    panel = window.register_page.panel
    qtbot.waitUntil(lambda: ACCOUNT.match(panel.account_label.text()) is not None,
                    timeout=WAIT)
    acct = panel.account_label.text()
    export = hq.admin.request("GET", f"/api/v1/admin/customers/{acct}/export")
    assert export["consent"]["email"]["marketing_consent"] is True
    assert export["consent"]["email"]["store_id"] == "MILAN"
    assert export["consent"]["email"]["terminal_id"] == "T1"
    assert export["consent"]["phone"]["marketing_consent"] is False

    hq.admin.request("POST", f"/api/v1/admin/customers/{acct}/erase")
    window.ctx.sync_now()
    qtbot.waitUntil(lambda: panel.name_label.text() == "Customer removed", timeout=WAIT)
    assert window.register_page.customer is None
    assert not window.register_page.details_button.isEnabled()
    hint = panel.account_label
    assert hint.text() == "Their data was erased at HQ. Attach another customer if needed."
    qtbot.waitUntil(lambda: hint.width() >= hint.sizeHint().width(), timeout=WAIT)
    panel.grab().save("/tmp/i16_removed.png")
