"""A one-line label that gives way to its neighbours: when there is not room for all of its
text it ends in "…" and shows the whole text as a tooltip (a long customer name, or the
link state in a narrow window), instead of pushing buttons out of sight."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

MIN_CHARS = 8  # never narrower than about this many characters


class ElidedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setText(text)

    def text(self) -> str:
        """The whole text, as set; what is painted may end in "…"."""
        return self._full

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._full = text
        self._fit()

    def _extra(self) -> int:
        """Padding and margins around the text (style sheet padding included)."""
        return super().sizeHint().width() - self.fontMetrics().horizontalAdvance(super().text())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + self._extra(),
                     hint.height())

    def minimumSizeHint(self) -> QSize:
        chars = self.fontMetrics().averageCharWidth() * MIN_CHARS + self._extra()
        return QSize(min(self.sizeHint().width(), chars), super().minimumSizeHint().height())

    def is_elided(self) -> bool:
        return super().text() != self._full

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)  # a style sheet or font change alters the room needed
        self._fit()

    def _fit(self) -> None:
        room = self.width() - self._extra()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room)
        if super().text() != shown:
            super().setText(shown)
            self.updateGeometry()
        tip = self._full if shown != self._full else ""
        if self.toolTip() != tip:
            self.setToolTip(tip)
