"""The New customer dialog's addresses: one or more, each on its own tab, exactly one primary.

Which address is primary after an add, a remove or a change of the Primary box is the
domain's rule (domain/addresses.py); whether a new customer may have more than one address
is the domain's decision too (limitations.several_addresses_allowed), shown here as the
Add address button disabled with the reason.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QPushButton,
    QTabBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pos_desktop.domain.addresses import with_address, without_address
from pos_desktop.domain.customer import Address, AddressPurpose, CustomerType
from pos_desktop.domain.defaults import blank_address, default_purpose
from pos_desktop.domain.limitations import ALLOWED, Decision
from pos_desktop.domain.store import StoreConfig
from pos_desktop.ui.forms import (
    AddressForm,
    FieldErrors,
    error_label,
    reason_label,
    set_combo,
    show_reason,
)
from pos_desktop.ui.text import domain_text, purpose_text, tr

PRIMARY_MARK = " ★"


class NarrowTabBar(QTabBar):
    """Asks for no more width than its tabs need: Qt's minimum with scroll buttons is wider
    than a few numbered tabs, and would push the dialog's columns apart."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return super().minimumSizeHint().boundedTo(self.sizeHint())


class AddressPage(QWidget):
    """One address of the list: its form and its Primary box."""

    def __init__(self, address: Address, errors: FieldErrors, prefix: str) -> None:
        super().__init__()
        self.address_id = address.address_id
        self.form = AddressForm(prefix, errors, compact=True)
        self.form.set_address(address)
        self.primary = QCheckBox(tr("Primary address"))
        self.primary.setChecked(address.is_primary)
        self.remove = QPushButton(tr("Remove"))  # this address: its own tab
        self.remove.setProperty("role", "danger")
        self.remove.setAutoDefault(False)
        actions = QHBoxLayout()  # shown once there is more than one address
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.primary)
        actions.addStretch(1)
        actions.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.form)
        layout.addLayout(actions)
        layout.addStretch(1)

    def show_actions(self, several: bool) -> None:
        self.primary.setVisible(several)
        self.remove.setVisible(several)

    def address(self) -> Address:
        return self.form.fill(Address(address_id=self.address_id,
                                      is_primary=self.primary.isChecked()))


