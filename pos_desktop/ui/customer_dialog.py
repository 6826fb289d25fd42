"""The New customer dialog, opened by Customer add (register) and Create customer (search).

The draft keeps one client-generated customer_id for the dialog's whole life, so a retry
after a timeout can never create a second customer at HQ.
"""

from __future__ import annotations

import contextlib
import copy
import re

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pos_desktop.domain.customer import (
    Address,
    AddressPurpose,
    Customer,
    CustomerType,
    ReceiptOption,
)
from pos_desktop.domain.defaults import default_country, default_purpose
from pos_desktop.domain.display import format_phone
from pos_desktop.domain.errors import ActionRefused, FieldError, ValidationFailed
from pos_desktop.domain.limitations import secondary_contacts_allowed
from pos_desktop.domain.modes import CreationMode, explain_mode
from pos_desktop.services.customers import CreateResult
from pos_desktop.services.duplicates import EMAIL, NAME_ZIP, PHONE, Duplicate
from pos_desktop.ui.context import AppContext
from pos_desktop.ui.forms import (
    AddressForm,
    AffiliationPicker,
    AttributeForm,
    ContactsEditor,
    FieldErrors,
    LanguageCombo,
    error_label,
    reason_label,
    set_combo,
    show_reason,
)
from pos_desktop.ui.style import icon, set_prop
from pos_desktop.ui.text import account_text, domain_text, error_text, tr

CHECK_DEBOUNCE_MS = 200
DUPLICATE_DEBOUNCE_MS = 400
PHONE_LIKE = re.compile(r"^\+?[\d\s\-/().]{4,}$")


ACCOUNT_LIKE = re.compile(r"^[A-Za-z]{0,3}\d{3,}$")


def prefill_from(text: str) -> dict[str, str]:
    """What the search text looks like: a phone number, an email, or a name.

    One word is taken as the last name (cashiers search by surname); something shaped
    like an account or card number prefills nothing.
    """
    text = text.strip()
    if not text:
        return {}
    if PHONE_LIKE.match(text) and sum(c.isdigit() for c in text) >= 4:
        return {"phone": text}
    if "@" in text:
        return {"email": text}
    if ACCOUNT_LIKE.match(text):
        return {}
    fix = str.title if text.islower() else str
    words = text.split()
    if len(words) == 1:
        return {"last_name": fix(words[0]), "name": text}
    first, last = " ".join(words[:-1]), words[-1]
    return {"first_name": fix(first), "last_name": fix(last), "name": text}


