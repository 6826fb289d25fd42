"""The register window: store, HQ link and sync status, customer search as you type."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStatusBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_desktop.domain.customer import CustomerSummary
from pos_desktop.domain.display import display_account
from pos_desktop.terminal import Terminal
from pos_desktop.ui.signals import SyncSignals
from pos_desktop.ui.tasks import TaskRunner

SEARCH_DEBOUNCE_MS = 150
COLUMNS = ("Name", "Account", "Phone", "Email", "City", "State")


class MainWindow(QMainWindow):
    def __init__(self, terminal: Terminal) -> None:
        super().__init__()
        self.terminal = terminal
        self.tasks = TaskRunner(parent=self)
        self.signals = SyncSignals(terminal.link, terminal.worker)
        self._search_seq = 0
        config = terminal.store_config()
        self.setWindowTitle(f"POS Desktop — {config.name}")
        self.resize(1280, 800)

        central = QWidget()
        layout = QVBoxLayout(central)
        header = QLabel(f"<b>{config.name}</b> &nbsp; {config.store_id} · terminal "
                        f"{terminal.terminal_id}")
        header.setObjectName("storeHeader")
        layout.addWidget(header)

        row = QHBoxLayout()
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Search customers: name, phone, email, account, ZIP…")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumHeight(40)
        row.addWidget(self.search_box, 1)
        self.sync_button = QPushButton("Sync now")
        self.sync_button.setMinimumHeight(40)
        row.addWidget(self.sync_button)
        layout.addLayout(row)

        self.hint = QLabel("")
        layout.addWidget(self.hint)
        self.results = QTableWidget(0, len(COLUMNS))
        self.results.setHorizontalHeaderLabels(COLUMNS)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.verticalHeader().setVisible(False)
        self.results.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.results, 1)
        self.setCentralWidget(central)

        self.status = QStatusBar()
        self.link_label = QLabel()
        self.pending_label = QLabel()
        self.last_sync_label = QLabel()
        for widget in (self.link_label, self.pending_label, self.last_sync_label):
            self.status.addPermanentWidget(widget)
        self.setStatusBar(self.status)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._run_search)
        self.search_box.textChanged.connect(lambda _text: self._debounce.start())
        self.sync_button.clicked.connect(self._sync_now)
        self.signals.link_changed.connect(self._show_link)
        self.signals.synced.connect(self._on_synced)
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, self.search_box.setFocus)

        self._show_link(bool(terminal.link and terminal.link.is_up))
        self._refresh_status()
        self.search_box.setFocus()

    # -- search ----------------------------------------------------------------------

    def _run_search(self) -> None:
        text = self.search_box.text()
        self._search_seq += 1
        seq = self._search_seq
        self.tasks.run(
            lambda: self.terminal.customers.search(text),
            lambda results: self._show_results(seq, text, results),
            lambda error: self.hint.setText(f"Search failed: {error}"),
        )

    def _show_results(self, seq: int, text: str, results: list[CustomerSummary]) -> None:
        if seq != self._search_seq:
            return  # a newer query is on its way
        if not text.strip():
            self.hint.setText("")
        elif not results:
            self.hint.setText("No customers found.")
        else:
            self.hint.setText(f"{len(results)} customers")
        self.results.setRowCount(len(results))
        for r, item in enumerate(results):
            values = (item.name, display_account(item.account_number), item.phone,
                      item.email, item.city, item.state)
            for c, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.ItemDataRole.UserRole, item.customer_id)
                self.results.setItem(r, c, cell)

    # -- status ----------------------------------------------------------------------

    @Slot(bool)
    def _show_link(self, up: bool) -> None:
        last = self.terminal.link.last_contact if self.terminal.link else None
        when = f" · last contact {last.astimezone().strftime('%H:%M:%S')}" if last else ""
        self.link_label.setText(("HQ: Online" if up else "HQ: Offline") + when)
        self.link_label.setProperty("online", up)

    def _refresh_status(self) -> None:
        def work() -> tuple[dict[str, int], str | None]:
            store = self.terminal.store
            return store.count_by_state(), store.get_state("last_sync")

        def show(result: tuple[dict[str, int], str | None]) -> None:
            counts, last_sync = result
            self.pending_label.setText(
                f"Pending sync: {counts.get('pending', 0)} · Rejected: {counts.get('rejected', 0)}"
            )
            self.last_sync_label.setText(f"Last sync: {last_sync or 'never'}")
            if self.search_box.text().strip():
                self._run_search()

        self.tasks.run(work, show)

    @Slot(object)
    def _on_synced(self, _report: object) -> None:
        self._refresh_status()

    def _sync_now(self) -> None:
        if self.terminal.worker is not None:
            self.terminal.worker.wake()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.signals.close()
        self.tasks.shutdown()
        super().closeEvent(event)
