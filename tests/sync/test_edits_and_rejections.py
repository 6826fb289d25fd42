"""Edits through HQ, conflicts, refusals, rejected customers, queued addresses, filtering."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_desktop.domain.codec import customer_from_json
from pos_desktop.domain.customer import Address, AddressPurpose, SyncState
from pos_desktop.domain.errors import ActionRefused
from pos_desktop.domain.modes import CreationMode
from pos_desktop.services.editing import EditConflict
from pos_desktop.services.operators import SignedIn
from tests.support.terminals import activate, person, sync_until_numbered, wait_until

MANAGER = SignedIn("2001", "Marco Colombo", "manager")
CASHIER = SignedIn("1001", "Sara Ricci", "cashier")


@pytest.fixture
def terminal(hq, tmp_path: Path):  # type: ignore[no-untyped-def]
    t = activate(hq, tmp_path / "t", "T5")
    t.parts.link.check_now()
    yield t
    t.close()


def test_edit_goes_through_hq_and_a_stale_version_is_a_conflict(hq, terminal, tmp_path) -> None:
    created = terminal.customers.create_customer(customer_from_json(person("Edit", "Me")))
    customer = created.customer
    assert customer.account_number

    other = activate(hq, tmp_path / "other", "T6")
    other.parts.link.check_now()
    other.parts.store.upsert_customer(customer)
    theirs = other.parts.store.get_customer(customer.customer_id)
    theirs.last_name = "Changed-Elsewhere"
    other.edits.edit(theirs, operator=CASHIER)
    other.close()

    mine = terminal.parts.store.get_customer(customer.customer_id)
    mine.first_name = "Mine"
    with pytest.raises(EditConflict) as conflict:
        terminal.edits.edit(mine, operator=MANAGER)
    assert conflict.value.fresh.last_name == "Changed-Elsewhere"
    assert terminal.parts.store.get_customer(customer.customer_id).last_name == "Changed-Elsewhere"

    fresh = terminal.parts.store.get_customer(customer.customer_id)
    fresh.first_name = "Mine"
    saved = terminal.edits.edit(fresh, operator=CASHIER)
    assert saved.first_name == "Mine" and saved.version == fresh.version + 1
    assert terminal.parts.client.get_customer(customer.account_number)["first_name"] == "Mine"


def test_edits_are_refused_offline_and_for_pending_customers(terminal) -> None:
    synced = terminal.customers.create_customer(customer_from_json(person("Sync", "Ed"))).customer

    terminal.parts.link.set_forced_offline(True)
    pending = terminal.customers.create_customer(customer_from_json(person("Pen", "Ding")))
    assert pending.mode is CreationMode.FORCED_ASYNC
    with pytest.raises(ActionRefused) as offline:
        terminal.edits.edit(terminal.parts.store.get_customer(synced.customer_id),
                            operator=MANAGER)
    assert offline.value.key == "edit.offline"
    terminal.parts.link.set_forced_offline(False)
    with pytest.raises(ActionRefused) as refused:
        terminal.edits.edit(pending.customer, operator=MANAGER)
    assert refused.value.key == "edit.pending"
    with pytest.raises(ActionRefused) as card:
        terminal.loyalty.issue_card(pending.customer.customer_id)
    assert card.value.key == "loyalty.pending"

    with_card = terminal.loyalty.issue_card(synced.customer_id)
    assert len(with_card.loyalty_cards) == 1
    number = with_card.loyalty_cards[0].card_number
    assert terminal.customers.search(number)[0].customer_id == synced.customer_id


def test_rejected_customer_is_visible_then_corrected_and_resubmitted(terminal) -> None:
    bad = customer_from_json(person("Reject", "Ed", attributes={}))
    bad.state = SyncState.PENDING
    # As an older terminal version might have queued it: HQ validates again and refuses.
    terminal.parts.store.add_customer(bad, queue_upload=True)

    def rejected() -> bool:
        terminal.parts.worker.run_cycle()
        return terminal.parts.store.get_customer(bad.customer_id).state is SyncState.REJECTED

    wait_until(rejected, timeout=20, interval=0.3)
    shown = terminal.parts.store.get_customer(bad.customer_id)
    assert "segment" in shown.rejection_reason
    assert terminal.parts.store.count_by_state()["rejected"] == 1

    shown.attributes = {"segment": "gold"}
    again = terminal.edits.resubmit(shown, operator=CASHIER)
    assert again.state is SyncState.PENDING and again.rejection_reason == ""
    sync_until_numbered(terminal, [bad.customer_id])
    assert terminal.parts.store.get_customer(bad.customer_id).state is SyncState.SYNCED


def test_address_for_a_pending_customer_needs_the_async_addresses_feature(hq, terminal) -> None:
    store_id = terminal.store_config().store_id
    hq.admin.patch_store(store_id, async_customer_addresses=False)
    terminal.parts.worker.run_cycle()
    assert not terminal.store_config().features.async_customer_addresses
    terminal.parts.link.set_forced_offline(True)
    pending = terminal.customers.create_customer(customer_from_json(person("Addr", "Ess")))
    extra = Address(
        street="Corso Como 9",
        city="Milano",
        zip="20154",
        country="IT",
        purpose=AddressPurpose.OFFICE,
    )
    with pytest.raises(ActionRefused) as refused:
        terminal.edits.add_address(pending.customer.customer_id, extra, operator=CASHIER)
    assert refused.value.key == "address.pending"

    hq.admin.patch_store(store_id, async_customer_addresses=True)
    terminal.parts.link.set_forced_offline(False)
    terminal.parts.link.check_now()
    terminal.parts.worker.run_cycle()  # picks up the new store configuration
    assert terminal.store_config().features.async_customer_addresses
    terminal.parts.link.set_forced_offline(True)
    queued = terminal.edits.add_address(pending.customer.customer_id, extra, operator=CASHIER)
    assert [a.street for a in queued.addresses][-1] == "Corso Como 9"
    terminal.parts.link.set_forced_offline(False)
    terminal.parts.link.check_now()

    def both_at_hq() -> bool:
        terminal.parts.worker.run_cycle()
        local = terminal.parts.store.get_customer(pending.customer.customer_id)
        if not local.account_number:
            return False
        at_hq = terminal.parts.client.get_customer(local.account_number)
        return {a["street"] for a in at_hq["addresses"]} >= {"Via Torino 5", "Corso Como 9"}

    wait_until(both_at_hq, timeout=30, interval=0.3)
    local = terminal.parts.store.get_customer(pending.customer.customer_id)
    assert sorted(a.street for a in local.addresses) == ["Corso Como 9", "Via Torino 5"]


def test_filtering_shared_data_purges_synced_customers_and_blocks_offline_creation(
    hq, terminal
) -> None:
    store_id = terminal.store_config().store_id
    terminal.parts.worker.run_cycle()
    assert terminal.parts.store.count_by_state().get("synced", 0) > 100  # the store's customers
    # The first download indexed them for search in bulk at the end of the pull.
    assert terminal.parts.store.search_backlog_size() == 0
    assert len(terminal.customers.search("ro")) > 0
    terminal.parts.link.set_forced_offline(True)
    pending = terminal.customers.create_customer(customer_from_json(person("Keep", "Me")))
    terminal.parts.link.set_forced_offline(False)

    hq.admin.patch_store(store_id, filter_shared_customer_data_tables=True)
    terminal.parts.link.check_now()
    hq.kill()
    assert terminal.parts.worker.run_cycle() is None
    hq.restart()
    terminal.parts.link.check_now()
    terminal.parts.worker.run_cycle()
    assert terminal.store_config().filter_shared_customer_data_tables
    counts = terminal.parts.store.count_by_state()
    assert set(counts) <= {"pending", "synced"}
    kept = terminal.parts.store.get_customer(pending.customer.customer_id)
    assert kept is not None  # our own customer is never purged before it is uploaded

    terminal.parts.link.set_forced_offline(True)
    assert terminal.customers.creation_mode() is CreationMode.BLOCKED
    before = terminal.parts.store.count_customers()
    with pytest.raises(ActionRefused) as blocked:
        terminal.customers.create_customer(customer_from_json(person("No", "Way")))
    assert blocked.value.key == "mode.blocked"
    assert terminal.parts.store.count_customers() == before
    assert terminal.customers.search("walk") == []


def test_with_shared_data_filtered_no_customer_is_stored_beyond_the_transaction(
    hq, terminal
) -> None:
    """Issue 12: a real-time create, a customer picked from HQ's search (or the duplicate
    warning: the same adopt) and a loyalty card stay in memory for the register; the
    offline DB gets none of them."""
    store_id = terminal.store_config().store_id
    hq.admin.patch_store(store_id, filter_shared_customer_data_tables=True)
    terminal.parts.worker.run_cycle()
    assert terminal.store_config().filter_shared_customer_data_tables
    customers = terminal.services.customers
    store = terminal.parts.store
    before = store.count_customers()

    assert customers.creation_mode() is CreationMode.SYNC
    created = customers.create_customer(customer_from_json(person("Only", "Memory")))
    assert created.customer.account_number
    assert store.get_customer(created.customer.customer_id) is None
    shown = customers.get(created.customer.customer_id)  # the register attaches it
    assert shown is not None and shown.account_number == created.customer.account_number
    assert customers.get(created.customer.account_number) is not None
    # the same draft again is the same customer, not a second one
    again = customers.create_customer(customer_from_json(
        {**person("Only", "Memory"), "customer_id": created.customer.customer_id}))
    assert again.existed

    remote = customers.search_all_stores("Rossi")[0]
    adopted = customers.adopt(remote)
    assert store.get_customer(adopted.customer_id) is None
    assert customers.get(adopted.customer_id) is not None

    carded = terminal.services.loyalty.issue_card(created.customer.account_number)
    assert carded.loyalty_cards
    assert store.get_customer(created.customer.customer_id) is None
    assert store.count_customers() == before
