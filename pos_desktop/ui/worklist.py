"""The Sync worklist: customers waiting for HQ, customers HQ rejected (with its reason),
change-feed records this terminal quarantined and, with async customer edits, customers
whose changes made here wait for HQ ("Change pending sync"), edits HQ merged with a
conflict (one row per field: both values, choose one) or refused.
Keyboard-first: the list has the focus, Enter opens a customer on the details page (to
correct and resubmit it), Esc goes back; the bar below acts on a selected edit. The data
comes from `SyncStatusService.worklist()` / `quarantined()` and `EditService.issues()`,
read off the GUI thread, and again whenever a change event says the counts moved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_desktop.domain.customer import RejectionReason, SyncState
from pos_desktop.services.editing import CONFLICT, EditIssue
from pos_desktop.services.events import CustomersChanged
from pos_desktop.services.sync_status import moment
from pos_desktop.ui.context import AppContext
from pos_desktop.ui.edit_issues import ChoiceBar, conflict_text
from pos_desktop.ui.forms import reason_label, show_reason
from pos_desktop.ui.style import icon
from pos_desktop.ui.text import (
    change_pending_text,
    domain_text,
    field_label,
    rejection_text,
    tr,
)

ALL, PENDING, REJECTED, QUARANTINED = "all", "pending", "rejected", "quarantined"
REASON = 5  # the column of HQ's reason (stretches)
COLOURS = {PENDING: "#9a6700", REJECTED: "#b3261e", QUARANTINED: "#b3261e",
           CONFLICT: "#b3261e"}


@dataclass(frozen=True)
class WorkRow:
    kind: str  # PENDING | REJECTED | QUARANTINED
    customer_id: str
    name: str
    since: datetime | None
    reason: str
    details: tuple[RejectionReason, ...] = ()
    created_by: str | None = None  # operator id; "": nobody signed in (command line)
    created_by_name: str = ""
    issue: EditIssue | None = None  # an edit HQ merged with a conflict or refused
    changes: tuple[str, ...] = ()  # a synced customer's fields changed here, not at HQ yet

    @classmethod
    def of_issue(cls, issue: EditIssue) -> WorkRow:
        kind = CONFLICT if issue.kind == CONFLICT else REJECTED
        return cls(kind, issue.customer_id, issue.name, moment(issue.since), issue.reason,
                   issue.details, issue.operator_id, issue.operator_name, issue=issue)


class WorklistPage(QWidget):
    back_requested = Signal()
    details_requested = Signal(str)  # customer_id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.ctx = ctx
        self.rows: list[WorkRow] = []
        self.shown: list[WorkRow] = []
        self._seq = 0
        self._labels: dict[str, str] = {}

        header = self._build_header()
        self._build_table()
        body = QVBoxLayout()
        body.setContentsMargins(16, 8, 16, 16)
        body.addWidget(self.count_label)
        body.addWidget(self.hint)
        body.addWidget(self.done_label)
        body.addWidget(self.table, 1)
        body.addWidget(self.choice)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(header)
        layout.addLayout(body, 1)

        self.back_button.clicked.connect(self.back_requested)
        self.open_button.clicked.connect(self.open_selected)
        self.filter_box.currentIndexChanged.connect(self._show)
        self.table.itemSelectionChanged.connect(self._update_actions)
        self.table.activated.connect(self.open_selected)
        ctx.customers_changed.connect(self._customers_changed)
        self.choice.resolved.connect(self._resolved)

    def _build_header(self) -> QFrame:
        header = QFrame()
        header.setObjectName("header")
        self.back_button = QPushButton(icon("back"), self.tr("Back"))
        title = QLabel(self.tr("Sync worklist"))
        title.setProperty("kind", "title")
        show = QLabel(self.tr("&Show:"))
        self.filter_box = QComboBox()
        for key, text in ((ALL, self.tr("Everything")), (PENDING, tr("Pending sync")),
                          (REJECTED, tr("Rejected by HQ")), (CONFLICT, self.tr("Conflicts")),
                          (QUARANTINED, self.tr("Quarantined"))):
            self.filter_box.addItem(text, key)
        show.setBuddy(self.filter_box)
        self.open_button = QPushButton(icon("details"), self.tr("Open"))
        self.open_button.setProperty("role", "primary")
        self.open_button.setToolTip(self.tr("Open the customer to correct it (Enter)"))
        row = QHBoxLayout(header)
        row.setContentsMargins(12, 8, 12, 8)
        row.addWidget(self.back_button)
        row.addWidget(title, 1)
        row.addWidget(show)
        row.addWidget(self.filter_box)
        row.addWidget(self.open_button)
        return header

    def _build_table(self) -> None:
        self.count_label = QLabel()
        self.count_label.setProperty("kind", "subtitle")
        self.hint = QLabel()
        self.hint.setProperty("kind", "hint")
        self.hint.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([
            self.tr("Customer"), self.tr("State"), self.tr("Age"), self.tr("Created by"),
            self.tr("Terminal"), self.tr("Reason")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        heads = self.table.horizontalHeader()
        for column in range(REASON):
            heads.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        heads.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.choice = ChoiceBar(self.ctx)
        self.done_label = reason_label()  # what the last choice did

    # -- loading -----------------------------------------------------------------------

    def open(self, kind: str = ALL) -> None:
        """Show the page (filtered to `kind`) and read the lists again."""
        self.filter_box.setCurrentIndex(max(0, self.filter_box.findData(kind)))
        show_reason(self.done_label, "")
        self.refresh()
        self.table.setFocus()

    def refresh(self) -> None:
        self._seq += 1
        seq = self._seq
        sync, edits = self.ctx.sync, self.ctx.edits

        def work() -> list[WorkRow]:
            rows = [WorkRow(PENDING if item.state is SyncState.PENDING else REJECTED,
                            item.customer_id, item.name, item.created_at, item.reason,
                            item.details, item.created_by, item.created_by_name)
                    for item in sync.worklist()]
            rows += [WorkRow(PENDING, item.customer_id, item.name, item.created_at, "",
                             created_by=item.created_by, created_by_name=item.created_by_name,
                             changes=item.changes)
                     for item in sync.changed_customers()]
            rows += [WorkRow(QUARANTINED, str(r.get("customer_id") or ""), "",
                             moment(r.get("received_at")), str(r.get("reason") or ""))
                     for r in sync.quarantined()]
            rows += [WorkRow.of_issue(issue) for issue in edits.issues()]
            return rows

        self.ctx.reads.run(work, lambda rows: self._loaded(seq, rows))

    def _loaded(self, seq: int, rows: list[WorkRow]) -> None:
        if seq != self._seq:
            return
        self.rows = rows
        self._show()

    def _customers_changed(self, change: CustomersChanged) -> None:
        if self.isVisible() and (change.counts_changed or change.ids is None):
            self.refresh()

    # -- showing -----------------------------------------------------------------------

    def _show(self, *_args: object) -> None:
        kind = self.filter_box.currentData()
        current = self.selected()
        self.shown = [r for r in self.rows if kind in (ALL, r.kind)]
        self.table.setRowCount(len(self.shown))
        now = datetime.now(UTC)
        self._labels = self._attribute_labels()
        for index, row in enumerate(self.shown):
            self._fill(index, row, now)
        self.table.resizeRowsToContents()
        keep = next((i for i, r in enumerate(self.shown) if current and r == current), 0)
        if self.shown:
            self.table.selectRow(keep)
        self.count_label.setText(self.tr("%n record(s)", "", len(self.shown)))
        self.hint.setText(self._hint())
        self._update_actions()

    def _hint(self) -> str:
        if not self.shown:
            return self.tr("Nothing to work on.")
        if any(r.kind == CONFLICT for r in self.shown):
            return self.tr("Conflicts: another change reached HQ first, so HQ's value "
                           "stands; keep it or use this terminal's value.")
        return self.tr("Rejected customers: open one (Enter), correct it and resubmit it. "
                       "Pending ones go to HQ by themselves when the link is up.")

    def _fill(self, index: int, row: WorkRow, now: datetime) -> None:
        state = {PENDING: tr("Pending sync"), REJECTED: tr("Rejected by HQ"),
                 QUARANTINED: self.tr("Quarantined"), CONFLICT: self.tr("Conflict")}[row.kind]
        if row.kind == REJECTED and row.issue is not None:
            state = self.tr("Change rejected by HQ")
        elif row.changes:
            state = change_pending_text()
        name = row.name or row.customer_id or self.tr("Unreadable record")
        if row.kind == CONFLICT and row.issue is not None:
            reason = conflict_text(row.issue, self._labels)
        elif row.kind == REJECTED:
            reason = rejection_text(row.reason, self._labels, row.details)
        elif row.changes:
            reason = self.tr("Changed: {fields}").format(fields=", ".join(
                dict.fromkeys(field_label(f, self._labels) for f in row.changes)))
        else:
            reason = row.reason
        terminal = self.ctx.services.terminal_id if row.kind != QUARANTINED else ""
        values = (name, state, self.age_text(row.since, now), self.creator_text(row),
                  terminal, reason)
        for column, text in enumerate(values):
            item = QTableWidgetItem(text)
            if column == 1:
                item.setForeground(QBrush(QColor(COLOURS[row.kind])))
            if column == REASON:
                item.setToolTip(text)
            self.table.setItem(index, column, item)

    def _attribute_labels(self) -> dict[str, str]:
        return {d.name: domain_text(d.label or d.name)
                for d in self.ctx.store_config().attribute_definitions}

    def creator_text(self, row: WorkRow) -> str:
        """Who created it here: the operator's name (id); the command line when nobody
        was signed in; nothing when not known (stored before this was recorded)."""
        if row.kind == QUARANTINED or row.created_by is None:
            return ""
        if not row.created_by:
            return self.tr("command line")
        if row.created_by_name and row.created_by_name != row.created_by:
            return self.tr("{name} ({id})").format(name=row.created_by_name, id=row.created_by)
        return row.created_by

    def age_text(self, since: datetime | None, now: datetime) -> str:
        if since is None:
            return ""
        moment = since if since.tzinfo else since.replace(tzinfo=UTC)
        minutes = max(0, int((now - moment).total_seconds() // 60))
        if minutes < 60:
            return self.tr("%n min", "", minutes)
        if minutes < 48 * 60:
            return self.tr("%n h", "", minutes // 60)
        return self.tr("%n d", "", minutes // (24 * 60))

    def selected(self) -> WorkRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.shown):
            return None
        return self.shown[rows[0].row()]

    def _update_actions(self) -> None:
        row = self.selected()
        self.open_button.setEnabled(row is not None and row.kind != QUARANTINED)
        self.choice.show_issue(row.issue if row is not None else None, self._labels)

    def _resolved(self, done: str) -> None:
        """A conflict was resolved (or a refused edit dismissed): its row goes."""
        self.refresh()
        show_reason(self.done_label, done)
        self.table.setFocus()

    def open_selected(self, *_args: object) -> None:
        row = self.selected()
        if row is not None and row.kind != QUARANTINED:
            self.details_requested.emit(row.customer_id)
