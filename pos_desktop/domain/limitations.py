"""What pending customers, offline terminals and cashiers may not do, and why.

The services enforce these decisions; the screens only show them (disabled, with the
reason), so a rule is decided here once for the UI, the CLI and the services.
"""

from __future__ import annotations

from dataclasses import dataclass

from .customer import ContactKind, Customer, SyncState
from .errors import ActionRefused, FieldError
from .store import Features

MANAGER = "manager"
CASHIER = "cashier"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    key: str = ""
    message: str = ""

    def require(self) -> None:
        if not self.allowed:
            raise ActionRefused(self.key, self.message)


ALLOWED = Decision(True)


def _refuse(key: str, message: str) -> Decision:
    return Decision(False, key, message)


def can_edit(customer: Customer, *, link_up: bool, role: str = MANAGER) -> Decision:
    """Edits are synchronous through HQ: synced customer, link up, a manager."""
    if role != MANAGER:
        return _refuse("edit.role", "Only a store manager can edit customers.")
    if customer.is_pending:
        return _refuse(
            "edit.pending",
            "This customer is pending sync and cannot be edited until HQ has assigned "
            "its account number.",
        )
    if not link_up:
        return _refuse("edit.offline", "Editing customers needs the HQ link, which is down.")
    return ALLOWED


def can_add_address(
    customer: Customer, *, link_up: bool, features: Features, role: str = MANAGER
) -> Decision:
    """With async customer addresses on, an address is queued even when pending or offline."""
    if role != MANAGER:
        return _refuse("edit.role", "Only a store manager can edit customers.")
    if features.async_customer_addresses:
        return ALLOWED
    if customer.is_pending:
        return _refuse(
            "address.pending",
            "Addresses cannot be added to a customer pending sync (the async customer "
            "addresses feature is off).",
        )
    if not link_up:
        return _refuse("edit.offline", "Editing customers needs the HQ link, which is down.")
    return ALLOWED


def can_resubmit(customer: Customer, *, role: str) -> Decision:
    """A customer HQ rejected is corrected at the terminal and queued again: a manager's job
    (DESIGN.md section 4: store managers work through what is pending or rejected)."""
    if customer.state is not SyncState.REJECTED:
        return _refuse(
            "resubmit.not_rejected", "Only customers HQ rejected can be resubmitted."
        )
    if role != MANAGER:
        return _refuse(
            "resubmit.role",
            "Only a store manager can correct and resubmit a customer HQ rejected.",
        )
    return ALLOWED


@dataclass(frozen=True)
class CustomerActions:
    """What may be done to one stored customer, each refusal with its reason.

    `change` covers its fields and addresses (edit, remove, set primary); for a customer HQ
    rejected a change is a correction that resubmits it (`resubmits`), not an edit at HQ.
    """

    change: Decision
    add_address: Decision
    loyalty_card: Decision
    resubmits: bool = False


def customer_actions(
    customer: Customer, *, link_up: bool, features: Features, role: str
) -> CustomerActions:
    """The one decision the details page shows, and the services enforce."""
    loyalty = can_issue_loyalty_card(customer, link_up=link_up)
    if customer.state is SyncState.REJECTED:
        resubmit = can_resubmit(customer, role=role)
        return CustomerActions(resubmit, resubmit, loyalty, resubmits=True)
    return CustomerActions(
        can_edit(customer, link_up=link_up, role=role),
        can_add_address(customer, link_up=link_up, features=features, role=role),
        loyalty,
    )


def address_goes_async(customer: Customer, *, link_up: bool, features: Features) -> bool:
    """True when a new address is saved through the async-address queue."""
    return features.async_customer_addresses and (customer.is_pending or not link_up)


def can_issue_loyalty_card(customer: Customer, *, link_up: bool) -> Decision:
    if customer.is_pending:
        return _refuse(
            "loyalty.pending", "A loyalty card can be issued once the customer has synced."
        )
    if not link_up:
        return _refuse("loyalty.offline", "Issuing a loyalty card needs the HQ link.")
    return ALLOWED


ASYNC_ONLY_REASON = "Not available for customers created asynchronously."


def enhanced_fields_allowed(features: Features, *, is_async: bool) -> Decision:
    """A title and affiliations: for an async customer only with the enhanced-async feature."""
    if is_async and not features.enhanced_async_customers:
        return _refuse("async.enhanced", ASYNC_ONLY_REASON)
    return ALLOWED


def async_draft_limits(customer: Customer, features: Features) -> list[FieldError]:
    """Fields an async customer may not carry without the enhanced-async feature."""
    if features.enhanced_async_customers:
        return []
    reason = ASYNC_ONLY_REASON
    errors: list[FieldError] = []
    if customer.title:
        errors.append(FieldError("title", "async.title", reason))
    if customer.affiliations:
        errors.append(FieldError("affiliations", "async.affiliations", reason))
    for kind in (ContactKind.EMAIL, ContactKind.PHONE):
        if customer.secondary_contacts(kind):
            errors.append(FieldError(f"contacts.{kind.value}", "async.contacts", reason))
    return errors


def secondary_contacts_allowed(features: Features, *, is_async: bool) -> Decision:
    if not features.multiple_contacts_and_consent:
        return _refuse(
            "contacts.feature_off",
            "Secondary emails and phones need the multiple contacts and marketing consent "
            "feature.",
        )
    if is_async and not features.enhanced_async_customers:
        return _refuse(
            "contacts.async", "Secondary emails and phones are not available in async mode."
        )
    return ALLOWED


SEVERAL_ADDRESSES_REASON = (
    "A customer created asynchronously takes one address: this store's async customer "
    "addresses feature is off."
)


def several_addresses_allowed(features: Features, *, is_async: bool) -> Decision:
    """A new customer may bring more than one address: always in sync mode, in async mode
    only with the async customer addresses feature (DESIGN.md, async limitations)."""
    if is_async and not features.async_customer_addresses:
        return _refuse("addresses.async", SEVERAL_ADDRESSES_REASON)
    return ALLOWED


def creation_limits(customer: Customer, features: Features, *, is_async: bool) -> list[FieldError]:
    """Everything the store's features refuse in a new customer, in either creation mode.

    Secondary contacts need the multiple contacts and consent feature whatever the mode
    (HQ rejects them later otherwise); an async customer also keeps the async limits,
    one address among them unless the async customer addresses feature is on.
    """
    errors = async_draft_limits(customer, features) if is_async else []
    several = several_addresses_allowed(features, is_async=is_async)
    if len(customer.addresses) > 1 and not several.allowed:
        errors.append(FieldError("addresses", several.key, several.message))
    if customer.contacts and not features.multiple_contacts_and_consent:
        errors.append(
            FieldError(
                "contacts",
                "contacts.feature_off",
                "Secondary emails and phones are not enabled for this store.",
            )
        )
    return errors
