"""The Sync worklist's details (issue 12 §2 and §4): who created a pending customer
here, HQ's rejection reasons in the register's language (by HQ's codes, with their
parameters; HQ's English for a code the register does not know), and counts in each
language's plural forms."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from pos_desktop.domain.codec import customer_from_json
from pos_desktop.domain.customer import RejectionReason, SyncState
from pos_desktop.ui import i18n
from pos_desktop.ui.main_window import MainWindow
from pos_desktop.ui.text import rejection_text
from tests.support.terminals import person, run_cli
from tests.support.ui import CASHIER, WAIT, fill_person, sign_in


def _cells(page, column: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    table = page.table
    return {table.item(r, 0).text(): table.item(r, column).text()
            for r in range(table.rowCount())}


@pytest.fixture
def italian(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    assert i18n.install("it", qapp) == "it"
    try:
        yield
    finally:
        i18n.install("en", qapp)


def test_the_worklist_names_who_created_a_pending_customer_here(
    qtbot, window, terminal, capsys
) -> None:
    sign_in(qtbot, window, CASHIER)
    operator = window.ctx.operator
    assert operator is not None
    terminal.parts.link.set_forced_offline(True)  # created offline: pending until HQ numbers it
    qtbot.waitUntil(lambda: not window.ctx.link_up, timeout=WAIT)
    dialog = window.new_customer()
    assert dialog is not None
    fill_person(dialog, "Carla", "Cassiera")
    dialog.save()
    qtbot.waitUntil(lambda: window.dialog is None, timeout=WAIT)
    window.sign_out()  # nobody signed in (as on the command line): said so, not made up
    terminal.customers.create_customer(customer_from_json(person("Cesare", "Comando")))
    sign_in(qtbot, window, CASHIER)

    qtbot.keyClick(window, Qt.Key.Key_F6)
    page = window.worklist_page
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=WAIT)
    assert page.table.horizontalHeaderItem(3).text() == "Created by"
    by = _cells(page, 3)
    assert by["Carla Cassiera"] == f"{operator.name} ({operator.operator_id})"
    assert operator.operator_id == CASHIER[0] and operator.name
    assert by["Cesare Comando"] == "command line"
    assert page.count_label.text() == "2 records"

    status, listed, err = run_cli(capsys, "customers", "list", "--state", "pending",
                                  "--data-dir", str(terminal.data_dir))
    assert status == 0, err
    rows = {r["name"]: r for r in listed["customers"]}
    assert rows["Carla Cassiera"]["created_by"] == CASHIER[0]
    assert rows["Carla Cassiera"]["created_by_name"] == operator.name
    assert rows["Carla Cassiera"]["terminal"] == "T1"
    assert rows["Cesare Comando"]["created_by"] == ""  # no operator: said so, not made up


def _queue(terminal, first: str, last: str, **fields) -> str:  # type: ignore[no-untyped-def]
    """Queued as an older register might have: HQ checks it again and refuses it."""
    bad = customer_from_json(person(first, last, **fields))
    bad.state = SyncState.PENDING
    terminal.parts.store.add_customer(bad, queue_upload=True)
    return bad.customer_id


def test_hq_rejections_show_in_the_ui_language_with_their_parameters(
    qtbot, italian, terminal
) -> None:
    window = MainWindow(terminal.services)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    sign_in(qtbot, window)
    store = terminal.parts.store
    missing = _queue(terminal, "Rita", "Respinta", attributes={})  # refused by HQ's job
    too_long = _queue(terminal, "Lino", "L" * 150)  # refused at the upload (max 100)
    window.ctx.sync_now()
    qtbot.waitUntil(lambda: all(store.get_customer(c).state is SyncState.REJECTED
                                for c in (missing, too_long)), timeout=WAIT)
    codes = {r.code for c in (missing, too_long) for r in store.get_customer(c).rejection_details}
    assert {"required_attribute", "too_long"} <= codes  # HQ sent its codes; kept here

    qtbot.keyClick(window, Qt.Key.Key_F6)
    page = window.worklist_page
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=WAIT)
    reasons = _cells(page, 5)
    assert reasons["Rita Respinta"] == "Segmento: manca un attributo obbligatorio"
    assert reasons["Lino " + "L" * 150] == "Cognome: al massimo 100 caratteri"
    assert page.count_label.text() == "2 record"
    window.show_details(missing)
    details = window.details_page
    qtbot.waitUntil(lambda: "manca un attributo obbligatorio"
                    in details.rejection_label.text(), timeout=WAIT)
    assert "Segmento" in details.rejection_label.text()
    window.close()


def test_an_unknown_code_shows_hqs_english_text(italian) -> None:
    known = RejectionReason("email", "invalid_email", "not a valid e-mail address")
    unknown = RejectionReason("email", "blocked_domain", "this mail domain is blocked")
    assert rejection_text("", None, [known]) == "E-mail: indirizzo e-mail non valido"
    assert rejection_text("", None, [unknown]) == "E-mail: this mail domain is blocked"
    no_param = RejectionReason("last_name", "too_long", "String should have at most 100 "
                               "characters")  # a code without the parameter it needs
    assert rejection_text("", None, [no_param]) == (
        "Cognome: String should have at most 100 characters")
    # An HQ that sends no reasons: its line, field paths read as labels (as before).
    assert rejection_text("email: not a valid e-mail address") == (
        "E-mail: not a valid e-mail address")


PLURALS = {  # language: (0, 1, 2) of "%n customer(s)" (French: 0 and 1 are singular)
    "en": ("0 customers", "1 customer", "2 customers"),
    "it": ("0 clienti", "1 cliente", "2 clienti"),
    "fr": ("0 client", "1 client", "2 clients"),
    "sv": ("0 kunder", "1 kund", "2 kunder"),
    "et": ("0 klienti", "1 klient", "2 klienti"),
}


@pytest.mark.parametrize("language", list(PLURALS))
def test_counts_agree_with_their_number_in_each_language(qapp, language: str) -> None:
    assert i18n.install(language, qapp) == language
    try:
        shown = tuple(QCoreApplication.translate("SearchPage", "%n customer(s)", "", n)
                      for n in (0, 1, 2))
        assert shown == PLURALS[language]
        rejected = [QCoreApplication.translate("StatusBar", "Rejected: %n", "", n)
                    for n in (1, 2)]
        assert all(text.endswith(str(n)) for text, n in zip(rejected, (1, 2), strict=True))
        if language in ("it", "fr", "sv"):  # the participle agrees with the number
            assert rejected[0] != rejected[1].replace("2", "1")
        limit = QCoreApplication.translate("POS", "at most %n character(s)", "", 1)
        assert "1" in limit and "(s)" not in limit
    finally:
        i18n.install("en", qapp)
