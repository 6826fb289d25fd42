"""Driving the main window in tests: the demo operators, the wait limit, signing in and
filling the New customer dialog."""

from __future__ import annotations

from pos_desktop.domain.store import Permission
from pos_desktop.ui.main_window import MainWindow

CASHIER = ("1001", "1234")
MANAGER = ("2001", "5678")
WAIT = 15_000  # ms: generous for a loaded CI box; every wait is on a condition


def sign_in(qtbot, window: MainWindow, who: tuple[str, str] = MANAGER) -> None:
    page = window.sign_in_page
    page.operator_edit.setText(who[0])
    page.password_edit.setText(who[1])
    page.submit()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.register_page, timeout=WAIT)


def fill_person(dialog, first: str, last: str, *, phone: str = "", email: str = "") -> None:  # type: ignore[no-untyped-def]
    dialog.fields.person_radio.setChecked(True)
    dialog.fields.first_name.setText(first)
    dialog.fields.last_name.setText(last)
    dialog.fields.phone.setText(phone)
    dialog.fields.email.setText(email)
    dialog.address.street.setText("Via Torino 5")
    dialog.address.city.setText("Milano")
    dialog.address.zip.setText("20123")
    segment = dialog.fields.attributes.inputs["segment"]
    segment.setCurrentIndex(segment.findData("standard"))


def switch_permissions(qtbot, hq, window: MainWindow, role: str, **changes: bool) -> None:  # type: ignore[no-untyped-def]
    """HQ switches permissions of `role` in the window's store (`customer_edit=False` is
    `customer.edit`); the register's background sync picks the new configuration up."""
    names = {name.replace("_", "."): value for name, value in changes.items()}
    services = window.ctx.services
    hq.admin.set_permissions(services.store_config().store_id, role, **names)

    def refreshed() -> bool:
        table = services.store_config().permissions
        return all(table.allows(role, Permission(n)) is v for n, v in names.items())

    window.ctx.sync_now()
    qtbot.waitUntil(refreshed, timeout=WAIT)
