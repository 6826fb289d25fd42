"""The style sheet and icons, loaded from the installed package (pos_desktop/resources)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

PACKAGE = "pos_desktop.resources"


def style_sheet() -> str:
    """The style sheet with {icons} pointing at the installed icons folder."""
    root = resources.files(PACKAGE)
    icons = str(root.joinpath("icons")).replace("\\", "/")
    return root.joinpath("style.qss").read_text(encoding="utf-8").replace("{icons}", icons)


@cache
def icon(name: str) -> QIcon:
    """An icon from resources/icons/NAME.svg (read through importlib.resources)."""
    # One name per joinpath: frozen, files() is a MultiplexedPath, whose joinpath takes one.
    data = resources.files(PACKAGE).joinpath("icons").joinpath(f"{name}.svg").read_bytes()
    result = QIcon()
    for size in (24, 48, 96):  # sharp on high-DPI screens too
        sized = data.replace(b'width="24" height="24"', f'width="{size}" height="{size}"'.encode())
        pixmap = QPixmap()
        pixmap.loadFromData(QByteArray(sized), "SVG")
        result.addPixmap(pixmap)
    return result


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setStyleSheet(style_sheet())
    app.setWindowIcon(icon("app"))


def set_prop(widget: QWidget, name: str, value: object) -> None:
    """Set a dynamic property the style sheet selects on, and re-polish."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
