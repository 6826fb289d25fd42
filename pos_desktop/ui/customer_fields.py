"""The customer's own fields: one widget for the New customer dialog and the details page.

Type, title and names, email and phone; receipt and account (group, currency, language);
attributes; affiliations; more emails and phones. Every field has its caption and an error
label registered with the screen's FieldErrors under the domain's field path, so errors,
read-only states and async limitations show the same way on both screens; one
`set_customer()` fills the fields and one `customer()` reads them back.

Arrangement: a new customer's fields are group boxes on two tabs, the first holding what
a cashier fills every time (the dialog's addresses box in its middle column); a stored
customer's are tabs (the details page inserts its Addresses and Loyalty tabs between them).
"""

from __future__ import annotations

import copy
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pos_desktop.domain.customer import Customer, CustomerType, ReceiptOption
from pos_desktop.domain.display import format_phone
from pos_desktop.domain.limitations import ALLOWED, Decision
from pos_desktop.domain.store import StoreConfig
from pos_desktop.ui.forms import (
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
from pos_desktop.ui.text import domain_text, tr

W = TypeVar("W", bound=QWidget)

UNLIMITED = 16777215  # QWIDGETSIZE_MAX


class ColumnsPage(QScrollArea):
    """Group boxes side by side; when the screen is too narrow for all of them (1024x768),
    the last goes under the others rather than off to the right."""

    def __init__(self, columns: list[QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self._stacked: bool | None = None
        inner = QWidget()
        self.grid = QGridLayout(inner)
        self.grid.setContentsMargins(0, 8, 0, 0)
        self.grid.setHorizontalSpacing(16)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setWidget(inner)
        self._arrange(stacked=False)

    def _arrange(self, *, stacked: bool) -> None:
        if stacked == self._stacked:
            return
        self._stacked = stacked
        for widget in self.columns:
            self.grid.removeWidget(widget)
        across = len(self.columns) - 1 if stacked else len(self.columns)
        for index, widget in enumerate(self.columns):
            if index < across:
                self.grid.addWidget(widget, 0, index)
            else:
                self.grid.addWidget(widget, 1, 0, 1, across)
        for column in range(len(self.columns)):
            self.grid.setColumnStretch(column, 1 if column < across else 0)
        self.grid.setRowStretch(1, 0)
        self.grid.setRowStretch(2, 1)

    def needed_width(self) -> int:
        spacing = self.grid.horizontalSpacing() * (len(self.columns) - 1)
        return sum(w.minimumSizeHint().width() for w in self.columns) + spacing

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        self._arrange(stacked=event.size().width() < self.needed_width())
        super().resizeEvent(event)


class CustomerFields(QWidget):
    """The fields of one customer. `new`: a customer being created (its type can be chosen,
    the store's default customer's values are explained) rather than a stored one."""

    touched = Signal(str)  # the operator changed the field of this error path
    changed = Signal()  # a value changed that a new check should see
    type_changed = Signal()  # Person / Organization picked (new customers)

    def __init__(
        self, config: StoreConfig, errors: FieldErrors, *, new: bool,
        address: QWidget | None = None, parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.config = config
        self.errors = errors
        self.new = new
        self._person = True
        self._editable = True
        self._editable_reason = ""
        self._enhanced: Decision = ALLOWED  # title and affiliations (async limitation)
        self._secondary: Decision = ALLOWED  # more emails and phones (feature, async)
        self._captions: dict[str, QWidget | None] = {}

        customer = self._customer_section()
        account = self._account_section()
        self.attributes = AttributeForm(config.attribute_definitions, errors)
        affiliations = self._affiliations_section()
        self.contacts = ContactsEditor(errors)
        contacts = QWidget()
        box = QVBoxLayout(contacts)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.contacts)
        box.addStretch(1)
        self.inputs: list[QWidget] = [
            self.title, self.first_name, self.middle_name, self.last_name,
            self.organization_name, self.email, self.email_consent, self.phone,
            self.phone_consent, self.receipt_option,
            self.receipt_email, self.customer_group, self.currency, self.language,
        ]
        if new:
            self._arrange_boxes(customer, address, account, affiliations, contacts)
        else:
            self._arrange_tabs(customer, account, affiliations, contacts)
        self._wire()

    # -- building -------------------------------------------------------------------------

    def _field(self, form: QFormLayout, path: str, caption: str, widget: W) -> W:
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

    def _unused(self, *widgets: QWidget) -> None:
        """Kept (one API for both arrangements) but not shown in this one."""
        for widget in widgets:
            widget.setParent(self)
            widget.hide()

    @staticmethod
    def _form() -> tuple[QWidget, QFormLayout]:
        section = QWidget()
        form = QFormLayout(section)
        form.setContentsMargins(0, 0, 0, 0)
        return section, form

    def _customer_section(self) -> QWidget:
        section, form = self._form()
        self.person_radio = QRadioButton(self.tr("Person"))
        self.organization_radio = QRadioButton(self.tr("Organization"))
        self.type_label = QLabel()  # a stored customer's type is shown, not chosen
        if self.new:
            self._unused(self.type_label)
            self.type_group = QButtonGroup(self)
            self.type_group.addButton(self.person_radio)
            self.type_group.addButton(self.organization_radio)
            types = QHBoxLayout()
            types.addWidget(self.person_radio)
            types.addWidget(self.organization_radio)
            types.addStretch(1)
            form.addRow(self.tr("Type"), types)
        else:
            self._unused(self.person_radio, self.organization_radio)
            form.addRow(self.tr("Type"), self.type_label)
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
        # Marketing consent on the primary e-mail and phone: unticked until the customer
        # says yes (HQ keeps when and where it was given). One row for both, so the
        # fields a cashier fills every time stay in view at 1280x800.
        self.email_consent = QCheckBox(self.tr("Email"))
        self.phone_consent = QCheckBox(self.tr("Phone"))
        consent = QWidget()
        consent.setObjectName("consentRow")  # style.qss: a lower row than other checkboxes
        row = QHBoxLayout(consent)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.email_consent)
        row.addWidget(self.phone_consent)
        row.addStretch(1)
        form.addRow(tr("Marketing consent"), consent)
        self.person_fields: tuple[QWidget, ...] = (
            self.title, self.first_name, self.middle_name, self.last_name)
        return section

    def _account_section(self) -> QWidget:
        section, form = self._form()
        default = self.config.default_customer
        if self.new:
            inherited = QLabel(
                self.tr("Defaults from the store's default customer ({name}); change them "
                        "if needed.").format(name=default.display_name if default else "—"))
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
        if self.new and default is not None and default.receipt_email:
            self.receipt_email.setPlaceholderText(
                self.tr("inherited: {email}").format(email=default.receipt_email))
        self.customer_group = QComboBox()
        for group in self.config.customer_groups:
            self.customer_group.addItem(domain_text(group.name), group.id)
        self._field(form, "customer_group", self.tr("Customer group"), self.customer_group)
        self.currency = self._field(form, "currency", self.tr("Currency"), QLineEdit())
        self.currency.setMaxLength(3)
        self.language = self._field(form, "language", self.tr("Language"), LanguageCombo())
        self.dimensions = QLabel("—")
        if self.new:
            self.dimensions.setProperty("kind", "inherited")
            self.dimensions.setWordWrap(True)
            self.dimensions.setToolTip(
                self.tr("Financial dimensions come from the default customer's group."))
            form.addRow(self.tr("Financial dimensions"), self.dimensions)
        else:
            self._unused(self.dimensions)
        return section

    def _affiliations_section(self) -> QWidget:
        section = QWidget()
        box = QVBoxLayout(section)
        box.setContentsMargins(0, 0, 0, 0)
        self.affiliations = AffiliationPicker(
            self.config.affiliations, self.config.affiliation_names)
        self.affiliations_reason = reason_label()
        label = error_label()
        self.errors.add("affiliations", self.affiliations, label)
        box.addWidget(self.affiliations_reason)
        box.addWidget(self.affiliations)
        box.addWidget(label)
        box.addStretch(1)
        return section

    def _arrange_boxes(self, customer: QWidget, address: QWidget | None, account: QWidget,
                       affiliations: QWidget, contacts: QWidget) -> None:
        """A new customer: what a cashier fills every time (type, names, email, phone, the
        addresses, the store's attributes) on the first tab, fitting 1280x800 without
        scrolling; receipt and account defaults, affiliations, more emails and phones on
        the second. Each tab scrolls on its own when the screen is smaller."""
        def boxed(title: str, section: QWidget) -> QGroupBox:
            group = QGroupBox(title)
            QVBoxLayout(group).addWidget(section)
            return group

        attributes = boxed(self.tr("Attributes"), self.attributes)
        first = [boxed(self.tr("Customer"), customer), *([address] if address else []),
                 attributes]
        self.main_page = ColumnsPage(first)
        self.more_page = ColumnsPage([boxed(self.tr("Receipt and account"), account),
                              boxed(self.tr("Affiliations"), affiliations),
                                      boxed(self.tr("More emails and phones"), contacts)])
        self.tabs = QTabWidget()
        self.tabs.addTab(self.main_page, self.tr("Main details"))
        self.tabs.addTab(self.more_page, self.tr("More details"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def _arrange_tabs(self, customer: QWidget, account: QWidget, affiliations: QWidget,
                      contacts: QWidget) -> None:
        contact = QWidget()
        columns = QHBoxLayout(contact)
        columns.addWidget(customer, 1)
        columns.addSpacing(24)
        columns.addWidget(account, 1)
        attributes = QWidget()
        box = QVBoxLayout(attributes)
        box.addWidget(self.attributes)
        box.addStretch(1)
        self.affiliations.setMaximumHeight(UNLIMITED)
        self.tabs = QTabWidget()
        self.tabs.addTab(contact, self.tr("Contact"))
        self.tabs.addTab(self._padded(contacts), self.tr("Contacts"))
        self.tabs.addTab(attributes, self.tr("Attributes"))
        self.tabs.addTab(self._padded(affiliations), self.tr("Affiliations"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    @staticmethod
    def _padded(section: QWidget) -> QWidget:
        page = QWidget()
        QVBoxLayout(page).addWidget(section)
        return page

    def _wire(self) -> None:
        edits: dict[str, QLineEdit | LanguageCombo] = {
            "first_name": self.first_name, "middle_name": self.middle_name,
            "last_name": self.last_name, "organization_name": self.organization_name,
            "email": self.email, "phone": self.phone, "receipt_email": self.receipt_email,
            "currency": self.currency, "language": self.language,
        }
        for path, edit in edits.items():
            edit.textEdited.connect(lambda _t, p=path: self.touched.emit(p))
        self.title.currentIndexChanged.connect(lambda _i: self.touched.emit("title"))
        self.receipt_option.currentIndexChanged.connect(
            lambda _i: self.touched.emit("receipt_email"))
        self.customer_group.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.attributes.changed.connect(self._attributes_changed)
        self.contacts.changed.connect(lambda: self.touched.emit("contacts"))
        self.email_consent.toggled.connect(lambda _on: self.touched.emit("email"))
        self.phone_consent.toggled.connect(lambda _on: self.touched.emit("phone"))
        self.affiliations.changed.connect(lambda: self.touched.emit("affiliations"))
        self.person_radio.toggled.connect(lambda _on: self._type_picked())

    def _attributes_changed(self) -> None:
        values = self.attributes.values()
        for definition in self.config.attribute_definitions:
            if definition.name in values:
                self.touched.emit(f"attributes.{definition.name}")
        self.changed.emit()

    def focus_chain(self, middle: list[QWidget]) -> list[QWidget]:
        """Keyboard order: the customer, then `middle` (the dialog's address), then the rest."""
        return [
            self.person_radio, self.organization_radio, self.title, self.first_name,
            self.middle_name, self.last_name, self.organization_name, self.email,
            self.email_consent, self.phone, self.phone_consent,
            *middle, *self.attributes.inputs.values(), self.receipt_option,
            self.receipt_email, self.customer_group, self.currency, self.language,
            self.affiliations, self.contacts.add_email, self.contacts.add_phone,
        ]

    def first_input(self) -> QWidget:
        return self.first_name if self.is_person else self.organization_name

    # -- person or organization -----------------------------------------------------------

    @property
    def is_person(self) -> bool:
        return self.person_radio.isChecked() if self.new else self._person

    def _type_picked(self) -> None:
        person = self.is_person
        self._show_type(person)
        self._apply()  # the title's limitation shows for a person only
        # What was typed as the other type's name carries over.
        if person and not self.first_name.text() and self.organization_name.text():
            words = self.organization_name.text().split()
            self.first_name.setText(" ".join(words[:-1]) or words[0])
            self.last_name.setText(words[-1] if len(words) > 1 else "")
        elif not person and not self.organization_name.text():
            self.organization_name.setText(
                " ".join(p for p in (self.first_name.text(), self.last_name.text()) if p))
        self.type_changed.emit()

    def _show_type(self, person: bool) -> None:
        for path, widget in (("title", self.title), ("first_name", self.first_name),
                             ("middle_name", self.middle_name), ("last_name", self.last_name),
                             ("organization_name", self.organization_name)):
            shown = person if widget in self.person_fields else not person
            widget.setVisible(shown)
            caption = self._captions.get(path)
            if caption is not None:
                caption.setVisible(shown)
        self.title_reason.setVisible(person and bool(self.title_reason.text()))

    # -- filling and reading --------------------------------------------------------------

    def set_customer(self, customer: Customer) -> None:
        """Show a customer (a stored one, or a new customer's draft)."""
        person = customer.customer_type is CustomerType.PERSON
        self._person = person
        if self.new:
            (self.person_radio if person else self.organization_radio).setChecked(True)
        self.type_label.setText(self.tr("Person") if person else self.tr("Organization"))
        set_combo(self.title, customer.title)
        self.first_name.setText(customer.first_name)
        self.middle_name.setText(customer.middle_name)
        self.last_name.setText(customer.last_name)
        self.organization_name.setText(customer.organization_name)
        self.email.setText(customer.email)
        self.phone.setText(format_phone(customer.phone))
        self.email_consent.setChecked(customer.email_consent)
        self.phone_consent.setChecked(customer.phone_consent)
        set_combo(self.receipt_option, customer.receipt_option.value)
        self.receipt_email.setText(customer.receipt_email)
        set_combo(self.customer_group, customer.customer_group)
        self.currency.setText(customer.currency)
        self.language.setText(customer.language)
        primaries = [c for c in customer.contacts if c.is_primary]
        self.contacts.set_contacts([c for c in customer.contacts if not c.is_primary])
        self.contacts.set_offset(len(primaries))
        self.attributes.set_values(customer.attributes)
        self.affiliations.set_selected(customer.affiliations)
        dimensions = ", ".join(f"{k} {v}" for k, v in customer.financial_dimensions.items())
        self.dimensions.setText(dimensions or "—")
        self._show_type(person)

    def customer(self, base: Customer) -> Customer:
        """`base` (the draft, or the stored customer) with the values on screen."""
        c = copy.deepcopy(base)  # the same customer_id, addresses, version...
        person = self.is_person
        c.customer_type = CustomerType.PERSON if person else CustomerType.ORGANIZATION
        c.title = (self.title.currentData() or "") if person else ""
        c.first_name = self.first_name.text().strip() if person else ""
        c.middle_name = self.middle_name.text().strip() if person else ""
        c.last_name = self.last_name.text().strip() if person else ""
        c.organization_name = "" if person else self.organization_name.text().strip()
        c.email = self.email.text().strip()
        c.phone = self.phone.text().strip()
        c.email_consent = bool(c.email) and self.email_consent.isChecked()
        c.phone_consent = bool(c.phone) and self.phone_consent.isChecked()
        c.receipt_option = ReceiptOption(self.receipt_option.currentData())
        c.receipt_email = self.receipt_email.text().strip()
        c.customer_group = self.customer_group.currentData() or base.customer_group
        c.currency = self.currency.text().strip().upper()
        c.language = self.language.text().strip()
        c.affiliations = self.affiliations.selected() if self._enhanced.allowed else []
        c.attributes = self.attributes.values()
        secondary = self.contacts.contacts() if self._secondary.allowed else []
        c.contacts = [x for x in base.contacts if x.is_primary] + secondary
        return c

    def state(self) -> tuple[object, ...]:
        """What the operator can change, to tell whether anything was."""
        return (
            self.title.currentData(), self.first_name.text(), self.middle_name.text(),
            self.last_name.text(), self.organization_name.text(), self.email.text(),
            self.phone.text(), self.email_consent.isChecked(), self.phone_consent.isChecked(),
            self.receipt_option.currentData(), self.receipt_email.text(),
            self.customer_group.currentData(), self.currency.text(), self.language.text(),
            tuple(self.affiliations.selected()), tuple(sorted(self.attributes.values().items())),
            tuple((c.kind, c.value, c.marketing_consent) for c in self.contacts.contacts()),
        )

    # -- what may be changed --------------------------------------------------------------

    def show_limits(self, enhanced: Decision, secondary: Decision) -> None:
        """The async limitations (domain decisions): a title and affiliations need the
        enhanced-async feature, more emails and phones their feature too."""
        self._enhanced, self._secondary = enhanced, secondary
        if not enhanced.allowed:
            self.title.setCurrentIndex(0)
            self.affiliations.set_selected([])
        self._apply()

    def set_editable(self, editable: bool, reason: str = "") -> None:
        """Read-only (with the reason) when the customer may not be changed now."""
        self._editable, self._editable_reason = editable, reason
        self._apply()

    def _apply(self) -> None:
        editable = self._editable
        for widget in self.inputs:
            widget.setEnabled(editable)
        self.attributes.set_editable(editable)
        enhanced = editable and self._enhanced.allowed
        self.title.setEnabled(enhanced)
        self.affiliations.setEnabled(enhanced)
        limit = "" if self._enhanced.allowed else domain_text(self._enhanced.message)
        show_reason(self.title_reason, limit if self.is_person else "")
        show_reason(self.affiliations_reason, limit)
        if not editable:
            self.contacts.set_allowed(False, self._editable_reason)
        else:
            self.contacts.set_allowed(self._secondary.allowed,
                                      domain_text(self._secondary.message))
