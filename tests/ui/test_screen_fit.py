"""The register fits the screen it runs on: maximized by default, full screen for kiosks,
and every screen usable at 1280x800 and 1024x768 with a window manager's title bar."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import QWidget

from pos_desktop.ui.main_window import FULLSCREEN_KEY, SETTINGS_FILE, MainWindow
from tests.support.ui import MANAGER, WAIT, sign_in

TITLE_BAR = 32  # a window manager's title bar and borders


def _inside(widget: QWidget, window: QWidget) -> bool:
    """`widget` is shown and wholly inside `window`'s client area."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    return widget.isVisible() and window.rect().contains(QRect(top_left, widget.size()))


def test_every_screen_keeps_the_status_bar_and_sync_now_on_screen(
    qtbot, window: MainWindow, terminal
) -> None:
    sign_in(qtbot, window, MANAGER)
    customer_id = terminal.services.customers.search("rossi")[0].customer_id
    for screen in [(1280, 800), (1024, 768)]:
        width, height = screen[0], screen[1] - TITLE_BAR
        window.resize(width, height)
        qtbot.waitUntil(lambda: window.size().width() == width, timeout=WAIT)  # noqa: B023
        assert (window.width(), window.height()) == (width, height)  # not held bigger
        pages = [("register", window.show_register), ("search", window.show_search),
                 ("worklist", window.show_worklist),
                 ("details", lambda: window.show_details(customer_id))]
        for name, show in pages:
            show()
            qtbot.wait(50)
            assert (window.width(), window.height()) == (width, height), (screen, name)
            assert _inside(window.status.sync_button, window), (screen, name)
            assert _inside(window.stack.currentWidget(), window), (screen, name)
        window.show_register()
        dialog = window.new_customer()
        assert dialog is not None
        qtbot.waitUntil(dialog.isVisible, timeout=WAIT)
        # The dialog and its own title bar fit inside the register; Save is on screen.
        assert dialog.width() <= width and dialog.height() + TITLE_BAR <= height, screen
        assert _inside(dialog.save_button, dialog), screen
        dialog.reject()
        qtbot.waitUntil(lambda: window.dialog is None, timeout=WAIT)


def test_the_register_opens_maximized(qtbot, terminal) -> None:
    window = MainWindow(terminal.services)
    qtbot.addWidget(window)
    window.show_for_terminal()
    qtbot.waitUntil(window.isVisible, timeout=WAIT)
    assert window.isMaximized() and not window.isFullScreen()
    window.close()


def test_kiosk_setting_and_fullscreen_option_open_full_screen(qtbot, terminal) -> None:
    window = MainWindow(terminal.services)
    qtbot.addWidget(window)
    window.show_for_terminal(fullscreen=True)  # pos-desktop --fullscreen
    qtbot.waitUntil(window.isVisible, timeout=WAIT)
    assert window.isFullScreen()
    window.close()

    settings = QSettings(str(terminal.data_dir / SETTINGS_FILE), QSettings.Format.IniFormat)
    settings.setValue(FULLSCREEN_KEY, True)  # the terminal's setting: [window] fullscreen=true
    settings.sync()
    kiosk = MainWindow(terminal.services)
    qtbot.addWidget(kiosk)
    kiosk.show_for_terminal()
    qtbot.waitUntil(kiosk.isVisible, timeout=WAIT)
    assert kiosk.isFullScreen()
    kiosk.close()
