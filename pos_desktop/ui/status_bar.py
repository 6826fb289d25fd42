"""The status bar: HQ link (Online / Offline, last contact), pending, rejected,
quarantined (only when there are any), last sync."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QStatusBar, QWidget

from pos_desktop.ui.context import AppContext
from pos_desktop.ui.elided_label import ElidedLabel
from pos_desktop.ui.style import icon, set_prop
from pos_desktop.ui.text import domain_text, when_text

COUNTS_EVERY_MS = 10_000
LINK_EVERY_MS = 1_000


class StatusBar(QStatusBar):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setSizeGripEnabled(False)
        # The link state gives way first in a narrow window; Sync now never does.
        self.link_label = ElidedLabel()
        self.link_label.setObjectName("linkLabel")
        self.pending_label = QLabel()
        self.rejected_label = QLabel()
        self.rejected_label.setObjectName("rejectedLabel")
        # Feed records HQ sent that this terminal could not apply (`pos-desktop quarantine`).
        self.quarantine_label = QLabel()
        self.quarantine_label.setObjectName("quarantineLabel")
        self.quarantine_label.setVisible(False)
        self.last_sync_label = QLabel()
        self.sync_button = QPushButton(icon("sync"), self.tr("Sync now"))
        self.sync_button.setToolTip(self.tr("Upload pending customers and fetch updates now"))
        self.sync_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.addWidget(self.link_label, 1)
        for widget in (self.pending_label, self.rejected_label, self.quarantine_label,
                       self.last_sync_label):
            self.addPermanentWidget(widget)
        self.addPermanentWidget(self.sync_button)
        self._counting = False

        self.sync_button.clicked.connect(self._sync_now)
        ctx.link_changed.connect(self._link_changed)
        ctx.synced.connect(self._synced)
        ctx.customers_changed.connect(self.refresh_counts)
        # The monitor only reports changes; last contact moves on every health check.
        self._link_timer = QTimer(self)
        self._link_timer.setInterval(LINK_EVERY_MS)
        self._link_timer.timeout.connect(self.show_link)
        self._link_timer.start()
        self._count_timer = QTimer(self)
        self._count_timer.setInterval(COUNTS_EVERY_MS)
        self._count_timer.timeout.connect(self.refresh_counts)
        self._count_timer.start()
        self.show_link()
        self.refresh_counts()

    def show_link(self) -> None:
        link = self.ctx.terminal.link
        up = self.ctx.link_up
        worker = self.ctx.terminal.worker
        refused = worker.auth_error if worker is not None else None
        if refused is not None:
            # HQ refused the device token: sync has stopped until the terminal is
            # activated again, and that is the one thing to tell.
            self.link_label.setText(domain_text(refused.message))
            set_prop(self.link_label, "online", False)
            return
        if link is not None and link.forced_offline:
            text = self.tr("HQ: Offline (manual)")
        elif up:
            text = self.tr("HQ: Online")
        else:
            text = self.tr("HQ: Offline")
        last = link.last_contact if link is not None else None
        text += " · " + self.tr("last contact {when}").format(when=when_text(last))
        self.link_label.setText(text)
        set_prop(self.link_label, "online", up)

    def _link_changed(self, _up: bool) -> None:
        self.show_link()
        self.refresh_counts()

    def _synced(self, _report: object) -> None:
        self.sync_button.setEnabled(True)
        # A quiet cycle does not recount customers (context.py), but it did sync just now.
        self.last_sync_label.setText(self.tr("Last sync: {when}").format(
            when=when_text(datetime.now(UTC))))

    def refresh_counts(self) -> None:
        if self._counting:
            return
        self._counting = True
        store = self.ctx.terminal.store
        self.ctx.reads.run(
            lambda: (store.count_by_state(), store.get_state("last_sync"),
                     store.quarantine_count()),
            self._show_counts,
            self._count_failed,
        )

    def _show_counts(self, result: tuple[dict[str, int], str | None, int]) -> None:
        self._counting = False
        counts, last_sync, quarantined = result
        pending, rejected = counts.get("pending", 0), counts.get("rejected", 0)
        self.pending_label.setText(self.tr("Pending sync: {n}").format(n=pending))
        self.rejected_label.setText(self.tr("Rejected: {n}").format(n=rejected))
        set_prop(self.rejected_label, "alert", rejected > 0)
        self.quarantine_label.setText(self.tr("Quarantined: {n}").format(n=quarantined))
        set_prop(self.quarantine_label, "alert", quarantined > 0)
        self.quarantine_label.setVisible(quarantined > 0)
        self.last_sync_label.setText(self.tr("Last sync: {when}").format(when=when_text(last_sync)))

    def _count_failed(self, _error: BaseException) -> None:
        self._counting = False

    def _sync_now(self) -> None:
        self.ctx.sync_now()
        self.last_sync_label.setText(self.tr("Last sync: requested…"))

    def stop(self) -> None:
        self._link_timer.stop()
        self._count_timer.stop()
