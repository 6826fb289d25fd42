"""Find text a user cannot read in full: labels and buttons narrower than their text, or
pushed (partly) outside the window.

Used by the per-language tests and by docs/screenshots.py, which reports what it finds.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)

from pos_desktop.ui.elided_label import ElidedLabel


def _text(widget: QWidget) -> str:
    if isinstance(widget, QLabel | QAbstractButton):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    return ""


def _needs(widget: QWidget) -> int:
    if isinstance(widget, QLabel) and widget.textFormat() != 0 and "<" in widget.text():
        return 0  # rich text wraps or is laid out by the label itself
    if isinstance(widget, QComboBox):  # its minimum may be set below its text on purpose
        option = QStyleOptionComboBox()
        widget.initStyleOption(option)
        text = QSize(widget.fontMetrics().boundingRect(widget.currentText()).width(),
                     widget.fontMetrics().height())
        if not widget.itemIcon(widget.currentIndex()).isNull():
            text.setWidth(text.width() + widget.iconSize().width() + 4)
        return widget.style().sizeFromContents(
            QStyle.ContentsType.CT_ComboBox, option, text, widget).width()
    return widget.minimumSizeHint().width()


def clipped_texts(root: QWidget) -> list[str]:
    """Every visible label, button or combo under `root` whose text does not fit."""
    found = []
    window = root.window()
    visible_area = QRect(0, 0, window.width(), window.height())
    kinds = (QLabel, QAbstractButton, QComboBox)
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, kinds) or not widget.isVisible() or isinstance(widget, QLineEdit):
            continue
        text = _text(widget)
        if not text.strip():
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            if widget.height() < widget.heightForWidth(widget.width()):
                found.append(f"{text!r}: wrapped text cut at the bottom")
            continue
        if isinstance(widget, ElidedLabel) and widget.is_elided():
            found.append(f"{text!r}: shortened with an ellipsis to {widget.width()} px")
            continue
        if widget.width() < _needs(widget):
            found.append(f"{text!r}: {widget.width()} px wide, needs {_needs(widget)} px")
            continue
        top_left = widget.mapTo(window, widget.rect().topLeft())
        where = QRect(top_left, widget.size())
        if not visible_area.contains(where) and not _inside_scroll_area(widget):
            found.append(f"{text!r}: outside the window at {where.getRect()}")
            continue
        shown = widget.visibleRegion()
        # Partly hidden by a parent: only a problem when it cannot be scrolled into view.
        if (not shown.isEmpty() and shown.boundingRect().width() < widget.width()
                and not _inside_scroll_area(widget)):
            found.append(f"{text!r}: only {shown.boundingRect().width()} of "
                         f"{widget.width()} px shown")
    return found


def _inside_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if parent.objectName() == "qt_scrollarea_viewport":
            return True
        parent = parent.parentWidget()
    return False
