"""Add or edit one address of an existing customer (purpose combo, contact, primary)."""

from __future__ import annotations

import copy

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_desktop.domain.customer import Address, Customer
from pos_desktop.domain.errors import FieldError
from pos_desktop.domain.store import StoreConfig
from pos_desktop.domain.validation import validate_customer
from pos_desktop.ui.forms import AddressForm, FieldErrors, error_label
from pos_desktop.ui.geometry import resize_to_fit


class AddressDialog(QDialog):
    def __init__(
        self,
        customer: Customer,
        address: Address,
        store: StoreConfig,
        *,
        new: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.customer = customer
        self.store = store
        self.original = address
        self.setWindowTitle(self.tr("New address") if new else self.tr("Edit address"))
        resize_to_fit(self, 760, 420)
        self.general = error_label()
        self.errors = FieldErrors(self.general)
        self.form = AddressForm("address", self.errors)
        self.form.set_address(address)
        self.primary = QCheckBox(self.tr("Primary address"))
        self.primary.setChecked(address.is_primary)
        self.ok_button = QPushButton(self.tr("Add address") if new else self.tr("Save address"))
        self.ok_button.setProperty("role", "primary")
        self.ok_button.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setAutoDefault(False)
        hint = QLabel(self.tr("The contact name and phone default to the customer's."))
        hint.setProperty("kind", "hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.general, 1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.primary)
        layout.addWidget(hint)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.ok_button.clicked.connect(self._ok)
        cancel.clicked.connect(self.reject)
        self.form.purpose.setFocus()

    def address(self) -> Address:
        address = self.form.fill(copy.deepcopy(self.original))
        address.is_primary = self.primary.isChecked()
        return address

    def _ok(self) -> None:
        probe = copy.deepcopy(self.customer)
        address = self.address()
        probe.addresses = [a for a in probe.addresses if a.address_id != address.address_id]
        probe.addresses.append(address)
        _, errors = validate_customer(probe, self.store)
        index = len(probe.addresses) - 1
        mine = [
            FieldError("address." + e.field.split(".", 2)[2], e.key, e.message)
            for e in errors
            if e.field.startswith(f"addresses.{index}.")
        ]
        if mine:
            self.errors.show(mine)
            return
        self.accept()
