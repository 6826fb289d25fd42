"""Issue 12, the New customer dialog: several addresses at capture (sync, async with and
without the async customer addresses feature), Esc asks before discarding typed data, the
fields a cashier fills every time fit 1280x800 in every language, the country picker."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QWidget

from pos_desktop.domain.customer import Customer, SyncState
from pos_desktop.domain.defaults import new_address
from pos_desktop.ui import i18n
from pos_desktop.ui.address_dialog import AddressDialog
from pos_desktop.ui.countries import country_name, country_names
from pos_desktop.ui.customer_dialog import DIALOG_SIZE
from pos_desktop.ui.geometry import fitted_size
from pos_desktop.ui.main_window import MainWindow
from tests.support.terminals import activate, sync_until_numbered
from tests.support.ui import WAIT, fill_person, sign_in
from tests.ui.clipping import clipped_texts
from tests.ui.test_i18n import EXPECTED, _compiled  # noqa: F401 (fixture: compiled .qm)

LANGUAGES = ["en", *EXPECTED]


@pytest.fixture
def language(request, qapp):  # type: ignore[no-untyped-def]
    assert i18n.install(request.param, qapp) == request.param
    try:
        yield request.param
    finally:
        i18n.install("en", qapp)


def settle() -> None:
    for _ in range(5):  # let layouts finish (wrapped labels ask for their height late)
        QCoreApplication.processEvents()


def second_address(dialog, street: str = "Corso Como 10", *, primary: bool = False):  # type: ignore[no-untyped-def]
    dialog.addresses.add_button.click()
    page = dialog.addresses.pages[-1]
    page.form.purpose.setCurrentIndex(page.form.purpose.findData("office"))
    page.form.street.setText(street)
    page.form.city.setText("Milano")
    page.form.zip.setText("20154")
    if primary:
        page.primary.click()
    return page


# -- layout: what a cashier fills every time is on screen without scrolling -----------------


def _outside_view(dialog, widgets: dict[str, QWidget]) -> list[str]:  # type: ignore[no-untyped-def]
    """The widgets not wholly shown in the first tab's viewport (or not shown at all)."""
    scroll = dialog.fields.main_page
    viewport = scroll.viewport()
    bad = []
    for name, widget in widgets.items():
        where = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
        if not widget.isVisible() or not viewport.rect().contains(where):
            bad.append(f"{name} at {where.getRect()} (viewport {viewport.rect().getRect()})")
    if scroll.verticalScrollBar().value() != 0 or scroll.horizontalScrollBar().maximum() > 0:
        bad.append("the first tab is scrolled")
    save = dialog.save_button
    if not dialog.rect().contains(QRect(save.mapTo(dialog, QPoint(0, 0)), save.size())):
        bad.append("Save is outside the dialog")
    return bad


def _main_fields(dialog) -> dict[str, QWidget]:  # type: ignore[no-untyped-def]
    fields, address = dialog.fields, dialog.address
    return {
        "Person": fields.person_radio, "Organization": fields.organization_radio,
        "first name": fields.first_name, "last name": fields.last_name,
        "email": fields.email, "phone": fields.phone, "purpose": address.purpose,
        "street": address.street, "ZIP": address.zip, "city": address.city,
        "country": address.country,
    }


@pytest.mark.parametrize("language", LANGUAGES, indirect=True)
def test_the_fields_filled_every_time_fit_1280x800_without_scrolling(
    qtbot, window, language
) -> None:
    sign_in(qtbot, window)
    known = "+39 321 619 6548"  # a demo customer's phone: the duplicate warning shows too
    dialog = window.new_customer(known)
    # At 1280x800 the register's window leaves ~740 px for the dialog and its title bar.
    assert dialog.size() == fitted_size(dialog, 1240, 700) == DIALOG_SIZE == QSize(1240, 700)
    qtbot.waitUntil(lambda: dialog.duplicates_frame.isVisible(), timeout=WAIT)
    second_address(dialog)  # further addresses take no more room: a tab each
    dialog.addresses.tabs.setCurrentIndex(0)
    settle()
    assert _outside_view(dialog, _main_fields(dialog)) == []
    assert clipped_texts(dialog) == []
    dialog.fields.organization_radio.setChecked(True)
    settle()
    assert _outside_view(dialog, {"organization name": dialog.fields.organization_name}) == []
    dialog.discard()


