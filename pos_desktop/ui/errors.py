"""The message box for an error nobody caught: the register says so, never exits silently."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from pos_desktop.ui.text import tr

_open: list[QMessageBox] = []


def show_unexpected_error(kind: str, log_path: str, *, wait: bool = False) -> QMessageBox | None:
    """A box naming the error type and the log, one at a time; non-blocking unless `wait`
    (no event loop runs yet, or any more)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication) or _open:
        return None
    parent: QWidget | None = app.activeWindow()
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        tr("POS Desktop"),
        tr("Something went wrong inside the register ({error}). What you were doing may not "
           "have been finished: check it, and tell IT if it happens again.").format(error=kind),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("unexpected-error")
    box.setInformativeText(tr("The details are in the log: {path}").format(path=log_path))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(lambda _result: _open.clear())
    _open.append(box)
    if wait:
        box.exec()
    else:
        box.open()
    return box
