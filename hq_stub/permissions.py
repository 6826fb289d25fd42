"""What each role may do in a store (issue 12), and the check HQ makes on every edit.

A store's permission table is part of its configuration (``config["permissions"]``,
the changes an admin made over :data:`DEFAULTS`), served to terminals in
``GET /api/v1/store`` (so a change changes the ETag) and enforced here: operators sign
in offline at the terminal, so HQ checks the operator id the terminal sends with an
edit (``X-Operator-Id``) against the store's own operator table and permission table.

Defaults follow the Dynamics 365 Commerce documentation ("Customer management in
stores"): store associates create and edit customers, their addresses and the address
purpose; connecting/disconnecting the terminal is a manager's. Correcting and
resubmitting a customer HQ rejected is allowed to both roles: a correction is an edit of
the customer's data, which cashiers may make (hq_stub/README.md explains the choice).
"""

from __future__ import annotations

from typing import Any

from hq_stub.errors import HQError
from hq_stub.validation import StoreInfo

CUSTOMER_CREATE = "customer.create"
CUSTOMER_EDIT = "customer.edit"
ADDRESS_EDIT = "address.edit"
CUSTOMER_RESUBMIT = "customer.resubmit"
TERMINAL_DISCONNECT = "terminal.disconnect"
PERMISSIONS = (CUSTOMER_CREATE, CUSTOMER_EDIT, ADDRESS_EDIT, CUSTOMER_RESUBMIT,
               TERMINAL_DISCONNECT)
ROLES = ("cashier", "manager")

DEFAULTS: dict[str, dict[str, bool]] = {
    "cashier": {CUSTOMER_CREATE: True, CUSTOMER_EDIT: True, ADDRESS_EDIT: True,
                CUSTOMER_RESUBMIT: True, TERMINAL_DISCONNECT: False},
    "manager": dict.fromkeys(PERMISSIONS, True),
}

# What a refusal says the operator may not do.
DOING = {
    CUSTOMER_CREATE: "create customers",
    CUSTOMER_EDIT: "edit customers",
    ADDRESS_EDIT: "add, change or remove addresses",
    CUSTOMER_RESUBMIT: "correct and resubmit rejected customers",
    TERMINAL_DISCONNECT: "disconnect or connect the terminal",
}

OPERATOR_HEADER = "X-Operator-Id"
ROLE_HEADER = "X-Operator-Role"


def table(config: dict[str, Any]) -> dict[str, dict[str, bool]]:
    """The store's whole table: the defaults with the admin's changes laid over them."""
    changes = config.get("permissions")
    changes = changes if isinstance(changes, dict) else {}
    out: dict[str, dict[str, bool]] = {}
    for role, defaults in DEFAULTS.items():
        found = changes.get(role)
        set_here = found if isinstance(found, dict) else {}
        out[role] = {name: bool(set_here.get(name, allowed))
                     for name, allowed in defaults.items()}
    return out


def merged(config: dict[str, Any], changes: dict[str, dict[str, bool]]) -> dict[str, Any]:
    """The store's stored permission changes with ``changes`` applied."""
    current = config.get("permissions")
    stored: dict[str, dict[str, bool]] = {
        role: dict(v) for role, v in (current or {}).items() if isinstance(v, dict)}
    for role, values in changes.items():
        stored.setdefault(role, {}).update(values)
    return stored


def operator_role(store: StoreInfo, operator_id: str) -> str | None:
    for operator in store.config.get("operators", []):
        if isinstance(operator, dict) and operator.get("operator_id") == operator_id:
            role = operator.get("role")
            return role if isinstance(role, str) else None
    return None


def require(store: StoreInfo, operator_id: str | None, *needed: str) -> None:
    """Refuse (403) unless the store's operator ``operator_id`` may do all of ``needed``.

    ``None`` means the call did not say who acts: 400 ``operator_required``."""
    if operator_id is None or not operator_id.strip():
        raise HQError(400, "operator_required",
                      f"The {OPERATOR_HEADER} header (the signed-in operator) is required",
                      [{"field": OPERATOR_HEADER, "message": "required"}])
    operator_id = operator_id.strip()
    role = operator_role(store, operator_id)
    if role is None:
        raise HQError(403, "unknown_operator",
                      f"{OPERATOR_HEADER} names no operator of store {store.store_id}")
    allowed = table(store.config).get(role, {})
    for permission in needed:
        if not allowed.get(permission, False):
            raise permission_denied(store.store_id, role, permission)


def permission_denied(store_id: str, role: str, permission: str) -> HQError:
    return HQError(403, "permission_denied",
                   f"The {role} role may not {DOING.get(permission, permission)} in store "
                   f"{store_id} (permission {permission})", permission=permission)
