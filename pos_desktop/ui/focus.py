"""Giving the keyboard back to the register window.

Under a real window manager a window is not always activated again when a dialog or a
message box on top of it closes, nor when the page under the keyboard focus is swapped
(signing in): the register's shortcuts (F2, F3, F6, Esc) then wait for a mouse click.
`reclaim` raises and activates the window and puts the focus on the widget the cashier
works with next, at once and again once the closing window is gone (the event loop's
next turn), so the window manager cannot hand the focus elsewhere in between."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def _take(widget: QWidget) -> None:
    window = widget.window()
    if not window.isVisible():
        return
    if QGuiApplication.platformName() != "offscreen":  # it has no stacking to change
        window.raise_()
    window.activateWindow()
    if widget.isVisible() and widget.isEnabled():
        widget.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
    else:
        window.setFocus(Qt.FocusReason.ActiveWindowFocusReason)


def reclaim(widget: QWidget) -> None:
    """Activate `widget`'s window and focus `widget` (now and after the event loop turns)."""
    _take(widget)
    QTimer.singleShot(0, widget, lambda: _take(widget))