@pytest.mark.parametrize("language", ["fr"], indirect=True)
def test_an_async_store_without_the_feature_fits_too_with_the_reason_in_view(
    qtbot, hq, tmp_path, language
) -> None:
    """Paris creates async without the async customer addresses feature: the reasons (no
    title, one address) take room, and the main fields still show without scrolling."""
    terminal = activate(hq, tmp_path / "paris", store_id="PARIS")
    try:
        terminal.parts.link.check_now()
        terminal.sync_once()
        window = MainWindow(terminal.services)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        sign_in(qtbot, window)
        dialog = window.new_customer("+33 6 66 16 95 73")  # a demo customer's: duplicates
        qtbot.waitUntil(lambda: dialog.duplicates_frame.isVisible(), timeout=WAIT)
        settle()
        assert not dialog.addresses.add_button.isEnabled()
        reason = dialog.addresses.reason
        assert reason.text().startswith("Un client créé en mode asynchrone ne prend qu'une")
        fields = _main_fields(dialog)
        assert _outside_view(dialog, {**fields, "reason": reason,
                                      "attributes": dialog.fields.attributes}) == []
        assert clipped_texts(dialog) == []
        zip_edit = dialog.address.zip  # beside the city: a whole postcode still shows
        zip_edit.setText("75002")
        assert zip_edit.width() >= zip_edit.fontMetrics().horizontalAdvance("75002") + 24
        dialog.discard()
        window.close()
    finally:
        terminal.close()


@pytest.mark.parametrize("language", ["en", "et"], indirect=True)
def test_at_1024x768_the_dialog_fits_and_its_main_fields_still_show(
    qtbot, window, language
) -> None:
    window.resize(1024, 708)  # 1024x768 less a panel and the title bar
    sign_in(qtbot, window)
    dialog = window.new_customer()
    assert dialog.width() <= 984 and dialog.height() <= 668
    settle()
    assert _outside_view(dialog, _main_fields(dialog)) == []
    assert clipped_texts(dialog) == []
    dialog.discard()


# -- Esc: typed data is discarded only when the operator says so -----------------------------


def test_esc_closes_an_untouched_dialog_at_once(qtbot, window) -> None:
    sign_in(qtbot, window)
    dialog = window.new_customer("rossi")  # prefilled from the search: not typed here
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.dialog is None, timeout=WAIT)
    assert dialog.discard_question is None


