"""What pending customers, offline terminals and operators may not do, and why.

What an operator's role may do comes from HQ per store (`StoreConfig.permissions`);
`role_may` is the one rule every path asks.

The services enforce these decisions; the screens only show them (disabled, with the
reason), so a rule is decided here once for the UI, the CLI and the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .codec import customer_to_json
from .customer import ContactKind, Customer, SyncState
from .errors import ActionRefused, FieldError
from .store import Features, Permission, Permissions

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

# The fields an edit sends to HQ (the details page, `customers edit`).
EDITABLE = (
    "customer_type", "title", "first_name", "middle_name", "last_name", "organization_name",
    "email", "phone", "customer_group", "currency", "language", "receipt_option",
    "receipt_email", "affiliations", "attributes", "addresses", "contacts",
)  # fmt: skip


def _refuse(key: str, message: str) -> Decision:
    return Decision(False, key, message)


def _permission_refusals() -> dict[tuple[str, Permission], str]:
    """Whole sentences (the translators get each one), per role and permission."""
    p = Permission
    return {
        (CASHIER, p.CUSTOMER_CREATE): "Your role (cashier) may not create customers in this store.",
        (CASHIER, p.CUSTOMER_EDIT): "Your role (cashier) may not edit customers in this store.",
        (CASHIER, p.ADDRESS_EDIT):
            "Your role (cashier) may not add, change or remove addresses in this store.",
        (CASHIER, p.CUSTOMER_RESUBMIT):
            "Your role (cashier) may not correct and resubmit rejected customers in this store.",
        (CASHIER, p.TERMINAL_DISCONNECT):
            "Your role (cashier) may not disconnect or connect the terminal in this store.",
        (MANAGER, p.CUSTOMER_CREATE):
            "Your role (store manager) may not create customers in this store.",
        (MANAGER, p.CUSTOMER_EDIT):
            "Your role (store manager) may not edit customers in this store.",
        (MANAGER, p.ADDRESS_EDIT):
            "Your role (store manager) may not add, change or remove addresses in this store.",
        (MANAGER, p.CUSTOMER_RESUBMIT): "Your role (store manager) may not correct and "
                                        "resubmit rejected customers in this store.",
        (MANAGER, p.TERMINAL_DISCONNECT):
            "Your role (store manager) may not disconnect or connect the terminal in this store.",
    }  # fmt: skip


_REFUSALS = _permission_refusals()
_ANY_ROLE = {
    Permission.CUSTOMER_CREATE: "Your role may not create customers in this store.",
    Permission.CUSTOMER_EDIT: "Your role may not edit customers in this store.",
    Permission.ADDRESS_EDIT: "Your role may not add, change or remove addresses in this store.",
    Permission.CUSTOMER_RESUBMIT:
        "Your role may not correct and resubmit rejected customers in this store.",
    Permission.TERMINAL_DISCONNECT:
        "Your role may not disconnect or connect the terminal in this store.",
}


def role_may(permissions: Permissions, role: str, permission: Permission) -> Decision:
    """THE permission rule (UI, CLI and services): what HQ's table for this store lets
    the operator's role do. HQ checks the same table again on every edit it receives."""
    if permissions.allows(role, permission):
        return ALLOWED
    return refusal(role, permission)


def refusal(role: str, permission: Permission) -> Decision:
    """The refusal of `permission` to `role` (also when HQ refused it: a terminal whose
    configuration was not yet refreshed)."""
    message = _REFUSALS.get((role, permission)) or _ANY_ROLE[permission]
    return _refuse(f"permission.{permission.value}", message)


def can_create(*, role: str, permissions: Permissions) -> Decision:
    return role_may(permissions, role, Permission.CUSTOMER_CREATE)


def can_disconnect(*, role: str, permissions: Permissions) -> Decision:
    """Disconnect and Connect (the register's button, the service behind it)."""
    return role_may(permissions, role, Permission.TERMINAL_DISCONNECT)


class EditRoute(StrEnum):
    """Where an allowed edit goes."""

    HQ = "hq"  # synchronous PATCH through HQ (the documented default)
    QUEUED_CUSTOMER = "queued_customer"  # changes the queued, not yet uploaded customer
    FIELD_EDIT = "field_edit"  # saved here, queued as field-level changes (issue 15)


