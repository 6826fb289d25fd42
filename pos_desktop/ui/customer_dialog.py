"""The New customer dialog, opened by Customer add (register) and Create customer (search).

The draft keeps one client-generated customer_id for the dialog's whole life, so a retry
after a timeout can never create a second customer at HQ.
"""

from __future__ import annotations

import contextlib
import re

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_desktop.domain.customer import AddressPurpose, Customer, CustomerType
from pos_desktop.domain.defaults import blank_address
from pos_desktop.domain.display import format_phone
from pos_desktop.domain.errors import ActionRefused, FieldError, ValidationFailed
from pos_desktop.domain.limitations import (
    enhanced_fields_allowed,
    secondary_contacts_allowed,
    several_addresses_allowed,
)
from pos_desktop.domain.modes import CreationMode, explain_mode
from pos_desktop.services.customers import CreateResult
from pos_desktop.services.duplicates import EMAIL, NAME_ZIP, PHONE, Duplicate
from pos_desktop.ui.address_list import AddressesEditor
from pos_desktop.ui.context import AppContext
from pos_desktop.ui.customer_fields import CustomerFields
from pos_desktop.ui.forms import (
    AddressForm,
    FieldErrors,
    error_label,
    reason_label,
    reveal,
    show_reason,
)
from pos_desktop.ui.geometry import resize_to_fit
from pos_desktop.ui.style import icon, set_prop
from pos_desktop.ui.text import account_text, domain_text, error_text, tr

CHECK_DEBOUNCE_MS = 200
DUPLICATE_DEBOUNCE_MS = 400
PHONE_LIKE = re.compile(r"^\+?[\d\s\-/().]{4,}$")


ACCOUNT_LIKE = re.compile(r"^[A-Za-z]{0,3}\d{3,}$")


def prefill_from(text: str) -> dict[str, str]:
    """What the search text looks like: a phone number, an email, or a name.

    One word is taken as the last name (cashiers search by surname); something shaped
    like an account or card number prefills nothing.
    """
    text = text.strip()
    if not text:
        return {}
    if PHONE_LIKE.match(text) and sum(c.isdigit() for c in text) >= 4:
        return {"phone": text}
    if "@" in text:
        return {"email": text}
    if ACCOUNT_LIKE.match(text):
        return {}
    fix = str.title if text.islower() else str
    words = text.split()
    if len(words) == 1:
        return {"last_name": fix(words[0]), "name": text}
    first, last = " ".join(words[:-1]), words[-1]
    return {"first_name": fix(first), "last_name": fix(last), "name": text}


DIALOG_SIZE = QSize(1240, 700)  # at 1280x800 it fits with its title bar (~740 px usable)


