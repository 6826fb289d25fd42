"""The status bar follows HQ; search as you type over 100,000 customers; all stores."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt

from tests.support.ui import WAIT, sign_in

BULK = 100_000
PAGE = 5_000
RARE = "Quarantotti"


def test_status_bar_follows_hq_going_down_and_up(qtbot, window, hq) -> None:
    sign_in(qtbot, window)
    label = window.status.link_label
    qtbot.waitUntil(lambda: label.text().startswith("HQ: Online"), timeout=WAIT)
    assert window.status.pending_label.text() == "Pending sync: 0"
    hq.kill()
    qtbot.waitUntil(lambda: label.text().startswith("HQ: Offline"), timeout=WAIT)
    assert label.property("online") is False
    hq.restart()
    qtbot.waitUntil(lambda: label.text().startswith("HQ: Online"), timeout=30_000)
    assert "last contact" in label.text()


def _customer(i: int) -> dict:
    last = RARE if i % 25_000 == 7 else f"Bulk{i:06d}"
    return {
        "customer_id": str(uuid.UUID(int=i + 1, version=4)),
        "account_number": f"B{i:07d}",
        "customer_type": "person",
        "first_name": ("Giacomo", "Lucia", "Pietro", "Marta")[i % 4],
        "last_name": last,
        "email": f"bulk{i}@example.com",
        "phone": f"+39347{i:07d}",
        "customer_group": "RETAIL", "currency": "EUR", "language": "it",
        "receipt_option": "print", "affiliations": [], "attributes": {},
        "addresses": [{"address_id": str(uuid.UUID(int=10**9 + i, version=4)),
                       "purpose": "home", "street": f"Via Bulk {i % 300}",
                       "city": "Milano", "zip": "20100", "country": "IT",
                       "is_primary": True}],
        "contacts": [], "version": 1, "store_id": "MILAN",
    }


def test_search_as_you_type_over_100k_customers_returns_correct_rows(
    qtbot, window, terminal
) -> None:
    store = terminal.parts.store
    for start in range(0, BULK, PAGE):
        page = [_customer(i) for i in range(start, start + PAGE)]
        store.apply_feed_page(page, cursor_key="ui-test-bulk", cursor=None)
    assert store.count_customers() >= BULK
    sign_in(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    search = window.search_page
    qtbot.keyClicks(search.search_box, RARE.lower()[:6])  # typed, debounced, off the thread
    qtbot.keyClicks(search.search_box, RARE.lower()[6:])
    qtbot.waitUntil(lambda: search.model.rowCount() == 4, timeout=WAIT)
    names = sorted(search.model.cell(r, 0) for r in range(4))
    assert all(name.endswith(RARE) for name in names)
    accounts = sorted(search.model.cell(r, 1) for r in range(4))
    assert accounts == [f"B{i:07d}" for i in (7, 25_007, 50_007, 75_007)]

    search.search_box.clear()
    qtbot.keyClicks(search.search_box, "bulk042042")
    qtbot.waitUntil(lambda: search.model.rowCount() == 1, timeout=WAIT)
    assert search.model.cell(0, 1) == "B0042042"
    assert search.model.cell(0, 3) == "bulk42042@example.com"


def test_search_all_stores_then_attach_saves_the_customer_locally(qtbot, window, terminal) -> None:
    sign_in(qtbot, window)
    other = terminal.parts.client.search_customers("Johansson", limit=5)
    other = [c for c in other if c["store_id"] != "MILAN"][0]
    local_before = terminal.parts.store.get_customer(other["customer_id"])
    assert local_before is None
    window.show_search()
    search = window.search_page
    qtbot.keyClicks(search.search_box, "Joh")
    qtbot.waitUntil(lambda: "at least 4" in search.hq_reason.text(), timeout=WAIT)
    assert not search.hq_button.isEnabled()
    qtbot.keyClicks(search.search_box, "ansson")
    qtbot.waitUntil(lambda: search.hq_button.isEnabled(), timeout=WAIT)
    qtbot.mouseClick(search.hq_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: search.model.rowCount() > 0 and search._showing_hq, timeout=WAIT)
    row = next(r for r, item in enumerate(search.model.rows)
               if item.customer_id == other["customer_id"])
    search.table.selectRow(row)
    qtbot.mouseClick(search.attach_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.register_page.customer is not None, timeout=WAIT)
    assert window.register_page.customer.customer_id == other["customer_id"]
    assert terminal.parts.store.get_customer(other["customer_id"]) is not None


def test_a_quiet_sync_cycle_does_not_make_the_screens_search_and_count_again(
    qtbot, window
) -> None:
    from pos_desktop.sync.engine import SyncReport

    ctx = window.ctx
    cycle = ctx.sync.on_cycle  # what the worker calls after each cycle (any thread)
    with qtbot.assertNotEmitted(ctx.customers_changed, wait=500):
        cycle(SyncReport(awaiting=3))  # waiting for numbers, nothing new
    with qtbot.waitSignal(ctx.customers_changed, timeout=2000) as pulled:
        cycle(SyncReport(pulled=1, changed=["a-pulled-id"]))
    assert pulled.args[0].ids == {"a-pulled-id"} and pulled.args[0].counts_changed
    with qtbot.waitSignal(ctx.customers_changed, timeout=2000) as numbered:
        cycle(SyncReport(synced=["a-customer-id"]))
    assert numbered.args[0].concerns("a-customer-id")
    # The cycle before failed after committing part of its work: the screens read again.
    with qtbot.waitSignal(ctx.customers_changed, timeout=2000) as unknown:
        cycle(SyncReport(after_failure=True))
    assert unknown.args[0].ids is None and unknown.args[0].concerns("any-customer")
    assert window.status.last_sync_label.text().startswith("Last sync: ")
