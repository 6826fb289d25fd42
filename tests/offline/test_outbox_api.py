"""The outbox as the sync engine sees it: the offline store's methods, no ORM queries."""

from __future__ import annotations

from pos_desktop.domain.customer import Customer, SyncState
from pos_desktop.offline.store import OfflineStore


def _pending(store: OfflineStore, *names: str) -> list[Customer]:
    customers = [Customer(first_name=n, last_name="Rossi") for n in names]
    for customer in customers:
        store.add_customer(customer, queue_upload=True)
    return customers


def test_pending_uploads_are_the_oldest_first_with_their_payload(store: OfflineStore) -> None:
    anna, bruno, carla = _pending(store, "Anna", "Bruno", "Carla")
    batch = store.pending_uploads("customer", 2)
    assert [entity for _, entity, _ in batch] == [anna.customer_id, bruno.customer_id]
    assert batch[0][2]["first_name"] == "Anna"
    assert store.pending_uploads("address", 10) == []


def test_an_answer_moves_accepted_entries_on_and_rejects_with_the_reason(
    store: OfflineStore,
) -> None:
    anna, bruno, carla = _pending(store, "Anna", "Bruno", "Carla")
    (a, _, _), (b, _, _), _ = store.pending_uploads("customer", 10)

    refused = store.record_uploads([a], [(b, "email.invalid")])

    assert refused == [bruno.customer_id]
    assert store.outbox_count("uploaded") == 1 and store.outbox_count("pending") == 1
    assert store.awaiting_numbers() == 1
    assert store.awaiting_number_ids() == [anna.customer_id]
    rejected = store.get_customer(bruno.customer_id)
    assert rejected is not None and rejected.state is SyncState.REJECTED
    assert rejected.rejection_reason == "email.invalid"
    # An answer repeated (a lost response, sent again) changes nothing more.
    assert store.record_uploads([a], [(b, "other")]) == []
    again = store.get_customer(bruno.customer_id)
    assert again is not None and again.rejection_reason == "email.invalid"
    assert [e for _, e, _ in store.pending_uploads("customer", 10)] == [carla.customer_id]


def test_awaiting_numbers_end_with_the_number_or_a_rejection(store: OfflineStore) -> None:
    anna, bruno = _pending(store, "Anna", "Bruno")
    ids = [outbox_id for outbox_id, _, _ in store.pending_uploads("customer", 10)]
    store.record_uploads(ids, [])
    (first,) = store.awaiting_number_ids(limit=1)  # uploaded together: either
    assert first in {anna.customer_id, bruno.customer_id}
    assert store.awaiting_numbers() == 2

    store.assign_account_number(anna.customer_id, "C0000001")
    store.reject_upload(bruno.customer_id, "duplicate at HQ")

    assert store.awaiting_numbers() == 0 and store.awaiting_number_ids() == []
    numbered = store.get_customer("C0000001")
    assert numbered is not None and numbered.state is SyncState.SYNCED
    assert [s.account_number for s in store.search("C0000001")] == ["C0000001"]
    refused = store.get_customer(bruno.customer_id)
    assert refused is not None and refused.state is SyncState.REJECTED
    assert refused.rejection_reason == "duplicate at HQ"


def test_an_unreadable_payload_is_rejected_alone_and_can_be_resubmitted(
    store: OfflineStore,
) -> None:
    import sqlite3

    anna, bruno, carla = _pending(store, "Anna", "Bruno", "Carla")
    with sqlite3.connect(store.path) as db:  # a lone surrogate, as an older release wrote
        db.execute("UPDATE outbox SET payload = ? WHERE customer_id = ?",
                   ('{"first_name": "Br\\ud800"}', bruno.customer_id))
        db.execute("UPDATE outbox SET payload = ? WHERE customer_id = ?",
                   ("[1, 2", carla.customer_id))
    rejected: list[str] = []
    batch = store.pending_uploads("customer", 10, rejected)
    assert [entity for _, entity, _ in batch] == [anna.customer_id]
    assert sorted(rejected) == sorted([bruno.customer_id, carla.customer_id])
    assert store.outbox_count("rejected") == 2
    bad = store.get_customer(bruno.customer_id)
    assert bad is not None and bad.state is SyncState.REJECTED
    assert "unreadable" in bad.rejection_reason and "resubmit" in bad.rejection_reason
    assert store.pending_uploads("customer", 10) == batch  # rejected once, not again
    # Corrected and resubmitted: queued again, readable.
    store.resubmit_customer(Customer(customer_id=bruno.customer_id, first_name="Bruno",
                                     last_name="Rossi"))
    assert [e for _, e, _ in store.pending_uploads("customer", 10)] == [
        anna.customer_id, bruno.customer_id]
