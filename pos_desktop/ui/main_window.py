"""The register window: sign-in, register, customer search and details on one stack,
with the status bar below. Geometry is remembered in the terminal's data dir.

The register's start shows the window before the terminal has opened its store: built
from `SignInServices` (the cached store configuration), it holds only the sign-in page;
`open_register` adds the rest once the terminal's services are there. An operator who
signs in before that waits on the sign-in page ("Checking…") and goes straight on.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from pos_desktop.domain.store import StoreConfig
from pos_desktop.services.operators import SignedIn, SignInServices
from pos_desktop.ui.focus import reclaim
from pos_desktop.ui.i18n import (
    LANGUAGES,
    current_language,
    ensure_installed,
    install,
    store_language,
)
from pos_desktop.ui.sign_in import SignInPage
from pos_desktop.ui.style import apply_style, icon
from pos_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:  # imported when the register opens: not on the sign-in screen's path
    from pos_desktop.services.bundle import TerminalServices
    from pos_desktop.ui.context import AppContext
    from pos_desktop.ui.customer_dialog import NewCustomerDialog
    from pos_desktop.ui.details import DetailsPage
    from pos_desktop.ui.register import RegisterPage
    from pos_desktop.ui.search_page import SearchPage
    from pos_desktop.ui.status_bar import StatusBar
    from pos_desktop.ui.worklist import WorklistPage

# What the register's pages import (`open_register`): the launcher imports them on
# its opening thread, so the GUI thread only builds widgets.
REGISTER_MODULES = (
    "pos_desktop.ui.context",
    "pos_desktop.ui.register",
    "pos_desktop.ui.search_page",
    "pos_desktop.ui.status_bar",
    "pos_desktop.ui.worklist",
)
ALL_KINDS = "all"  # pos_desktop.ui.worklist.ALL: everything on the Sync worklist

log = logging.getLogger(__name__)

SETTINGS_FILE = "ui.ini"
FULLSCREEN_KEY = "window/fullscreen"  # the kiosk setting


class MainWindow(QMainWindow):
    # The start-up damage check (after the window shows) found damage: the message. The
    # launcher shows it and stops the register, as a damaged file found before does.
    database_damaged = Signal(str)
    # Set by `open_register` (a window built from SignInServices has none before).
    services: TerminalServices
    ctx: AppContext
    register_page: RegisterPage
    search_page: SearchPage
    worklist_page: WorklistPage
    status: StatusBar

    def __init__(self, services: TerminalServices | SignInServices) -> None:
        super().__init__()
        app = QApplication.instance()
        if isinstance(app, QApplication) and not app.styleSheet():
            apply_style(app)
        ensure_installed()
        self.first = services  # what the sign-in page was built from
        self.ready = False  # the register's pages are built (`open_register`)
        self.settings = QSettings(str(services.data_dir / SETTINGS_FILE),
                                  QSettings.Format.IniFormat)
        config = services.store_config()
        self.setWindowTitle(self.tr("POS Desktop — {store}").format(store=config.name))
        self.setWindowIcon(icon("app"))
        self.setMinimumSize(800, 600)  # the layout asks for more; 1024x768 fits
        self.dialog: NewCustomerDialog | None = None
        self.replacement: MainWindow | None = None
        self._waiting: SignedIn | None = None  # signed in before the register opened

        self._build_header(config, services.terminal_id)
        self._build_sign_in(services)
        self.resize(1280, 800)
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.sign_out()
        if not isinstance(services, SignInServices):
            self.open_register(services)

    def open_register(self, services: TerminalServices) -> MainWindow:
        """The terminal is open: build the register's pages and status bar under the
        sign-in page already shown. An operator who signed in meanwhile goes straight to
        the register. Returns the window opened (the newest, after a language change)."""
        if self.replacement is not None:
            return self.replacement.open_register(services)
        from pos_desktop.ui.context import AppContext

        self.services = services
        self.ctx = AppContext(services, parent=self)
        self.sign_in_page.services = services  # the configuration sync keeps current
        self._build_pages()
        self._wire_signals()
        self._details_from: QWidget | None = self.register_page
        self.ready = True
        self._damage_told = False
        self.ctx.database_checked.connect(self._database_checked)
        if services.database_damage():  # found before this window subscribed
            QTimer.singleShot(0, lambda: self._database_checked(services.database_damage()))
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self._signed_in(waiting)
        return self

    def _database_checked(self, damage: str) -> None:
        if damage and not self._damage_told:
            self._damage_told = True
            self.database_damaged.emit(damage)

    # -- building the window ----------------------------------------------------------

    def _build_header(self, config: StoreConfig, terminal_id: str) -> None:
        """Store and terminal, the operator, the language and Sign out."""
        self.header = QFrame()
        self.header.setObjectName("header")
        self.store_label = QLabel(self.tr("<b>{name}</b> · {store} · terminal {terminal}").format(
            name=config.name, store=config.store_id, terminal=terminal_id))
        self.operator_label = QLabel()
        self.sign_out_button = QPushButton(icon("sign-out"), self.tr("Sign out"))
        self.language_box = QComboBox()
        self.language_box.setObjectName("language")
        self.language_box.setToolTip(self.tr("Language"))
        for code, name in LANGUAGES.items():
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(current_language())))
        self.language_box.activated.connect(self._language_chosen)
        row = QHBoxLayout(self.header)
        row.setContentsMargins(12, 4, 12, 4)
        row.addWidget(self.store_label)
        row.addStretch(1)
        row.addWidget(self.operator_label)
        row.addWidget(self.language_box)
        row.addWidget(self.sign_out_button)

    def _build_sign_in(self, services: TerminalServices | SignInServices) -> None:
        """The page stack under the header, with the sign-in page (what the first paint
        needs), and a status bar that says the database is being opened and checked."""
        self.stack = QStackedWidget()
        # Its own runner: a sign-in checked while the register opens is never dropped.
        self.sign_in_tasks = TaskRunner(workers=1, parent=self)
        self.sign_in_page = SignInPage(services, self.sign_in_tasks)
        self.stack.addWidget(self.sign_in_page)
        self.sign_in_page.signed_in.connect(self._signed_in)
        self.sign_out_button.clicked.connect(self.sign_out)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        opening = QStatusBar()
        opening.setSizeGripEnabled(False)
        opening.addPermanentWidget(QLabel(QApplication.translate("StatusBar",
                                                                 "Checking the database…")))
        self.setStatusBar(opening)

    def _build_pages(self) -> None:
        """Register, search and the Sync worklist on the stack (details when first
        shown), and the status bar."""
        from pos_desktop.ui.register import RegisterPage
        from pos_desktop.ui.search_page import SearchPage
        from pos_desktop.ui.status_bar import StatusBar
        from pos_desktop.ui.worklist import WorklistPage

        self.register_page = RegisterPage(self.ctx)
        self.search_page = SearchPage(self.ctx)
        self._details_page: DetailsPage | None = None  # built when first shown
        self.worklist_page = WorklistPage(self.ctx)
        for page in (self.register_page, self.search_page, self.worklist_page):
            self.stack.addWidget(page)
        self.status = StatusBar(self.ctx)
        self.setStatusBar(self.status)

    def _wire_signals(self) -> None:
        """The pages' requests, and the shortcuts F2, F3, F6 and Esc."""
        self.register_page.search_requested.connect(self.show_search)
        self.register_page.add_requested.connect(self.new_customer)
        self.register_page.details_requested.connect(self.show_details)
        self.search_page.back_requested.connect(self.show_register)
        self.search_page.create_requested.connect(self.new_customer)
        self.search_page.attach_requested.connect(self.attach)
        self.search_page.details_requested.connect(self.show_details)
        self.register_page.worklist_requested.connect(self.show_worklist)
        self.status.worklist_requested.connect(self.show_worklist)
        self.worklist_page.back_requested.connect(self.show_register)
        self.worklist_page.details_requested.connect(self.show_details)
        # Window-wide: whichever widget has the focus (or none), as long as the register
        # window is the active one (focus.reclaim makes it so after sign-in and dialogs).
        window_wide = Qt.ShortcutContext.WindowShortcut
        for key, slot in ((Qt.Key.Key_F2, self.show_search), (Qt.Key.Key_F3, self.new_customer),
                          (Qt.Key.Key_F6, self.show_worklist), (Qt.Key.Key_Escape, self._escape)):
            shortcut = QShortcut(QKeySequence(key), self, slot)
            shortcut.setContext(window_wide)

    @property
    def details_page(self) -> DetailsPage:
        """The customer's details, built the first time they are shown (its forms and
        imports cost the start-up a few tenths of a second otherwise)."""
        if self._details_page is None:
            from pos_desktop.ui.details import DetailsPage

            page = DetailsPage(self.ctx)
            self.stack.addWidget(page)
            page.back_requested.connect(self._details_back)
            page.attach_requested.connect(self.attach)
            self._details_page = page
        return self._details_page

    # -- session ----------------------------------------------------------------------

    @property
    def signed_in(self) -> bool:
        return self.ready and self.ctx.operator is not None

    def _signed_in(self, operator: SignedIn) -> None:
        if not self.ready:  # the store is still opening: on as soon as it is there
            self._waiting = operator
            self.sign_in_page.hold()
            return
        self.ctx.sign_in(operator)
        log.info("operator %s signed in", operator.operator_id)
        role = self.tr("Store manager") if operator.is_manager else self.tr("Cashier")
        self.operator_label.setText(self.tr("{name} ({id}) · {role}").format(
            name=operator.name, id=operator.operator_id, role=role))
        self.sign_out_button.show()
        self.show_register()
        reclaim(self.register_page.search_button)  # the sign-in page had the focus

    def _language_chosen(self, index: int) -> None:
        self.change_language(str(self.language_box.itemData(index)))

    def change_language(self, language: str) -> MainWindow | None:
        """Keep the choice in the terminal's settings and reopen the window in it."""
        if language == current_language():
            return None
        store_language(self.services.data_dir, language)
        install(language)
        window = MainWindow(self.services if self.ready else self.first)
        window.restoreGeometry(self.saveGeometry())
        self.replacement = window
        window.show()
        self.close()
        return window

    def sign_out(self) -> None:
        self._waiting = None
        if self.ready:
            self.ctx.sign_in(None)
            self.register_page.clear_customer()
        self.operator_label.setText(self.tr("Not signed in"))
        self.sign_out_button.hide()
        self.stack.setCurrentWidget(self.sign_in_page)
        self.sign_in_page.reset()

    # -- navigation ---------------------------------------------------------------------

    def show_register(self) -> None:
        if self.signed_in:
            self.stack.setCurrentWidget(self.register_page)
            self.register_page.search_button.setFocus()

    def show_search(self, text: str = "") -> None:
        if not self.signed_in or self.dialog is not None:
            return
        self.stack.setCurrentWidget(self.search_page)
        self.search_page.open(text or self.search_page.search_box.text())

    def show_worklist(self, kind: str = ALL_KINDS) -> None:
        """What is pending, rejected or quarantined (F6, the register, the status bar)."""
        if not self.signed_in or self.dialog is not None:
            return
        self.stack.setCurrentWidget(self.worklist_page)
        self.worklist_page.open(kind if isinstance(kind, str) else ALL_KINDS)

    def show_details(self, customer_id: str) -> None:
        if not self.signed_in:
            return
        current = self.stack.currentWidget()
        if current is not self._details_page:
            self._details_from = current
        self.stack.setCurrentWidget(self.details_page)
        self.details_page.open(customer_id)

    def _details_back(self) -> None:
        target = self._details_from
        if target is self.search_page:
            self.stack.setCurrentWidget(self.search_page)
            self.search_page.run_search()
        elif target is self.worklist_page:
            self.stack.setCurrentWidget(self.worklist_page)
            self.worklist_page.refresh()
            self.worklist_page.table.setFocus()
        else:
            self.show_register()

    def _escape(self) -> None:
        current = self.stack.currentWidget()
        if current in (self.search_page, self.worklist_page):
            self.show_register()
        elif current is not None and current is self._details_page:
            self._details_back()

    # -- customers ------------------------------------------------------------------------

    def new_customer(self, search_text: str = "") -> NewCustomerDialog | None:
        """Customer add (register) or Create customer (search): the same dialog."""
        if not self.signed_in or self.dialog is not None:
            return None
        if not self.ctx.can_create().allowed:  # F3 too: the store's customer.create
            return None
        if not isinstance(search_text, str):
            search_text = ""
        from pos_desktop.ui.customer_dialog import NewCustomerDialog

        dialog = NewCustomerDialog(self.ctx, search_text, parent=self)
        dialog.customer_ready.connect(self.attach)
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, _result: int) -> None:
        if self.dialog is not None:
            # Unparented, it goes when the last reference (maybe a task still running
            # for it) does; a late callback then finds a live object, never a dead one.
            self.dialog.setParent(None)
        self.dialog = None
        reclaim(self._focus_target())

    def _focus_target(self) -> QWidget:
        """Where the keyboard goes back to on the page shown (a dialog closed)."""
        page = self.stack.currentWidget()
        if page is self.register_page:
            return self.register_page.search_button
        if page is self.search_page:
            return self.search_page.search_box
        if page is self.worklist_page:
            return self.worklist_page.table
        return page or self

    def attach(self, customer_id: str) -> None:
        """A created, chosen or found customer goes onto the current transaction."""
        self.register_page.attach(customer_id)
        self.show_register()

    # -- window ------------------------------------------------------------------------------

    def show_for_terminal(self, fullscreen: bool = False) -> None:
        """Maximized on its screen, so the status bar is never below the bottom edge; full
        screen without decorations (kiosk) with --fullscreen or `[window] fullscreen=true`
        in the terminal's ui.ini."""
        if fullscreen or self.settings.value(FULLSCREEN_KEY, False, type=bool):
            self.showFullScreen()
        else:
            self.showMaximized()

    def bring_to_front(self) -> None:
        """Another start of the register on this data dir asked for the window."""
        window: MainWindow = self
        while window.replacement is not None:
            window = window.replacement
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()
        self.sign_in_tasks.shutdown()
        if self.ready:
            self.ctx.shutdown()
        super().closeEvent(event)
