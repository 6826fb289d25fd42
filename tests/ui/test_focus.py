"""The keyboard after sign-in and after dialogs (issue 12 §4): the window-wide shortcuts
(F2, F3, F6, Esc) work with no click, keys sent to the window, not to a widget."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from pos_desktop.domain.codec import customer_from_json
from tests.support.terminals import person
from tests.support.ui import WAIT, sign_in


def _active_with_focus(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window
                    and QApplication.focusWidget() is not None
                    and QApplication.focusWidget().window() is window, timeout=WAIT)


def _activated(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    """As a window manager activates a new dialog once it is mapped (offscreen, an
    activation asked for while another window's was still pending can be lost)."""
    def active() -> bool:
        if QApplication.activeWindow() is not dialog:
            dialog.activateWindow()
        return QApplication.activeWindow() is dialog

    qtbot.waitUntil(active, timeout=WAIT)


def test_shortcuts_work_right_after_signing_in(qtbot, window) -> None:
    sign_in(qtbot, window)
    _active_with_focus(qtbot, window)
    assert QApplication.focusWidget() is window.register_page.search_button
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert window.stack.currentWidget() is window.search_page


def test_shortcuts_work_after_the_new_customer_dialog_closes(qtbot, window) -> None:
    sign_in(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    dialog = window.dialog
    assert dialog is not None
    _activated(qtbot, dialog)
    dialog.reject()  # cancelled
    qtbot.waitUntil(lambda: window.dialog is None, timeout=WAIT)
    _active_with_focus(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F3)  # no click in between
    assert window.dialog is not None and window.dialog is not dialog
    window.dialog.reject()
    qtbot.waitUntil(lambda: window.dialog is None, timeout=WAIT)
    _active_with_focus(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert window.stack.currentWidget() is window.search_page
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.register_page


def test_shortcuts_work_after_a_saved_customer(qtbot, window) -> None:
    from tests.support.ui import fill_person

    sign_in(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    dialog = window.dialog
    fill_person(dialog, "Fabio", "Fuoco")
    dialog.save()
    qtbot.waitUntil(lambda: window.dialog is None, timeout=WAIT)
    _active_with_focus(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert window.stack.currentWidget() is window.worklist_page


def test_shortcuts_work_after_the_address_dialog_and_a_message_box(
    qtbot, window, terminal, monkeypatch
) -> None:
    sign_in(qtbot, window)
    created = terminal.customers.create_customer(customer_from_json(person("Ada", "Indirizzo")))
    customer_id = created.customer.customer_id
    window.show_details(customer_id)
    details = window.details_page
    qtbot.waitUntil(lambda: details.customer is not None
                    and details.add_address_button.isEnabled(), timeout=WAIT)
    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    details.add_address()  # the address dialog, cancelled
    _active_with_focus(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # back, no click
    assert window.stack.currentWidget() is window.register_page
    window.show_details(customer_id)
    qtbot.waitUntil(lambda: details.customer is not None and details.address_table.rowCount(),
                    timeout=WAIT)
    details.address_table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.No)
    details.remove_address()  # the message box, answered No
    _active_with_focus(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert window.stack.currentWidget() is window.search_page
