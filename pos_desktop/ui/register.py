"""The register: the current transaction with its customer panel, and the operations."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_desktop.domain.customer import Customer
from pos_desktop.services.events import CustomersChanged
from pos_desktop.ui.context import AppContext
from pos_desktop.ui.style import icon, set_prop
from pos_desktop.ui.text import account_text, badge_text, domain_text, money_text


class CustomerPanel(QFrame):
    """Name, account number (or "Pending sync"), loyalty card of the attached customer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.icon_label = QLabel()
        self.icon_label.setPixmap(icon("customer").pixmap(48, 48))
        self.name_label = QLabel()
        self.name_label.setProperty("kind", "title")
        self.account_label = QLabel()
        self.account_label.setProperty("kind", "account")
        self.state_label = QLabel()
        self.state_label.setProperty("kind", "badge")
        self.loyalty_label = QLabel()
        self.loyalty_label.setProperty("kind", "subtitle")
        text = QVBoxLayout()
        text.addWidget(self.name_label)
        row = QHBoxLayout()
        row.addWidget(self.account_label)
        row.addWidget(self.state_label)
        row.addStretch(1)
        text.addLayout(row)
        text.addWidget(self.loyalty_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)
        self.show_customer(None)

    def show_customer(self, customer: Customer | None, change_pending: bool = False) -> None:
        """The attached customer; `change_pending`: changes saved here wait for HQ."""
        if customer is None:
            self.name_label.setText(self.tr("No customer"))
            self.account_label.setText(
                self.tr("Press Customer search (F2) or Customer add (F3).")
            )
            set_prop(self.account_label, "kind", "hint")
            self.state_label.hide()
            self.loyalty_label.clear()
            return
        self.name_label.setText(customer.display_name or self.tr("(no name)"))
        set_prop(self.name_label, "kind", "title")
        self.account_label.setText(account_text(customer.account_number))
        set_prop(self.account_label, "kind", "account")
        set_prop(self.account_label, "pending", customer.is_pending)
        badge, state = badge_text(customer, change_pending)
        self.state_label.setText(badge)
        set_prop(self.state_label, "state", state)
        self.state_label.show()
        cards = ", ".join(c.card_number for c in customer.loyalty_cards)
        self.loyalty_label.setText(
            self.tr("Loyalty card: {cards}").format(cards=cards)
            if cards
            else self.tr("No loyalty card")
        )


    def show_removed(self) -> None:
        """The attached customer was erased (HQ's erasure reached this terminal)."""
        self.name_label.setText(self.tr("Customer removed"))
        self.account_label.setText(
            self.tr("Their data was erased at HQ. Attach another customer if needed.")
        )
        set_prop(self.account_label, "kind", "hint")
        self.state_label.hide()
        self.loyalty_label.clear()


