"""At 1280x800, in every language, no label or button on the main screens is cut off.

The longest texts a register shows are exercised: HQ disconnected by hand, a pending
customer, field errors in the New customer dialog, every tab of the customer details,
the Sync worklist.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from pos_desktop.ui import i18n
from tests.support.ui import WAIT, fill_person, sign_in
from tests.ui.clipping import clipped_texts
from tests.ui.test_i18n import EXPECTED, _compiled  # noqa: F401 (fixture: compiled .qm)

LANGUAGES = ["en", *EXPECTED]


def settled(widget: QWidget) -> list[str]:
    for _ in range(5):  # let layouts finish (wrapped labels ask for their height late)
        QCoreApplication.processEvents()
    return clipped_texts(widget)


@pytest.fixture
def language(request, qapp):  # type: ignore[no-untyped-def]
    assert i18n.install(request.param, qapp) == request.param
    try:
        yield request.param
    finally:
        i18n.install("en", qapp)


@pytest.mark.parametrize("language", LANGUAGES, indirect=True)
def test_no_text_is_cut_off(qtbot, window, language) -> None:
    problems: dict[str, list[str]] = {}

    def check(where: str, widget: QWidget) -> None:
        found = settled(widget)
        if found:
            problems[where] = found

    check("sign-in", window)
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: window.ctx.link_up, timeout=WAIT)
    check("register", window)
    window.show_search("rossi")
    qtbot.waitUntil(lambda: window.search_page.model.rowCount() > 0, timeout=WAIT)
    check("search", window)
    window.show_register()

    window.register_page.connect_button.click()  # the manager disconnects by hand
    qtbot.waitUntil(lambda: not window.ctx.link_up, timeout=WAIT)
    dialog = window.new_customer()
    assert dialog is not None
    fill_person(dialog, "Paolo", "Offline", phone="12", email="paolo@")
    dialog.fields.contacts.add_email.click()  # a secondary email and phone, with consent boxes
    dialog.fields.contacts.add_phone.click()
    dialog.save()
    qtbot.waitUntil(lambda: dialog.fields.phone.property("error") is True, timeout=WAIT)
    check("new customer with errors", dialog)
    dialog.fields.phone.setText("+39 347 555 0199")
    dialog.fields.email.setText("paolo.offline@example.com")
    email_row, phone_row = dialog.fields.contacts.rows
    email_row.value.setText("paolo.work@example.com")
    phone_row.value.setText("+39 347 555 0198")
    dialog.save()
    qtbot.waitUntil(lambda: window.dialog is None, timeout=WAIT)
    qtbot.waitUntil(lambda: window.register_page.customer is not None, timeout=WAIT)
    check("register, HQ disconnected, pending customer", window)

    window.register_page.details_button.click()
    qtbot.waitUntil(lambda: window.details_page.customer is not None, timeout=WAIT)
    tabs = window.details_page.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        check(f"details, {tabs.tabText(index)}", window)

    window.show_worklist()  # the pending customer, its age, terminal and state
    qtbot.waitUntil(lambda: window.worklist_page.table.rowCount() > 0, timeout=WAIT)
    check("sync worklist", window)

    assert not problems, "\n".join(f"{where}: {p}" for where, ps in problems.items() for p in ps)
