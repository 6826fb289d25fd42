"""Sign-in, roles on the register, Disconnect / Connect, remembered window geometry."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt

from pos_desktop.domain.errors import ActionRefused
from pos_desktop.ui.main_window import MainWindow
from tests.support.ui import CASHIER, MANAGER, WAIT, sign_in


def test_wrong_password_is_refused_offline_and_right_one_opens_register(qtbot, window) -> None:
    page = window.sign_in_page
    assert window.stack.currentWidget() is page
    page.operator_edit.setText("1001")
    page.password_edit.setText("9999")
    qtbot.keyClick(page.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.error_label.text() == "Wrong operator ID or password.",
                    timeout=WAIT)
    assert window.stack.currentWidget() is page
    qtbot.keyClick(window, Qt.Key.Key_F2)  # no shortcut works before sign-in
    assert window.stack.currentWidget() is page

    sign_in(qtbot, window, CASHIER)
    assert "Cashier" in window.operator_label.text()
    assert window.ctx.role == "cashier"


def test_only_a_manager_can_disconnect_and_connect(qtbot, window, terminal) -> None:
    sign_in(qtbot, window, CASHIER)
    register = window.register_page
    assert not register.connect_button.isEnabled()
    assert register.connect_reason.text() == (
        "Your role (cashier) may not disconnect or connect the terminal in this store.")
    with pytest.raises(ActionRefused):  # the service refuses too, whatever a screen shows
        window.ctx.set_forced_offline(True)
    assert not terminal.parts.link.forced_offline

    window.sign_out()
    sign_in(qtbot, window, MANAGER)
    assert register.connect_button.isEnabled()
    qtbot.mouseClick(register.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Offline" in window.status.link_label.text(), timeout=WAIT)
    assert terminal.parts.link.forced_offline
    assert register.connect_button.text() == "Connect"
    qtbot.mouseClick(register.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.status.link_label.text().startswith("HQ: Online"),
                    timeout=WAIT)


def test_f2_opens_search_and_esc_returns(qtbot, window) -> None:
    sign_in(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert window.stack.currentWidget() is window.search_page
    qtbot.keyClick(window.search_page.search_box, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.register_page


def test_window_geometry_is_remembered_in_the_data_dir(qtbot, terminal) -> None:
    first = MainWindow(terminal.services)
    qtbot.addWidget(first)
    first.show()
    # The register opens maximized; this is its size when un-maximized.
    first.setGeometry(QRect(40, 30, 1024, 710))  # default is 1280x800
    first.close()
    assert (terminal.data_dir / "ui.ini").exists()
    second = MainWindow(terminal.services)
    qtbot.addWidget(second)
    # The height kept; the width fitted to the offscreen screen (800 wide): a saved
    # geometry never puts the window beyond the screen it opens on.
    assert (second.width(), second.height()) == (800, 710)
    second.close()
