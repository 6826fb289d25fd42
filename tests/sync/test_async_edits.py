"""Edits offline and on pending customers, merged field by field at HQ (issue 15):
two terminals of one store and a real HQ."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pos_desktop.domain.codec import customer_from_json
from pos_desktop.domain.errors import ActionRefused
from pos_desktop.services.operators import SignedIn
from pos_desktop.sync.engine import SyncReport
from pos_desktop.terminal import Terminal
from tests.support.terminals import activate, person, store_of, sync_until_numbered

MANAGER = SignedIn("2001", "Marco Colombo", "manager")
CASHIER = SignedIn("1001", "Sara Ricci", "cashier")


def online(t: Terminal) -> None:
    t.parts.link.set_forced_offline(False)
    t.parts.link.check_now()


def cycle(t: Terminal) -> None:
    assert t.parts.worker.run_cycle() is not None


@pytest.fixture
def flag(hq) -> Iterator[None]:  # type: ignore[no-untyped-def]
    hq.admin.patch_store(store_of(hq), async_customer_edits=True)
    yield
    hq.admin.patch_store(store_of(hq), async_customer_edits=False)


@pytest.fixture
def pair(hq, flag, tmp_path: Path) -> Iterator[tuple[Terminal, Terminal]]:  # type: ignore[no-untyped-def]
    a = activate(hq, tmp_path / "a", "TA")
    b = activate(hq, tmp_path / "b", "TB")
    for t in (a, b):
        online(t)
        cycle(t)
        assert t.store_config().features.async_customer_edits
    yield a, b
    a.close()
    b.close()


def _shared_customer(a: Terminal, b: Terminal):  # type: ignore[no-untyped-def]
    created = a.customers.create_customer(customer_from_json(person("Gianni", "Rossi")))
    customer = created.customer
    assert customer.account_number
    cycle(b)
    assert b.parts.store.get_customer(customer.customer_id) is not None
    return customer


def _offline_edit(t: Terminal, customer_id: str, operator: SignedIn = CASHIER, **fields):  # type: ignore[no-untyped-def]
    t.parts.link.set_forced_offline(True)
    mine = t.parts.store.get_customer(customer_id)
    for name, value in fields.items():
        setattr(mine, name, value)
    saved = t.edits.edit(mine, operator=operator)
    for name, value in fields.items():
        assert getattr(saved, name) == value  # shown at once
    assert t.parts.store.edits_pending_for([customer_id]) == {customer_id}
    return saved


def test_both_offline_different_fields_both_apply(hq, pair) -> None:
    a, b = pair
    c = _shared_customer(a, b)
    _offline_edit(a, c.customer_id, first_name="Giovanni")
    _offline_edit(b, c.customer_id, email="gianni@example.com")
    for t in (a, b):
        online(t)
        cycle(t)
    cycle(a)
    at_hq = a.parts.client.get_customer(c.customer_id)
    assert (at_hq["first_name"], at_hq["email"]) == ("Giovanni", "gianni@example.com")
    for t in (a, b):
        shown = t.parts.store.get_customer(c.customer_id)
        assert (shown.first_name, shown.email) == ("Giovanni", "gianni@example.com")
        assert t.edits.conflicts() == []
        assert t.parts.store.edits_pending_for([c.customer_id]) == set()


def test_same_field_is_one_conflict_at_the_losing_terminal(hq, pair) -> None:
    a, b = pair
    c = _shared_customer(a, b)
    _offline_edit(a, c.customer_id, first_name="Anna", phone="+390211112222")
    _offline_edit(b, c.customer_id, first_name="Bice", email="bice@example.com")
    online(a)
    cycle(a)  # A's edit reaches HQ first
    online(b)
    cycle(b)
    at_hq = b.parts.client.get_customer(c.customer_id)
    assert at_hq["first_name"] == "Anna"  # HQ's value stands
    assert at_hq["email"] == "bice@example.com"  # B's other field applied
    assert at_hq["phone"]
    assert a.edits.conflicts() == []
    (conflict,) = b.edits.conflicts()
    assert (conflict["field"], conflict["mine"], conflict["hq"]) == ("first_name", "Bice", "Anna")
    assert b.parts.store.get_customer(c.customer_id).first_name == "Anna"
    # The person at B chooses their own value: an ordinary edit (online: through HQ).
    chosen = b.edits.resolve_conflict(conflict["outbox_id"], "first_name", use_mine=True,
                                      operator=MANAGER)
    assert chosen is not None and chosen.first_name == "Bice"
    assert b.edits.conflicts() == []
    assert b.parts.client.get_customer(c.customer_id)["first_name"] == "Bice"


def test_keeping_hqs_value_needs_the_edit_permission(hq, pair) -> None:
    a, b = pair
    c = _shared_customer(a, b)
    _offline_edit(a, c.customer_id, last_name="Uno")
    _offline_edit(b, c.customer_id, last_name="Due")
    for t in (a, b):
        online(t)
        cycle(t)
    (conflict,) = b.edits.conflicts()
    hq.admin.patch_store(store_of(hq), permissions={"cashier": {"customer.edit": False}})
    try:
        cycle(b)
        with pytest.raises(ActionRefused):
            b.edits.resolve_conflict(conflict["outbox_id"], "last_name", use_mine=False,
                                     operator=CASHIER)
        assert len(b.edits.conflicts()) == 1
    finally:
        hq.admin.patch_store(store_of(hq), permissions={"cashier": {"customer.edit": True}})
    b.edits.resolve_conflict(conflict["outbox_id"], "last_name", use_mine=False, operator=MANAGER)
    assert b.edits.conflicts() == []
    assert b.parts.store.get_customer(c.customer_id).last_name == "Uno"


def test_pending_customer_edited_before_and_after_its_upload(hq, pair) -> None:
    a, _ = pair
    a.parts.link.set_forced_offline(True)
    pending = a.customers.create_customer(customer_from_json(person("Pia", "Prima"))).customer
    before = a.parts.store.get_customer(pending.customer_id)
    before.last_name = "Seconda"
    a.edits.edit(before, operator=CASHIER)
    # Not uploaded yet: the queued upload itself carries the change, nothing else queued.
    assert a.parts.store.edits_pending_for([pending.customer_id]) == set()
    online(a)
    a.parts.worker.engine.upload(SyncReport())  # uploaded; HQ's job has not run yet
    after = a.parts.store.get_customer(pending.customer_id)
    assert after.is_pending
    after.email = "pia@example.com"
    a.edits.edit(after, operator=CASHIER)  # uploaded, not numbered: a field-level edit
    assert a.parts.store.edits_pending_for([pending.customer_id]) == {pending.customer_id}
    assert a.parts.store.get_customer(pending.customer_id).email == "pia@example.com"
    sync_until_numbered(a, [pending.customer_id])
    for _ in range(3):
        cycle(a)
    at_hq = a.parts.client.get_customer(pending.customer_id)
    assert (at_hq["last_name"], at_hq["email"]) == ("Seconda", "pia@example.com")
    assert at_hq["version"] == 2  # one upload with the first edit, then one merged edit
    assert a.parts.store.edits_pending_for([pending.customer_id]) == set()
    assert a.parts.store.get_customer(pending.customer_id).email == "pia@example.com"


def test_flag_off_refusals_unchanged(hq, tmp_path: Path) -> None:
    t = activate(hq, tmp_path / "off", "TOFF")
    try:
        online(t)
        cycle(t)
        assert not t.store_config().features.async_customer_edits
        synced = t.customers.create_customer(customer_from_json(person("Off", "Line"))).customer
        t.parts.link.set_forced_offline(True)
        pending = t.customers.create_customer(customer_from_json(person("Pen", "Ding"))).customer
        mine = t.parts.store.get_customer(synced.customer_id)
        mine.first_name = "Changed"
        with pytest.raises(ActionRefused) as offline:
            t.edits.edit(mine, operator=CASHIER)
        assert offline.value.key == "edit.offline"
        online(t)
        with pytest.raises(ActionRefused) as refused:
            t.edits.edit(pending, operator=CASHIER)
        assert refused.value.key == "edit.pending"
        assert t.parts.store.get_customer(synced.customer_id).first_name == "Off"
    finally:
        t.close()


def test_a_phone_added_offline_needs_no_address_permission(hq, pair) -> None:
    """The customer's phone is its addresses' default contact phone: a cashier who may
    edit customers but not addresses adds a phone offline; HQ applies it (and fills the
    address's contact phone itself) instead of refusing a change of addresses."""
    a, b = pair
    body = person("Pia", "Senzatel", phone="",
                  addresses=[{"street": "Via Uno 1", "city": "Milano", "zip": "20121"}])
    c = a.customers.create_customer(customer_from_json(body)).customer
    assert c.account_number and c.addresses[0].contact_phone == ""
    hq.admin.set_permissions(store_of(hq), "cashier", **{"address.edit": False})
    try:
        cycle(a)
        _offline_edit(a, c.customer_id, phone="+390212345678")
        online(a)
        cycle(a)
        cycle(a)
        assert a.edits.issues() == []
        at_hq = a.parts.client.get_customer(c.customer_id)
        assert at_hq["phone"].replace(" ", "") == "+390212345678"
    finally:
        hq.admin.set_permissions(store_of(hq), "cashier", **{"address.edit": True})


def test_a_phone_added_online_needs_no_address_permission(hq, pair) -> None:
    a, _b = pair
    body = person("Pio", "Senzatel", phone="",
                  addresses=[{"street": "Via Due 2", "city": "Milano", "zip": "20121"}])
    c = a.customers.create_customer(customer_from_json(body)).customer
    hq.admin.set_permissions(store_of(hq), "cashier", **{"address.edit": False})
    try:
        cycle(a)
        mine = a.parts.store.get_customer(c.customer_id)
        mine.phone = "+390212345679"
        saved = a.edits.edit(mine, operator=CASHIER)
        assert saved.phone == "+390212345679"
    finally:
        hq.admin.set_permissions(store_of(hq), "cashier", **{"address.edit": True})