def test_esc_with_typed_data_asks_discard_or_keep_editing(qtbot, window) -> None:
    sign_in(qtbot, window)
    dialog = window.new_customer()
    qtbot.keyClicks(dialog.fields.first_name, "Anna")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    question = dialog.discard_question
    assert question is not None and question.isVisible()
    assert question.text() == "Discard this new customer?"
    assert question.defaultButton().text() == "&Keep editing"  # Enter keeps the data

    qtbot.keyClick(question, Qt.Key.Key_Escape)  # Esc again: keep editing
    qtbot.waitUntil(lambda: dialog.discard_question is None, timeout=WAIT)
    assert window.dialog is dialog and dialog.fields.first_name.text() == "Anna"

    dialog.cancel_button.click()  # Cancel asks too
    question = dialog.discard_question
    assert question is not None

    def activated() -> bool:  # as a window manager activates the question once it is mapped
        if not question.isActiveWindow():  # (asked before it showed, offscreen forgets it)
            question.activateWindow()
        return question.isActiveWindow()

    qtbot.waitUntil(activated, timeout=WAIT)
    qtbot.keyClick(question, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # Alt+D: Discard
    qtbot.waitUntil(lambda: window.dialog is None, timeout=WAIT)
    assert window.register_page.customer is None


def test_an_added_address_alone_counts_as_typed_data(qtbot, window) -> None:
    sign_in(qtbot, window)
    dialog = window.new_customer()
    dialog.address.country.setText("FR")  # picked another country, nothing else
    dialog.reject()
    assert dialog.discard_question is not None
    dialog.discard()
    qtbot.waitUntil(lambda: window.dialog is None, timeout=WAIT)


# -- several addresses ------------------------------------------------------------------------


def test_sync_create_with_two_addresses_hq_holds_both_with_the_chosen_primary(
    qtbot, window, terminal
) -> None:
    sign_in(qtbot, window)
    dialog = window.new_customer()
    fill_person(dialog, "Bruna", "Duevie")
    home = dialog.addresses.pages[0]
    assert home.form.purpose.currentData() == "home" and home.primary.isHidden()  # one: no choice
    work = second_address(dialog, primary=True)
    assert work.primary.isChecked() and not home.primary.isChecked()  # one primary
    assert dialog.addresses.tabs.tabText(1).endswith("★")
    dialog.save()
    qtbot.waitUntil(lambda: window.register_page.customer is not None, timeout=WAIT)
    saved = window.register_page.customer
    assert saved.account_number  # created at HQ now
    at_hq = terminal.parts.client.get_customer(saved.account_number)
    by_street = {a["street"]: a for a in at_hq["addresses"]}
    assert set(by_street) == {"Via Torino 5", "Corso Como 10"}
    assert by_street["Corso Como 10"]["is_primary"] and not by_street["Via Torino 5"]["is_primary"]
    assert (by_street["Via Torino 5"]["purpose"], by_street["Corso Como 10"]["purpose"]) == (
        "home", "office")


def test_removing_the_primary_address_makes_the_other_primary(qtbot, window) -> None:
    sign_in(qtbot, window)
    dialog = window.new_customer()
    home = dialog.addresses.pages[0]
    work = second_address(dialog, primary=True)
    assert not home.primary.isChecked()
    work.remove.click()
    assert dialog.addresses.pages == [home] and home.primary.isChecked()
    assert home.primary.isHidden() and home.remove.isHidden()  # one address: nothing to choose
    dialog.discard()


def test_async_create_with_the_feature_on_uploads_both_addresses(
    qtbot, window, terminal
) -> None:
    assert terminal.store_config().features.async_customer_addresses  # the Milan demo store
    sign_in(qtbot, window)
    window.register_page.connect_button.click()  # the manager disconnects: async mode
    qtbot.waitUntil(lambda: not window.ctx.link_up, timeout=WAIT)
    dialog = window.new_customer()
    assert dialog.addresses.add_button.isEnabled() and dialog.addresses.reason.isHidden()
    fill_person(dialog, "Carla", "Offline")
    second_address(dialog)
    dialog.save()
    qtbot.waitUntil(lambda: window.register_page.customer is not None, timeout=WAIT)
    pending = window.register_page.customer
    assert pending.state is SyncState.PENDING and len(pending.addresses) == 2

    window.register_page.connect_button.click()  # Connect: the upload goes out
    qtbot.waitUntil(lambda: window.ctx.link_up, timeout=WAIT)
    sync_until_numbered(terminal, [pending.customer_id])
    synced = terminal.parts.store.get_customer(pending.customer_id)  # back through the feed
    assert synced.account_number and len(synced.addresses) == 2
    at_hq = terminal.parts.client.get_customer(synced.account_number)
    assert sorted(a["street"] for a in at_hq["addresses"]) == ["Corso Como 10", "Via Torino 5"]
    assert [a["street"] for a in at_hq["addresses"] if a["is_primary"]] == ["Via Torino 5"]


def test_async_without_the_feature_one_address_and_the_reason_shows(
    qtbot, window, terminal, hq
) -> None:
    store_id = terminal.store_config().store_id
    hq.admin.patch_store(store_id, async_customer_addresses=False)
    terminal.sync_once()
    assert not terminal.store_config().features.async_customer_addresses
    sign_in(qtbot, window)
    dialog = window.new_customer()  # online (sync mode): several addresses are fine
    fill_person(dialog, "Dario", "Staccato")
    second_address(dialog)
    assert dialog.addresses.add_button.isEnabled()

    window.register_page.connect_button.click()  # the link goes down under the dialog
    qtbot.waitUntil(lambda: not window.ctx.link_up, timeout=WAIT)
    qtbot.waitUntil(lambda: not dialog.addresses.add_button.isEnabled(), timeout=WAIT)
    reason = ("A customer created asynchronously takes one address: this store's async "
              "customer addresses feature is off.")
    assert dialog.addresses.reason.isVisible() and dialog.addresses.reason.text() == reason
    assert dialog.addresses.add_button.toolTip() == reason
    dialog.save()  # refused with the reason: nothing is written
    general = dialog.errors.fields["addresses"][1]
    qtbot.waitUntil(lambda: general.isVisible(), timeout=WAIT)
    assert general.text() == reason
    assert dialog.created is None and window.dialog is dialog
    assert terminal.services.customers.search("Staccato") == []

    dialog.addresses.pages[1].remove.click()  # one address: saved async
    dialog.save()
    qtbot.waitUntil(lambda: window.register_page.customer is not None, timeout=WAIT)
    assert window.register_page.customer.state is SyncState.PENDING


# -- the country picker ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["it"], indirect=True)
def test_italian_ui_names_the_countries_in_italian(qtbot, window, language) -> None:
    sign_in(qtbot, window)
    dialog = window.new_customer()
    country = dialog.address.country
    assert country.currentText() == "Italia" and country.text() == "IT"  # the store's
    assert country.findText("Francia") >= 0 and country.findText("France") < 0
    dialog.discard()


@pytest.mark.parametrize("language", ["sv"], indirect=True)
def test_typing_sve_in_swedish_finds_sverige_and_saves_se(
    qtbot, window, terminal, language
) -> None:
    sign_in(qtbot, window)
    dialog = window.new_customer()
    fill_person(dialog, "Sven", "Svensson")
    country = dialog.address.country
    assert country.currentText() == "Italien"
    country.lineEdit().selectAll()
    qtbot.keyClicks(country.lineEdit(), "Sve")
    completer = country.completer()
    found = [completer.completionModel().index(row, 0).data()
             for row in range(completer.completionModel().rowCount())]
    assert found == ["Sverige"]
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=WAIT)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert country.currentText() == "Sverige" and country.text() == "SE"
    dialog.save()
    qtbot.waitUntil(lambda: window.register_page.customer is not None, timeout=WAIT)
    saved = terminal.parts.store.get_customer(window.register_page.customer.customer_id)
    assert saved.addresses[0].country == "SE"  # the ISO code, as before


