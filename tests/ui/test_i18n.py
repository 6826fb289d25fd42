"""The register in each language: a real HQ, the window, the New customer dialog."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QAbstractButton, QLabel

from pos_desktop.ui import i18n
from pos_desktop.ui.main_window import MainWindow
from pos_desktop.ui.text import account_text, money_text, purpose_text, tr
from tests.support.ui import WAIT, sign_in

EXPECTED = {
    "it": {"pending": "In attesa di sincronizzazione", "new": "Nuovo cliente",
           "add": "Aggiungi cliente", "online": "Sede: Online", "home": "Casa",
           "street": "Via", "save": "Salva cliente", "total": "Totale 0,00"},
    "fr": {"pending": "En attente de synchronisation", "new": "Nouveau client",
           "add": "Ajouter un client", "online": "Siège : En ligne", "home": "Domicile",
           "street": "Rue", "save": "Enregistrer le client", "total": "Total 0,00"},
    "sv": {"pending": "Väntande synkronisering", "new": "Ny kund",
           "add": "Lägg till kund", "online": "Huvudkontor: Online", "home": "Hem",
           "street": "Gatuadress", "save": "Spara kund", "total": "Totalt 0,00"},
    "et": {"pending": "Ootel sünkroonimist", "new": "Uus klient",
           "add": "Lisa klient", "online": "Peakontor: Võrgus", "home": "Kodu",
           "street": "Tänav", "save": "Salvesta klient", "total": "Kokku 0,00"},
}


@pytest.fixture(scope="module", autouse=True)
def _compiled() -> None:
    """`make test` compiles the .qm files; a bare pytest run compiles them here."""
    if any(i18n.translation_file(lang) is None for lang in EXPECTED):
        import sys
        from pathlib import Path

        sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
        from update_translations import release

        release()


@pytest.fixture
def language(request, qapp) -> Iterator[str]:  # type: ignore[no-untyped-def]
    assert i18n.install(request.param, qapp) == request.param
    try:
        yield request.param
    finally:
        i18n.install("en", qapp)


def texts(widget) -> str:  # type: ignore[no-untyped-def]
    found = [w.text() for w in widget.findChildren(QLabel) if w.isVisibleTo(widget)]
    found += [w.text() for w in widget.findChildren(QAbstractButton) if w.isVisibleTo(widget)]
    return "\n".join(found)


@pytest.mark.parametrize("language", list(EXPECTED), indirect=True)
def test_register_and_new_customer_dialog_in_each_language(qtbot, terminal, language) -> None:
    want = EXPECTED[language]
    assert account_text(None) == want["pending"]
    assert purpose_text("home") == want["home"]
    assert QLocale().name().startswith(language)
    window = MainWindow(terminal.services)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    try:
        assert window.language_box.currentData() == language
        sign_in(qtbot, window)
        qtbot.waitUntil(lambda: want["online"] in texts(window.status), timeout=WAIT)
        register = texts(window.register_page)
        assert want["add"] in register and want["total"] in register
        assert "Customer add" not in register and "Current transaction" not in register
        assert want["pending"] in texts(window.status)  # "Pending sync: 0"
        dialog = window.new_customer()
        assert dialog is not None
        assert dialog.windowTitle() == want["new"]
        labels = texts(dialog)
        assert want["street"] in labels and want["save"] in labels
        assert "First name" not in labels and "Save customer" not in labels
        dialog.reject()
    finally:
        window.close()


def test_language_setting_then_os_locale_then_english(tmp_path, monkeypatch, qapp) -> None:
    assert i18n.stored_language(tmp_path) is None
    monkeypatch.setattr(i18n, "system_language", lambda: "fr")
    assert i18n.language_for(tmp_path) == "fr"
    i18n.store_language(tmp_path, "et")
    assert i18n.language_for(tmp_path) == "et"
    monkeypatch.undo()
    monkeypatch.setattr(i18n.QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    assert i18n.system_language() == "en"
    monkeypatch.setattr(i18n.QLocale, "system", staticmethod(lambda: QLocale("sv_SE")))
    assert i18n.system_language() == "sv"
    with pytest.raises(ValueError):
        i18n.store_language(tmp_path, "de")


def test_every_language_has_its_compiled_file() -> None:
    for language in EXPECTED:
        path = i18n.translation_file(language)
        assert path is not None and path.stat().st_size > 1000


def test_amounts_follow_the_locale(qapp) -> None:
    try:
        i18n.install("fr", qapp)
        assert money_text(1234.5).replace("\u202f", " ").replace("\xa0", " ") == "1 234,50"
        assert tr("Pending sync") == "En attente de synchronisation"
        i18n.install("en", qapp)
        assert tr("Pending sync") == "Pending sync"
        assert money_text(1234.5) in {"1,234.50", "1234.50"}
        i18n.install("sv", qapp)
        assert money_text(12.5, "SEK").replace("\xa0", " ") == "12,50 kr"
        i18n.install("fr", qapp)
        assert money_text(12.5, "EUR").replace("\u202f", " ").replace("\xa0", " ") == "12,50 €"
    finally:
        i18n.install("en", qapp)


def test_picker_stores_the_choice_and_reopens_the_window(qtbot, window, qapp) -> None:
    try:
        new = window.change_language("sv")
        assert new is not None
        qtbot.addWidget(new)
        assert i18n.stored_language(window.services.data_dir) == "sv"
        assert new.windowTitle().startswith("POS Desktop")
        assert new.sign_out_button.text() == "Logga ut"
        assert not window.isVisible() and new.isVisible()
        new.close()
    finally:
        i18n.install("en", qapp)


def test_service_messages_qt_dialogs_and_store_words_are_translated(
    qtbot, window, qapp
) -> None:
    from PySide6.QtWidgets import QLineEdit, QMessageBox

    from pos_desktop.domain.errors import FieldError
    from pos_desktop.ui.text import field_error_text

    try:
        i18n.install("it", qapp)
        page = window.sign_in_page
        page.operator_edit.setText("1001")
        page.password_edit.setText("wrong-password")
        page.submit()
        qtbot.waitUntil(lambda: page.error_label.text() == "ID operatore o password errati.",
                        timeout=WAIT)
        invalid = FieldError("attributes.shoe_size", "attribute.invalid_number",
                             "Not a valid number.")
        assert field_error_text(invalid) == "Valore non valido (numero)."

        # PySide6 has no qtbase_et.qm: the register's own qt_et.qm fills in.
        i18n.install("et", qapp)
        box = QMessageBox(QMessageBox.Icon.Question, "t", "t",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        assert {b.text() for b in box.buttons()} == {"&Jah", "&Ei"}
        edit = QLineEdit()
        menu = edit.createStandardContextMenu()
        assert any(a.text().startswith("&Kopeeri") for a in menu.actions())
    finally:
        i18n.install("en", qapp)
