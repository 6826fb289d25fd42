"""Addresses edited offline, merged by address id at HQ (issue 15): two terminals of one
store and a real HQ; added, changed and removed addresses follow the field rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pos_desktop.domain.addresses import with_address
from pos_desktop.domain.codec import customer_from_json, customer_to_json
from pos_desktop.domain.customer import Address, Customer
from pos_desktop.domain.errors import ValidationFailed
from pos_desktop.services.editing import CONFLICT
from pos_desktop.sync.engine import SyncReport
from pos_desktop.terminal import Terminal
from tests.support.terminals import activate, person, run_cli, store_of, sync_until_numbered
from tests.sync.test_async_edits import CASHIER, MANAGER, cycle, online
from tests.sync.test_async_edits import flag as flag  # the fixtures
from tests.sync.test_async_edits import pair as pair

TWO_ADDRESSES = [
    {"street": "Via Uno 1", "city": "Milano", "zip": "20121", "is_primary": True},
    {"street": "Via Due 2", "city": "Monza", "zip": "20900"},
]


def _customer(a: Terminal, b: Terminal) -> Customer:
    body = person("Ada", "Indirizzi", addresses=TWO_ADDRESSES)
    customer = a.customers.create_customer(customer_from_json(body)).customer
    assert customer.account_number and len(customer.addresses) == 2
    cycle(b)
    assert b.parts.store.get_customer(customer.customer_id) is not None
    return customer


def _offline(t: Terminal, customer_id: str, change, operator=CASHIER) -> Customer:  # type: ignore[no-untyped-def]
    """Edit the addresses offline: `change(addresses)` changes the list in place."""
    t.parts.link.set_forced_offline(True)
    mine = t.parts.store.get_customer(customer_id)
    change(mine.addresses)
    saved = t.edits.edit(mine, operator=operator)
    assert t.parts.store.edits_pending_for([customer_id]) == {customer_id}
    return saved


def _by_id(addresses) -> dict:  # type: ignore[no-untyped-def]
    return {str(a["address_id"] if isinstance(a, dict) else a.address_id): a
            for a in addresses}


def _sync_both(a: Terminal, b: Terminal) -> None:
    online(a)
    cycle(a)  # A's edit reaches HQ first
    online(b)
    cycle(b)
    cycle(a)


def test_different_addresses_changed_offline_all_apply(hq, pair) -> None:
    a, b = pair
    c = _customer(a, b)
    first, second = (x.address_id for x in c.addresses)
    added = Address(street="Corso Nuovo 3", city="Como", zip="22100", country="IT")

    def at_a(addresses) -> None:  # type: ignore[no-untyped-def]
        addresses[0].city = "Milano Centro"

    def at_b(addresses) -> None:  # type: ignore[no-untyped-def]
        addresses[1].street = "Via Due 22"
        addresses.append(added)

    _offline(a, c.customer_id, at_a)
    shown = _offline(b, c.customer_id, at_b)
    assert len(shown.addresses) == 3  # B shows its own change at once
    queued = dict(b.parts.store.pending_edits())
    (payload,) = queued.values()
    assert "addresses" not in payload["changes"]  # per address, not the whole list
    assert sorted(op["op"] for op in payload["address_changes"]) == ["add", "change"]
    _sync_both(a, b)
    at_hq = _by_id(a.parts.client.get_customer(c.customer_id)["addresses"])
    assert set(at_hq) == {first, second, added.address_id}
    assert at_hq[first]["city"] == "Milano Centro"
    assert at_hq[second]["street"] == "Via Due 22"
    assert at_hq[added.address_id]["city"] == "Como"
    for t in (a, b):
        assert t.edits.conflicts() == []
        shown_here = _by_id(t.parts.store.get_customer(c.customer_id).addresses)
        assert set(shown_here) == set(at_hq)  # the register shows the merged addresses
        assert shown_here[first].city == "Milano Centro"
        assert shown_here[second].street == "Via Due 22"
        assert sum(x.is_primary for x in shown_here.values()) == 1


def test_same_address_field_is_one_conflict_the_rest_applies(hq, pair) -> None:
    a, b = pair
    c = _customer(a, b)
    first, second = (x.address_id for x in c.addresses)

    def at_a(addresses) -> None:  # type: ignore[no-untyped-def]
        addresses[0].street = "Via Anna 1"

    def at_b(addresses) -> None:  # type: ignore[no-untyped-def]
        addresses[0].street = "Via Bice 1"
        addresses[0].zip = "20122"
        addresses[1].city = "Lecco"

    _offline(a, c.customer_id, at_a)
    _offline(b, c.customer_id, at_b)
    _sync_both(a, b)
    at_hq = _by_id(b.parts.client.get_customer(c.customer_id)["addresses"])
    assert at_hq[first]["street"] == "Via Anna 1"  # HQ's value stands
    assert at_hq[first]["zip"] == "20122"  # B's other field of the same address applied
    assert at_hq[second]["city"] == "Lecco"  # and its change of the other address
    assert a.edits.conflicts() == []
    (conflict,) = b.edits.conflicts()
    assert conflict["field"] == f"addresses.{first}.street"
    assert (conflict["mine"], conflict["hq"]) == ("Via Bice 1", "Via Anna 1")
    (issue,) = [i for i in b.edits.issues() if i.kind == CONFLICT]  # B's worklist
    assert issue.field == conflict["field"] and issue.name == c.display_name
    assert _by_id(b.parts.store.get_customer(c.customer_id).addresses)[first].street == \
        "Via Anna 1"
    assert b.edits.can_resolve(issue.field, "cashier").allowed  # address.edit
    chosen = b.edits.resolve_conflict(issue.outbox_id, issue.field, use_mine=True,
                                      operator=MANAGER)
    assert chosen is not None
    assert _by_id(chosen.addresses)[first].street == "Via Bice 1"
    assert b.edits.conflicts() == []
    at_hq = _by_id(b.parts.client.get_customer(c.customer_id)["addresses"])
    assert (at_hq[first]["street"], at_hq[first]["zip"]) == ("Via Bice 1", "20122")
    assert at_hq[second]["city"] == "Lecco"


def test_removed_here_changed_there_is_a_conflict_kept_or_chosen_offline(hq, pair) -> None:
    a, b = pair
    c = _customer(a, b)
    first, second = (x.address_id for x in c.addresses)

    def at_a(addresses) -> None:  # type: ignore[no-untyped-def]
        addresses[1].city = "Bergamo"

    def at_b(addresses) -> None:  # type: ignore[no-untyped-def]
        del addresses[1]
        addresses[0].city = "Milano 2"

    _offline(a, c.customer_id, at_a)
    _offline(b, c.customer_id, at_b)
    _sync_both(a, b)
    at_hq = _by_id(b.parts.client.get_customer(c.customer_id)["addresses"])
    assert at_hq[second]["city"] == "Bergamo"  # A's change stands: not removed
    assert at_hq[first]["city"] == "Milano 2"  # B's other change applied
    (conflict,) = b.edits.conflicts()
    assert conflict["field"] == f"addresses.{second}"
    assert conflict["mine"] is None and conflict["hq"]["city"] == "Bergamo"
    # The person at B, offline, still wants it gone: an ordinary (queued) edit.
    b.parts.link.set_forced_offline(True)
    b.edits.resolve_conflict(conflict["outbox_id"], conflict["field"], use_mine=True,
                             operator=MANAGER)
    assert b.edits.conflicts() == []
    assert second not in _by_id(b.parts.store.get_customer(c.customer_id).addresses)
    online(b)
    cycle(b)
    at_hq = _by_id(b.parts.client.get_customer(c.customer_id)["addresses"])
    assert set(at_hq) == {first}
    assert at_hq[first]["is_primary"] is True
    assert b.edits.conflicts() == []


def test_address_added_offline_to_an_uploaded_pending_customer(hq, pair) -> None:
    a, _ = pair
    a.parts.link.set_forced_offline(True)
    body = person("Pia", "Posta", addresses=TWO_ADDRESSES[:1])
    pending = a.customers.create_customer(customer_from_json(body)).customer
    online(a)
    a.parts.worker.engine.upload(SyncReport())  # uploaded; HQ's job has not run yet
    mine = a.parts.store.get_customer(pending.customer_id)
    assert mine.is_pending
    added = Address(street="Via Nuova 9", city="Pavia", zip="27100", country="IT",
                    is_primary=True)
    mine.addresses = with_address(mine.addresses, added)
    shown = a.edits.edit(mine, operator=CASHIER)
    assert _by_id(shown.addresses)[added.address_id].is_primary
    assert a.parts.store.edits_pending_for([pending.customer_id]) == {pending.customer_id}
    sync_until_numbered(a, [pending.customer_id])
    for _ in range(3):
        cycle(a)
    at_hq = a.parts.client.get_customer(pending.customer_id)
    by_id = _by_id(at_hq["addresses"])
    assert len(by_id) == 2 and by_id[added.address_id]["city"] == "Pavia"
    assert by_id[added.address_id]["is_primary"] is True
    assert sum(x["is_primary"] for x in by_id.values()) == 1
    assert at_hq["version"] == 2
    assert a.parts.store.edits_pending_for([pending.customer_id]) == set()
    assert len(a.parts.store.get_customer(pending.customer_id).addresses) == 2


def test_replayed_edit_adds_its_address_once(hq, pair) -> None:
    a, _ = pair
    c = a.customers.create_customer(customer_from_json(person("Rita", "Ripeti"))).customer
    added = Address(street="Via Replay 7", city="Lodi", zip="26900", country="IT")
    _offline(a, c.customer_id, lambda addresses: addresses.append(added))
    online(a)
    ((_, payload),) = a.parts.store.pending_edits()
    first = a.parts.client.send_edit(c.customer_id, payload)  # HQ applied; answer "lost"
    assert first["conflicts"] == [] and "replayed" not in first
    cycle(a)  # the terminal sends it again: the same outcome, nothing applied twice
    at_hq = a.parts.client.get_customer(c.customer_id)
    assert at_hq["version"] == 2
    streets = [x["street"] for x in at_hq["addresses"]]
    assert streets.count("Via Replay 7") == 1 and len(streets) == 2
    assert a.parts.store.edits_pending_for([c.customer_id]) == set()
    assert [x.street for x in a.parts.store.get_customer(c.customer_id).addresses].count(
        "Via Replay 7") == 1
    again = a.parts.client.send_edit(c.customer_id, payload)
    assert again["replayed"] is True and again["version"] == 2


def test_an_edit_queued_with_the_whole_address_list_is_merged_by_id(hq, pair) -> None:
    """An edit queued by the previous version (the whole list in `changes`, the list it
    replaced in `before`) is still read, and merged by address id."""
    a, b = pair
    c = _customer(a, b)
    first, second = (x.address_id for x in c.addresses)
    _offline(a, c.customer_id, lambda addresses: setattr(addresses[0], "city", "Rho"))
    b.parts.link.set_forced_offline(True)
    mine = b.parts.store.get_customer(c.customer_id)
    old = customer_to_json(mine)["addresses"]
    new = [dict(x) for x in old]
    new[1] = {**new[1], "street": "Via Vecchia 2"}
    b.parts.store.queue_edit(mine, {
        "edit_id": "00000000-0000-4000-8000-0000000000aa", "customer_id": c.customer_id,
        "base_version": mine.version, "changes": {"addresses": new},
        "before": {"addresses": old}, "operator_id": "1001", "operator_role": "cashier"})
    _sync_both(a, b)
    at_hq = _by_id(a.parts.client.get_customer(c.customer_id)["addresses"])
    assert at_hq[first]["city"] == "Rho" and at_hq[second]["street"] == "Via Vecchia 2"
    assert b.edits.conflicts() == []


def test_cli_edit_of_another_address_offline_merges(hq, flag, tmp_path: Path, capsys) -> None:
    a = activate(hq, tmp_path / "a", "TA")
    data = str(tmp_path / "b")
    code = hq.admin.create_activation_code(store_of(hq), "TB")["activation_code"]
    status, _, err = run_cli(capsys, "activate", "--hq", hq.url, "--code", code,
                             "--terminal", "TB", "--data-dir", data)
    assert status == 0, err
    try:
        online(a)
        cycle(a)
        body = person("Cli", "Indirizzi", addresses=TWO_ADDRESSES)
        c = a.customers.create_customer(customer_from_json(body)).customer
        first, second = (x.address_id for x in c.addresses)
        status, _, err = run_cli(capsys, "sync", "--once", "--data-dir", data)
        assert status == 0, err
        _offline(a, c.customer_id, lambda addresses: setattr(addresses[0], "zip", "20125"))
        _, shown, _ = run_cli(capsys, "customers", "show", c.account_number, "--data-dir", data)
        addresses = [dict(x) for x in shown["addresses"]]
        for x in addresses:
            if x["address_id"] == second:
                x["city"] = "Varese"
        change = tmp_path / "change.json"
        change.write_text(json.dumps({"addresses": addresses}), encoding="utf-8")
        hq.kill()
        try:
            status, edited, err = run_cli(capsys, "customers", "edit", c.account_number,
                                          "--json", str(change), "--operator", "1001",
                                          "--data-dir", data)
            assert status == 0, err
            assert _by_id(edited["addresses"])[second]["city"] == "Varese"
        finally:
            hq.restart()
        online(a)
        cycle(a)
        status, _, err = run_cli(capsys, "sync", "--once", "--data-dir", data)
        assert status == 0, err
        at_hq = _by_id(a.parts.client.get_customer(c.customer_id)["addresses"])
        assert (at_hq[first]["zip"], at_hq[second]["city"]) == ("20125", "Varese")
        _, shown, _ = run_cli(capsys, "customers", "show", c.account_number, "--data-dir", data)
        assert _by_id(shown["addresses"])[first]["zip"] == "20125"
    finally:
        a.close()


@pytest.fixture
def no_async_addresses(hq, pair):  # type: ignore[no-untyped-def]
    """The demo store's async customer addresses feature off for one test."""
    hq.admin.patch_store(store_of(hq), async_customer_addresses=False)
    for t in pair:
        cycle(t)
        assert not t.store_config().features.async_customer_addresses
    yield pair
    hq.admin.patch_store(store_of(hq), async_customer_addresses=True)


