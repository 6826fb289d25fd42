"""Edits to existing customers: synchronous through HQ with optimistic concurrency.

Refusals come from the domain (pending, offline, role); a stale version is a clear
conflict with fresh data, never a silent overwrite. With the async-customer-addresses
feature, a new address for a pending customer (or while offline) is queued instead.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from pos_desktop.domain.address_edits import is_address_path, with_address_value
from pos_desktop.domain.addresses import with_address
from pos_desktop.domain.codec import customer_from_json, customer_to_json
from pos_desktop.domain.customer import (
    Address,
    Customer,
    RejectionReason,
    SyncState,
    new_id,
    reasons_from_json,
)
from pos_desktop.domain.defaults import complete_from_default
from pos_desktop.domain.errors import ActionRefused, DomainError, FieldError, ValidationFailed
from pos_desktop.domain.field_edits import (
    changed_fields,
    split_addresses,
    values_of,
    with_changes,
)
from pos_desktop.domain.limitations import (
    EDITABLE,
    Decision,
    EditRoute,
    address_goes_async,
    async_draft_limits,
    can_add_address,
    can_edit,
    can_resubmit,
    edit_needs,
    edit_route,
    refusal,
    role_may,
    several_addresses_allowed,
)
from pos_desktop.domain.store import Permission, StoreConfig
from pos_desktop.domain.validation import validate_customer

from .customers import _rejection_to_domain
from .events import CustomersChanged
from .operators import SignedIn
from .ports import HQRejected, HQUnreachable, LinkState

log = logging.getLogger(__name__)


class EditConflict(DomainError):
    """HQ holds a newer version; `fresh` is it (already saved locally)."""

    def __init__(self, fresh: Customer) -> None:
        super().__init__(
            "edit.conflict",
            "Someone changed this customer meanwhile. The latest version is shown; "
            "make your change again.",
        )
        self.fresh = fresh


class CustomerNotFound(DomainError):
    def __init__(self, key: str) -> None:
        super().__init__("customer.not_found", f"No customer {key!r} on this terminal.")


class HQEdits(Protocol):
    def get_customer(self, account_number: str) -> dict[str, Any]: ...
    def patch_customer(
        self, account_number: str, changes: dict[str, Any], version: int,
        operator: tuple[str, str] | None = None,
    ) -> dict[str, Any]: ...


class EditRepository(Protocol):
    def get_customer(self, key: str) -> Customer | None: ...
    def upsert_customer(self, customer: Customer, *, origin: str = "hq") -> None: ...
    def queue_address(self, customer: Customer, address: Address) -> None: ...
    def resubmit_customer(self, customer: Customer, *, operator_id: str = "") -> None: ...
    def edit_standing(self, customer_id: str) -> tuple[bool, bool]: ...
    def rewrite_queued_customer(self, customer: Customer) -> bool: ...
    def queue_edit(self, edited: Customer, payload: dict[str, Any]) -> None: ...
    def edit_conflicts(self) -> list[dict[str, Any]]: ...
    def resolve_conflict(self, outbox_id: int, field_name: str) -> None: ...
    def edits_pending_for(self, customer_ids: Sequence[str]) -> set[str]: ...
    def rejected_edits(self) -> list[dict[str, Any]]: ...
    def drop_rejected_edit(self, outbox_id: int) -> None: ...


CONFLICT, REJECTED = "conflict", "rejected"


@dataclass(frozen=True)
class EditIssue:
    """A queued edit HQ did not simply apply (the sync worklist): one field HQ had also
    changed (`kind` conflict: HQ's value stands, `mine` is this terminal's), or an edit
    HQ refused (`kind` rejected: its reason, `fields` what the edit changed)."""

    kind: str  # CONFLICT | REJECTED
    outbox_id: int
    customer_id: str
    name: str
    since: datetime | None
    operator_id: str = ""
    field: str = ""
    mine: Any = None
    hq: Any = None
    fields: tuple[str, ...] = ()
    reason: str = ""
    details: tuple[RejectionReason, ...] = ()
    operator_name: str = ""  # who made the edit, by name ("" when not known)
    address: str = ""  # a conflict on one field of an address: which one (as held here)


def _address_named(customer: Customer | None, field_name: str) -> str:
    """The address a conflict on one of its fields (``addresses.<id>.<field>``) names,
    in short ("Via Roma 1, 20121, Milano"); "" for anything else."""
    parts = field_name.split(".")
    if customer is None or len(parts) != 3 or parts[0] != "addresses":
        return ""
    found = next((a for a in customer.addresses if a.address_id == parts[1]), None)
    return ", ".join(p for p in (found.street, found.zip, found.city) if p) if found else ""


def _permission_for(field_name: str) -> Permission:
    """`address.edit` for the addresses (a conflict on one: ``addresses.<id>[.<field>]``)."""
    return Permission.ADDRESS_EDIT if is_address_path(field_name) else Permission.CUSTOMER_EDIT


def _address_limit(current: Customer, edited: Customer, store: StoreConfig
                   ) -> list[FieldError]:
    """A customer still to be uploaded (async) takes one address without the async
    customer addresses feature: HQ's job would refuse the upload otherwise."""
    several = several_addresses_allowed(store.features, is_async=True)
    if several.allowed or len(edited.addresses) <= max(1, len(current.addresses)):
        return []
    return [FieldError("addresses", several.key, several.message)]