class NewCustomerDialog(QDialog):
    """Emits `customer_ready(customer_id)` with the new customer or the existing one chosen."""

    customer_ready = Signal(str)

    def __init__(self, ctx: AppContext, search_text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.service = ctx.customers
        self.config = ctx.store_config()
        self.setWindowTitle(self.tr("New customer"))
        self.setModal(True)
        self.resize(1240, 760)
        self.mode = self.service.creation_mode()
        self.base = self.service.new_draft()
        self.result: CreateResult | None = None
        self.chosen_id: str | None = None
        self.touched: set[str] = set()
        self.show_all_errors = False
        self._saving = False
        self._dup_seq = 0
        self.duplicates: list[Duplicate] = []

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.general_errors = error_label()
        self.errors = FieldErrors(self.general_errors)

        content = QWidget()
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 0, 8, 0)
        grid.setHorizontalSpacing(16)
        grid.addWidget(self._customer_box(), 0, 0)
        grid.addWidget(self._address_box(), 0, 1)
        grid.addWidget(self._account_box(), 0, 2)
        attributes, affiliations, contacts = self._extras_boxes()
        grid.addWidget(attributes, 1, 0)
        grid.addWidget(affiliations, 1, 1)
        grid.addWidget(contacts, 1, 2)
        for column, stretch in enumerate((3, 3, 4)):  # the receipt column's hint wraps less
            grid.setColumnStretch(column, stretch)
        grid.setRowStretch(2, 1)
        # Longer labels (French, Estonian...) must not push the columns past the window:
        # combo boxes take their width from the column, not from their longest item.
        for combo in content.findChildren(QComboBox):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)

        self.duplicates_frame = QFrame()
        self.duplicates_frame.setObjectName("duplicates")
        self.duplicates_box = QVBoxLayout(self.duplicates_frame)
        self.duplicates_box.setContentsMargins(12, 8, 12, 8)
        self.duplicates_frame.hide()

        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAutoDefault(False)
        self.save_button = QPushButton(icon("save"), self.tr("Save customer"))
        self.save_button.setProperty("role", "primary")
        self.save_button.setDefault(True)
        self.save_reason = reason_label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_reason, 1)
        buttons.addWidget(self.general_errors, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.duplicates_frame)
        layout.addLayout(buttons)

        self._set_tab_order()
        self._load_draft(self.base, prefill_from(search_text))

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DEBOUNCE_MS)
        self._check_timer.timeout.connect(self.run_check)
        self._dup_timer = QTimer(self)
        self._dup_timer.setSingleShot(True)
        self._dup_timer.setInterval(DUPLICATE_DEBOUNCE_MS)
        self._dup_timer.timeout.connect(self.find_duplicates)
        self._wire_changes()
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        QShortcut(QKeySequence(Qt.Key.Key_Enter), self, self.save)
        ctx.link_changed.connect(self._link_changed)
        self._apply_mode()
        self._type_changed()
        self.first_name.setFocus() if self.is_person else self.organization_name.setFocus()
        if search_text.strip():
            self._dup_timer.start()

    # -- building the form -------------------------------------------------------------

    def _field(self, form: QFormLayout, path: str, caption: str, widget: QWidget) -> QWidget:
        label = error_label()
        box = QWidget()  # a widget, not a nested layout: the form then sizes wrapped errors
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(label)
        form.addRow(caption, box)
        self.errors.add(path, widget, label)
        self._captions[path] = form.labelForField(box)
        return widget

    def _customer_box(self) -> QGroupBox:
        self._captions: dict[str, QWidget | None] = {}
        box = QGroupBox(self.tr("Customer"))
        form = QFormLayout(box)
        self.person_radio = QRadioButton(self.tr("Person"))
        self.organization_radio = QRadioButton(self.tr("Organization"))
        self.type_group = QButtonGroup(self)
        self.type_group.addButton(self.person_radio)
        self.type_group.addButton(self.organization_radio)
        types = QHBoxLayout()
        types.addWidget(self.person_radio)
        types.addWidget(self.organization_radio)
        types.addStretch(1)
        form.addRow(self.tr("Type"), types)
        self.title = QComboBox()
        self.title.addItem("", "")
        for title in self.config.titles:
            self.title.addItem(domain_text(title), title)
        self._field(form, "title", self.tr("Title"), self.title)
        self.title_reason = reason_label()
        form.addRow("", self.title_reason)
        self.first_name = self._field(form, "first_name", self.tr("First name"), QLineEdit())
        self.middle_name = self._field(form, "middle_name", self.tr("Middle name"), QLineEdit())
        self.last_name = self._field(form, "last_name", self.tr("Last name"), QLineEdit())
        self.organization_name = self._field(
            form, "organization_name", self.tr("Organization name"), QLineEdit())
        self.email = self._field(form, "email", self.tr("Email"), QLineEdit())
        self.phone = self._field(form, "phone", self.tr("Phone"), QLineEdit())
        self.person_fields = (self.title, self.first_name, self.middle_name, self.last_name)
        return box

    def _address_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Address"))
        layout = QVBoxLayout(box)
        self.address = AddressForm("addresses.0", self.errors)
        layout.addWidget(self.address)
        return box

    def _account_box(self) -> QGroupBox:
        default = self.config.default_customer
        box = QGroupBox(self.tr("Receipt and account"))
        form = QFormLayout(box)
        inherited = QLabel(
            self.tr("Defaults from the store's default customer ({name}); change them if "
                    "needed.").format(name=default.display_name if default else "—"))
        inherited.setProperty("kind", "inherited")
        inherited.setWordWrap(True)
        form.addRow(inherited)
        self.receipt_option = QComboBox()
        for option, text in ((ReceiptOption.PRINT, self.tr("Print")),
                             (ReceiptOption.EMAIL, self.tr("Email")),
                             (ReceiptOption.BOTH, self.tr("Print and email")),
                             (ReceiptOption.NONE, self.tr("No receipt"))):
            self.receipt_option.addItem(text, option.value)
        self._field(form, "receipt_option", self.tr("Receipt"), self.receipt_option)
        self.receipt_email = self._field(
            form, "receipt_email", self.tr("Receipt email"), QLineEdit())
        if default is not None and default.receipt_email:
            self.receipt_email.setPlaceholderText(
                self.tr("inherited: {email}").format(email=default.receipt_email))
        self.customer_group = QComboBox()
        for group in self.config.customer_groups:
            self.customer_group.addItem(domain_text(group.name), group.id)
        self._field(form, "customer_group", self.tr("Customer group"), self.customer_group)
        self.currency = self._field(form, "currency", self.tr("Currency"), QLineEdit())
        self.currency.setMaxLength(3)
        self.language = self._field(form, "language", self.tr("Language"), LanguageCombo())
        dims = ", ".join(f"{k} {v}" for k, v in self.base.financial_dimensions.items())
        self.dimensions = QLabel(dims or "—")
        self.dimensions.setProperty("kind", "inherited")
        self.dimensions.setWordWrap(True)
        self.dimensions.setToolTip(
            self.tr("Financial dimensions come from the default customer's group."))
        form.addRow(self.tr("Financial dimensions"), self.dimensions)
        return box

    def _extras_boxes(self) -> tuple[QWidget, QWidget, QWidget]:
        affiliations = QGroupBox(self.tr("Affiliations"))
        box = QVBoxLayout(affiliations)
        self.affiliations = AffiliationPicker(
            self.config.affiliations, self.config.affiliation_names)
        self.affiliations_reason = reason_label()
        self.affiliations_error = error_label()
        self.errors.add("affiliations", self.affiliations, self.affiliations_error)
        box.addWidget(self.affiliations_reason)
        box.addWidget(self.affiliations)
        box.addWidget(self.affiliations_error)
        box.addStretch(1)
        attributes = QGroupBox(self.tr("Attributes"))
        box = QVBoxLayout(attributes)
        self.attributes = AttributeForm(self.config.attribute_definitions, self.errors)
        box.addWidget(self.attributes)
        contacts = QGroupBox(self.tr("More emails and phones"))
        box = QVBoxLayout(contacts)
        self.contacts = ContactsEditor(self.errors)
        box.addWidget(self.contacts)
        box.addStretch(1)
        return attributes, affiliations, contacts

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.person_radio, self.organization_radio, self.title, self.first_name,
            self.middle_name, self.last_name, self.organization_name, self.email, self.phone,
            *self.address.widgets, *self.attributes.inputs.values(), self.affiliations,
            self.contacts.add_email, self.contacts.add_phone, self.receipt_option,
            self.receipt_email, self.customer_group, self.currency, self.language,
            self.save_button, self.cancel_button,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            self.setTabOrder(first, second)

    def _load_draft(self, draft: Customer, prefill: dict[str, str]) -> None:
        person = draft.customer_type is CustomerType.PERSON
        (self.person_radio if person else self.organization_radio).setChecked(True)
        set_combo(self.title, draft.title)
        if person:
            self.first_name.setText(prefill.get("first_name", draft.first_name))
            self.last_name.setText(prefill.get("last_name", draft.last_name))
        else:
            self.organization_name.setText(prefill.get("name", draft.organization_name))
        self.email.setText(prefill.get("email", draft.email))
        self.phone.setText(prefill.get("phone", draft.phone))
        set_combo(self.receipt_option, draft.receipt_option.value)
        self.receipt_email.setText(draft.receipt_email)
        set_combo(self.customer_group, draft.customer_group)
        self.currency.setText(draft.currency)
        self.language.setText(draft.language)
        self.affiliations.set_selected(draft.affiliations)
        self.address.set_address(
            Address(purpose=default_purpose(draft.customer_type),
                    country=default_country(self.config), is_primary=True))
        self.attributes.set_values(draft.attributes)

    def _wire_changes(self) -> None:
        edits = {
            "first_name": self.first_name, "middle_name": self.middle_name,
            "last_name": self.last_name, "organization_name": self.organization_name,
            "email": self.email, "phone": self.phone, "receipt_email": self.receipt_email,
            "currency": self.currency, "language": self.language,
        }
        for path, edit in edits.items():
            edit.textEdited.connect(lambda _t, p=path: self._touched(p))
        for name, widget in [("street", self.address.street), ("city", self.address.city),
                             ("state", self.address.state), ("zip", self.address.zip),
                             ("country", self.address.country),
                             ("contact_name", self.address.contact_name),
                             ("contact_phone", self.address.contact_phone)]:
            widget.textEdited.connect(lambda _t, p=f"addresses.0.{name}": self._touched(p))
        self.address.changed.connect(self._changed)
        self.attributes.changed.connect(self._attributes_touched)
        self.contacts.changed.connect(lambda: self._touched("contacts"))
        self.affiliations.changed.connect(lambda: self._touched("affiliations"))
        self.title.currentIndexChanged.connect(lambda _i: self._touched("title"))
        self.receipt_option.currentIndexChanged.connect(lambda _i: self._touched("receipt_email"))
        self.customer_group.currentIndexChanged.connect(lambda _i: self._changed())
        self.person_radio.toggled.connect(lambda _on: self._type_changed())
        for edit in (self.first_name, self.last_name, self.organization_name, self.email,
                     self.phone, self.address.zip):
            edit.textChanged.connect(lambda _t: self._dup_timer.start())

    # -- reacting to input ---------------------------------------------------------------

    @property
    def is_person(self) -> bool:
        return self.person_radio.isChecked()

    def _touched(self, path: str) -> None:
        self.touched.add(path)
        self._changed()

    def _attributes_touched(self) -> None:
        self.touched.update(f"attributes.{d.name}" for d in self.config.attribute_definitions
                            if d.name in self.attributes.values())
        self._changed()

    def _changed(self) -> None:
        self._check_timer.start()

    def _type_changed(self) -> None:
        person = self.is_person
        for widget in self.person_fields:
            widget.setVisible(person)
            caption = self._captions.get(self._path_of(widget))
            if caption is not None:
                caption.setVisible(person)
        self.organization_name.setVisible(not person)
        caption = self._captions.get("organization_name")
        if caption is not None:
            caption.setVisible(not person)
        self.title_reason.setVisible(person and bool(self.title_reason.text()))
        # The default purpose follows the type unless the cashier picked one.
        if "addresses.0.purpose" not in self.touched:
            kind = CustomerType.PERSON if person else CustomerType.ORGANIZATION
            set_combo(self.address.purpose, default_purpose(kind).value)
        if person and not self.first_name.text() and self.organization_name.text():
            words = self.organization_name.text().split()
            self.first_name.setText(" ".join(words[:-1]) or words[0])
            self.last_name.setText(words[-1] if len(words) > 1 else "")
        elif not person and not self.organization_name.text():
            self.organization_name.setText(
                " ".join(p for p in (self.first_name.text(), self.last_name.text()) if p))
        self._changed()

    def _path_of(self, widget: QWidget) -> str:
        for path, (candidate, _label) in self.errors.fields.items():
            if candidate is widget:
                return path
        return ""

    def _link_changed(self, _up: bool) -> None:
        self.mode = self.service.creation_mode()
        self._apply_mode()
        self._changed()

    def _apply_mode(self) -> None:
        _key, text = explain_mode(self.mode)
        self.banner.setText(domain_text(text))
        set_prop(self.banner, "mode", self.mode.value)
        features = self.config.features
        limited = self.mode.is_async and not features.enhanced_async_customers
        reason = tr("Not available for customers created asynchronously.") if limited else ""
        self.title.setEnabled(not limited)
        show_reason(self.title_reason, reason if self.is_person else "")
        if limited:
            self.title.setCurrentIndex(0)
            self.affiliations.set_selected([])
        self.affiliations.setEnabled(not limited)
        show_reason(self.affiliations_reason, reason)
        decision = secondary_contacts_allowed(features, is_async=self.mode.is_async)
        self.contacts.set_allowed(decision.allowed, domain_text(decision.message))
        blocked = self.mode is CreationMode.BLOCKED
        self.save_button.setEnabled(not blocked and not self._saving)
        show_reason(self.save_reason, self.tr("Saving is unavailable until the HQ link returns.")
                    if blocked else "")

    # -- the draft and its checks --------------------------------------------------------

    def draft(self) -> Customer:
        draft = copy.deepcopy(self.base)  # same customer_id for every attempt
        person = self.is_person
        draft.customer_type = CustomerType.PERSON if person else CustomerType.ORGANIZATION
        draft.title = (self.title.currentData() or "") if person else ""
        draft.first_name = self.first_name.text().strip() if person else ""
        draft.middle_name = self.middle_name.text().strip() if person else ""
        draft.last_name = self.last_name.text().strip() if person else ""
        draft.organization_name = "" if person else self.organization_name.text().strip()
        draft.email = self.email.text().strip()
        draft.phone = self.phone.text().strip()
        draft.receipt_option = ReceiptOption(self.receipt_option.currentData())
        draft.receipt_email = self.receipt_email.text().strip()
        draft.customer_group = self.customer_group.currentData() or ""
        draft.currency = self.currency.text().strip().upper()
        draft.language = self.language.text().strip()
        draft.affiliations = self.affiliations.selected() if self.affiliations.isEnabled() else []
        draft.attributes = self.attributes.values()
        draft.contacts = self.contacts.contacts() if self.contacts.add_email.isEnabled() else []
        address = self.address.fill(Address(address_id=self.base.customer_id, is_primary=True))
        address.address_id = self._address_id()
        draft.addresses = [] if self.address.is_blank() else [address]
        return draft

    def _address_id(self) -> str:
        if not hasattr(self, "_address_uuid"):
            from pos_desktop.domain.customer import new_id

            self._address_uuid = new_id()
        return self._address_uuid

    def run_check(self) -> list[FieldError]:
        errors = self.service.check(self.draft(), self.mode) if not self._blocked() else []
        only = None if self.show_all_errors else self._visible_paths()
        self.errors.show(errors, only)
        return errors

    def _visible_paths(self) -> set[str]:
        paths = set(self.touched)
        if "contacts" in paths:
            paths.update(p for p in self.errors.fields if p.startswith("contacts"))
        return paths

    def _blocked(self) -> bool:
        return self.mode is CreationMode.BLOCKED

    # -- likely duplicates -------------------------------------------------------------------

    def find_duplicates(self) -> None:
        self._dup_seq += 1
        seq = self._dup_seq
        draft = self.draft()
        finder = self.ctx.duplicates
        self.ctx.net.run(
            lambda: finder.find(draft),
            lambda found: self._show_duplicates(seq, found),
            lambda _e: None,
        )

    def _show_duplicates(self, seq: int, found: list[Duplicate]) -> None:
        if seq != self._dup_seq:
            return
        self.duplicates = found
        while self.duplicates_box.count():
            item = self.duplicates_box.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
            elif item.layout() is not None:
                while item.layout().count():
                    child = item.layout().takeAt(0)
                    if child.widget() is not None:
                        child.widget().deleteLater()
        if not found:
            self.duplicates_frame.hide()
            return
        title = QLabel(self.tr("Possible duplicates — is the customer already known?"))
        title.setStyleSheet("font-weight: 600;")
        self.duplicates_box.addWidget(title)
        reasons = {PHONE: tr("same phone"), EMAIL: tr("same email"),
                   NAME_ZIP: tr("same name and ZIP")}
        for duplicate in found[:3]:
            row = QHBoxLayout()
            where = tr("all stores (HQ)") if duplicate.source == "hq" else tr("this store")
            text = QLabel(
                f"<b>{duplicate.name}</b> · {account_text(duplicate.account_number)} · "
                f"{format_phone(duplicate.phone) or '—'} · {duplicate.email or '—'} · "
                f"{duplicate.city or '—'}"
                f" — {', '.join(reasons[r] for r in duplicate.reasons)} ({where})")
            text.setWordWrap(True)
            use = QPushButton(self.tr("Use this customer instead"))
            use.setAutoDefault(False)
            use.clicked.connect(lambda _c=False, d=duplicate: self.use_existing(d))
            row.addWidget(text, 1)
            row.addWidget(use)
            self.duplicates_box.addLayout(row)
        self.duplicates_frame.show()

    def use_existing(self, duplicate: Duplicate) -> None:
        if duplicate.source != "hq" or duplicate.hq_data is None:
            self._finish_existing(duplicate.customer_id)
            return
        data, service = duplicate.hq_data, self.service
        self.ctx.writes.run(lambda: service.adopt(data).customer_id, self._finish_existing,
                            self._save_failed)

    def _finish_existing(self, customer_id: str) -> None:
        self.chosen_id = customer_id
        self.customer_ready.emit(customer_id)
        self.accept()

    # -- saving ---------------------------------------------------------------------------

    def save(self) -> None:
        if self._saving or self._blocked() or not self.save_button.isEnabled():
            return
        self.show_all_errors = True
        errors = self.run_check()
        if errors:
            first = self.errors.show(errors)
            if first is not None:
                first.setFocus()
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.save_button.setText(self.tr("Saving…"))
        draft = self.draft()
        self.ctx.net.run(lambda: self.service.create_customer(draft), self._saved,
                         self._save_failed)

    def _saved(self, result: CreateResult) -> None:
        self._saving = False
        self.result = result  # the service told the views what changed
        self.customer_ready.emit(result.customer.customer_id)
        self.accept()

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setText(self.tr("Save customer"))
        self.mode = self.service.creation_mode()
        self._apply_mode()
        if isinstance(error, ValidationFailed):
            first = self.errors.show(error.errors)
            if first is not None:
                first.setFocus()
        elif isinstance(error, ActionRefused):
            self.general_errors.setText(error_text(error))
            self.general_errors.show()
        else:
            self.general_errors.setText(error_text(error))
            self.general_errors.show()

    def reject(self) -> None:
        if self._saving:
            return  # the save is on its way; its answer closes the dialog
        super().reject()

    def done(self, result: int) -> None:
        self._check_timer.stop()
        self._dup_timer.stop()
        self._dup_seq += 1  # a late duplicate answer is dropped
        with contextlib.suppress(RuntimeError, TypeError):
            self.ctx.link_changed.disconnect(self._link_changed)
        super().done(result)


__all__ = ["NewCustomerDialog", "prefill_from", "AddressPurpose"]