def test_add_address_offline_is_an_address_edit_merged_by_id(hq, no_async_addresses) -> None:
    """"Add address" offline with async customer edits on (async customer addresses
    off): queued as an address change, merged with the other register's change."""
    a, b = no_async_addresses
    c = _customer(a, b)
    first, second = (x.address_id for x in c.addresses)
    a.parts.link.set_forced_offline(True)
    added = Address(street="Via Aggiunta 5", city="Cremona", zip="26100", country="IT")
    shown = a.edits.add_address(c.customer_id, added, operator=CASHIER)
    assert added.address_id in _by_id(shown.addresses)
    ((_, payload),) = a.parts.store.pending_edits()
    assert [op["op"] for op in payload["address_changes"]] == ["add"]
    # The worklist's "Change pending sync" row says what is waiting: the addresses.
    ((waiting),) = a.parts.store.changed_customers()
    assert waiting["fields"] == ["addresses"]
    _offline(b, c.customer_id, lambda addresses: setattr(addresses[1], "zip", "20901"))
    _sync_both(a, b)
    at_hq = _by_id(a.parts.client.get_customer(c.customer_id)["addresses"])
    assert set(at_hq) == {first, second, added.address_id}
    assert at_hq[second]["zip"] == "20901"
    assert a.edits.conflicts() == [] and b.edits.conflicts() == []


def test_an_unsent_pending_customer_keeps_one_address_without_async_addresses(
    hq, no_async_addresses
) -> None:
    """Its queued upload is an async customer: HQ's job would refuse a second address
    without the async customer addresses feature, so the terminal refuses it first;
    with that feature on, the address goes through the async-address queue as before."""
    a, _ = no_async_addresses
    a.parts.link.set_forced_offline(True)
    body = person("Una", "Sola", addresses=TWO_ADDRESSES[:1])
    pending = a.customers.create_customer(customer_from_json(body)).customer
    extra = Address(street="Via Seconda 2", city="Lodi", zip="26900", country="IT")
    with pytest.raises(ValidationFailed) as refused:
        a.edits.add_address(pending.customer_id, extra, operator=CASHIER)
    assert [e.key for e in refused.value.errors] == ["addresses.async"]
    hq.admin.patch_store(store_of(hq), async_customer_addresses=True)
    online(a)
    cycle(a)
    a.parts.link.set_forced_offline(True)
    a.edits.add_address(pending.customer_id, extra, operator=CASHIER)
    assert a.parts.store.pending_edits() == []  # the async-address queue, as before
    assert len(a.parts.store.get_customer(pending.customer_id).addresses) == 2
