"""Queued edits of a customer HQ rejects (issue 15), and who created an offline
customer, sent with its upload for HQ's `customer.create` check."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pos_desktop.domain.codec import customer_from_json
from pos_desktop.domain.customer import SyncState
from pos_desktop.domain.errors import ActionRefused
from pos_desktop.services.operators import SignedIn
from pos_desktop.sync.engine import SyncReport
from pos_desktop.terminal import Terminal
from tests.support.terminals import (
    activate,
    person,
    store_of,
    sync_until_numbered,
    wait_until,
)

CASHIER = SignedIn("1001", "Sara Ricci", "cashier")
MANAGER = SignedIn("2001", "Marco Colombo", "manager")


@pytest.fixture
def terminal(hq, tmp_path: Path) -> Iterator[Terminal]:  # type: ignore[no-untyped-def]
    hq.admin.patch_store(store_of(hq), async_customer_edits=True)
    t = activate(hq, tmp_path / "t", "TR")
    t.parts.link.check_now()
    assert t.parts.worker.run_cycle() is not None
    yield t
    t.close()
    hq.admin.patch_store(store_of(hq), async_customer_edits=False,
                         permissions={"cashier": {"customer.create": True}})


def _cycle(t: Terminal) -> None:
    assert t.parts.worker.run_cycle() is not None


def test_edits_of_a_customer_hq_rejects_go_with_its_resubmission(hq, terminal) -> None:
    t = terminal
    # Queued as an older register might have (no segment): HQ's job refuses it.
    bad = customer_from_json(person("Rita", "Respinta", attributes={}, addresses=[
        {"street": "Via Torino 5", "city": "Milano", "zip": "20123", "country": "IT"}]))
    bad.state = SyncState.PENDING
    t.parts.store.add_customer(bad, queue_upload=True)
    t.parts.worker.engine.upload(SyncReport())  # uploaded, waiting for HQ's job
    edited = t.parts.store.get_customer(bad.customer_id)
    edited.last_name = "Corretta"
    edited.attributes = {"segment": "standard"}
    t.edits.edit(edited, operator=CASHIER)  # uploaded, not numbered: a field-level edit
    assert t.parts.store.edits_pending_for([bad.customer_id]) == {bad.customer_id}

    def rejected() -> bool:
        _cycle(t)
        return t.parts.store.get_customer(bad.customer_id).state is SyncState.REJECTED

    wait_until(rejected, timeout=30, interval=0.3)
    # Not stuck in the queue for a customer HQ never made: the edit is in its data
    # here, which the correction sends; nothing else waits.
    assert t.parts.store.edits_pending_for([bad.customer_id]) == set()
    counts = t.services.sync.counts()
    assert (counts.rejected, counts.changed, counts.outbox) == (1, 0, 0)
    shown = t.parts.store.get_customer(bad.customer_id)
    assert (shown.last_name, shown.attributes) == ("Corretta", {"segment": "standard"})
    # An edit alone would never reach HQ: refused, with what to do instead.
    shown.email = "rita@example.com"
    with pytest.raises(ActionRefused) as refused:
        t.edits.edit(shown, operator=CASHIER)
    assert refused.value.key == "edit.rejected" and "resubmit" in refused.value.message

    t.edits.resubmit(t.parts.store.get_customer(bad.customer_id), operator=CASHIER)
    sync_until_numbered(t, [bad.customer_id])
    at_hq = t.parts.client.get_customer(bad.customer_id)
    assert (at_hq["last_name"], at_hq["attributes"]["segment"]) == ("Corretta", "standard")
    assert at_hq["version"] == 1  # one customer, its edit inside it
    assert t.services.sync.counts().outbox == 0


def test_an_offline_customer_names_its_creator_and_hq_checks_customer_create(
    hq, terminal
) -> None:
    t = terminal
    t.parts.link.set_forced_offline(True)
    by_cashier = t.customers.create_customer(
        customer_from_json(person("Carla", "Cassiera")), operator=CASHIER).customer
    by_manager = t.customers.create_customer(
        customer_from_json(person("Mario", "Manager")), operator=MANAGER).customer
    anonymous = t.customers.create_customer(  # an import: nobody named, as before
        customer_from_json(person("Ivo", "Import"))).customer
    assert by_cashier.is_pending and by_cashier.created_by == "1001"
    # HQ takes customer.create from cashiers before the uploads arrive.
    hq.admin.set_permissions(store_of(hq), "cashier", **{"customer.create": False})
    t.parts.link.set_forced_offline(False)
    t.parts.link.check_now()
    sync_until_numbered(t, [by_manager.customer_id, anonymous.customer_id])
    refused = t.parts.store.get_customer(by_cashier.customer_id)
    assert refused.state is SyncState.REJECTED
    assert "customer.create" in refused.rejection_reason
    [reason] = refused.rejection_details
    assert (reason.code, reason.params.get("permission")) == (
        "permission_denied", "customer.create")
    assert t.parts.client.async_status(by_cashier.customer_id)["state"] == "rejected"


def test_queued_addresses_of_a_customer_hq_rejects_go_with_its_resubmission(
    hq, terminal
) -> None:
    """The async-addresses feature: an address added to a pending customer waits in the
    outbox. When HQ rejects the customer, the address is already in its data here, which
    the correction carries: nothing waits for a customer HQ never made."""
    from pos_desktop.domain.customer import Address

    t = terminal
    hq.admin.patch_store(store_of(hq), async_customer_addresses=True)
    try:
        _cycle(t)
        bad = customer_from_json(person("Ada", "Respinta", attributes={}, addresses=[
            {"street": "Via Torino 5", "city": "Milano", "zip": "20123", "country": "IT"}]))
        bad.state = SyncState.PENDING
        t.parts.store.add_customer(bad, queue_upload=True)
        t.parts.worker.engine.upload(SyncReport())  # uploaded, waiting for HQ's job
        added = Address(street="Via Roma 9", city="Milano", zip="20121", country="IT")
        # Queued as the register queues it (its checks aside: this customer lacks a segment).
        t.parts.store.queue_address(t.parts.store.get_customer(bad.customer_id), added)

        def rejected() -> bool:
            _cycle(t)
            return t.parts.store.get_customer(bad.customer_id).state is SyncState.REJECTED

        wait_until(rejected, timeout=30, interval=0.3)
        for _ in range(2):
            _cycle(t)
        assert t.services.sync.counts().outbox == 0  # nothing left waiting
        shown = t.parts.store.get_customer(bad.customer_id)
        assert [a.street for a in shown.addresses] == ["Via Torino 5", "Via Roma 9"]
        shown.attributes = {"segment": "standard"}
        t.edits.resubmit(shown, operator=CASHIER)
        sync_until_numbered(t, [bad.customer_id])
        at_hq = t.parts.client.get_customer(bad.customer_id)
        assert sorted(a["street"] for a in at_hq["addresses"]) == ["Via Roma 9", "Via Torino 5"]
        assert t.services.sync.counts().outbox == 0
    finally:
        hq.admin.patch_store(store_of(hq), async_customer_addresses=False)