class AddressesEditor(QWidget):
    """Add / remove addresses of a new customer; errors go to ``addresses.<n>.<field>``."""

    changed = Signal()  # a value changed that a new check should see
    edited = Signal()  # the operator changed something (typed, picked, added, removed)
    zip_changed = Signal()  # a ZIP changed (the likely-duplicate search looks at it)

    def __init__(self, store: StoreConfig, errors: FieldErrors,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.errors = errors
        self.pages: list[AddressPage] = []
        self._allowed: Decision = ALLOWED
        self.tabs = QTabWidget()
        self.tabs.setTabBar(NarrowTabBar())
        self.tabs.setObjectName("addressTabs")  # narrow numbered tabs (style.qss)
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setExpanding(False)
        self.add_button = QPushButton(tr("Add address"))
        self.add_button.setAutoDefault(False)
        self.tabs.setCornerWidget(self.add_button)
        self.reason = reason_label()  # why no further address may be added
        self.general_error = error_label()  # "addresses": the list as a whole
        errors.add("addresses", None, self.general_error)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.reason)
        layout.addWidget(self.general_error)
        layout.addWidget(self.tabs)
        self.add_button.clicked.connect(self._add_clicked)

    # -- the list -------------------------------------------------------------------------

    @property
    def forms(self) -> list[AddressForm]:
        return [page.form for page in self.pages]

    def current_page(self) -> AddressPage | None:
        page = self.tabs.currentWidget()
        return page if isinstance(page, AddressPage) else None

    def add(self, address: Address, *, focus: bool = True) -> AddressPage:
        page = AddressPage(address, self.errors, f"addresses.{len(self.pages)}")
        self.pages.append(page)
        self.tabs.addTab(page, "")
        page.form.changed.connect(self._form_changed)
        page.form.edited.connect(lambda _name: self.edited.emit())
        page.form.zip.textChanged.connect(lambda _t: self.zip_changed.emit())
        page.primary.clicked.connect(lambda checked, p=page: self._primary_clicked(p, checked))
        page.remove.clicked.connect(lambda _c=False, p=page: self.remove(p))
        self._apply(with_address(self._models()[:-1], page.address()))
        if focus:
            self.tabs.setCurrentWidget(page)
            page.form.street.setFocus()
        self.changed.emit()
        return page

    def _add_clicked(self) -> None:
        self.add(blank_address(self._type, self.store, primary=not self.pages))
        self.edited.emit()

    def remove(self, page: AddressPage | None) -> None:
        if page is None or len(self.pages) < 2:
            return
        models = without_address(self._models(), page.address_id)
        self.pages.remove(page)
        self.tabs.removeTab(self.tabs.indexOf(page))
        page.setParent(None)
        page.deleteLater()
        self._apply(models)
        self.changed.emit()
        self.edited.emit()

    def _primary_clicked(self, page: AddressPage, checked: bool) -> None:
        changed = page.address()
        changed.is_primary = checked
        self._apply(with_address(self._models(), changed))
        self.changed.emit()
        self.edited.emit()

    def _models(self) -> list[Address]:
        return [page.address() for page in self.pages]

    def _apply(self, models: list[Address]) -> None:
        """Primary flags (as the domain decided), tab titles, error paths, buttons."""
        by_id = {model.address_id: model for model in models}
        for page in self.pages:
            page.primary.setChecked(by_id[page.address_id].is_primary)
            page.show_actions(len(self.pages) > 1)
        self._retitle()
        for path in [p for p in self.errors.fields if p.startswith("addresses.")]:
            del self.errors.fields[path]
        for index, page in enumerate(self.pages):
            page.form.register(self.errors, f"addresses.{index}")
        self._update_buttons()

    def _retitle(self) -> None:
        """Tabs numbered (narrow: several fit beside Add address), the primary starred;
        the tooltip says the purpose."""
        for index, page in enumerate(self.pages):
            purpose = page.form.purpose.currentData()
            words = purpose_text(AddressPurpose(purpose)) if purpose else ""
            primary = page.primary.isChecked()
            self.tabs.setTabText(index, f"{index + 1}{PRIMARY_MARK if primary else ''}")
            self.tabs.setTabToolTip(index, tr("{purpose} · primary address").format(
                purpose=words) if primary else words)

    def _form_changed(self) -> None:
        self._retitle()
        self.changed.emit()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self._allowed.allowed)
        reason = "" if self._allowed.allowed else domain_text(self._allowed.message)
        self.add_button.setToolTip(reason)
        show_reason(self.reason, reason)

    # -- what the dialog asks -------------------------------------------------------------

    _type = CustomerType.PERSON

    def set_type(self, kind: CustomerType) -> None:
        """The purpose follows the customer type, on every address whose purpose the
        operator has not picked."""
        self._type = kind
        for page in self.pages:
            if "purpose" not in page.form.touched_fields:
                set_combo(page.form.purpose, default_purpose(kind).value)

    def set_add_allowed(self, decision: Decision) -> None:
        self._allowed = decision
        self._update_buttons()

    def addresses(self) -> list[Address]:
        """Every address on screen; none when the only one is left blank."""
        if len(self.pages) == 1 and self.pages[0].form.is_blank():
            return []
        return self._models()

    def touched_paths(self) -> set[str]:
        paths = {"addresses"}
        for index, page in enumerate(self.pages):
            paths.update(f"addresses.{index}.{name}" for name in page.form.touched_fields)
        return paths

    def mark_touched(self, path: str) -> None:
        """``addresses.<n>.<field>``: as if the operator had changed that field."""
        _, index, name = path.split(".", 2)
        self.pages[int(index)].form.touch(name)

    def snapshot(self) -> tuple[object, ...]:
        return tuple((page.form.snapshot(), page.primary.isChecked()) for page in self.pages)

    def focus_widgets(self) -> list[QWidget]:
        page = self.current_page()
        mine: list[QWidget] = [*page.form.widgets, page.primary, page.remove] if page else []
        return [*mine, self.add_button]
