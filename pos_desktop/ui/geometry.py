"""Dialog sizes that fit the screen the register runs on (1024x768 included)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

# Room left around a dialog inside its window: its own title bar and borders.
MARGIN = QSize(40, 40)


def fitted_size(widget: QWidget, width: int, height: int) -> QSize:
    """`width` x `height`, shrunk to fit inside the parent window (the maximized register:
    the screen less the desktop's panels and title bar), or the screen without a parent."""
    parent = widget.parentWidget()
    if parent is not None:
        area = parent.window().size()
    else:
        screen = widget.screen()
        area = screen.availableGeometry().size() if screen is not None else QSize(width, height)
    return QSize(max(1, min(width, area.width() - MARGIN.width())),
                 max(1, min(height, area.height() - MARGIN.height())))


def resize_to_fit(widget: QWidget, width: int, height: int) -> None:
    widget.resize(fitted_size(widget, width, height))
