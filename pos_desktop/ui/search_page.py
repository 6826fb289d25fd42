"""Customer search: as you type over the offline DB, or across all stores through HQ."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pos_desktop.domain.customer import CustomerSummary, SyncState
from pos_desktop.domain.display import format_phone
from pos_desktop.services.customers import RemoteCustomer
from pos_desktop.services.duplicates import HQ_MIN_QUERY
from pos_desktop.services.events import CustomersChanged
from pos_desktop.services.ports import HQUnreachable
from pos_desktop.ui.context import AppContext
from pos_desktop.ui.style import icon
from pos_desktop.ui.text import (
    account_text,
    change_pending_text,
    domain_text,
    error_text,
    state_text,
    tr,
)

log = logging.getLogger(__name__)

SEARCH_DEBOUNCE_MS = 150
PAGE_SIZE = 25  # the offline search's first page
HQ_LIMIT = 50
ACCOUNT_COLUMN = 1
# The Account column's colour by sync state (the same amber as "Pending sync" elsewhere).
STATE_COLOURS = {SyncState.PENDING: "#9a6700", SyncState.REJECTED: "#b3261e"}


@dataclass(frozen=True)
class ResultRow:
    customer_id: str
    account_number: str | None
    name: str
    phone: str
    email: str
    city: str
    state: str
    source: str = "local"  # "local" | "hq"
    remote: RemoteCustomer | None = None  # found at HQ: saved here before it is used
    partial: bool = False  # matches only some of the typed words
    sync_state: SyncState = SyncState.SYNCED
    change_pending: bool = False  # changes saved here wait for HQ (async customer edits)

    @classmethod
    def from_summary(cls, s: CustomerSummary, words: int = 1,
                     changed: set[str] | frozenset[str] = frozenset()) -> ResultRow:
        return cls(
            s.customer_id, s.account_number, s.name, format_phone(s.phone), s.email, s.city,
            s.state, partial=s.matched_words < words, sync_state=s.sync_state,
            change_pending=s.customer_id in changed,
        )  # fmt: skip

    @property
    def marked(self) -> bool:
        """A synced customer with changes HQ has not had yet."""
        return self.change_pending and self.sync_state is SyncState.SYNCED

    @classmethod
    def from_remote(cls, remote: RemoteCustomer) -> ResultRow:
        customer = remote.customer
        address = customer.primary_address
        return cls(
            customer.customer_id, customer.account_number, customer.display_name,
            format_phone(customer.phone), customer.email, address.city if address else "",
            address.state if address else "", "hq", remote,
        )  # fmt: skip


class ResultsModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ResultRow] = []
        self.headers = [tr("Name"), tr("Account"), tr("Phone"), tr("Email"), tr("City"),
                        tr("State"), tr("Store")]

    def set_rows(self, rows: list[ResultRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if index.column() == ACCOUNT_COLUMN and role != Qt.ItemDataRole.DisplayRole:
            return self._state_data(row, role)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (row.name, self.account(row), row.phone, row.email, row.city,
                  row.state, tr("All stores (HQ)") if row.source == "hq" else tr("This store"))
        return values[index.column()]

    @staticmethod
    def account(row: ResultRow) -> str:
        """The number when synced; otherwise the true state, never the temporary GUID."""
        if row.sync_state is SyncState.REJECTED:
            return tr("Rejected by HQ")
        if row.marked:
            return tr("{account} · change pending sync").format(
                account=account_text(row.account_number))
        return account_text(row.account_number)

    @staticmethod
    def _state_data(row: ResultRow, role: int) -> Any:
        state = SyncState.PENDING if row.marked else row.sync_state
        if role == Qt.ItemDataRole.ForegroundRole and state in STATE_COLOURS:
            return QBrush(QColor(STATE_COLOURS[state]))
        if role == Qt.ItemDataRole.ToolTipRole:
            return change_pending_text() if row.marked else state_text(row.sync_state)
        return None

    def cell(self, row: int, column: int) -> str:
        return str(self.data(self.index(row, column), Qt.ItemDataRole.DisplayRole))


class SearchPage(QWidget):
    back_requested = Signal()
    create_requested = Signal(str)  # the search text, for prefilling
    attach_requested = Signal(str)  # customer_id (already in the offline DB)
    details_requested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.ctx = ctx
        self._seq = 0
        self._showing_hq = False

        bar = self._build_app_bar()
        self._build_results()

        hints = QHBoxLayout()
        hints.addWidget(self.hint, 1)
        hints.addWidget(self.hq_reason)
        body = QVBoxLayout()
        body.setContentsMargins(16, 8, 16, 16)
        body.addLayout(hints)
        body.addWidget(self.table, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(bar)
        layout.addLayout(body, 1)
        self.setTabOrder(self.search_box, self.table)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_search)
        self._wire_signals()
        self._update_actions()

    def _build_app_bar(self) -> QFrame:
        """Back, the search box, and the actions on the results."""
        bar = QFrame()
        bar.setObjectName("appBar")
        self.back_button = QPushButton(icon("back"), self.tr("Back"))
        self.back_button.setToolTip(self.tr("Back to the register (Esc)"))
        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText(
            self.tr("Search customers: name, phone, email, account number, ZIP…"))
        self.search_box.setClearButtonEnabled(True)
        self.create_button = QPushButton(icon("customer-add"), self.tr("Create customer"))
        self.attach_button = QPushButton(icon("cart-add"), self.tr("Add to transaction"))
        self.attach_button.setProperty("role", "primary")
        self.details_button = QPushButton(icon("details"), self.tr("Details"))
        self.hq_button = QPushButton(icon("cloud-search"), self.tr("Search all stores"))
        top = QHBoxLayout(bar)
        top.setContentsMargins(12, 8, 12, 8)
        top.addWidget(self.back_button)
        top.addWidget(self.search_box, 1)
        for button in (self.hq_button, self.create_button, self.details_button,
                       self.attach_button):
            top.addWidget(button)
        return bar

    def _build_results(self) -> None:
        """The hints above the results, and the results table."""
        self.hint = QLabel()
        self.hint.setProperty("kind", "hint")
        self.hq_reason = QLabel()
        self.hq_reason.setProperty("kind", "hint")
        self.model = ResultsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(42)
        self.table.setAlternatingRowColors(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 5, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def _wire_signals(self) -> None:
        self.search_box.textChanged.connect(self._typed)
        self.search_box.returnPressed.connect(self._enter)
        self.back_button.clicked.connect(self.back_requested)
        self.create_button.clicked.connect(self._create)
        self.attach_button.clicked.connect(self._attach)
        self.details_button.clicked.connect(self._details)
        self.hq_button.clicked.connect(self.search_hq)
        self.table.doubleClicked.connect(self._attach)
        self.table.activated.connect(self._attach)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.ctx.link_changed.connect(self._update_actions)
        self.ctx.customers_changed.connect(self._customers_changed)

    # -- local search -------------------------------------------------------------------

    def open(self, text: str = "") -> None:
        self._update_actions()
        self.search_box.setText(text)
        self.search_box.selectAll()
        self.search_box.setFocus()
        self.run_search()

    def _typed(self, _text: str) -> None:
        self._showing_hq = False
        self._debounce.start()
        self._update_actions()

    def run_search(self) -> None:
        self._debounce.stop()
        text = self.search_box.text()
        self._seq += 1
        seq = self._seq
        if not text.strip():
            self._show(seq, text, [], "local")
            return
        service, edits = self.ctx.customers, self.ctx.edits

        def work() -> list[ResultRow]:
            found = service.search(text)
            changed = edits.pending_changes([s.customer_id for s in found])
            return [ResultRow.from_summary(s, len(text.split()), changed) for s in found]

        self.ctx.reads.run(
            work,
            lambda rows: self._show(seq, text, rows, "local"),
            lambda error: self._failed(seq, error),
        )

    def _show(self, seq: int, text: str, rows: list[ResultRow], source: str) -> None:
        if seq != self._seq:
            return  # a newer query is on its way
        self._showing_hq = source == "hq"
        self.model.set_rows(rows)
        if not text.strip():
            self.hint.setText(self.tr("Type a name, phone, email, account number or ZIP."))
        elif not rows:
            self.hint.setText(
                self.tr("No customers found at HQ.") if source == "hq"
                else self.tr("No customers found on this terminal.")
            )
        elif source == "hq":
            self.hint.setText(self.tr("%n customer(s) in all stores (HQ)", "", len(rows)))
        elif all(row.partial for row in rows):
            self.hint.setText(
                self.tr("No customer matches every word; these match some of them.")
            )
        elif len(rows) >= PAGE_SIZE:
            self.hint.setText(
                self.tr("First %n customer(s): type more to narrow the search.", "", len(rows))
            )
        else:
            self.hint.setText(self.tr("%n customer(s)", "", len(rows)))
        if rows:
            self.table.selectRow(0)
        self._update_actions()

    def _failed(self, seq: int, error: BaseException) -> None:
        if seq == self._seq:
            self.hint.setText(self.tr("Search failed: {error}").format(error=error_text(error)))

    def _customers_changed(self, change: CustomersChanged) -> None:
        """Search again only if a shown customer changed, or customers came or went."""
        if not (self.isVisible() and not self._showing_hq and self.search_box.text().strip()):
            return
        if change.counts_changed or change.touches_any(r.customer_id for r in self.model.rows):
            self.run_search()

    # -- all stores (HQ) ------------------------------------------------------------------

    def search_hq(self) -> None:
        text = self.search_box.text().strip()
        customers = self.ctx.customers
        if not self._hq_allowed() or not self.ctx.sync.has_link:
            return
        self._seq += 1
        seq = self._seq
        self.hint.setText(self.tr("Searching all stores…"))

        def work() -> list[ResultRow]:
            found = customers.search_all_stores(text, limit=HQ_LIMIT)
            return [ResultRow.from_remote(remote) for remote in found]

        def failed(error: BaseException) -> None:
            # The service already turned the terminal offline on a communication failure.
            if seq != self._seq:
                return
            if isinstance(error, HQUnreachable):
                self.hint.setText(self.tr("HQ could not be reached; only this store's "
                                          "customers are shown."))
            else:
                self.hint.setText(self.tr("HQ search failed: {error}").format(
                    error=error_text(error)))

        self.ctx.net.run(work, lambda rows: self._show(seq, text, rows, "hq"), failed)

    def _hq_reason(self) -> str:
        if not self.ctx.link_up:
            return self.tr("Search all stores needs the HQ link.")
        if len(self.search_box.text().strip()) < HQ_MIN_QUERY:
            return self.tr("Search all stores needs at least %n character(s).", "",
                           HQ_MIN_QUERY)
        return ""

    def _hq_allowed(self) -> bool:
        return not self._hq_reason()

    # -- actions ---------------------------------------------------------------------------

    def selected_row(self) -> ResultRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.model.rows[indexes[0].row()]

    def _update_actions(self, *_args: object) -> None:
        has = self.selected_row() is not None
        self.attach_button.setEnabled(has)
        self.details_button.setEnabled(has)
        reason = self._hq_reason()
        self.hq_button.setEnabled(not reason)
        self.hq_button.setToolTip(reason)
        self.hq_reason.setText(reason)
        create = self.ctx.can_create()
        self.create_button.setEnabled(create.allowed)
        self.create_button.setToolTip("" if create.allowed else domain_text(create.message))

    def _enter(self) -> None:
        self.run_search() if self._debounce.isActive() else self._attach()

    def _create(self) -> None:
        self.create_requested.emit(self.search_box.text().strip())

    def _attach(self, *_args: object) -> None:
        self._with_local_copy(self.attach_requested.emit)

    def _details(self) -> None:
        self._with_local_copy(self.details_requested.emit)

    def _with_local_copy(self, then: Callable[[str], None]) -> None:
        """A customer found at HQ is saved into the offline DB before it is used."""
        row = self.selected_row()
        if row is None:
            return
        if row.source != "hq" or row.remote is None:
            then(row.customer_id)
            return
        remote, customers = row.remote, self.ctx.customers
        self.ctx.writes.run(lambda: customers.adopt(remote).customer_id, then,
                            lambda e: self.hint.setText(error_text(e)))
