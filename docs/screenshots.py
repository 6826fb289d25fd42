"""Open every screen offscreen against a local demo HQ and save 1280x800 PNGs.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots.py [--out docs/screenshots]
        [--language it|fr|sv|et|all]   # into docs/screenshots/<lang>/ (all: every one)

Text that does not fit its widget is listed on stderr and the exit status is 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring  # noqa: E402
from PySide6.QtCore import QCoreApplication, QElapsedTimer, QPoint  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from hq_stub.process import HQProcess  # noqa: E402
from pos_desktop.credentials import MemoryKeyring  # noqa: E402
from pos_desktop.domain.store import Permission  # noqa: E402
from pos_desktop.terminal import Terminal  # noqa: E402
from pos_desktop.ui.i18n import LANGUAGES, install  # noqa: E402
from pos_desktop.ui.main_window import MainWindow  # noqa: E402
from pos_desktop.ui.style import apply_style  # noqa: E402
from tests.ui.clipping import clipped_texts  # noqa: E402

SIZE = (1280, 800)
# Each language is shot at the demo store that speaks it, with that country's sample data.
SAMPLES = {
    "it": {"store": "MILAN", "search": "rossi", "first": "Giulia", "last": "Rossi",
           "street": "Via Dante 3", "work": "Corso Como 10", "city": "Milano", "zip": "20121",
           "phone": "+39 347 555 0101", "offline": ("Paolo", "Ferrari", "Monza")},
    "sv": {"store": "STOCKHOLM", "search": "lind", "first": "Anna", "last": "Lindberg",
           "street": "Sveavägen 12", "work": "Kungsgatan 8", "city": "Stockholm", "zip": "111 57",
           "phone": "+46 70 123 45 67", "offline": ("Erik", "Nyström", "Solna")},
    "fr": {"store": "PARIS", "search": "mart", "first": "Camille", "last": "Martin",
           "street": "Rue de la Paix 3", "work": "Rue Lafayette 4", "city": "Paris", "zip": "75002",
           "phone": "+33 6 12 34 56 78", "offline": ("Louis", "Moreau", "Versailles")},
    "et": {"store": "TALLINN", "search": "tamm", "first": "Mari", "last": "Tamm",
           "street": "Narva mnt 7", "work": "Pärnu mnt 20", "city": "Tallinn", "zip": "10117",
           "phone": "+372 5123 4567", "offline": ("Jaan", "Saar", "Tartu")},
}
SAMPLES["en"] = {**SAMPLES["it"], "offline": ("Paolo", "Offline", "Monza")}  # at Milan
CLIPPED: list[str] = []  # text that does not fit, per screenshot


def wait_until(condition, timeout: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    timer = QElapsedTimer()
    timer.start()
    while not condition():
        if timer.elapsed() > timeout * 1000:
            raise TimeoutError("screen did not get ready")
        QCoreApplication.processEvents()
        time.sleep(0.01)


def settle(seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)


def shot(window: MainWindow, out: Path, name: str, *dialogs: QWidget) -> None:
    """The window, with each dialog (a dialog, then a question over it) centred on top."""
    settle()
    for problem in [p for w in (window, *dialogs) for p in clipped_texts(w)]:
        CLIPPED.append(f"{out.name}/{name}: {problem}")
    picture = window.grab()
    for dialog in dialogs:
        painter = QPainter(picture)
        painter.fillRect(picture.rect(), QColor(20, 30, 45, 110))
        top_left = QPoint((picture.width() - dialog.width()) // 2,
                          (picture.height() - dialog.height()) // 2)
        painter.drawPixmap(top_left, dialog.grab())
        painter.end()
    final = QPixmap(picture.scaled(*SIZE)) if picture.size().toTuple() != SIZE else picture
    path = out / f"{name}.png"
    final.save(str(path))
    print(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--language", default="en",
                        choices=[*LANGUAGES, "all"])
    args = parser.parse_args(argv)
    if args.language == "all":
        import subprocess

        outs = {lang: [] if args.out is None else
                ["--out", str(args.out if lang == "en" else args.out / lang)]
                for lang in LANGUAGES}
        runs = [subprocess.run([sys.executable, __file__, "--language", lang, *outs[lang]])
                for lang in LANGUAGES]
        return max(run.returncode for run in runs)
    base = ROOT / "docs" / "screenshots"
    if args.out is None:
        args.out = base if args.language == "en" else base / args.language
    args.out.mkdir(parents=True, exist_ok=True)
    keyring.set_keyring(MemoryKeyring())  # the device token of this throw-away terminal
    app = QApplication.instance() or QApplication(sys.argv)
    apply_style(app)
    install(args.language, app)
    work = Path(tempfile.mkdtemp(prefix="pos-shots-"))
    hq = HQProcess(f"sqlite:///{work / 'hq.db'}", demo=True, admin_token="shots",
                   job_interval=0.3)
    hq.start()
    terminal = None
    try:
        sample = SAMPLES[args.language]
        code = hq.admin.create_activation_code(sample["store"], "T1")["activation_code"]
        terminal = Terminal(work / "terminal")
        terminal.activate(hq.url, code, "T1")
        terminal.parts.link.interval = 0.5
        terminal.parts.worker.interval = 1.0
        terminal.parts.link.check_now()
        terminal.sync_once()
        terminal.start_background()
        window = MainWindow(terminal.services)
        window.resize(*SIZE)
        window.show()
        shoot(window, args.out, hq, sample, terminal)
        window.close()
    finally:
        if terminal is not None:
            terminal.close()
        hq.stop()
    for problem in CLIPPED:
        print(f"clipped text: {problem}", file=sys.stderr)
    return 1 if CLIPPED else 0


def rejected_customer(terminal: Terminal) -> None:
    """One customer HQ refuses (no segment), as an older register might have queued it."""
    from pos_desktop.domain.codec import customer_from_json
    from pos_desktop.domain.customer import SyncState
    from tests.support.terminals import person

    bad = customer_from_json(person("Rita", "Respinta", attributes={}))
    bad.state = SyncState.PENDING
    terminal.parts.store.add_customer(bad, queue_upload=True)
    terminal.services.sync.sync_now()
    wait_until(lambda: terminal.services.sync.counts().rejected > 0)


def second_address(dialog, sample: dict) -> None:  # type: ignore[no-untyped-def]
    """A work address besides the home one, made the primary (where the store allows a
    second: an async store without the async addresses feature shows why not)."""
    if not dialog.addresses.add_button.isEnabled():
        return
    dialog.addresses.add_button.click()
    form = dialog.addresses.forms[-1]
    form.purpose.setCurrentIndex(form.purpose.findData("office"))
    form.street.setText(sample["work"])
    form.city.setText(sample["city"])
    form.zip.setText(sample["zip"])
    dialog.addresses.pages[-1].primary.click()


def shoot(window: MainWindow, out: Path, hq: HQProcess, sample: dict,
          terminal: Terminal) -> None:
    page = window.sign_in_page
    page.operator_edit.setText("2001")
    shot(window, out, "01-sign-in")
    page.password_edit.setText("5678")
    page.submit()
    wait_until(lambda: window.stack.currentWidget() is window.register_page)
    shot(window, out, "02-register-empty")

    window.show_search(sample["search"])
    wait_until(lambda: window.search_page.model.rowCount() > 0)
    shot(window, out, "03-search")

    known = window.search_page.model.rows[0]
    dialog = window.new_customer(known.phone)  # prefilled phone; HQ already knows it
    dialog.fields.first_name.setText(sample["first"])
    dialog.fields.last_name.setText(sample["last"])
    wait_until(lambda: dialog.duplicates_frame.isVisible(), timeout=5)
    shot(window, out, "04-new-customer", dialog)
    dialog.address.street.setText(sample["street"])
    dialog.address.city.setText(sample["city"])
    dialog.address.zip.setText(sample["zip"])
    dialog.fields.email.setText("giulia@")
    dialog.fields.phone.setText("12")
    dialog.fields.attributes.inputs["shoe_size"].setText("big")
    dialog.save()
    shot(window, out, "05-new-customer-errors", dialog)
    dialog.fields.email.setText(f"{sample['first']}.{sample['last']}.new@example.com".lower())
    dialog.fields.phone.setText(sample["phone"])
    dialog.fields.attributes.inputs["shoe_size"].setText("38")
    segment = dialog.fields.attributes.inputs["segment"]
    segment.setCurrentIndex(segment.findData("gold"))
    second_address(dialog, sample)
    shot(window, out, "19-new-customer-addresses", dialog)
    dialog.save()
    wait_until(lambda: window.dialog is None)
    wait_until(lambda: window.register_page.customer is not None)
    shot(window, out, "06-register-customer")
    created_id = window.register_page.customer.customer_id

    window.register_page.details_button.click()
    wait_until(lambda: window.details_page.customer is not None)
    shot(window, out, "07-details-contact")
    window.details_page.tabs.setCurrentIndex(1)
    shot(window, out, "08-details-addresses")
    window.details_page.tabs.setCurrentIndex(3)
    shot(window, out, "09-details-attributes")
    window.details_page.back_button.click()
    cashier_screens(window, out, hq, sample)

    rejected_customer(terminal)
    window.register_page.connect_button.click()  # manager: Disconnect
    wait_until(lambda: not window.ctx.link_up)
    dialog = window.new_customer()
    first, last, city = sample["offline"]
    dialog.fields.first_name.setText(first)
    dialog.fields.last_name.setText(last)
    dialog.address.city.setText(city)
    segment = dialog.fields.attributes.inputs["segment"]
    segment.setCurrentIndex(segment.findData("standard"))
    shot(window, out, "10-new-customer-offline", dialog)
    dialog.reject()  # Esc with typed data: Discard or Keep editing?
    wait_until(lambda: dialog.discard_question is not None)
    question = dialog.discard_question
    shot(window, out, "20-new-customer-discard", dialog, question)
    question.reject()  # Keep editing (as Esc there)
    wait_until(lambda: dialog.discard_question is None)
    dialog.save()
    wait_until(lambda: window.dialog is None)
    wait_until(lambda: window.register_page.customer is not None
               and window.register_page.customer.last_name == last)
    shot(window, out, "11-register-pending")
    window.register_page.details_button.click()
    wait_until(lambda: window.details_page.customer is not None
               and window.details_page.customer.last_name == last)
    shot(window, out, "12-details-pending")
    window.details_page.back_button.click()

    window.show_worklist()  # F6: the pending customer and the one HQ rejected, with why
    wait_until(lambda: window.worklist_page.table.rowCount() >= 2)
    shot(window, out, "14-sync-worklist")
    window.show_register()

    hq.admin.patch_store(sample["store"], filter_shared_customer_data_tables=True)
    window.register_page.connect_button.click()  # Connect: the sync fetches the new flag
    wait_until(lambda: window.ctx.link_up)
    wait_until(lambda: window.services.store_config().filter_shared_customer_data_tables)
    window.register_page.connect_button.click()  # Disconnect again: creation is blocked
    wait_until(lambda: not window.ctx.link_up)
    dialog = window.new_customer()
    shot(window, out, "13-new-customer-blocked", dialog)
    dialog.reject()
    conflict_screens(window, out, hq, sample, terminal, created_id)


def conflict_screens(window: MainWindow, out: Path, hq: HQProcess, sample: dict,
                     terminal: Terminal, customer_id: str) -> None:
    """Async customer edits (issue 15): a change made offline waits ("Change pending
    sync"); another register changed the same fields at HQ first, so the worklist shows
    the conflicts, HQ's value and this register's."""
    from pos_desktop.services.operators import SignedIn
    from tests.support.terminals import activate

    store = sample["store"]
    hq.admin.patch_store(store, filter_shared_customer_data_tables=False,
                         async_customer_edits=True)
    window.register_page.connect_button.click()  # Connect: the sync fetches the flags
    config = window.services.store_config
    wait_until(lambda: window.ctx.link_up and config().features.async_customer_edits
               and not config().filter_shared_customer_data_tables)
    other = activate(hq, Path(tempfile.mkdtemp(prefix="pos-shots-t2-")), "T2", store)
    try:
        other.parts.link.check_now()
        other.sync_once()
        window.register_page.connect_button.click()  # Disconnect: the edit waits here
        wait_until(lambda: not window.ctx.link_up)
        mine = window.services.customers.get(customer_id)
        mine.phone, mine.email = sample["phone"][:-2] + "11", "shop@example.com"
        mine.addresses[0].street = sample["street"] + "A"  # the same address, both sides
        window.services.edits.edit(mine, operator=window.ctx.operator)
        window.show_details(customer_id)
        details = window.details_page
        wait_until(lambda: details.customer is not None
                   and details.customer.customer_id == customer_id
                   and details.change_pending)
        shot(window, out, "21-details-change-pending")
        theirs = other.customers.get(customer_id)
        theirs.phone, theirs.email = sample["phone"][:-2] + "22", "home@example.com"
        theirs.addresses[0].street = sample["street"] + "B"
        other.edits.edit(theirs, operator=SignedIn("1001", "", "cashier"))
    finally:
        other.close()
    details.back_button.click()
    window.register_page.connect_button.click()  # Connect: HQ merges the edit
    wait_until(lambda: window.services.sync.counts().conflicts == 3)
    window.show_worklist("conflict")
    wait_until(lambda: window.worklist_page.table.rowCount() == 3)
    shot(window, out, "22-sync-worklist-conflict")


def sign_in_as(window: MainWindow, operator_id: str, password: str) -> None:
    window.sign_out()
    page = window.sign_in_page
    page.operator_edit.setText(operator_id)
    page.password_edit.setText(password)
    page.submit()
    wait_until(lambda: window.stack.currentWidget() is window.register_page)


def cashier_screens(window: MainWindow, out: Path, hq: HQProcess, sample: dict) -> None:
    """What depends on the store's permissions (issue 12): a cashier editing by default,
    then with edits and addresses taken away at HQ; Disconnect is a manager's."""
    customer_id = window.register_page.customer.customer_id
    sign_in_as(window, "1001", "1234")
    shot(window, out, "15-register-cashier")  # Disconnect disabled, with the reason
    window.show_details(customer_id)
    details = window.details_page
    wait_until(lambda: details.customer is not None
               and details.customer.customer_id == customer_id)
    details.tabs.setCurrentIndex(0)
    shot(window, out, "16-details-cashier-edit-allowed")
    hq.admin.set_permissions(sample["store"], "cashier",
                             **{"customer.edit": False, "address.edit": False})
    window.ctx.sync_now()
    wait_until(lambda: not window.services.store_config().permissions.allows(
        "cashier", Permission.CUSTOMER_EDIT))
    wait_until(lambda: not details.save_button.isEnabled())
    shot(window, out, "17-details-cashier-edit-refused")
    details.tabs.setCurrentIndex(1)
    shot(window, out, "18-details-cashier-addresses-refused")
    hq.admin.set_permissions(sample["store"], "cashier",
                             **{"customer.edit": True, "address.edit": True})
    window.ctx.sync_now()
    wait_until(lambda: window.services.store_config().permissions.allows(
        "cashier", Permission.CUSTOMER_EDIT))
    details.back_button.click()
    sign_in_as(window, "2001", "5678")
    window.register_page.attach(customer_id)
    wait_until(lambda: window.register_page.customer is not None)


if __name__ == "__main__":
    raise SystemExit(main())
