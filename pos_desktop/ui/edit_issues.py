"""Edits in the sync worklist (async customer edits, issue 15): a field HQ had also
changed (a conflict: HQ's value stands until someone with the edit permission chooses)
and an edit HQ refused (its reason). The bar under the list acts on the selected one:
"Keep HQ's value" / "Use mine" for a conflict, "Dismiss" for a refused edit; each is
disabled with the reason when the operator's role lacks the edit permission."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from pos_desktop.domain.customer import Customer
from pos_desktop.domain.display import format_phone
from pos_desktop.services.editing import CONFLICT, EditIssue
from pos_desktop.services.events import CustomersChanged
from pos_desktop.ui.context import AppContext
from pos_desktop.ui.forms import WrappingLabel, reason_label, show_reason
from pos_desktop.ui.text import domain_text, error_text, field_label, tr

MAX_VALUE = 60  # characters of a value shown in the list (the tooltip has it all)


def value_text(value: Any) -> str:
    """A field's value as the worklist shows it: text as is, lists and mappings in
    short, nothing as "(empty)"."""
    if value is None or value == "" or value == [] or value == {}:
        return tr("(empty)")
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if isinstance(value, dict):
        if {"street", "city", "zip"} & set(value):  # an address
            return ", ".join(str(value[k]) for k in ("street", "zip", "city")
                             if value.get(k))
        return "; ".join(f"{k}: {value_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(value_text(v) for v in value)
    return str(value)


def short(text: str) -> str:
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def field_value_text(field: str, value: Any) -> str:
    """A value as the details page shows that field (a phone number spaced out; an
    address one side removed, ``addresses.<id>``, as removed)."""
    if field == "phone" and isinstance(value, str) and value:
        return format_phone(value)
    if value is None and field.startswith("addresses.") and field.count(".") == 1:
        return tr("(removed)")
    return short(value_text(value))


def conflict_text(issue: EditIssue, labels: dict[str, str]) -> str:
    """"First name: HQ has “Anna”, this terminal had “Bice”"; a field of one address
    names the address: "Address (Via Roma 1, 20121, Milano): City: …"."""
    label = field_label(issue.field, labels)
    if issue.address:
        head, _, leaf = label.partition(": ")
        label = f"{head} ({short(issue.address)})" + (f": {leaf}" if leaf else "")
    return tr("{field}: HQ has “{hq}”, this terminal had “{mine}”").format(
        field=label, hq=field_value_text(issue.field, issue.hq),
        mine=field_value_text(issue.field, issue.mine))


class ChoiceBar(QFrame):
    """The selected edit issue, and what may be done with it."""

    resolved = Signal(str)  # what was done, for the worklist's message

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.ctx = ctx
        self.issue: EditIssue | None = None
        self._busy = False
        self.text = WrappingLabel()
        self.keep_button = QPushButton(self.tr("&Keep HQ's value"))
        self.keep_button.setProperty("role", "primary")
        self.mine_button = QPushButton(self.tr("&Use mine"))
        self.dismiss_button = QPushButton(self.tr("&Dismiss"))
        self.reason = reason_label()
        self.message = reason_label()
        buttons = QHBoxLayout()
        for button in (self.keep_button, self.mine_button, self.dismiss_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addWidget(self.reason)
        layout.addWidget(self.message)
        self.keep_button.clicked.connect(lambda: self.choose(use_mine=False))
        self.mine_button.clicked.connect(lambda: self.choose(use_mine=True))
        self.dismiss_button.clicked.connect(self.dismiss)
        ctx.operator_changed.connect(self._update)
        ctx.customers_changed.connect(self._config_changed)
        self.show_issue(None, {})

    def show_issue(self, issue: EditIssue | None, labels: dict[str, str]) -> None:
        """Show what the worklist has selected (None: not an edit; the bar hides)."""
        if issue != self.issue:
            show_reason(self.message, "")
        self.issue = issue
        self.setVisible(issue is not None)
        if issue is None:
            return
        conflict = issue.kind == CONFLICT
        if conflict:
            self.text.setText(tr("{name} — {what}").format(
                name=issue.name or issue.customer_id, what=conflict_text(issue, labels)))
        else:
            changed = ", ".join(dict.fromkeys(field_label(f, labels) for f in issue.fields))
            self.text.setText(self.tr(
                "HQ refused this terminal's change of {fields}; HQ's data is shown.").format(
                fields=changed or "—"))
        self.keep_button.setVisible(conflict)
        self.mine_button.setVisible(conflict)
        self.dismiss_button.setVisible(not conflict)
        self._update()

    def _config_changed(self, change: CustomersChanged) -> None:
        if change.config_changed:  # HQ's permissions may have changed: at once
            self._update()

    def _update(self) -> None:
        issue = self.issue
        if issue is None:
            return
        allowed = self._decision(issue)
        for button in (self.keep_button, self.mine_button, self.dismiss_button):
            button.setEnabled(allowed == "" and not self._busy)
            button.setToolTip(allowed)
        show_reason(self.reason, allowed)

    def _decision(self, issue: EditIssue) -> str:
        """Why this operator may not act on it ("" when they may)."""
        if self.ctx.operator is None:
            return self.tr("Sign in to choose.")
        names = (issue.field,) if issue.kind == CONFLICT else (issue.fields or ("",))
        for name in names:
            decision = self.ctx.edits.can_resolve(name, self.ctx.role)
            if not decision.allowed:
                return domain_text(decision.message)
        return ""

    def choose(self, *, use_mine: bool) -> None:
        issue, operator, edits = self.issue, self.ctx.operator, self.ctx.edits
        if issue is None or issue.kind != CONFLICT or operator is None or self._busy:
            return
        if not self.keep_button.isEnabled():
            return
        done = (self.tr("This terminal's value is saved.") if use_mine
                else self.tr("HQ's value is kept."))

        def work() -> Customer | None:
            return edits.resolve_conflict(issue.outbox_id, issue.field, use_mine=use_mine,
                                          operator=operator)

        self._run(work, done)

    def dismiss(self) -> None:
        issue, operator, edits = self.issue, self.ctx.operator, self.ctx.edits
        if issue is None or issue.kind == CONFLICT or operator is None or self._busy:
            return
        if not self.dismiss_button.isEnabled():
            return
        self._run(lambda: edits.dismiss_rejected(issue.outbox_id, operator=operator),
                  self.tr("Dismissed."))

    def _run(self, work: Callable[[], object], done: str) -> None:
        """Through the network runner: "Use mine" is an ordinary edit (HQ when online)."""
        self._busy = True
        self._update()
        self.ctx.net.run(work, lambda _result: self._done(done), self._failed)

    def _done(self, done: str) -> None:
        self._busy = False
        self._update()
        self.resolved.emit(done)

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self._update()
        show_reason(self.message, error_text(error))