class NewCustomerDialog(QDialog):
    """Emits `customer_ready(customer_id)` with the new customer or the existing one chosen."""

    customer_ready = Signal(str)

    def __init__(self, ctx: AppContext, search_text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.service = ctx.customers
        self.config = ctx.store_config()
        self.setWindowTitle(self.tr("New customer"))
        self.setModal(True)
        resize_to_fit(self, DIALOG_SIZE.width(), DIALOG_SIZE.height())
        self.mode = self.service.creation_mode()
        self.base = self.service.new_draft()
        # not `result`: that would shadow QDialog.result()
        self.created: CreateResult | None = None
        self.chosen_id: str | None = None
        self.touched: set[str] = set()
        self.show_all_errors = False
        self._saving = False
        self._dup_seq = 0
        self.duplicates: list[Duplicate] = []
        self.discard_question: QMessageBox | None = None  # open while asking

        self._build_form()
        self._set_tab_order()
        self._load_draft(self.base, prefill_from(search_text))
        self._start_timers()
        self._wire_changes()
        self._wire_signals()
        self._apply_mode()
        self._type_changed()
        self.fields.first_input().setFocus()
        self._opened = self._snapshot()  # what "untouched" means: Esc closes at once
        if search_text.strip():
            self._dup_timer.start()

    # -- building the form -------------------------------------------------------------

    def _build_form(self) -> None:
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.general_errors = error_label()
        self.errors = FieldErrors(self.general_errors)

        self.fields = CustomerFields(self.config, self.errors, new=True,
                                     address=self._address_box())
        self._narrow_combos()

        self.duplicates_frame = QFrame()
        self.duplicates_frame.setObjectName("duplicates")
        self.duplicates_box = QVBoxLayout(self.duplicates_frame)
        self.duplicates_box.setContentsMargins(12, 8, 12, 8)
        self.duplicates_frame.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.banner)
        layout.addWidget(self.fields, 1)
        layout.addWidget(self.duplicates_frame)
        layout.addLayout(self._build_buttons())

    def _build_buttons(self) -> QHBoxLayout:
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAutoDefault(False)
        self.save_button = QPushButton(icon("save"), self.tr("Save customer"))
        self.save_button.setProperty("role", "primary")
        self.save_button.setDefault(True)
        self.save_reason = reason_label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_reason, 1)
        buttons.addWidget(self.general_errors, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        return buttons

    def _narrow_combos(self) -> None:
        # Longer labels (French, Estonian...) must not push the columns past the window:
        # combo boxes take their width from the column, not from their longest item.
        for combo in self.fields.findChildren(QComboBox):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)

    def _address_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Addresses"))
        layout = QVBoxLayout(box)
        self.addresses = AddressesEditor(self.config, self.errors)
        layout.addWidget(self.addresses)
        return box

    @property
    def address(self) -> AddressForm:
        """The first address (the primary one until the operator chooses another)."""
        return self.addresses.forms[0]

    def _set_tab_order(self) -> None:
        chain = [*self.fields.focus_chain(self.addresses.focus_widgets()), self.save_button,
                 self.cancel_button]
        for first, second in zip(chain, chain[1:], strict=False):
            self.setTabOrder(first, second)

    def _load_draft(self, draft: Customer, prefill: dict[str, str]) -> None:
        fields = self.fields
        fields.set_customer(draft)
        if fields.is_person:
            fields.first_name.setText(prefill.get("first_name", draft.first_name))
            fields.last_name.setText(prefill.get("last_name", draft.last_name))
        else:
            fields.organization_name.setText(prefill.get("name", draft.organization_name))
        fields.email.setText(prefill.get("email", draft.email))
        fields.phone.setText(prefill.get("phone", draft.phone))
        self.addresses.add(blank_address(draft.customer_type, self.config, primary=True),
                           focus=False)
        self._narrow_combos()

    def _start_timers(self) -> None:
        """The debounce timers: field checks, and the search for likely duplicates."""
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DEBOUNCE_MS)
        self._check_timer.timeout.connect(self.run_check)
        self._dup_timer = QTimer(self)
        self._dup_timer.setSingleShot(True)
        self._dup_timer.setInterval(DUPLICATE_DEBOUNCE_MS)
        self._dup_timer.timeout.connect(self.find_duplicates)

    def _wire_signals(self) -> None:
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        QShortcut(QKeySequence(Qt.Key.Key_Enter), self, self.save)
        self.ctx.link_changed.connect(self._link_changed)
        self.addresses.tabs.currentChanged.connect(lambda _i: self._set_tab_order())

    def _wire_changes(self) -> None:
        fields = self.fields
        fields.touched.connect(self._touched)
        fields.changed.connect(self._changed)
        fields.type_changed.connect(self._type_changed)
        self.addresses.edited.connect(self._changed)
        self.addresses.changed.connect(self._addresses_changed)
        self.addresses.zip_changed.connect(self._dup_timer.start)
        for edit in (fields.first_name, fields.last_name, fields.organization_name,
                     fields.email, fields.phone):
            edit.textChanged.connect(lambda _t: self._dup_timer.start())

    # -- reacting to input ---------------------------------------------------------------

    def _touched(self, path: str) -> None:
        if path.startswith("addresses."):
            self.addresses.mark_touched(path)  # kept by its address: paths move on removal
        else:
            self.touched.add(path)
        self._changed()

    def _addresses_changed(self) -> None:
        self._narrow_combos()  # an added address's combos too
        self._set_tab_order()
        self._changed()

    def _changed(self) -> None:
        self._check_timer.start()

    def _type_changed(self) -> None:
        # The default purpose follows the type unless the cashier picked one.
        person = self.fields.is_person
        self.addresses.set_type(CustomerType.PERSON if person else CustomerType.ORGANIZATION)
        self._changed()

    def _link_changed(self, _up: bool) -> None:
        self.mode = self.service.creation_mode()
        self._apply_mode()
        self._changed()

    def _apply_mode(self) -> None:
        _key, text = explain_mode(self.mode)
        self.banner.setText(domain_text(text))
        set_prop(self.banner, "mode", self.mode.value)
        features, is_async = self.config.features, self.mode.is_async
        self.fields.show_limits(enhanced_fields_allowed(features, is_async=is_async),
                                secondary_contacts_allowed(features, is_async=is_async))
        self.addresses.set_add_allowed(several_addresses_allowed(features, is_async=is_async))
        blocked = self.mode is CreationMode.BLOCKED
        self.save_button.setEnabled(not blocked and not self._saving)
        show_reason(self.save_reason, self.tr("Saving is unavailable until the HQ link returns.")
                    if blocked else "")

    # -- the draft and its checks --------------------------------------------------------

    def draft(self) -> Customer:
        draft = self.fields.customer(self.base)  # same customer_id for every attempt
        draft.addresses = self.addresses.addresses()  # same address ids too
        return draft

    def run_check(self) -> list[FieldError]:
        errors = self.service.check(self.draft(), self.mode) if not self._blocked() else []
        only = None if self.show_all_errors else self._visible_paths()
        self.errors.show(errors, only)
        return errors

    def _visible_paths(self) -> set[str]:
        paths = set(self.touched) | self.addresses.touched_paths()
        if "contacts" in paths:
            paths.update(p for p in self.errors.fields if p.startswith("contacts"))
        return paths

    def _blocked(self) -> bool:
        return self.mode is CreationMode.BLOCKED

    # -- likely duplicates -------------------------------------------------------------------

    def find_duplicates(self) -> None:
        self._dup_seq += 1
        seq = self._dup_seq
        draft = self.draft()
        finder = self.ctx.duplicates
        self.ctx.net.run(
            lambda: finder.find(draft),
            lambda found: self._show_duplicates(seq, found),
            lambda _e: None,
        )

    def _show_duplicates(self, seq: int, found: list[Duplicate]) -> None:
        if seq != self._dup_seq:
            return
        self.duplicates = found
        while (item := self.duplicates_box.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
            elif (inner := item.layout()) is not None:
                while (child := inner.takeAt(0)) is not None:
                    if (grandchild := child.widget()) is not None:
                        grandchild.deleteLater()
        if not found:
            self.duplicates_frame.hide()
            return
        title = QLabel(self.tr("Possible duplicates — is the customer already known?"))
        title.setStyleSheet("font-weight: 600;")
        self.duplicates_box.addWidget(title)
        reasons = {PHONE: tr("same phone"), EMAIL: tr("same email"),
                   NAME_ZIP: tr("same name and ZIP")}
        for duplicate in found[:3]:
            row = QHBoxLayout()
            where = tr("all stores (HQ)") if duplicate.source == "hq" else tr("this store")
            text = QLabel(
                f"<b>{duplicate.name}</b> · {account_text(duplicate.account_number)} · "
                f"{format_phone(duplicate.phone) or '—'} · {duplicate.email or '—'} · "
                f"{duplicate.city or '—'}"
                f" — {', '.join(reasons[r] for r in duplicate.reasons)} ({where})")
            text.setWordWrap(True)
            use = QPushButton(self.tr("Use this customer instead"))
            use.setAutoDefault(False)
            use.clicked.connect(lambda _c=False, d=duplicate: self.use_existing(d))
            row.addWidget(text, 1)
            row.addWidget(use)
            self.duplicates_box.addLayout(row)
        self.duplicates_frame.show()

    def use_existing(self, duplicate: Duplicate) -> None:
        if duplicate.source != "hq" or duplicate.hq_data is None:
            self._finish_existing(duplicate.customer_id)
            return
        data, service = duplicate.hq_data, self.service
        self.ctx.writes.run(lambda: service.adopt(data).customer_id, self._finish_existing,
                            self._save_failed)

    def _finish_existing(self, customer_id: str) -> None:
        self.chosen_id = customer_id
        self.customer_ready.emit(customer_id)
        self.accept()

    # -- saving ---------------------------------------------------------------------------

    def save(self) -> None:
        if self._saving or self._blocked() or not self.save_button.isEnabled():
            return
        self.show_all_errors = True
        errors = self.run_check()
        if errors:
            self._focus_first_error(errors)
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.save_button.setText(self.tr("Saving…"))
        draft, operator = self.draft(), self.ctx.operator
        self.ctx.net.run(lambda: self.service.create_customer(draft, operator=operator),
                         self._saved, self._save_failed)

    def _saved(self, result: CreateResult) -> None:
        self._saving = False
        self.created = result  # the service told the views what changed
        self.customer_ready.emit(result.customer.customer_id)
        self.accept()

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setText(self.tr("Save customer"))
        self.mode = self.service.creation_mode()
        self._apply_mode()
        if isinstance(error, ValidationFailed):
            self._focus_first_error(error.errors)
        elif isinstance(error, ActionRefused):
            self.general_errors.setText(error_text(error))
            self.general_errors.show()
        else:
            self.general_errors.setText(error_text(error))
            self.general_errors.show()

    def _focus_first_error(self, errors: list[FieldError]) -> None:
        """Every error shows; the first field in error comes into view (its tab, its
        address) and takes the focus."""
        first = self.errors.show(errors)
        if first is None and any(e.field == "addresses" for e in errors):
            first = self.addresses.tabs.tabBar()  # e.g. more addresses than async allows
        if first is not None:
            reveal(first)
            first.setFocus()

    # -- closing --------------------------------------------------------------------------

    def _snapshot(self) -> tuple[object, ...]:
        return (self.fields.is_person, self.fields.state(), self.addresses.snapshot())

    def is_touched(self) -> bool:
        """Whether the operator changed anything since the dialog opened."""
        return self._snapshot() != self._opened

    def reject(self) -> None:
        """Esc and Cancel: an untouched dialog closes at once; typed data is only discarded
        after the operator says so (Discard / Keep editing)."""
        if self._saving:
            return  # the save is on its way; its answer closes the dialog
        if self.discard_question is not None:
            return
        if self.is_touched():
            self._ask_discard()
            return
        super().reject()

    def discard(self) -> None:
        """Close without asking (the operator chose Discard, or the session ends)."""
        if self.discard_question is not None:
            self.discard_question.done(0)
        super().reject()

    def _ask_discard(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("New customer"),
                          self.tr("Discard this new customer?"),
                          QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText(self.tr("What you typed will be lost."))
        discard = box.addButton(self.tr("&Discard"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("&Keep editing"), QMessageBox.ButtonRole.RejectRole)
        discard.setProperty("role", "danger")
        box.setDefaultButton(keep)  # Enter keeps the data; Esc too
        box.setEscapeButton(keep)
        self.discard_question = box
        box.finished.connect(lambda _r: self._answered(box.clickedButton() is discard))
        box.open()

    def _answered(self, discard: bool) -> None:
        self.discard_question = None
        if discard:
            super().reject()

    def done(self, result: int) -> None:
        self._check_timer.stop()
        self._dup_timer.stop()
        self._dup_seq += 1  # a late duplicate answer is dropped
        with contextlib.suppress(RuntimeError, TypeError):
            self.ctx.link_changed.disconnect(self._link_changed)
        super().done(result)


__all__ = ["NewCustomerDialog", "prefill_from", "AddressPurpose"]
