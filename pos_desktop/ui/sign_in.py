"""Sign-in: operator ID and password, verified offline against the cached operator hashes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_desktop.services.operators import SignedIn, SignInServices
from pos_desktop.ui.style import icon
from pos_desktop.ui.tasks import TaskRunner
from pos_desktop.ui.text import error_text

if TYPE_CHECKING:
    from pos_desktop.services.bundle import TerminalServices


class SignInPage(QWidget):
    """Needs only the store configuration and the operators: the window shows it while
    the terminal still opens its store (`services` is then a `SignInServices`)."""

    signed_in = Signal(object)  # SignedIn

    def __init__(self, services: SignInServices | TerminalServices, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.services = services
        self.runner = runner  # PBKDF2 runs off the GUI thread
        config = services.store_config()

        card = QFrame()
        card.setObjectName("card")
        card.setFixedWidth(440)
        form = QFormLayout()
        self.operator_edit = QLineEdit()
        self.operator_edit.setPlaceholderText(self.tr("e.g. 1001"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Operator ID"), self.operator_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        self.error_label = QLabel()
        self.error_label.setProperty("kind", "error")
        self.error_label.setWordWrap(True)
        self.sign_in_button = QPushButton(self.tr("Sign in"))
        self.sign_in_button.setProperty("role", "primary")
        self.sign_in_button.setDefault(True)

        title = QLabel(self.tr("POS Desktop"))
        title.setProperty("kind", "title")
        logo = QLabel()
        logo.setPixmap(icon("app").pixmap(48, 48))
        store = QLabel(
            self.tr("{store} · terminal {terminal}").format(
                store=config.name, terminal=services.terminal_id
            )
        )
        store.setProperty("kind", "subtitle")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(12)
        inner.addWidget(logo, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(store, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addLayout(form)
        inner.addWidget(self.error_label)
        inner.addWidget(self.sign_in_button)
        hint = QLabel(self.tr("Sign-in works offline: operators are checked on this terminal."))
        hint.setProperty("kind", "hint")
        hint.setWordWrap(True)
        inner.addWidget(hint)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

        self.sign_in_button.clicked.connect(self.submit)
        self.operator_edit.returnPressed.connect(self.password_edit.setFocus)
        self.password_edit.returnPressed.connect(self.submit)

    def reset(self) -> None:
        self.operator_edit.clear()
        self.password_edit.clear()
        self.error_label.clear()
        self.sign_in_button.setEnabled(True)
        self.operator_edit.setFocus()

    def submit(self) -> None:
        if not self.sign_in_button.isEnabled():
            return
        operator_id = self.operator_edit.text()
        password = self.password_edit.text()
        if not operator_id.strip() or not password:
            self.error_label.setText(self.tr("Enter your operator ID and password."))
            return
        self.hold()
        operators = self.services.operators
        # PBKDF2 takes a moment by design: off the GUI thread.
        self.runner.run(
            lambda: operators.sign_in(operator_id, password),
            self._succeeded,
            self._failed,
        )

    def hold(self) -> None:
        """Checking the password, or (signed in) waiting for the register to open."""
        self.sign_in_button.setEnabled(False)
        self.error_label.setText(self.tr("Checking…"))

    def _succeeded(self, operator: SignedIn) -> None:
        self.password_edit.clear()
        self.error_label.clear()
        self.sign_in_button.setEnabled(True)
        self.signed_in.emit(operator)

    def _failed(self, error: BaseException) -> None:
        self.sign_in_button.setEnabled(True)
        self.password_edit.clear()
        self.password_edit.setFocus()
        self.error_label.setText(error_text(error))
