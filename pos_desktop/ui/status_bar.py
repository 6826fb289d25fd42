"""The status bar: HQ link (Online / Offline, last contact), pending, rejected,
quarantined (only when there are any), last sync.

Nothing is polled: the link monitor pushes every change of the link (and every contact
with HQ), and the counts are read again when a change event says they moved."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QStatusBar, QWidget

from pos_desktop.services.events import CustomersChanged, LinkStatus
from pos_desktop.services.sync_status import SyncCounts
from pos_desktop.ui.context import AppContext
from pos_desktop.ui.elided_label import ElidedLabel
from pos_desktop.ui.style import icon, set_prop
from pos_desktop.ui.text import domain_text, when_text


class CountLabel(QLabel):
    """A count that opens the Sync worklist, filtered to what it counts, when clicked."""

    clicked = Signal(str)

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.kind)
        super().mouseReleaseEvent(event)


class StatusBar(QStatusBar):
    worklist_requested = Signal(str)  # pending | rejected | conflict | quarantined

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setSizeGripEnabled(False)
        # The link state gives way first in a narrow window; Sync now never does.
        self.link_label = ElidedLabel()
        self.link_label.setObjectName("linkLabel")
        self.pending_label = CountLabel("pending")
        self.rejected_label = CountLabel("rejected")
        self.rejected_label.setObjectName("rejectedLabel")
        # Feed records HQ sent that this terminal could not apply (`pos-desktop quarantine`).
        self.quarantine_label = CountLabel("quarantined")
        self.quarantine_label.setObjectName("quarantineLabel")
        self.quarantine_label.setVisible(False)
        # Fields of this terminal's edits HQ had also changed (async customer edits).
        self.conflict_label = CountLabel("conflict")
        self.conflict_label.setObjectName("conflictLabel")
        self.conflict_label.setVisible(False)
        self.last_sync_label = QLabel()
        # The start-up damage check runs after the window shows; saves wait for it.
        self.check_label = QLabel(self.tr("Checking the database…"))
        self.check_label.setObjectName("checkLabel")
        self.check_label.setToolTip(self.tr("Saving waits until the check has finished."))
        self.check_label.setVisible(ctx.services.database_checking())
        # After an upgrade that freed much of the file: compacted once, on the writer.
        self.compact_label = QLabel(
            self.tr("Compacting the customer database after the update…"))
        self.compact_label.setObjectName("compactLabel")
        self.compact_label.setToolTip(self.tr(
            "This can take a minute or two. Searching works meanwhile; saving waits "
            "until it has finished."))
        self.compact_label.setVisible(ctx.services.maintenance.compacting)
        self.sync_button = QPushButton(icon("sync"), self.tr("Sync now"))
        self.sync_button.setToolTip(self.tr("Upload pending customers and fetch updates now"))
        self.sync_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.addWidget(self.link_label, 1)
        for widget in (self.check_label, self.compact_label, self.pending_label,
                       self.rejected_label, self.conflict_label,
                       self.quarantine_label, self.last_sync_label):
            self.addPermanentWidget(widget)
        self.addPermanentWidget(self.sync_button)
        self._counting = False
        self._recount = False  # asked again while counting: count once more after

        self.sync_button.clicked.connect(self._sync_now)
        for label in (self.pending_label, self.rejected_label, self.conflict_label,
                      self.quarantine_label):
            label.setToolTip(self.tr("Open the sync worklist (F6)"))
            label.clicked.connect(self.worklist_requested)
        ctx.status_changed.connect(self.show_link)
        ctx.link_changed.connect(self._link_changed)
        ctx.synced.connect(self._synced)
        ctx.customers_changed.connect(self._customers_changed)
        ctx.database_checked.connect(lambda _damage: self.check_label.setVisible(False))
        ctx.database_compaction.connect(self.compact_label.setVisible)
        self.show_link()
        self.refresh_counts()

    def show_link(self, status: LinkStatus | None = None) -> None:
        status = status or self.ctx.sync.link_status()
        if status.device_problem:
            # HQ refused the device token: sync has stopped until the terminal is
            # activated again, and that is the one thing to tell.
            self.link_label.setText(domain_text(status.device_problem))
            set_prop(self.link_label, "online", False)
            return
        if status.forced_offline:
            text = self.tr("HQ: Offline (manual)")
        elif status.up:
            text = self.tr("HQ: Online")
        else:
            text = self.tr("HQ: Offline")
        text += " · " + self.tr("last contact {when}").format(when=when_text(status.last_contact))
        self.link_label.setText(text)
        set_prop(self.link_label, "online", status.up)

    def _link_changed(self, _up: bool) -> None:
        self.refresh_counts()

    def _customers_changed(self, change: CustomersChanged) -> None:
        if change.counts_changed or change.config_changed or change.ids is None:
            self.refresh_counts()

    def _synced(self, _report: object) -> None:
        self.sync_button.setEnabled(True)
        # A quiet cycle does not recount customers (context.py), but it did sync just now.
        self.last_sync_label.setText(self.tr("Last sync: {when}").format(
            when=when_text(datetime.now(UTC))))

    def refresh_counts(self) -> None:
        if self._counting:
            self._recount = True
            return
        self._counting = True
        self.ctx.reads.run(self.ctx.sync.counts, self._show_counts, self._count_failed)

    def _show_counts(self, counts: SyncCounts) -> None:
        self._count_done()
        # Customers whose data HQ does not have yet: new ones, and (async customer
        # edits) ones changed here; the worklist's "Pending sync" lists the same.
        pending, rejected = counts.waiting, counts.rejected + counts.rejected_edits
        quarantined, last_sync = counts.quarantined, counts.last_sync
        self.pending_label.setText(self.tr("Pending sync: %n", "", pending))
        opens = self.tr("Open the sync worklist (F6)")
        self.pending_label.setToolTip(opens if not counts.changed else self.tr(
            "New customers: {new} · Customers with changes: {changed}").format(
            new=counts.pending, changed=counts.changed) + "\n" + opens)
        self.rejected_label.setText(self.tr("Rejected: %n", "", rejected))
        set_prop(self.rejected_label, "alert", rejected > 0)
        self.conflict_label.setText(self.tr("Conflicts: %n", "", counts.conflicts))
        set_prop(self.conflict_label, "alert", counts.conflicts > 0)
        self.conflict_label.setVisible(counts.conflicts > 0)
        self.quarantine_label.setText(self.tr("Quarantined: %n", "", quarantined))
        set_prop(self.quarantine_label, "alert", quarantined > 0)
        self.quarantine_label.setVisible(quarantined > 0)
        self.last_sync_label.setText(self.tr("Last sync: {when}").format(when=when_text(last_sync)))

    def _count_failed(self, _error: BaseException) -> None:
        self._count_done()

    def _count_done(self) -> None:
        self._counting = False
        if self._recount:
            self._recount = False
            self.refresh_counts()

    def _sync_now(self) -> None:
        self.ctx.sync_now()
        self.last_sync_label.setText(self.tr("Last sync: requested…"))