def _with_value(customer: Customer, field_name: str, value: Any) -> Customer:
    """`customer` with a conflict's value: a field, or an address (or one of its fields)."""
    if field_name != "addresses" and is_address_path(field_name):
        addresses = customer_to_json(customer).get("addresses") or []
        return with_changes(customer, {
            "addresses": with_address_value(addresses, field_name, value)})
    return with_changes(customer, {field_name: value})


def _refusal_by_hq(exc: HQRejected, operator: SignedIn) -> Exception:
    """HQ's permission refusals in the terminal's own words (its configuration was
    older than HQ's); anything else as every other HQ refusal."""
    body = exc.body if isinstance(exc.body, dict) else {}
    name = str((body.get("error") or {}).get("permission") or "")
    if exc.code == "permission_denied" and name in set(Permission):
        decision = refusal(operator.role, Permission(name))
        return ActionRefused(decision.key, decision.message)
    if exc.code == "unknown_operator":
        return ActionRefused(
            "operator.unknown", "HQ does not know this operator in this store; nothing was changed."
        )
    return _rejection_to_domain(exc)


class EditService:
    def __init__(
        self,
        repository: EditRepository,
        store_config: Callable[[], StoreConfig],
        *,
        link: LinkState,
        hq: HQEdits | None,
        on_queued: Callable[[], None] | None = None,
        on_changed: Callable[[CustomersChanged], None] | None = None,
        refresh_config: Callable[[], None] | None = None,
    ) -> None:
        """`refresh_config` fetches HQ's store configuration when HQ refused an edit for
        the operator's permissions: this terminal's copy was older than HQ's."""
        self._refresh_config = refresh_config
        self._repo = repository
        self._config = store_config
        self._link = link
        self._hq = hq
        self._on_queued = on_queued
        self._on_changed = on_changed

    def _changed(self, customer_id: str, *, counts_changed: bool = False) -> None:
        if self._on_changed is not None:
            self._on_changed(CustomersChanged.of(customer_id, counts_changed=counts_changed))

    @property
    def _link_up(self) -> bool:
        return self._link.is_up and self._hq is not None

    def _load(self, key: str) -> Customer:
        customer = self._repo.get_customer(key)
        if customer is None:
            raise CustomerNotFound(key)
        return customer

    def edit(self, edited: Customer, *, operator: SignedIn) -> Customer:
        """Send the edited customer to HQ (If-Match its version, the operator named);
        returns HQ's result. The operator's role needs `customer.edit` for the fields,
        `address.edit` for the addresses it changes."""
        current = self._load(edited.customer_id)
        store = self._config()
        needs = edit_needs(current, edited)
        for permission in needs:
            can_edit(current, link_up=self._link_up, role=operator.role,
                     permissions=store.permissions, permission=permission,
                     features=store.features).require()
        normalised, errors = validate_customer(edited, store)
        sent, queued = self._repo.edit_standing(current.customer_id)
        route = edit_route(current, link_up=self._link_up, features=store.features,
                           upload_sent=sent, edits_queued=queued)
        if current.is_pending:  # HQ's job checks it as the async customer it is
            errors = [*errors, *async_draft_limits(normalised, store.features)]
        if route is EditRoute.QUEUED_CUSTOMER:  # the upload itself: one address, maybe
            errors = [*errors, *_address_limit(current, normalised, store)]
        if errors:
            raise ValidationFailed(errors)
        if route is not EditRoute.HQ:
            if route is not EditRoute.QUEUED_CUSTOMER and Permission.ADDRESS_EDIT not in needs:
                # Validation fills an address's contact phone from the customer's: not a
                # change of addresses the operator made (HQ fills it the same way).
                normalised.addresses = copy.deepcopy(current.addresses)
            return self._queue(current, normalised, route, operator)
        body = customer_to_json(normalised)
        changes = {name: body[name] for name in EDITABLE}
        return self._patch(current, changes, operator)

    def _queue(self, current: Customer, edited: Customer, route: EditRoute,
               operator: SignedIn) -> Customer:
        """Saved here at once: in the queued upload itself, or as field-level changes
        with the version they are based on (async customer edits, issue 15); addresses
        as one change per address (added, changed, removed), merged by id at HQ."""
        changes = changed_fields(current, edited)
        if not changes:
            return current
        shown = with_changes(current, changes)
        if route is EditRoute.QUEUED_CUSTOMER and self._repo.rewrite_queued_customer(shown):
            log.info("edit of a queued customer: the upload carries it")
        else:
            fields, address_ops = split_addresses(current, changes)
            payload: dict[str, Any] = {
                "edit_id": new_id(), "customer_id": current.customer_id,
                # A pending customer's upload becomes version 1 at HQ.
                "base_version": max(current.version, 1), "changes": fields,
                "before": values_of(current, list(fields)),
                "operator_id": operator.operator_id, "operator_role": operator.role,
                "operator_name": operator.name,
            }
            if address_ops:
                payload["address_changes"] = address_ops
            self._repo.queue_edit(shown, payload)
        self._changed(current.customer_id, counts_changed=True)
        if self._on_queued:
            self._on_queued()
        return self._load(current.customer_id)

    def pending_changes(self, customer_ids: Sequence[str]) -> set[str]:
        """Which of these customers have changes saved here that HQ has not had yet
        ("Change pending sync"; a query: off the GUI thread)."""
        return self._repo.edits_pending_for(customer_ids)

    def issues(self) -> list[EditIssue]:
        """The sync worklist's edits: conflicts (one per field) and refused edits."""
        held: dict[str, Customer | None] = {}

        def customer(customer_id: str) -> Customer | None:
            if customer_id not in held:
                held[customer_id] = self._repo.get_customer(customer_id)
            return held[customer_id]

        def name(customer_id: str) -> str:
            found = customer(customer_id)
            return found.display_name if found is not None else ""

        out = [EditIssue(CONFLICT, c["outbox_id"], c["customer_id"], name(c["customer_id"]),
                         c.get("created_at"), str(c.get("operator_id") or ""),
                         field=c["field"], mine=c.get("mine"), hq=c.get("hq"),
                         operator_name=self._operator_name(c),
                         address=_address_named(customer(c["customer_id"]), c["field"]))
               for c in self._repo.edit_conflicts()]
        out += [EditIssue(REJECTED, r["outbox_id"], r["customer_id"], name(r["customer_id"]),
                          r.get("created_at"), str(r.get("operator_id") or ""),
                          fields=tuple(r.get("fields") or ()), reason=str(r.get("reason") or ""),
                          details=reasons_from_json(r.get("reasons")),
                          operator_name=self._operator_name(r))
                for r in self._repo.rejected_edits()]
        return out

    def _operator_name(self, entry: dict[str, Any]) -> str:
        """Who made a queued edit, by name: as recorded with it, else (edits queued
        before names were recorded) the store's operator of that id."""
        recorded = str(entry.get("operator_name") or "")
        operator_id = str(entry.get("operator_id") or "")
        if recorded or not operator_id:
            return recorded
        found = self._config().operator(operator_id)
        return found.name if found is not None else ""

    def can_resolve(self, field_name: str, role: str) -> Decision:
        """Whether this role may choose a conflicting field's value (or set aside a
        refused edit): the permission an edit of that field needs."""
        return role_may(self._config().permissions, role, _permission_for(field_name))

    def dismiss_rejected(self, outbox_id: int, *, operator: SignedIn) -> None:
        """HQ's refusal of an edit was read: it leaves the worklist (HQ's data shows)."""
        issue = next((i for i in self.issues()
                      if i.kind == REJECTED and i.outbox_id == outbox_id), None)
        if issue is None:
            return
        for field_name in issue.fields or ("",):
            self.can_resolve(field_name, operator.role).require()
        self._repo.drop_rejected_edit(outbox_id)
        self._changed(issue.customer_id, counts_changed=True)

    def conflicts(self) -> list[dict[str, Any]]:
        """Edits HQ merged with a conflict, one per field, with both values."""
        return self._repo.edit_conflicts()

    def resolve_conflict(self, outbox_id: int, field_name: str, *, use_mine: bool,
                         operator: SignedIn) -> Customer | None:
        """A person with the edit permission chooses: HQ's value (already shown) or
        theirs, which is an ordinary edit (through HQ, or queued as any other)."""
        found = next((c for c in self.conflicts()
                      if c["outbox_id"] == outbox_id and c["field"] == field_name), None)
        if found is None:
            return None
        current = self._load(found["customer_id"])
        store = self._config()
        can_edit(current, link_up=self._link_up, role=operator.role,
                 permissions=store.permissions, permission=_permission_for(field_name),
                 features=store.features).require()
        result = current
        if use_mine:
            result = self.edit(_with_value(current, field_name, found["mine"]),
                               operator=operator)
        self._repo.resolve_conflict(outbox_id, field_name)
        self._changed(current.customer_id, counts_changed=True)
        return result

    def _patch(self, current: Customer, changes: dict[str, Any], operator: SignedIn) -> Customer:
        assert self._hq is not None and current.account_number
        try:
            answer = self._hq.patch_customer(
                current.account_number, changes, current.version,
                operator=(operator.operator_id, operator.role),
            )
        except HQUnreachable as exc:
            self._link.report_failure(exc)
            raise ActionRefused(
                "edit.offline", "HQ could not be reached, so the change was not saved."
            ) from exc
        except HQRejected as exc:
            if exc.status == 412:
                fresh = self._refresh(current)
                raise EditConflict(fresh) from exc
            if exc.code in ("permission_denied", "unknown_operator"):
                self._config_is_stale()
            raise _refusal_by_hq(exc, operator) from exc
        self._link.report_success()
        saved = customer_from_json(answer)
        saved.state = SyncState.SYNCED
        self._repo.upsert_customer(saved)
        self._changed(saved.customer_id)
        return saved

    def _config_is_stale(self) -> None:
        if self._refresh_config is None:
            return
        try:
            self._refresh_config()  # the screens hear of the change (config_changed)
        except (HQUnreachable, HQRejected) as exc:
            log.info("store configuration refresh after a refusal failed (%s)", exc)

    def _refresh(self, current: Customer) -> Customer:
        assert self._hq is not None and current.account_number
        try:
            fresh = customer_from_json(self._hq.get_customer(current.account_number))
        except (HQUnreachable, HQRejected):
            return current
        fresh.state = SyncState.SYNCED
        self._repo.upsert_customer(fresh)
        self._changed(fresh.customer_id)
        return fresh

    def add_address(self, key: str, address: Address, *, operator: SignedIn) -> Customer:
        customer = self._load(key)
        store = self._config()
        can_add_address(
            customer, link_up=self._link_up, features=store.features, role=operator.role,
            permissions=store.permissions,
        ).require()
        probe = copy.deepcopy(customer)
        probe.addresses = with_address(customer.addresses, address)
        normalised, errors = validate_customer(probe, store)
        if errors:
            raise ValidationFailed(errors)
        new = next(a for a in normalised.addresses if a.address_id == address.address_id)
        if address_goes_async(customer, link_up=self._link_up, features=store.features):
            self._repo.queue_address(customer, new)
            self._changed(customer.customer_id, counts_changed=True)
            if self._on_queued:
                self._on_queued()
            return self._load(key)
        if store.features.async_customer_edits:  # routed as any edit (offline: queued)
            return self.edit(probe, operator=operator)
        body = customer_to_json(normalised)
        return self._patch(customer, {"addresses": body["addresses"]}, operator)

    def resubmit(self, corrected: Customer, *, operator: SignedIn) -> Customer:
        """A customer HQ rejected, corrected here, goes back into the upload queue."""
        current = self._load(corrected.customer_id)
        store = self._config()
        can_resubmit(current, role=operator.role, permissions=store.permissions).require()
        completed = complete_from_default(corrected, store, inherit_affiliations=False)
        normalised, errors = validate_customer(completed, store)
        if errors:
            raise ValidationFailed(errors)
        normalised.account_number = None
        normalised.state = SyncState.PENDING
        normalised.rejection_reason = ""
        normalised.rejection_details = ()
        # Who corrected it goes with the upload: HQ checks customer.resubmit again.
        self._repo.resubmit_customer(normalised, operator_id=operator.operator_id)
        self._changed(normalised.customer_id, counts_changed=True)
        if self._on_queued:
            self._on_queued()
        return self._load(corrected.customer_id)
