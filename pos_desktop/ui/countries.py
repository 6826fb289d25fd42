"""The country picker: country names in the UI language (CLDR data from Babel), searchable by
typing, kept as the ISO 3166-1 two-letter code the customer JSON carries."""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError
from PySide6.QtCore import QCollator, QLocale, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from pos_desktop.ui.i18n import current_language

# CLDR territories with two letters that are not ISO 3166-1 countries: regions, groupings,
# exceptionally reserved codes (Ascension, Clipperton, Canary Islands...), pseudo-locales.
NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"})


@functools.lru_cache(maxsize=8)
def country_names(language: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of every country, named and sorted in `language` ("Italia", "Sverige")."""
    try:
        territories = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        territories = Locale.parse("en").territories
    pairs = [(code, name) for code, name in territories.items()
             if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES]
    collator = QCollator(QLocale(language))
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return tuple(sorted(pairs, key=lambda pair: collator.sortKey(pair[1])))


def country_name(code: str, language: str | None = None) -> str:
    """A code's country name in the UI language; the code itself when it names none."""
    names = dict(country_names(language or current_language()))
    return names.get(code.upper(), code) if code else ""


class CountryCombo(QComboBox):
    """Type to filter ("Sve" finds Sverige), or pick from the list; text() is the ISO code.

    Used like the line edit it replaces: text() / setText(code), and textEdited /
    textChanged signals carrying the code. A two-letter code typed as such is taken as it
    is; other text that names no country is returned as typed, for validation to refuse.
    """

    textEdited = Signal(str)
    textChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, language: str | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)
        self.setMaxVisibleItems(12)
        for code, name in country_names(language or current_language()):
            self.addItem(name, code)
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        completer.activated.connect(self._completed)  # the (str) overload: the name
        self.setCurrentIndex(-1)
        line = self.lineEdit()
        assert line is not None  # editable
        line.textEdited.connect(lambda _t: self.textEdited.emit(self.text()))
        self.activated.connect(lambda _i: self.textEdited.emit(self.text()))
        self.editTextChanged.connect(lambda _t: self.textChanged.emit(self.text()))

    def _completed(self, name: str) -> None:
        found = self.findText(name, Qt.MatchFlag.MatchFixedString)
        if found >= 0:
            self.setCurrentIndex(found)
            self.textEdited.emit(self.text())

    def text(self) -> str:
        typed = self.currentText().strip()
        if not typed:
            return ""
        found = self.findText(typed, Qt.MatchFlag.MatchFixedString)  # case-insensitive
        if found >= 0:
            return str(self.itemData(found))
        if len(typed) == 2 and typed.isalpha():
            return typed.upper()
        return typed

    def setText(self, code: str) -> None:  # noqa: N802 (as QLineEdit)
        code = code.strip()
        if not code:
            self.setCurrentIndex(-1)
            self.setEditText("")
            return
        index = self.findData(code.upper())
        if index < 0:
            self.addItem(code, code)  # a code the list does not know: shown as it is
            index = self.count() - 1
        self.setCurrentIndex(index)