def test_the_country_list_holds_iso_countries_named_in_the_language() -> None:
    italian = dict(country_names("it"))
    assert italian["FR"] == "Francia" and italian["SE"] == "Svezia"
    assert not {"EU", "UN", "ZZ", "QO"} & set(italian)  # regions and groupings are no countries
    assert all(len(code) == 2 and code.isalpha() for code in italian)
    assert country_name("EE", "et") == "Eesti" and country_name("XX", "en") == "XX"


def test_the_address_dialog_has_the_country_picker_too(qtbot, window, terminal) -> None:
    store = terminal.store_config()
    customer = Customer(first_name="Anna", last_name="Rossi")
    dialog = AddressDialog(customer, new_address(customer, store), store, new=True)
    qtbot.addWidget(dialog)
    country = dialog.form.country
    assert country.currentText() == "Italy"  # the operating unit's country, by name
    country.lineEdit().selectAll()
    qtbot.keyClicks(country.lineEdit(), "Estonia")
    assert dialog.address().country == "EE"


def test_save_brings_a_field_in_error_into_view_on_its_tab(qtbot, window) -> None:
    sign_in(qtbot, window)
    dialog = window.new_customer()
    fill_person(dialog, "Elsa", "Seconda")
    work = second_address(dialog)
    work.form.zip.setText("")
    work.form.street.setText("")
    work.form.city.setText("")  # the second address left empty
    dialog.addresses.tabs.setCurrentIndex(0)
    dialog.save()
    assert dialog.addresses.tabs.currentWidget() is work  # its tab comes to the front
    assert dialog.errors.fields["addresses.1.street"][1].text() == "Enter a street, city or ZIP."
    work.remove.click()

    dialog.fields.receipt_email.setText("elsa@")  # on the second tab
    dialog.save()
    assert dialog.fields.tabs.currentWidget() is dialog.fields.more_page
    assert dialog.fields.receipt_email.isVisible()
    assert dialog.created is None
    dialog.discard()