class RegisterPage(QWidget):
    search_requested = Signal()
    add_requested = Signal()
    details_requested = Signal(str)  # customer_id
    worklist_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.ctx = ctx
        self.customer: Customer | None = None
        self._load_seq = 0

        transaction = self._build_transaction()
        side = self._build_operations()

        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(16)
        layout.addWidget(transaction, 1)
        layout.addWidget(side)

        self._wire_signals()
        self._update_actions()

    def _build_transaction(self) -> QFrame:
        """The current sale: its customer panel, its (empty) lines and its total."""
        transaction = QFrame()
        transaction.setObjectName("card")
        title = QLabel(self.tr("Current transaction"))
        title.setProperty("kind", "title")
        self.panel = CustomerPanel()
        lines = QLabel(self.tr("No items yet. Scan or key in items to start the sale."))
        lines.setProperty("kind", "hint")
        lines.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lines.setMinimumHeight(200)
        currency = self.ctx.store_config().currency
        self.total_label = QLabel(self.tr("Total {amount}").format(
            amount=money_text(0, currency)))
        self.total_label.setProperty("kind", "title")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        box = QVBoxLayout(transaction)
        box.setContentsMargins(16, 16, 16, 16)
        box.addWidget(title)
        box.addWidget(self.panel)
        box.addWidget(lines, 1)
        box.addWidget(self.total_label)
        return transaction

    def _build_operations(self) -> QWidget:
        """The operations column: the buttons, and why Connect/Disconnect is unavailable."""
        self.add_button = self._operation("customer-add", self.tr("Customer add\tF3"))
        self.search_button = self._operation("search", self.tr("Customer search\tF2"))
        self.clear_button = self._operation("customer-clear", self.tr("Customer clear"))
        self.details_button = self._operation("details", self.tr("Customer details"))
        self.connect_button = self._operation("link-off", self.tr("Disconnect"))
        self.worklist_button = self._operation("sync", self.tr("Sync worklist\tF6"))
        self.connect_reason = QLabel()
        self.connect_reason.setProperty("kind", "reason")
        self.connect_reason.setWordWrap(True)
        ops_title = QLabel(self.tr("Operations"))
        ops_title.setProperty("kind", "subtitle")
        ops = QGridLayout()
        ops.setSpacing(10)
        ops.addWidget(ops_title, 0, 0)
        for row, button in enumerate(
            (self.search_button, self.add_button, self.clear_button, self.details_button,
             self.worklist_button, self.connect_button), start=1
        ):
            ops.addWidget(button, row, 0)
        ops.addWidget(self.connect_reason, 7, 0)
        ops.setRowStretch(8, 1)
        side = QWidget()
        side.setLayout(ops)
        side.setFixedWidth(340)
        return side

    def _wire_signals(self) -> None:
        self.search_button.clicked.connect(self.search_requested)
        self.add_button.clicked.connect(self.add_requested)
        self.clear_button.clicked.connect(self.clear_customer)
        self.details_button.clicked.connect(self._details)
        self.connect_button.clicked.connect(self._toggle_connection)
        self.worklist_button.clicked.connect(self.worklist_requested)
        self.ctx.customers_changed.connect(self._customers_changed)
        self.ctx.link_changed.connect(self._update_actions)
        self.ctx.operator_changed.connect(self._update_actions)

    def _operation(self, icon_name: str, text: str) -> QPushButton:
        button = QPushButton(icon(icon_name), text.replace("\t", "   "))
        button.setProperty("role", "operation")
        button.setIconSize(button.iconSize() * 1.3)
        return button

    # -- the attached customer -----------------------------------------------------------

    def attach(self, customer_id: str) -> None:
        self._load(customer_id)

    def attach_customer(self, customer: Customer, change_pending: bool = False) -> None:
        self._load_seq += 1
        self.customer = customer
        self.panel.show_customer(customer, change_pending)
        self._update_actions()

    def clear_customer(self) -> None:
        self._load_seq += 1
        self.customer = None
        self.panel.show_customer(None)
        self._update_actions()

    def _load(self, customer_id: str) -> None:
        self._load_seq += 1
        seq = self._load_seq
        customers, edits = self.ctx.customers, self.ctx.edits

        def work() -> tuple[Customer | None, bool]:
            return customers.get(customer_id), bool(edits.pending_changes([customer_id]))

        self.ctx.reads.run(work, lambda found: self._loaded(seq, found[0], found[1], customer_id))

    def _loaded(self, seq: int, customer: Customer | None, change_pending: bool,
                customer_id: str = "") -> None:
        if seq != self._load_seq:
            return
        if customer is not None:
            self.attach_customer(customer, change_pending)
        elif self.customer is not None and self.customer.customer_id == customer_id:
            # Gone from this terminal: HQ erased it (right to be forgotten).
            self.customer = None
            self.panel.show_removed()
            self._update_actions()

    def _customers_changed(self, change: CustomersChanged) -> None:
        # A sync may have given the attached customer its account number, or an edit
        # changed it: reload it (off the GUI thread) and show it now.
        if self.customer is not None and change.concerns(self.customer.customer_id):
            self._load(self.customer.customer_id)
        if change.config_changed:  # HQ's permissions may have changed
            self._update_actions()

    def _details(self) -> None:
        if self.customer is not None:
            self.details_requested.emit(self.customer.customer_id)

    # -- manager: Disconnect / Connect --------------------------------------------------

    def _toggle_connection(self) -> None:
        sync = self.ctx.sync
        if not sync.has_link or not sync.can_disconnect(self.ctx.operator).allowed:
            return
        self.ctx.set_forced_offline(not sync.forced_offline)
        self._update_actions()

    def _update_actions(self, *_args: object) -> None:
        attached = self.customer is not None
        create = self.ctx.can_create()
        self.add_button.setEnabled(create.allowed)
        self.add_button.setToolTip("" if create.allowed else domain_text(create.message))
        self.clear_button.setEnabled(attached)
        self.details_button.setEnabled(attached)
        sync = self.ctx.sync
        forced = sync.forced_offline
        self.connect_button.setText(self.tr("Connect") if forced else self.tr("Disconnect"))
        self.connect_button.setIcon(icon("link-on" if forced else "link-off"))
        allowed = sync.can_disconnect(self.ctx.operator)
        if not sync.has_link:
            reason = self.tr("This terminal has no HQ link configured.")
        elif not allowed.allowed:
            reason = domain_text(allowed.message)
        else:
            reason = ""
        self.connect_button.setEnabled(not reason)
        self.connect_button.setToolTip(reason)
        self.connect_reason.setText(reason)
        self.connect_reason.setVisible(bool(reason))
