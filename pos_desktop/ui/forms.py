"""Form pieces: error and reason labels, field-error routing, and the address, attribute,
affiliation and contact editors that CustomerFields (customer_fields.py), the New customer
dialog's address and the address dialog are built from."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QLocale, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pos_desktop.domain.customer import Address, AddressPurpose, Contact, ContactKind
from pos_desktop.domain.errors import FieldError
from pos_desktop.domain.store import AttributeDefinition, AttributeType
from pos_desktop.ui.countries import CountryCombo
from pos_desktop.ui.i18n import LANGUAGES
from pos_desktop.ui.style import set_prop
from pos_desktop.ui.text import date_format, domain_text, field_error_text, purpose_text, tr

NO_DATE = QDate(1900, 1, 1)


class WrappingLabel(QLabel):
    """A word-wrapped label that asks its layout for every line it needs.

    Qt's form layout works out wrapped heights for a width other than the one it then
    gives the field, so a two-line error overlapped the field above it. This label instead
    reports the height it needs at its current width as a plain minimum, and asks for a
    new layout pass when a resize changes that.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._height = 0

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return False

    def _needed(self, hint: QSize) -> QSize:
        if self.width() <= 0 or not self.text():
            return hint
        return QSize(hint.width(), self.heightForWidth(self.width()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self._needed(super().minimumSizeHint())

    def sizeHint(self) -> QSize:  # noqa: N802
        return self._needed(super().sizeHint())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        needed = self.heightForWidth(self.width())
        if needed != self._height:
            self._height = needed
            self.updateGeometry()


def error_label() -> QLabel:
    label = WrappingLabel()
    label.setProperty("kind", "error")
    label.hide()
    return label


def reason_label() -> QLabel:
    label = WrappingLabel()
    label.setProperty("kind", "reason")
    label.hide()
    return label


def show_reason(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def reveal(widget: QWidget) -> None:
    """Bring a widget into view: the tab pages holding it become current, scroll areas
    scroll to it (a field error on another tab, or in another address, gets the focus)."""
    child: QWidget | None = widget
    while child is not None and (parent := child.parentWidget()) is not None:
        tabs = parent.parentWidget()
        if isinstance(parent, QStackedWidget) and isinstance(tabs, QTabWidget):
            tabs.setCurrentWidget(child)
        child = parent
    child = widget
    while child is not None:
        if isinstance(child, QScrollArea):
            child.ensureWidgetVisible(widget)
        child = child.parentWidget()


class FieldErrors:
    """Maps dotted field paths (``addresses.0.zip``) to the widget and its error label."""

    def __init__(self, fallback: QLabel) -> None:
        self.fallback = fallback  # errors for fields without a widget of their own
        self.fields: dict[str, tuple[QWidget | None, QLabel]] = {}

    def add(self, path: str, widget: QWidget | None, label: QLabel) -> None:
        self.fields[path] = (widget, label)

    def show(self, errors: list[FieldError], only: set[str] | None = None) -> QWidget | None:
        """Show errors (only those of `only` paths when given); returns the first bad widget."""
        by_path: dict[str, list[str]] = {}
        for error in errors:
            by_path.setdefault(self._owner(error.field), []).append(field_error_text(error))
        first: QWidget | None = None
        for path, (widget, label) in self.fields.items():
            messages = by_path.pop(path, [])
            if only is not None and path not in only:
                messages = []
            label.setText("\n".join(dict.fromkeys(messages)))
            label.setVisible(bool(messages))
            if widget is not None:
                set_prop(widget, "error", bool(messages))
                if messages and first is None:
                    first = widget
        rest = [] if only is not None else [m for ms in by_path.values() for m in ms]
        self.fallback.setText("\n".join(dict.fromkeys(rest)))
        self.fallback.setVisible(bool(rest))
        return first

    def _owner(self, path: str) -> str:
        while path and path not in self.fields:
            path = path.rpartition(".")[0]
        return path


CUSTOMER_LANGUAGES = tuple(LANGUAGES)  # the register's own languages first


def language_name(code: str) -> str:
    """A language in its own words ("Italiano", "Svenska"); the code when Qt has no name."""
    if code in LANGUAGES:
        return LANGUAGES[code]
    name = QLocale(code).nativeLanguageName() if code else ""
    if not name or QLocale(code).language() == QLocale.Language.C:
        return code
    return name[:1].upper() + name[1:]


class LanguageCombo(QComboBox):
    """The customer's language by name, kept as its code (text()/setText() as a line edit)."""

    textEdited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for code in CUSTOMER_LANGUAGES:
            self.addItem(language_name(code), code)
        self.activated.connect(lambda _i: self.textEdited.emit(self.text()))

    def text(self) -> str:
        return str(self.currentData() or "")

    def setText(self, code: str) -> None:  # noqa: N802 (as QLineEdit)
        if code and self.findData(code) < 0:
            self.addItem(language_name(code), code)  # a language HQ knows and we do not list
        self.setCurrentIndex(self.findData(code) if code else -1)


def purpose_combo() -> QComboBox:
    combo = QComboBox()
    for purpose in AddressPurpose:
        combo.addItem(purpose_text(purpose), purpose.value)
    return combo


def set_combo(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    if index < 0 and value not in (None, ""):
        combo.addItem(str(value), value)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))


class AddressForm(QWidget):
    """Purpose, street, city, state, ZIP, country, contact name and phone of one address."""

    changed = Signal()
    edited = Signal(str)  # the operator changed this field (its name)

    def __init__(self, prefix: str, errors: FieldErrors, parent: QWidget | None = None, *,
                 compact: bool = False) -> None:
        """`compact`: ZIP and city share a row, and so do the contact's name and phone
        (the New customer dialog, where the first tab must fit 1280x800)."""
        super().__init__(parent)
        self.purpose = purpose_combo()
        self.street = QLineEdit()
        self.city = QLineEdit()
        self.state = QLineEdit()
        self.zip = QLineEdit()
        self.country = CountryCombo()
        self.contact_name = QLineEdit()
        self.contact_phone = QLineEdit()
        self.touched_fields: set[str] = set()  # what the operator typed or picked here
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        single = [("purpose", tr("Purpose"), self.purpose), ("street", tr("Street"), self.street),
                  ("city", tr("City"), self.city), ("state", tr("State"), self.state),
                  ("zip", tr("ZIP"), self.zip), ("country", tr("Country"), self.country),
                  ("contact_name", tr("Contact name"), self.contact_name),
                  ("contact_phone", tr("Contact phone"), self.contact_phone)]
        rows: list[tuple[str, list[tuple[str, str, QWidget]]]] = [
            (text, [(name, text, widget)]) for name, text, widget in single]
        if compact:
            by_name = {name: (name, text, widget) for name, text, widget in single}
            rows = [(tr("Purpose"), [by_name["purpose"]]), (tr("Street"), [by_name["street"]]),
                    (tr("ZIP and city"), [by_name["zip"], by_name["city"]]),
                    (tr("State"), [by_name["state"]]), (tr("Country"), [by_name["country"]]),
                    (tr("Contact"), [by_name["contact_name"], by_name["contact_phone"]])]
        if compact:  # a whole postcode shows beside the city ("75002", "111 57", "20121")
            self.zip.setMinimumWidth(self.zip.fontMetrics().horizontalAdvance("000 000") + 24)
        self.widgets: list[QWidget] = []
        self._rows: list[tuple[str, QWidget, QLabel]] = []
        for caption, parts in rows:
            line = QHBoxLayout()
            line.setSpacing(8)
            for name, text, widget in parts:
                box = QVBoxLayout()
                box.setSpacing(2)
                box.addWidget(widget)
                label = error_label()
                box.addWidget(label)
                line.addLayout(box, 2 if name == "city" else 1)
                if len(parts) > 1 and isinstance(widget, QLineEdit):
                    short = {"contact_name": tr("Name"), "contact_phone": tr("Phone")}
                    widget.setPlaceholderText(short.get(name, text))
                self._rows.append((name, widget, label))
                self.widgets.append(widget)
            form.addRow(caption, line)
        self.register(errors, prefix)
        for name, edit in (("street", self.street), ("city", self.city),
                           ("state", self.state), ("zip", self.zip),
                           ("country", self.country), ("contact_name", self.contact_name),
                           ("contact_phone", self.contact_phone)):
            edit.textChanged.connect(self.changed)
            edit.textEdited.connect(lambda _t, n=name: self.touch(n))
        self.purpose.currentIndexChanged.connect(self.changed)
        self.purpose.activated.connect(lambda _i: self.touch("purpose"))

    def touch(self, name: str) -> None:
        self.touched_fields.add(name)
        self.edited.emit(name)

    def register(self, errors: FieldErrors, prefix: str) -> None:
        """Route the errors of `prefix`.<field> (e.g. addresses.1.zip) to these fields."""
        for name, widget, label in self._rows:
            errors.add(f"{prefix}.{name}", widget, label)

    def snapshot(self) -> tuple[object, ...]:
        """What the operator can change, to tell whether anything was."""
        return (self.purpose.currentData(), self.street.text(), self.city.text(),
                self.state.text(), self.zip.text(), self.country.text(),
                self.contact_name.text(), self.contact_phone.text())

    def set_address(self, address: Address) -> None:
        set_combo(self.purpose, address.purpose.value if address.purpose else None)
        self.street.setText(address.street)
        self.city.setText(address.city)
        self.state.setText(address.state)
        self.zip.setText(address.zip)
        self.country.setText(address.country)
        self.contact_name.setText(address.contact_name)
        self.contact_phone.setText(address.contact_phone)

    def fill(self, address: Address) -> Address:
        address.purpose = AddressPurpose(self.purpose.currentData())
        address.street = self.street.text().strip()
        address.city = self.city.text().strip()
        address.state = self.state.text().strip()
        address.zip = self.zip.text().strip()
        address.country = self.country.text().strip().upper()
        address.contact_name = self.contact_name.text().strip()
        address.contact_phone = self.contact_phone.text().strip()
        return address

    def is_blank(self) -> bool:
        return not any(e.text().strip() for e in (self.street, self.city, self.state, self.zip))


class AttributeForm(QWidget):
    """One widget per attribute definition: text, number, boolean, date, choice."""

    changed = Signal()

    def __init__(
        self, definitions: tuple[AttributeDefinition, ...], errors: FieldErrors,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.definitions = definitions
        self.inputs: dict[str, QWidget] = {}
        self._loaded: set[str] = set()  # the attributes the shown customer has
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for definition in definitions:
            widget = self._widget(definition)
            self.inputs[definition.name] = widget
            label = error_label()
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(label)
            caption = domain_text(definition.label or definition.name)
            form.addRow(caption + (" *" if definition.required else ""), box)
            errors.add(f"attributes.{definition.name}", widget, label)
        if not definitions:
            form.addRow(QLabel(tr("This store defines no customer attributes.")))

    def _widget(self, definition: AttributeDefinition) -> QWidget:
        kind = definition.type
        if kind is AttributeType.BOOLEAN:
            box = QCheckBox(tr("Yes"))
            box.toggled.connect(self.changed)
            return box
        if kind is AttributeType.CHOICE:
            combo = QComboBox()
            combo.addItem(tr("— choose —"), "")
            for choice in definition.choices:
                combo.addItem(definition.choice_labels.get(choice) or domain_text(choice), choice)
            combo.currentIndexChanged.connect(self.changed)
            return combo
        if kind is AttributeType.DATE:
            date = QDateEdit()
            date.setCalendarPopup(True)
            date.setDisplayFormat(date_format())
            date.setMinimumDate(NO_DATE)
            date.setSpecialValueText(tr("not set"))
            date.setDate(NO_DATE)
            date.dateChanged.connect(self.changed)
            return date
        edit = QLineEdit()
        if kind is AttributeType.NUMBER:
            edit.setPlaceholderText(tr("a number"))
        edit.textChanged.connect(self.changed)
        return edit

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for definition in self.definitions:
            widget = self.inputs[definition.name]
            if isinstance(widget, QCheckBox):
                # An unticked box the customer never had is no value (an edit of another
                # field must not send it); a required one is an answer either way.
                if (widget.isChecked() or definition.name in self._loaded
                        or definition.required):
                    out[definition.name] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                if widget.currentData():
                    out[definition.name] = widget.currentData()
            elif isinstance(widget, QDateEdit):
                if widget.date() != NO_DATE:
                    out[definition.name] = widget.date().toString("yyyy-MM-dd")
            elif isinstance(widget, QLineEdit) and widget.text().strip():
                out[definition.name] = widget.text().strip()
        return out

    def set_values(self, values: dict[str, Any]) -> None:
        self._loaded = set(values)
        for name, widget in self.inputs.items():
            value = values.get(name)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                set_combo(widget, value or "")
            elif isinstance(widget, QDateEdit):
                date = QDate.fromString(str(value), "yyyy-MM-dd") if value else NO_DATE
                widget.setDate(date if date.isValid() else NO_DATE)
            elif isinstance(widget, QLineEdit):
                widget.setText("" if value is None else str(value))

    def set_editable(self, editable: bool) -> None:
        for widget in self.inputs.values():
            widget.setEnabled(editable)


class AffiliationPicker(QListWidget):
    changed = Signal()

    def __init__(self, affiliations: tuple[str, ...], names: dict[str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for affiliation in affiliations:
            item = QListWidgetItem((names or {}).get(affiliation) or affiliation)
            item.setData(Qt.ItemDataRole.UserRole, affiliation)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setSizeHint(QSize(0, 36))
            self.addItem(item)
        self.setMaximumHeight(max(44, 38 * len(affiliations) + 6))
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def selected(self) -> list[str]:
        return [
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_selected(self, values: list[str]) -> None:
        wanted = set(values)
        for i in range(self.count()):
            item = self.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


class ContactRow(QWidget):
    removed = Signal(object)

    def __init__(self, contact: Contact, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = contact.kind
        self.value = QLineEdit(contact.value)
        self.value.setPlaceholderText(
            tr("another email") if contact.kind is ContactKind.EMAIL else tr("another phone"))
        self.consent = QCheckBox(tr("Marketing consent"))
        self.consent.setChecked(contact.marketing_consent)
        self.remove = QPushButton(tr("Remove"))
        self.remove.setProperty("role", "danger")
        self.error = error_label()
        kind = QLabel(tr("Email") if contact.kind is ContactKind.EMAIL else tr("Phone"))
        kind.setMinimumWidth(50)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(kind)
        row.addWidget(self.value, 1)
        # Consent and Remove on a line of their own: room for the value in every language.
        actions = QHBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.consent)
        actions.addStretch(1)
        actions.addWidget(self.remove)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 8)
        box.setSpacing(2)
        box.addLayout(row)
        box.addWidget(self.error)
        box.addLayout(actions)
        self.remove.clicked.connect(lambda: self.removed.emit(self))

    def contact(self) -> Contact:
        return Contact(self.kind, self.value.text().strip(), self.consent.isChecked(), False)


class ContactsEditor(QWidget):
    """Secondary emails and phones, each with its own marketing-consent flag."""

    changed = Signal()

    def __init__(self, errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = errors
        self.rows: list[ContactRow] = []
        self.reason = reason_label()
        self.list_box = QVBoxLayout()
        self.list_box.setSpacing(4)
        self.add_email = QPushButton(tr("Add email"))
        self.add_phone = QPushButton(tr("Add phone"))
        self.general_error = error_label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_email)
        buttons.addWidget(self.add_phone)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.reason)
        layout.addLayout(self.list_box)
        layout.addLayout(buttons)
        layout.addWidget(self.general_error)
        errors.add("contacts", None, self.general_error)
        self.add_email.clicked.connect(lambda: self.add(Contact(ContactKind.EMAIL, "")))
        self.add_phone.clicked.connect(lambda: self.add(Contact(ContactKind.PHONE, "")))

    def add(self, contact: Contact, *, focus: bool = True) -> ContactRow:
        row = ContactRow(contact)
        row.removed.connect(self._remove)
        row.value.textChanged.connect(self.changed)
        row.consent.toggled.connect(self.changed)
        self.rows.append(row)
        self.list_box.addWidget(row)
        self._reindex()
        if focus:
            row.value.setFocus()
        self.changed.emit()
        return row

    def _remove(self, row: ContactRow) -> None:
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self._reindex()
        self.changed.emit()

    def _reindex(self, offset: int = 0) -> None:
        for path in [p for p in self.errors.fields if p.startswith("contacts.")]:
            del self.errors.fields[path]
        for index, row in enumerate(self.rows):
            self.errors.add(f"contacts.{offset + index}.value", row.value, row.error)

    def set_offset(self, offset: int) -> None:
        """Error paths count the customer's primary contacts before these rows."""
        self._reindex(offset)

    def set_contacts(self, contacts: list[Contact]) -> None:
        for row in list(self.rows):
            self._remove(row)
        for contact in contacts:
            self.add(contact, focus=False)

    def contacts(self) -> list[Contact]:
        return [row.contact() for row in self.rows]

    def set_allowed(self, allowed: bool, reason: str = "") -> None:
        show_reason(self.reason, "" if allowed else reason)
        for widget in (self.add_email, self.add_phone):
            widget.setEnabled(allowed)
            widget.setToolTip("" if allowed else reason)
        for row in self.rows:
            row.setEnabled(allowed)
