"""EditService enforces the domain's rules itself, whatever the screen showed: who may
resubmit a rejected customer or add an address (the store's permissions for the
operator's role), and one primary address (in-memory store, no HQ)."""

from __future__ import annotations

import copy

import pytest

from pos_desktop.domain.addresses import with_address
from pos_desktop.domain.codec import store_from_json
from pos_desktop.domain.customer import Address, Customer, SyncState
from pos_desktop.domain.errors import ActionRefused
from pos_desktop.services.editing import EditService
from pos_desktop.services.operators import SignedIn
from tests.sample_store import store_json

STORE = store_from_json(store_json(features__async_customer_addresses=True))
# The same store after HQ took correcting and addresses from its cashiers.
STRICT = store_from_json(store_json(
    features__async_customer_addresses=True,
    permissions={"cashier": {"customer.resubmit": False, "address.edit": False}}))
CASHIER = SignedIn("1001", "Sara Ricci", "cashier")
MANAGER = SignedIn("2001", "Marco Colombo", "manager")


class Link:
    is_up = False

    def report_failure(self, error: BaseException) -> None:
        self.is_up = False

    def report_success(self) -> None:
        self.is_up = True


class Repository:
    """The offline store's part EditService uses, in memory."""

    def __init__(self, *customers: Customer) -> None:
        self.customers = {c.customer_id: copy.deepcopy(c) for c in customers}
        self.resubmitted: list[Customer] = []
        self.operators: list[str] = []  # who corrected each (sent to HQ with the upload)
        self.queued: list[Address] = []

    def get_customer(self, key: str) -> Customer | None:
        return copy.deepcopy(self.customers.get(key))

    def upsert_customer(self, customer: Customer, *, origin: str = "hq") -> None:
        self.customers[customer.customer_id] = copy.deepcopy(customer)

    def queue_address(self, customer: Customer, address: Address) -> None:
        self.queued.append(address)
        stored = self.customers[customer.customer_id]
        stored.addresses = with_address(stored.addresses, address)

    def resubmit_customer(self, customer: Customer, *, operator_id: str = "") -> None:
        self.resubmitted.append(customer)
        self.operators.append(operator_id)
        self.customers[customer.customer_id] = copy.deepcopy(customer)


def _rejected() -> Customer:
    return Customer(
        first_name="Rita", last_name="Respinta", store_id=STORE.store_id,
        state=SyncState.REJECTED, rejection_reason="segment: required attribute is missing",
        addresses=[Address(street="Via Roma 1", city="Milano", zip="20121", country="IT",
                           is_primary=True)],
    )


def _service(repo: Repository, store=STORE) -> EditService:
    return EditService(repo, lambda: store, link=Link(), hq=None)


def test_a_cashier_resubmits_a_rejected_customer_by_default() -> None:
    rejected = _rejected()
    repo = Repository(rejected)
    corrected = copy.deepcopy(rejected)
    corrected.attributes = {"segment": "A"}
    again = _service(repo).resubmit(corrected, operator=CASHIER)
    assert again.state is SyncState.PENDING


def test_a_cashier_may_not_resubmit_where_the_store_says_so() -> None:
    rejected = _rejected()
    repo = Repository(rejected)
    corrected = copy.deepcopy(rejected)
    corrected.attributes = {"segment": "A"}
    with pytest.raises(ActionRefused) as refused:
        _service(repo, STRICT).resubmit(corrected, operator=CASHIER)
    assert refused.value.key == "permission.customer.resubmit"
    assert repo.resubmitted == []  # nothing queued, nothing changed
    assert repo.customers[rejected.customer_id].state is SyncState.REJECTED


def test_a_manager_resubmits_a_rejected_customer() -> None:
    rejected = _rejected()
    repo = Repository(rejected)
    corrected = copy.deepcopy(rejected)
    corrected.attributes = {"segment": "A"}
    again = _service(repo, STRICT).resubmit(corrected, operator=MANAGER)
    assert again.state is SyncState.PENDING and again.rejection_reason == ""
    assert [c.customer_id for c in repo.resubmitted] == [rejected.customer_id]
    assert repo.operators == ["2001"]


def test_only_a_rejected_customer_is_resubmitted() -> None:
    pending = _rejected()
    pending.state = SyncState.PENDING
    repo = Repository(pending)
    with pytest.raises(ActionRefused) as refused:
        _service(repo).resubmit(pending, operator=MANAGER)
    assert refused.value.key == "resubmit.not_rejected"


def test_a_new_primary_address_takes_the_flag_from_the_old_one() -> None:
    pending = _rejected()
    pending.state = SyncState.PENDING  # queued through the async-address feature
    pending.attributes = {"segment": "A"}
    first = pending.addresses[0].address_id
    repo = Repository(pending)
    new = Address(street="Corso Como 9", city="Milano", zip="20154", country="IT",
                  is_primary=True)
    shown = _service(repo).add_address(pending.customer_id, new, operator=CASHIER)
    assert [a.is_primary for a in shown.addresses] == [False, True]
    assert shown.addresses[0].address_id == first
    assert repo.queued[0].address_id == new.address_id and repo.queued[0].is_primary


def test_a_cashier_may_not_add_an_address_where_the_store_says_so() -> None:
    repo = Repository(_rejected())
    with pytest.raises(ActionRefused) as refused:
        _service(repo, STRICT).add_address(next(iter(repo.customers)), Address(street="x"),
                                           operator=CASHIER)
    assert refused.value.key == "permission.address.edit"
    assert repo.queued == []