def edit_route(
    customer: Customer, *, link_up: bool, features: Features, upload_sent: bool,
    edits_queued: bool,
) -> EditRoute:
    """THE rule of where an edit goes (UI, CLI, services). Without the async customer
    edits feature always through HQ (`can_edit` refuses what cannot). With it: a pending
    customer whose upload has not left yet is changed in the queue itself (one upload,
    the latest data); a pending customer already uploaded, a customer edited while
    offline, or one that already has queued changes (they keep their order) gets
    field-level changes queued after it."""
    if not features.async_customer_edits:
        return EditRoute.HQ
    if customer.is_pending:
        return EditRoute.FIELD_EDIT if upload_sent else EditRoute.QUEUED_CUSTOMER
    if edits_queued or not link_up:
        return EditRoute.FIELD_EDIT
    return EditRoute.HQ


def can_edit(
    customer: Customer,
    *,
    link_up: bool,
    role: str,
    permissions: Permissions,
    permission: Permission = Permission.CUSTOMER_EDIT,
    features: Features = Features(),
) -> Decision:
    """Edits are synchronous through HQ: a role the store lets make this change
    (`customer.edit` for the fields, `address.edit` for the addresses), a synced
    customer, the link up. With the async customer edits feature a pending customer or
    an offline terminal is no refusal (`edit_route` says where the edit goes)."""
    allowed = role_may(permissions, role, permission)
    if not allowed.allowed:
        return allowed
    if customer.state is SyncState.REJECTED:  # its data goes to HQ with the resubmission
        return _refuse(
            "edit.rejected",
            "HQ rejected this customer: correct it and resubmit it; an edit alone would "
            "never reach HQ.",
        )
    if features.async_customer_edits:
        return ALLOWED
    if customer.is_pending:
        return _refuse(
            "edit.pending",
            "This customer is pending sync and cannot be edited until HQ has assigned "
            "its account number.",
        )
    if not link_up:
        return _refuse("edit.offline", "Editing customers needs the HQ link, which is down.")
    return ALLOWED


def edit_needs(current: Customer, edited: Customer) -> tuple[Permission, ...]:
    """The permissions a change needs: `address.edit` when the addresses (or their
    purpose) change, `customer.edit` when anything else does (HQ decides the same way)."""
    before, after = customer_to_json(current), customer_to_json(edited)
    changed = {name for name in EDITABLE if before.get(name) != after.get(name)}
    needs = [Permission.ADDRESS_EDIT] if "addresses" in changed else []
    if changed - {"addresses"} or not needs:
        needs.insert(0, Permission.CUSTOMER_EDIT)
    return tuple(needs)


def can_add_address(
    customer: Customer, *, link_up: bool, features: Features, role: str, permissions: Permissions
) -> Decision:
    """With async customer addresses on, an address is queued even when pending or offline
    (the async-address queue); with async customer edits on, it is an edit like any other
    (`edit_route`: a queued address change when pending or offline)."""
    allowed = role_may(permissions, role, Permission.ADDRESS_EDIT)
    if not allowed.allowed:
        return allowed
    if features.async_customer_addresses or features.async_customer_edits:
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


def can_resubmit(customer: Customer, *, role: str, permissions: Permissions) -> Decision:
    """A customer HQ rejected is corrected at the terminal and queued again, by a role
    the store allows to (`customer.resubmit`; both roles by default)."""
    if customer.state is not SyncState.REJECTED:
        return _refuse(
            "resubmit.not_rejected", "Only customers HQ rejected can be resubmitted."
        )
    return role_may(permissions, role, Permission.CUSTOMER_RESUBMIT)


@dataclass(frozen=True)
class CustomerActions:
    """What may be done to one stored customer, each refusal with its reason.

    `change` covers its fields, `change_addresses` editing, removing and making primary
    an address; for a customer HQ rejected both are a correction that resubmits it
    (`resubmits`), not an edit at HQ.
    """

    change: Decision
    add_address: Decision
    loyalty_card: Decision
    resubmits: bool = False
    change_addresses: Decision = ALLOWED


def customer_actions(
    customer: Customer, *, link_up: bool, features: Features, role: str, permissions: Permissions
) -> CustomerActions:
    """The one decision the details page shows, and the services enforce."""
    loyalty = can_issue_loyalty_card(customer, link_up=link_up)
    if customer.state is SyncState.REJECTED:
        resubmit = can_resubmit(customer, role=role, permissions=permissions)
        return CustomerActions(resubmit, resubmit, loyalty, resubmits=True,
                               change_addresses=resubmit)
    return CustomerActions(
        can_edit(customer, link_up=link_up, role=role, permissions=permissions,
                 features=features),
        can_add_address(
            customer, link_up=link_up, features=features, role=role, permissions=permissions
        ),
        loyalty,
        change_addresses=can_edit(
            customer, link_up=link_up, role=role, permissions=permissions,
            permission=Permission.ADDRESS_EDIT, features=features,
        ),
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
