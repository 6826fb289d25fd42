"""Field-level edits made at a terminal while offline or on a pending customer (issue
15), merged per field against the version they were based on.

``POST /api/v1/customers/{customer_id}/edits`` carries one edit: its ``edit_id`` (the
idempotency key), the ``base_version`` the terminal saw and the fields it changed. HQ
merges three ways, field by field:

* a field changed only by the edit → applied;
* a field HQ also changed since ``base_version`` (another terminal, HQ staff: the change
  log ``customer_changes`` says which fields each version changed, and who) → a
  **conflict** for that field only: HQ's value stands, the edit's value is recorded
  beside it, the other fields still apply. Changes made by the same terminal do not
  count (it saw them: they were in its copy when it made the edit); nor does a field
  HQ already holds at the edit's value.

Addresses are merged by address id (``address_changes``, :mod:`hq_stub.address_merge`):
against the values the edit saw before, per address and per field of an address.

The outcome is stored under the edit id, so a replay (a lost response, a restart)
answers the same outcome and applies nothing twice. A customer still only staged (its
upload not yet converted by the job) answers 409 ``pending_sync``: the terminal keeps
the edit and sends it again later.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from hq_stub import feed
from hq_stub.address_merge import merge_addresses, read_changes
from hq_stub.changelog import changed_fields, log_changes
from hq_stub.customers import Customers, merged_data, update_customer
from hq_stub.db import Database, customer_changes, customer_edits, customers, iso, utcnow
from hq_stub.errors import HQError
from hq_stub.permissions import ADDRESS_EDIT, CUSTOMER_EDIT, require
from hq_stub.records import load_doc
from hq_stub.schemas import EditIn
from hq_stub.stores import Stores
from hq_stub.validation import build_doc


def _changed_since(conn: Connection, customer_id: str, base: int, source: str) -> set[str]:
    rows = conn.execute(select(customer_changes.c.field).where(
        customer_changes.c.customer_id == customer_id,
        customer_changes.c.version > base,
        customer_changes.c.source != source)).scalars()
    return set(rows)


class Edits:
    def __init__(self, db: Database, stores: Stores, customers_: Customers) -> None:
        self.db = db
        self.stores = stores
        self.customers = customers_

    def apply(self, store_id: str, terminal_id: str, key: str, body: EditIn,
              operator_id: str | None) -> dict[str, Any]:
        """Merge one edit (see the module doc); the same edit id answers the same."""
        edit_id = str(body.edit_id)
        replay = self._replay(edit_id, store_id)
        if replay is not None:
            return replay
        store = self.stores.get(store_id)
        require(store, operator_id)  # who acts comes first (400 / 403)
        if not store.flag("async_customer_edits"):
            raise HQError(409, "feature_required",
                          "Edits merged at HQ need the store's async_customer_edits "
                          "feature")
        sent = body.changes.model_dump(exclude_unset=True, mode="json")
        address_changes = read_changes(body.address_changes)
        if address_changes and "addresses" in sent:
            raise HQError(422, "validation_error", "addresses: either the whole list in "
                          "changes or address_changes, not both",
                          [{"field": "address_changes", "code": "invalid",
                            "message": "not together with changes.addresses",
                            "params": {}}])
        needed = [ADDRESS_EDIT] if "addresses" in sent or address_changes else []
        if set(sent) - {"addresses"} or not needed:
            needed.append(CUSTOMER_EDIT)
        require(store, operator_id, *needed)
        current = self.customers._own(store_id, key)
        while True:
            outcome = self._merge(store, terminal_id, current, body,
                                  (sent, address_changes))
            if outcome is not None:
                return outcome
            replay = self._replay(edit_id, store_id)
            if replay is not None:
                return replay
            current = self.customers._own(store_id, key)  # lost a race: merge again

    def _replay(self, edit_id: str, store_id: str) -> dict[str, Any] | None:
        with self.db.read() as conn:
            row = conn.execute(select(customer_edits.c.outcome, customer_edits.c.store_id)
                               .where(customer_edits.c.edit_id == edit_id)).first()
        if row is None:
            return None
        if row.store_id != store_id:
            raise HQError(409, "idempotency_conflict", "This edit_id is another store's")
        out: dict[str, Any] = json.loads(row.outcome)
        with self.db.read() as conn:
            doc = conn.execute(select(customers.c.doc).where(
                customers.c.customer_id == out["customer_id"])).scalar_one()
        out["customer"] = load_doc(doc)
        out["replayed"] = True
        return out

    def _merge(self, store: Any, terminal_id: str, current: dict[str, Any], body: EditIn,
               request: tuple[dict[str, Any], list[dict[str, Any]]]
               ) -> dict[str, Any] | None:
        """One attempt; None when the customer changed meanwhile (or the same edit id was
        stored by a concurrent request): the caller reads it again."""
        sent, address_changes = request
        cid = current["customer_id"]
        source = f"terminal:{terminal_id}"
        with self.db.read() as conn:
            since = _changed_since(conn, cid, body.base_version, source)
        applied, conflicts = {}, []
        for name, value in sent.items():
            if name in since and current.get(name) != value:
                conflicts.append({"field": name, "mine": value, "hq": current.get(name)})
            else:
                applied[name] = value
        if address_changes:  # by address id, against the values the edit saw
            addresses, lost = merge_addresses(current.get("addresses") or [],
                                              address_changes)
            conflicts += lost
            if addresses != (current.get("addresses") or []) or not lost:
                applied["addresses"] = addresses
        doc = self._new_doc(store, current, applied)
        fields = changed_fields(current, doc)
        now = utcnow()
        outcome = {"edit_id": str(body.edit_id), "customer_id": cid,
                   "applied": sorted(applied), "conflicts": conflicts,
                   "version": doc["version"] if fields else current["version"]}
        try:
            with self.db.write() as conn:
                if fields:
                    doc["updated_at"] = iso(now)
                    (seq,) = feed.allocate(conn, store.store_id)
                    if not update_customer(conn, doc, old_version=current["version"],
                                           country=store.country, seq=seq, now=now):
                        return None
                    log_changes(conn, cid, doc["version"], fields, source)
                conn.execute(insert(customer_edits).values(
                    edit_id=str(body.edit_id), store_id=store.store_id, customer_id=cid,
                    terminal_id=terminal_id,
                    request=json.dumps({**sent, "address_changes": address_changes}
                                       if address_changes else sent),
                    outcome=json.dumps(outcome), received_at=now))
                if fields:
                    feed.run_after_allocate_hook(conn)
        except IntegrityError:
            return None
        return {**outcome, "customer": doc if fields else current}

    @staticmethod
    def _new_doc(store: Any, current: dict[str, Any], applied: dict[str, Any]
                 ) -> dict[str, Any]:
        data = merged_data(current, applied, store)
        return build_doc(current["customer_id"], data,
                         account_number=current["account_number"],
                         store_id=store.store_id, version=current["version"] + 1,
                         created_at=current["created_at"], updated_at=current["updated_at"],
                         loyalty_cards=current.get("loyalty_cards"))
