"""Admin: the admin token, the stores as HQ staff see and switch them, and the
inspection and correction of async customers (``/api/v1/admin/*``, ``hq-stub admin``).
Activation codes, revocation and the job run are the devices' and the job's own
(:mod:`hq_stub.devices`, :mod:`hq_stub.job`)."""

from __future__ import annotations

import hmac
from typing import Any

from sqlalchemy import select, update

from hq_stub import permissions, strictjson
from hq_stub.db import Database, staged_customers, utcnow
from hq_stub.errors import HQError, not_found, validation_failed
from hq_stub.records import uuid_or_none
from hq_stub.staging import Staging, status_of
from hq_stub.stores import Stores, flag_groups
from hq_stub.validation import parse_customer, staged_record


class Admin:
    def __init__(self, db: Database, stores: Stores, staging: Staging,
                 token: str | None = None) -> None:
        self.db = db
        self.stores = stores
        self.staging = staging
        self.token = token or None

    def is_admin(self, token: str) -> bool:
        return self.token is not None and hmac.compare_digest(token.encode(), self.token.encode())

    # ----------------------------------------------------------------- stores
    def store(self, store_id: str, *, fresh: bool = False) -> dict[str, Any]:
        """A store with its flags, as ``hq-stub admin store`` shows it."""
        s = self.stores.get(store_id, fresh=fresh)
        out = {"store_id": s.store_id, "name": s.name, "currency": s.currency,
               "language": s.language, "country": s.country, "version": s.version}
        out.update(s.flags)
        out.update(flag_groups(s))
        out["permissions"] = permissions.table(s.config)
        out["default_customer_account"] = (s.default_customer or {}).get("account_number")
        return out

    def all_stores(self) -> list[dict[str, Any]]:
        return [self.store(s, fresh=True) for s in self.stores.ids()]

    def patch_store(self, store_id: str, flags: dict[str, Any]) -> dict[str, Any]:
        """Switch flags and/or role permissions (``{"permissions": {role: {name: bool}}}``)."""
        changes = flags.pop("permissions", None)
        self.stores.set_flags(store_id, flags, changes)
        return self.store(store_id, fresh=True)

    # -------------------------------------------------------- async customers
    def async_list(self, store_id: str | None, state: str | None,
                   limit: int) -> list[dict[str, Any]]:
        return self.staging.list_staged(store_id, state, limit, with_data=True)

    def async_show(self, customer_id: str) -> dict[str, Any]:
        """A staged customer with the data as uploaded (and the reason if rejected)."""
        cid = uuid_or_none(customer_id)
        with self.db.read() as conn:
            row = cid and conn.execute(select(staged_customers).where(
                staged_customers.c.customer_id == cid)).first()
        if not row:
            raise not_found("Unknown async customer")
        return status_of(row, with_data=True)

    def resubmit(self, customer_id: str, customer: dict[str, Any] | None,
                 changes: dict[str, Any] | None) -> dict[str, Any]:
        """Admin correction of a rejected async customer: re-staged for the next job."""
        current = self.async_show(customer_id)
        if current["state"] != "rejected":
            raise HQError(409, "conflict", f"Only rejected customers can be resubmitted "
                                           f"(this one is {current['state']})")
        data = dict(customer) if customer is not None else dict(current["customer"] or {})
        data.update(changes or {})
        data["customer_id"] = current["customer_id"]
        model, problems = parse_customer(data)
        if model is None:
            raise validation_failed(problems)
        text = strictjson.dumps(staged_record(model, current["store_id"]))
        with self.db.write() as conn:
            conn.execute(update(staged_customers).where(
                staged_customers.c.customer_id == current["customer_id"],
                staged_customers.c.state == "rejected").values(
                state="staged", error=None, reasons=None, data=text,
                attempts=staged_customers.c.attempts + 1, updated_at=utcnow()))
        return self.async_show(customer_id)
