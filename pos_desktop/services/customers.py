"""Create, find and show customers: the same use case behind the dialog and the CLI."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from pos_desktop.domain.codec import customer_from_json, customer_to_json, draft_from_json
from pos_desktop.domain.customer import Customer, CustomerSummary, SyncState, new_id
from pos_desktop.domain.defaults import complete_from_default, new_customer_draft
from pos_desktop.domain.errors import ActionRefused, DomainError, FieldError, ValidationFailed
from pos_desktop.domain.limitations import can_create, creation_limits
from pos_desktop.domain.modes import CreationMode, decide_creation_mode, explain_mode
from pos_desktop.domain.store import StoreConfig
from pos_desktop.domain.validation import validate_customer

from .events import CustomersChanged
from .operators import SignedIn
from .ports import (
    CustomerRepository,
    DeviceNotAuthorized,
    HQRejected,
    HQUnreachable,
    LinkState,
    RealtimeCustomers,
)

log = logging.getLogger(__name__)


class OfflineLink:
    """The link state of a terminal that has no HQ client (always down)."""

    is_up = False

    def report_failure(self, error: BaseException) -> None:
        pass

    def report_success(self) -> None:
        pass


class HQCustomerSearch(Protocol):
    def search_customers(self, text: str, limit: int = 25) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class RemoteCustomer:
    """A customer found at HQ (all stores), not necessarily on this terminal yet."""

    customer: Customer
    record: dict[str, Any] = field(compare=False, repr=False)  # HQ's JSON, for adopt()


@dataclass(frozen=True)
class CreateResult:
    customer: Customer
    mode: CreationMode
    fell_back: bool = False  # a real-time create failed to communicate and went async
    existed: bool = False  # the same customer (same id, same data) was already here


class CustomerExists(DomainError):
    """The customer_id is taken by a customer with other data; nothing was changed."""

    def __init__(self, customer_id: str) -> None:
        super().__init__(
            "customer.exists",
            "A customer with this id already exists, with different data; nothing was changed.",
            customer_id=customer_id,
        )


# What a re-sent draft cannot know or set: HQ's bookkeeping and the generated ids.
_NOT_COMPARED = {"account_number", "state", "version", "store_id", "created_at", "updated_at",
                 "loyalty_cards", "financial_dimensions"}


def _comparable(customer: Customer) -> dict[str, object]:
    body = {k: v for k, v in customer_to_json(customer).items() if k not in _NOT_COMPARED}
    body["addresses"] = [
        {k: v for k, v in a.items() if k != "address_id"} for a in body["addresses"]
    ]
    return body


class CustomerService:
    def __init__(
        self,
        repository: CustomerRepository,
        store_config: Callable[[], StoreConfig],
        *,
        link: LinkState | None = None,
        realtime: RealtimeCustomers | None = None,
        hq_search: HQCustomerSearch | None = None,
        on_created: Callable[[Customer], None] | None = None,
        on_changed: Callable[[CustomersChanged], None] | None = None,
        refresh_config: Callable[[], None] | None = None,
        creator: Callable[[], tuple[str, str]] = lambda: ("", ""),
    ) -> None:
        """`refresh_config` brings the cached store configuration up to date with HQ (a
        cheap ETag check); it runs before a create decides its mode while the link is up.
        `creator` names the signed-in operator (id, name) a new customer is recorded with
        ("", "": nobody is signed in, e.g. the command line)."""
        self._creator = creator
        self._refresh_config = refresh_config
        self._repo = repository
        self._config = store_config
        self._link = link or OfflineLink()
        self._realtime = realtime
        self._hq_search = hq_search
        self._on_created = on_created
        self._on_changed = on_changed

    @property
    def store(self) -> StoreConfig:
        return self._config()

    def creation_mode(self) -> CreationMode:
        link_up = self._link.is_up and self._realtime is not None
        return decide_creation_mode(link_up, self.store)

    def current_creation_mode(self) -> CreationMode:
        """The mode by HQ's configuration as it is now, not as the last sync left it:
        with the link up the configuration is checked first (a network call)."""
        if self._refresh_config is not None and self._link.is_up and self._realtime is not None:
            try:
                self._refresh_config()
            except HQUnreachable as exc:
                self._link.report_failure(exc)
                log.info("store configuration check did not get through (%s)", exc)
            except HQRejected as exc:  # the create itself reports the refusal
                log.info("store configuration check refused (%s)", exc)
        return self.creation_mode()

    def new_draft(self) -> Customer:
        mode = self.creation_mode()
        inherit = not (mode.is_async and not self.store.features.enhanced_async_customers)
        return new_customer_draft(self.store, inherit_affiliations=inherit)

    def draft_from_json(self, data: dict[str, Any]) -> Customer:
        """A typed draft (the CLI's JSON) over the dialog's opening draft: what it leaves
        out comes from the store's default customer, as in the dialog."""
        return draft_from_json(data, base=self.new_draft())

    def check(self, draft: Customer, mode: CreationMode | None = None) -> list[FieldError]:
        """The field errors a save would report now (for inline errors in the dialog)."""
        mode = mode or self.creation_mode()
        _, errors = self._prepare(draft, mode)
        return errors

    def _prepare(self, draft: Customer, mode: CreationMode) -> tuple[Customer, list[FieldError]]:
        store = self.store
        limited = mode.is_async and not store.features.enhanced_async_customers
        complete = complete_from_default(draft, store, inherit_affiliations=not limited)
        customer, errors = validate_customer(complete, store, owned=True)
        errors.extend(creation_limits(customer, store.features, is_async=mode.is_async))
        return customer, errors

    def create_customer(self, draft: Customer, *, operator: SignedIn | None = None) -> CreateResult:
        """Validate and save a new customer by the store's creation mode.

        Sync mode creates it at HQ now; a communication failure or timeout there turns
        the terminal offline and saves the same customer (same customer_id) async.
        Blocked mode refuses and writes nothing. With an `operator` (the register's, or
        the CLI's --operator) its role needs `customer.create`, here and at HQ.
        """
        mode = self.current_creation_mode()
        if operator is not None:
            can_create(role=operator.role, permissions=self.store.permissions).require()
        if mode is CreationMode.BLOCKED:
            key, message = explain_mode(mode)
            raise ActionRefused(key, message)
        customer, errors = self._prepare(draft, mode)
        if errors:
            raise ValidationFailed(errors)
        customer.customer_id = customer.customer_id or new_id()
        customer.account_number = None
        customer.version = 0
        # Who creates it: the operator acting (the register's, the CLI's --operator), else
        # whoever is signed in; the upload names them for HQ's `customer.create` check.
        customer.created_by, customer.created_by_name = (
            (operator.operator_id, operator.name) if operator is not None else self._creator())
        existing = self._repo.get_customer(customer.customer_id)
        if existing is not None and existing.customer_id == customer.customer_id:
            # The id is the customer's identity everywhere: never a second one, never a
            # silent "success" that kept other data.
            if _comparable(existing) != _comparable(customer):
                raise CustomerExists(customer.customer_id)
            return CreateResult(existing, mode, existed=True)

        if mode is CreationMode.SYNC:
            return self._create_in_real_time(customer, mode, operator)
        return self._save_async(customer, mode)

    def _create_in_real_time(
        self, customer: Customer, mode: CreationMode, operator: SignedIn | None
    ) -> CreateResult:
        """Create at HQ now. The customer is first kept here as an intent (pending, same
        id): a register closed or killed while HQ holds the answer loses nothing, the
        next start's sync replays the id (HQ's idempotency: one customer, one number)."""
        assert self._realtime is not None
        customer.state = SyncState.PENDING
        self._repo.add_intent(customer)
        try:
            stored = self._realtime.create_customer(
                customer_to_json(customer), idempotency_key=customer.customer_id,
                operator=(operator.operator_id, operator.role) if operator else None,
            )
        except HQUnreachable as exc:
            log.info("Real-time create did not get through; saving async instead")
            self._link.report_failure(exc)
            fallback = self.creation_mode()
            if fallback is CreationMode.BLOCKED:
                self._repo.resolve_intent(customer.customer_id, None)
                key, message = explain_mode(fallback)
                raise ActionRefused(key, message) from exc
            self._repo.intent_to_upload(customer.customer_id)
            self._notify(customer)
            return CreateResult(customer, fallback, fell_back=True)
        except HQRejected as exc:
            self._repo.resolve_intent(customer.customer_id, None)
            raise _rejection_to_domain(exc) from exc
        self._link.report_success()
        synced = customer_from_json(stored)
        synced.state = SyncState.SYNCED
        synced.created_by = customer.created_by
        synced.created_by_name = customer.created_by_name
        self._repo.resolve_intent(customer.customer_id, synced)
        self._notify(synced)
        return CreateResult(synced, mode)

    def _save_async(
        self, customer: Customer, mode: CreationMode, *, fell_back: bool = False
    ) -> CreateResult:
        customer.state = SyncState.PENDING
        self._repo.add_customer(customer, queue_upload=True)
        self._notify(customer)
        return CreateResult(customer, mode, fell_back=fell_back)

    def _notify(self, customer: Customer) -> None:
        self._changed(customer.customer_id)
        if self._on_created is not None:
            self._on_created(customer)

    def _changed(self, customer_id: str) -> None:
        if self._on_changed is not None:
            self._on_changed(CustomersChanged.of(customer_id, counts_changed=True))

    def search(self, text: str) -> list[CustomerSummary]:
        return self._repo.search(text)

    def get(self, key: str) -> Customer | None:
        return self._repo.get_customer(key)

    # -- all stores (HQ) -------------------------------------------------------------------

    @property
    def can_search_all_stores(self) -> bool:
        return self._hq_search is not None and self._link.is_up

    def search_all_stores(self, text: str, *, limit: int = 50) -> list[RemoteCustomer]:
        """Customers of every store, from HQ (a network call: off the GUI thread).

        A communication failure turns the terminal offline and is raised (HQUnreachable)
        for the caller to say so; HQ's refusal is raised as HQRejected.
        """
        if self._hq_search is None:
            raise HQUnreachable("this terminal has no HQ link")
        try:
            records = self._hq_search.search_customers(text, limit=limit)
        except HQUnreachable as exc:
            self._link.report_failure(exc)
            log.info("search all stores: HQ unreachable (%s)", exc)
            raise
        return [RemoteCustomer(customer_from_json(record), record) for record in records]

    def adopt(self, record: RemoteCustomer | Mapping[str, Any]) -> Customer:
        """A customer picked from HQ's answer is saved on this terminal before it is used
        (attached, shown); returns it as stored."""
        data = record.record if isinstance(record, RemoteCustomer) else dict(record)
        customer = customer_from_json(data)
        customer.state = SyncState.SYNCED
        self._repo.upsert_customer(customer, origin="hq")
        self._changed(customer.customer_id)
        return customer


def _rejection_to_domain(exc: HQRejected) -> Exception:
    if isinstance(exc, DeviceNotAuthorized):
        return DomainError(exc.key, exc.message)
    body = exc.body if isinstance(exc.body, dict) else {}
    fields = (body.get("error") or {}).get("fields") or []
    errors = [
        FieldError(
            str(f.get("field", "")),
            "hq." + str(f.get("code", "invalid")),
            str(f.get("message", "")),
        )
        for f in fields
        if isinstance(f, dict)
    ]
    if exc.status == 422 and errors:
        return ValidationFailed(errors)
    return ActionRefused("hq.rejected", f"HQ refused the customer: {exc.message}")
