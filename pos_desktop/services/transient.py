"""Customers kept in memory only: "filter shared customer data tables" (DESIGN.md 1).

With the store profile's filter on, the terminal stores no customer data beyond the
current transaction: a customer created in real time, picked from HQ's search (all
stores) or from the duplicate warning, or refreshed by an edit or a loyalty card, is kept
in memory for the register (attach, show) instead of in the offline database. One
repository wraps the store for every service, so no path writes such a customer.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from pos_desktop.domain.customer import Address, Customer, CustomerSummary

from .editing import EditRepository
from .ports import CustomerRepository

KEEP = 20  # a few customers of the transactions in hand; the oldest is forgotten


class Repository(CustomerRepository, EditRepository, Protocol):
    """What the customer, edit and loyalty services need of the store."""


class FilteredRepository:
    def __init__(self, store: Repository, filtered: Callable[[], bool]) -> None:
        self._store = store
        self._filtered = filtered
        self._memory: OrderedDict[str, Customer] = OrderedDict()
        self._lock = threading.Lock()

    def add_customer(self, customer: Customer, *, queue_upload: bool) -> None:
        self._store.add_customer(customer, queue_upload=queue_upload)

    def upsert_customer(self, customer: Customer, *, origin: str = "hq") -> None:
        if not self._filtered():
            self._store.upsert_customer(customer, origin=origin)
            return
        self._remember(customer)

    def _remember(self, customer: Customer) -> None:
        with self._lock:
            self._memory[customer.customer_id] = copy.deepcopy(customer)
            self._memory.move_to_end(customer.customer_id)
            while len(self._memory) > KEEP:
                self._memory.popitem(last=False)

    def add_intent(self, customer: Customer) -> None:
        """A real-time create's write-ahead is kept in the store whatever the filter: it
        is how the customer survives a register stopped while HQ holds the answer."""
        self._store.add_intent(customer)

    def resolve_intent(self, customer_id: str, synced: Customer | None) -> None:
        """The filtered store keeps HQ's answer in memory, none of it in the store."""
        if synced is not None and self._filtered():
            self._store.resolve_intent(customer_id, None)
            self._remember(synced)
            return
        self._store.resolve_intent(customer_id, synced)

    def intent_to_upload(self, customer_id: str) -> None:
        self._store.intent_to_upload(customer_id)

    def get_customer(self, key: str) -> Customer | None:
        stored = self._store.get_customer(key)
        if stored is not None or not key:
            return stored
        with self._lock:
            for customer in reversed(self._memory.values()):
                if key in (customer.customer_id, customer.account_number):
                    return copy.deepcopy(customer)
        return None

    def search(self, text_typed: str, limit: int = 0) -> list[CustomerSummary]:
        if limit:
            return self._store.search(text_typed, limit)
        return self._store.search(text_typed)

    def queue_address(self, customer: Customer, address: Address) -> None:
        self._store.queue_address(customer, address)

    def resubmit_customer(self, customer: Customer, *, operator_id: str = "") -> None:
        self._store.resubmit_customer(customer, operator_id=operator_id)

    # Field-level edits (issue 15) are the store's: an edit queued while offline is kept
    # with its customer until HQ has it (a filtered store too: it is not yet HQ's data).
    def edit_standing(self, customer_id: str) -> tuple[bool, bool]:
        return self._store.edit_standing(customer_id)

    def rewrite_queued_customer(self, customer: Customer) -> bool:
        return self._store.rewrite_queued_customer(customer)

    def queue_edit(self, edited: Customer, payload: dict[str, Any]) -> None:
        self._store.queue_edit(edited, payload)

    def edit_conflicts(self) -> list[dict[str, Any]]:
        return self._store.edit_conflicts()

    def resolve_conflict(self, outbox_id: int, field_name: str) -> None:
        self._store.resolve_conflict(outbox_id, field_name)

    def edits_pending_for(self, customer_ids: Sequence[str]) -> set[str]:
        return self._store.edits_pending_for(customer_ids)

    def rejected_edits(self) -> list[dict[str, Any]]:
        return self._store.rejected_edits()

    def drop_rejected_edit(self, outbox_id: int) -> None:
        self._store.drop_rejected_edit(outbox_id)
