"""Customer details: header, and tabs Contact, Addresses, Contacts, Attributes, Loyalty,
Affiliations. Every refused action is disabled with its reason (pending, offline, role)."""

from __future__ import annotations

import copy
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_desktop.domain.addresses import with_address, without_address
from pos_desktop.domain.customer import Address, Customer, SyncState
from pos_desktop.domain.defaults import new_address
from pos_desktop.domain.errors import ValidationFailed
from pos_desktop.domain.limitations import CustomerActions, customer_actions
from pos_desktop.services.editing import EditConflict
from pos_desktop.services.events import CustomersChanged
from pos_desktop.ui.address_dialog import AddressDialog
from pos_desktop.ui.context import AppContext
from pos_desktop.ui.countries import country_name
from pos_desktop.ui.customer_fields import CustomerFields
from pos_desktop.ui.elided_label import ElidedLabel
from pos_desktop.ui.focus import reclaim
from pos_desktop.ui.forms import (
    FieldErrors,
    error_label,
    reason_label,
    show_reason,
)
from pos_desktop.ui.style import icon, set_prop
from pos_desktop.ui.text import (
    account_text,
    badge_text,
    domain_text,
    error_text,
    purpose_text,
    rejection_text,
)


class DetailsPage(QWidget):
    back_requested = Signal()
    attach_requested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.ctx = ctx
        self.config = ctx.store_config()
        self.customer: Customer | None = None
        self.change_pending = False  # changes saved here wait for HQ (async edits)
        self._seq = 0
        self._busy = False

        header = self._build_header()
        body = self._build_body()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(header)
        layout.addLayout(body, 1)

        self._wire_signals()

    def _build_header(self) -> QFrame:
        """Back, name, account and state, the actions, and the reasons below them."""
        header = QFrame()
        header.setObjectName("header")
        self.back_button = QPushButton(icon("back"), self.tr("Back"))
        self.name_label = ElidedLabel()
        self.name_label.setProperty("kind", "title")
        self.account_label = QLabel()
        self.account_label.setProperty("kind", "account")
        self.state_label = QLabel()
        self.state_label.setProperty("kind", "badge")
        self.rejection_label = reason_label()
        self.attach_button = QPushButton(icon("cart-add"), self.tr("Add to transaction"))
        self.save_button = QPushButton(icon("save"), self.tr("Save changes"))
        self.save_button.setProperty("role", "primary")
        self.edit_reason = reason_label()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setProperty("kind", "reason")
        self.message.hide()
        # Name above account and state, so the actions keep their room in every language.
        identity = QVBoxLayout()
        identity.setSpacing(2)
        identity.addWidget(self.name_label)
        status = QHBoxLayout()
        status.addWidget(self.account_label)
        status.addWidget(self.state_label)
        status.addStretch(1)
        identity.addLayout(status)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addLayout(identity, 1)
        top.addWidget(self.attach_button)
        top.addWidget(self.save_button)
        head = QVBoxLayout(header)
        head.setContentsMargins(12, 8, 12, 8)
        head.addLayout(top)
        head.addWidget(self.rejection_label)
        head.addWidget(self.edit_reason)
        head.addWidget(self.message)
        return header

    def _build_body(self) -> QVBoxLayout:
        """The field errors and the tabs."""
        self.general_errors = error_label()
        self.errors = FieldErrors(self.general_errors)
        # Tabs Contact, Contacts, Attributes, Affiliations; Addresses and Loyalty between.
        self.fields = CustomerFields(self.config, self.errors, new=False)
        self.tabs = self.fields.tabs
        self.tabs.insertTab(1, self._addresses_tab(), self.tr("Addresses"))
        self.tabs.insertTab(4, self._loyalty_tab(), self.tr("Loyalty"))

        body = QVBoxLayout()
        body.setContentsMargins(16, 8, 16, 16)
        body.addWidget(self.general_errors)
        body.addWidget(self.fields, 1)
        return body

    def _wire_signals(self) -> None:
        self.back_button.clicked.connect(self.back_requested)
        self.attach_button.clicked.connect(self._attach)
        self.save_button.clicked.connect(self.save)
        self.ctx.customers_changed.connect(self._customers_changed)
        self.ctx.link_changed.connect(self._update_actions)
        self.ctx.operator_changed.connect(self._update_actions)

    # -- tabs -----------------------------------------------------------------------------

    def _addresses_tab(self) -> QWidget:
        page = QWidget()
        self.address_table = QTableWidget(0, 7)
        self.address_table.setHorizontalHeaderLabels([
            self.tr("Purpose"), self.tr("Street"), self.tr("City"), self.tr("ZIP"),
            self.tr("Country"), self.tr("Contact"), self.tr("Primary")])
        self.address_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.address_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.address_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.address_table.verticalHeader().setVisible(False)
        self.address_table.verticalHeader().setDefaultSectionSize(40)
        self.address_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch)
        self.add_address_button = QPushButton(self.tr("Add address"))
        self.edit_address_button = QPushButton(self.tr("Edit"))
        self.remove_address_button = QPushButton(self.tr("Remove"))
        self.remove_address_button.setProperty("role", "danger")
        self.primary_button = QPushButton(self.tr("Set primary"))
        self.address_reason = reason_label()
        self.address_add_reason = reason_label()
        buttons = QHBoxLayout()
        for button in (self.add_address_button, self.edit_address_button,
                       self.primary_button, self.remove_address_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(self.address_add_reason)
        layout.addWidget(self.address_reason)
        layout.addWidget(self.address_table, 1)
        self.add_address_button.clicked.connect(self.add_address)
        self.edit_address_button.clicked.connect(self.edit_address)
        self.remove_address_button.clicked.connect(self.remove_address)
        self.primary_button.clicked.connect(self.set_primary)
        self.address_table.doubleClicked.connect(self.edit_address)
        self.address_table.itemSelectionChanged.connect(self._update_actions)
        return page

    def _loyalty_tab(self) -> QWidget:
        page = QWidget()
        self.cards_label = QLabel()
        self.cards_label.setProperty("kind", "title")
        self.issue_button = QPushButton(self.tr("Issue loyalty card"))
        self.loyalty_reason = reason_label()
        layout = QVBoxLayout(page)
        layout.addWidget(self.cards_label)
        row = QHBoxLayout()
        row.addWidget(self.issue_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.loyalty_reason)
        layout.addStretch(1)
        self.issue_button.clicked.connect(self.issue_card)
        return page

    # -- loading --------------------------------------------------------------------------

    def open(self, customer_id: str) -> None:
        self.message.hide()
        self.tabs.setCurrentIndex(0)
        self._load(customer_id)

    def _load(self, customer_id: str) -> None:
        self._seq += 1
        seq = self._seq
        customers, edits = self.ctx.customers, self.ctx.edits

        def work() -> tuple[Customer | None, bool]:
            return customers.get(customer_id), bool(edits.pending_changes([customer_id]))

        self.ctx.reads.run(work, lambda found: self._loaded(seq, *found))

    def _loaded(self, seq: int, customer: Customer | None, change_pending: bool) -> None:
        if seq == self._seq and customer is not None:
            self.show_customer(customer, change_pending)

    def _customers_changed(self, change: CustomersChanged) -> None:
        # A pending customer gets its account number on this open screen after a sync;
        # changes to other customers leave this page alone.
        if self.customer is None or not (
            change.concerns(self.customer.customer_id) or change.config_changed
        ):
            return
        if change.config_changed:
            # HQ's permissions or features may have changed: what may be done, at once
            # (also while the operator is in the middle of an edit).
            self.config = self.ctx.store_config()
            self._update_actions()
        if not self._busy and (
            self.customer.is_pending or not self._is_dirty()
        ):
            self._load(self.customer.customer_id)

    def show_customer(self, customer: Customer, change_pending: bool = False) -> None:
        """Show `customer`; `change_pending`: changes saved here have not reached HQ."""
        self.config = self.ctx.store_config()
        self.customer = customer
        self.change_pending = change_pending
        self.name_label.setText(customer.display_name or self.tr("(no name)"))
        self.account_label.setText(account_text(customer.account_number))
        set_prop(self.account_label, "pending", customer.is_pending)
        badge, state = badge_text(customer, change_pending)
        self.state_label.setText(badge)
        set_prop(self.state_label, "state", state)
        self.state_label.setToolTip(self.tr(
            "Saved on this terminal; it goes to HQ with the next sync.")
            if change_pending else "")
        reason = rejection_text(customer.rejection_reason, self._attribute_labels(),
                                customer.rejection_details)
        show_reason(self.rejection_label, self.tr("HQ rejected this customer: {reason}").format(
            reason=reason) if customer.state is SyncState.REJECTED else "")
        self.fields.set_customer(customer)
        self._fill_addresses(customer)
        cards = ", ".join(c.card_number for c in customer.loyalty_cards)
        self.cards_label.setText(cards or self.tr("No loyalty card yet."))
        self.errors.show([])
        self._snapshot = self.fields.state()
        self._update_actions()

    def _attribute_labels(self) -> dict[str, str]:
        return {d.name: domain_text(d.label or d.name) for d in self.config.attribute_definitions}

    def _fill_addresses(self, customer: Customer) -> None:
        table = self.address_table
        table.setRowCount(len(customer.addresses))
        for r, a in enumerate(customer.addresses):
            values = (purpose_text(a.purpose), a.street, a.city, a.zip, country_name(a.country),
                      a.contact_name, self.tr("Primary") if a.is_primary else "")
            for c, value in enumerate(values):
                table.setItem(r, c, QTableWidgetItem(value))
        if customer.addresses:
            table.selectRow(0)

    # -- what may be done -------------------------------------------------------------------

    def _actions(self) -> CustomerActions:
        """The domain decides, by the store's permissions for the operator's role (a
        rejected customer: corrected and resubmitted, `customer.resubmit`)."""
        assert self.customer is not None
        return customer_actions(self.customer, link_up=self.ctx.link_up,
                                features=self.config.features, role=self.ctx.role,
                                permissions=self.config.permissions)

    def _update_actions(self, *_args: object) -> None:
        if self.customer is None:
            return
        actions = self._actions()
        edit = actions.change
        reason = "" if edit.allowed else domain_text(edit.message)
        self.fields.set_editable(edit.allowed and not self._busy, reason)
        self.save_button.setText(self.tr("Correct and resubmit") if actions.resubmits
                                 else self.tr("Save changes"))
        self.save_button.setEnabled(edit.allowed and not self._busy)
        self.save_button.setToolTip(reason)
        show_reason(self.edit_reason, reason)

        add = actions.add_address
        self.add_address_button.setEnabled(add.allowed and not self._busy)
        add_reason = "" if add.allowed else domain_text(add.message)
        self.add_address_button.setToolTip(add_reason)
        shown_add = add_reason if add_reason != reason else ""
        show_reason(self.address_add_reason, shown_add)
        selected = self._selected_address() is not None
        change = actions.change_addresses
        change_reason = "" if change.allowed else domain_text(change.message)
        for button in (self.edit_address_button, self.remove_address_button,
                       self.primary_button):
            button.setEnabled(change.allowed and selected and not self._busy)
            button.setToolTip(change_reason)
        show_reason(self.address_reason, change_reason if change_reason != shown_add else "")

        loyalty = actions.loyalty_card
        self.issue_button.setEnabled(loyalty.allowed and not self._busy)
        show_reason(self.loyalty_reason, "" if loyalty.allowed else domain_text(loyalty.message))

    def _selected_address(self) -> Address | None:
        if self.customer is None:
            return None
        rows = self.address_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.customer.addresses):
            return None
        return self.customer.addresses[rows[0].row()]

    # -- editing ------------------------------------------------------------------------------

    def _is_dirty(self) -> bool:
        return getattr(self, "_snapshot", None) != self.fields.state()

    def edited(self) -> Customer:
        assert self.customer is not None
        return self.fields.customer(self.customer)

    def save(self) -> None:
        if self.customer is None or self._busy:
            return
        self._submit(self.edited())

    def _submit(self, edited: Customer) -> None:
        """An edit through HQ (If-Match), or the resubmission of a rejected customer."""
        edits, operator = self.ctx.edits, self.ctx.operator
        if operator is None:
            return
        if self.customer is not None and self._actions().resubmits:
            work = lambda: edits.resubmit(edited, operator=operator)  # noqa: E731
            done = self.tr("Corrected and resubmitted: pending sync again.")
        else:
            work = lambda: edits.edit(edited, operator=operator)  # noqa: E731
            done = self.tr("Saved at HQ.")
        self._run(work, done)

    def _run(self, work: Callable[[], Customer], done: str) -> None:
        self._busy = True
        self._update_actions()
        self._say("")
        edits = self.ctx.edits

        def run() -> tuple[Customer, bool]:
            customer = work()
            return customer, bool(edits.pending_changes([customer.customer_id]))

        self.ctx.net.run(run, lambda saved: self._saved(saved[0], saved[1], done), self._failed)

    def _saved(self, customer: Customer, change_pending: bool, done: str) -> None:
        self._busy = False
        self.show_customer(customer, change_pending)
        if change_pending:  # async customer edits: saved here, HQ has it after a sync
            done = self.tr("Saved on this terminal: the change goes to HQ with the next sync.")
        self._say(done)  # the service told the other views what changed

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        if isinstance(error, EditConflict):
            self.show_customer(error.fresh)  # reload: the latest version from HQ
            self._say(error_text(error))
        elif isinstance(error, ValidationFailed):
            self._update_actions()
            self.errors.show(error.errors)
            self._say(error_text(error, self._attribute_labels()))
        else:
            self._update_actions()
            self._say(error_text(error))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- addresses ------------------------------------------------------------------------------

    def add_address(self) -> None:
        if self.customer is None:
            return
        address = new_address(self.customer, self.config)
        dialog = AddressDialog(self.customer, address, self.config, new=True, parent=self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        reclaim(self.address_table)  # the window manager may not give it back
        if not accepted:
            return
        self.apply_new_address(dialog.address())

    def apply_new_address(self, address: Address) -> None:
        assert self.customer is not None
        if self._actions().resubmits:
            edited = self.edited()
            edited.addresses = with_address(edited.addresses, address)
            self._submit(edited)
            return
        edits, operator, key = self.ctx.edits, self.ctx.operator, self.customer.customer_id
        if operator is None:
            return
        self._run(lambda: edits.add_address(key, address, operator=operator),
                  self.tr("Address added."))

    def edit_address(self, *_args: object) -> None:
        selected = self._selected_address()
        if self.customer is None or selected is None or not self.edit_address_button.isEnabled():
            return
        dialog = AddressDialog(self.customer, selected, self.config, new=False, parent=self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        reclaim(self.address_table)
        if not accepted:
            return
        self.apply_address_edit(dialog.address())

    def apply_address_edit(self, address: Address) -> None:
        assert self.customer is not None
        edited = copy.deepcopy(self.customer)
        edited.addresses = with_address(edited.addresses, address)
        self._submit(edited)

    def remove_address(self) -> None:
        selected = self._selected_address()
        if self.customer is None or selected is None:
            return
        where = ", ".join(p for p in (selected.street, selected.zip, selected.city) if p)
        answer = QMessageBox.question(
            self,
            self.tr("Remove address"),
            self.tr("Remove the address {address} from this customer at HQ?").format(
                address=where
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        reclaim(self.address_table)
        if answer != QMessageBox.StandardButton.Yes:
            return
        edited = copy.deepcopy(self.customer)
        edited.addresses = without_address(edited.addresses, selected.address_id)
        self._submit(edited)

    def set_primary(self) -> None:
        selected = self._selected_address()
        if self.customer is None or selected is None:
            return
        chosen = copy.deepcopy(selected)
        chosen.is_primary = True
        self.apply_address_edit(chosen)

    # -- loyalty, attach --------------------------------------------------------------------------

    def issue_card(self) -> None:
        if self.customer is None:
            return
        loyalty, key = self.ctx.loyalty, self.customer.customer_id
        self._run(lambda: loyalty.issue_card(key), self.tr("Loyalty card issued."))

    def _attach(self) -> None:
        if self.customer is not None:
            self.attach_requested.emit(self.customer.customer_id)
