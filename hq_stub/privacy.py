"""Customers' rights at HQ (issue 16): erasure (right to be forgotten), access requests,
and the history of who created or changed a customer, with the marketing consent each
change set (``customer_events``).

Erasure (``hq-stub admin erase CUSTOMER``, ``POST /api/v1/admin/customers/{key}/erase``)
removes every personal part HQ holds, in one write transaction:

* the customer row keeps only an anonymised **tombstone** (customer_id, account number,
  store, version, ``"state": "erased"``, ``erased_at``): its search columns are emptied
  and it takes a new feed sequence, so the store's change feed serves the tombstone as
  an erasure record and every terminal of the store purges its copy on its next sync;
* a staged (async) copy keeps only its ids; one not yet converted is rejected with the
  reason code ``customer_erased`` (the terminal's worklist shows it);
* staged addresses of the customer are deleted, and so is its history (events);
* loyalty cards stay as numbers linked to the tombstone (no personal data), so sales
  history still adds up.

A customer_id HQ never held can be erased too (the customer is still pending at a
terminal): the id is kept in ``erasures`` and its later upload or real-time create is
refused with ``customer_erased``. Erasing again changes nothing (idempotent).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from hq_stub import feed, strictjson
from hq_stub.db import (
    Database,
    customer_edits,
    customer_events,
    customers,
    erasures,
    iso,
    loyalty_cards,
    staged_addresses,
    staged_customers,
    utcnow,
)
from hq_stub.errors import HQError, not_found
from hq_stub.records import dump_doc, uuid_or_none
from hq_stub.validation import Problems, stored_error, stored_reasons

ERASED = "erased"
ERASED_CODE = "customer_erased"
ERASED_MESSAGE = "the customer's personal data was erased at HQ (right to be forgotten)"
CONSENT_FIELDS = ("email_marketing_consent", "phone_marketing_consent")


def erased_problem() -> Problems:
    return Problems.one("customer_id", ERASED_MESSAGE, ERASED_CODE)


def erased_ids(conn: Connection, ids: list[str]) -> set[str]:
    """Which of these customer_ids were erased."""
    if not ids:
        return set()
    return set(conn.execute(select(erasures.c.customer_id).where(
        erasures.c.customer_id.in_(ids))).scalars())


def is_tombstone(doc: dict[str, Any]) -> bool:
    return doc.get("state") == ERASED


def _consent(doc: dict[str, Any] | None) -> dict[str, Any]:
    doc = doc or {}
    out: dict[str, Any] = {f: bool(doc.get(f)) for f in CONSENT_FIELDS}
    out["contacts"] = [{"kind": c.get("kind"), "is_primary": bool(c.get("is_primary")),
                        "marketing_consent": bool(c.get("marketing_consent"))}
                       for c in doc.get("contacts") or [] if isinstance(c, dict)]
    return out


def event(customer_id: str, action: str, store_id: str, *, at: datetime,
          terminal_id: str | None = None, operator_id: str | None = None,
          before: dict[str, Any] | None = None,
          after: dict[str, Any] | None = None) -> dict[str, Any]:
    """One ``customer_events`` row. ``details`` holds the consent flags ``after`` sets
    when they differ from ``before`` (all of them on a create): flags, never values."""
    details = None
    if after is not None:
        new, old = _consent(after), _consent(before) if before is not None else None
        if old is None or new != old:
            details = json.dumps({"consent": new})
    return {"customer_id": customer_id, "at": at, "action": action, "store_id": store_id,
            "terminal_id": terminal_id, "operator_id": operator_id, "details": details}


def record(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(customer_events), rows)


def _tombstone(row: Any, erased_at: str) -> dict[str, Any]:
    return {"customer_id": row.customer_id, "account_number": row.account_number,
            "store_id": row.store_id, "version": row.version + 1, "state": ERASED,
            "erased_at": erased_at}


class Privacy:
    def __init__(self, db: Database) -> None:
        self.db = db

    # ----------------------------------------------------------------- erase
    def erase(self, key: str) -> dict[str, Any]:
        """Erase a customer by account number or customer_id (see the module doc)."""
        cid = uuid_or_none(key)
        now = utcnow()
        with self.db.write() as conn:
            row, cid = _lookup(conn, key, cid)
            done = conn.execute(select(erasures).where(
                erasures.c.customer_id == cid)).first()
            if done is not None:
                return self._result(done, already=True)
            staged = conn.execute(select(staged_customers.c.store_id).where(
                staged_customers.c.customer_id == cid)).scalar()
            store_id = row.store_id if row is not None else staged
            if row is not None:
                self._erase_customer(conn, row, iso(now), now)
            if staged is not None:
                self._erase_staged(conn, cid, now)
            conn.execute(delete(staged_addresses).where(staged_addresses.c.customer_id == cid))
            conn.execute(delete(customer_events).where(customer_events.c.customer_id == cid))
            # Field-level edits keep what was sent (values): gone too; the change log
            # names fields only.
            conn.execute(delete(customer_edits).where(customer_edits.c.customer_id == cid))
            entry = {"customer_id": cid, "store_id": store_id, "erased_at": now,
                     "account_number": row.account_number if row is not None else None}
            conn.execute(insert(erasures).values(**entry))
        return self._result(entry, already=False)

    @staticmethod
    def _erase_customer(conn: Connection, row: Any, stamp: str, now: datetime) -> None:
        (seq,) = feed.allocate(conn, row.store_id)
        conn.execute(update(customers).where(customers.c.customer_id == row.customer_id)
                     .values(doc=dump_doc(_tombstone(row, stamp)), version=row.version + 1,
                             feed_seq=seq, search_text=" ", phone_digits="", sort_name="",
                             updated_at=now))
        feed.run_after_allocate_hook(conn)

    @staticmethod
    def _erase_staged(conn: Connection, cid: str, now: datetime) -> None:
        t = staged_customers
        state = conn.execute(select(t.c.state, t.c.store_id).where(
            t.c.customer_id == cid)).one()
        data = strictjson.dumps({"customer_id": cid, "store_id": state.store_id})
        values: dict[str, Any] = {"data": data, "updated_at": now}
        if state.state != "converted":
            values.update(state="rejected", **stored_error(erased_problem()))
        conn.execute(update(t).where(t.c.customer_id == cid).values(**values))

    @staticmethod
    def _result(entry: Any, *, already: bool) -> dict[str, Any]:
        get = entry.get if isinstance(entry, dict) else entry._mapping.get
        erased_at: datetime = get("erased_at")  # type: ignore[assignment]  # never null
        return {"customer_id": get("customer_id"), "account_number": get("account_number"),
                "store_id": get("store_id"), "state": ERASED,
                "erased_at": iso(erased_at), "already_erased": already}

    # ---------------------------------------------------------------- export
    def export(self, key: str) -> dict[str, Any]:
        """Everything HQ holds about one customer (an access request), as JSON."""
        cid = uuid_or_none(key)
        with self.db.read() as conn:
            row, cid = _lookup(conn, key, cid)
            erased = conn.execute(select(erasures).where(
                erasures.c.customer_id == cid)).first()
            staged = conn.execute(select(staged_customers).where(
                staged_customers.c.customer_id == cid)).first()
            if row is None and erased is None and staged is None:
                raise not_found("Unknown customer")
            cards = conn.execute(select(loyalty_cards).where(
                loyalty_cards.c.customer_id == cid).order_by(
                loyalty_cards.c.card_number)).all()
            events = conn.execute(select(customer_events).where(
                customer_events.c.customer_id == cid).order_by(
                customer_events.c.at, customer_events.c.id)).all()
            addresses = conn.execute(select(staged_addresses).where(
                staged_addresses.c.customer_id == cid)).all()
        if erased is not None:
            return {"customer_id": cid, "erased": self._result(erased, already=True),
                    "loyalty_cards": [_card(c) for c in cards]}
        return _export(cid, row, staged, cards, events, addresses)


def _card(c: Any) -> dict[str, Any]:
    return {"card_number": c.card_number, "store_id": c.store_id,
            "issued_at": iso(c.issued_at)}


def _event_json(e: Any) -> dict[str, Any]:
    out = {"at": iso(e.at), "action": e.action, "store_id": e.store_id,
           "terminal_id": e.terminal_id, "operator_id": e.operator_id}
    if e.details:
        out.update(json.loads(e.details))
    return out


def consent_history(events: list[dict[str, Any]],
                    doc: dict[str, Any] | None) -> dict[str, Any]:
    """Each primary contact's marketing consent now, with when and where it was last set
    (the newest event that set it to its current value)."""
    out: dict[str, Any] = {}
    for name, flag in (("email", "email_marketing_consent"),
                       ("phone", "phone_marketing_consent")):
        value = bool((doc or {}).get(flag))
        given = None  # the first event of the latest run that set the current value
        for e in (e for e in events if "consent" in e):
            if e["consent"].get(flag) != value:
                given = None
            elif given is None:
                given = e
        out[name] = {"marketing_consent": value,
                     "changed_at": given["at"] if given else None,
                     "store_id": given["store_id"] if given else None,
                     "terminal_id": given["terminal_id"] if given else None}
    out["contacts"] = [{"kind": c.get("kind"), "value": c.get("value"),
                        "marketing_consent": bool(c.get("marketing_consent")),
                        "is_primary": bool(c.get("is_primary"))}
                       for c in (doc or {}).get("contacts") or [] if isinstance(c, dict)]
    return out


def _export(cid: str, row: Any, staged: Any, cards: Sequence[Any], events: Sequence[Any],
            addresses: Sequence[Any]) -> dict[str, Any]:
    doc = strictjson.lenient_loads(row.doc) if row is not None else None
    history = [_event_json(e) for e in events]
    out: dict[str, Any] = {"customer_id": cid, "customer": doc,
                           "consent": consent_history(history, doc),
                           "loyalty_cards": [_card(c) for c in cards],
                           "history": history}
    if row is not None:
        out["origin"] = row.origin
        out["created_at"], out["updated_at"] = iso(row.created_at), iso(row.updated_at)
    if staged is not None:
        out["staged"] = {"state": staged.state, "store_id": staged.store_id,
                         "received_at": iso(staged.received_at),
                         "updated_at": iso(staged.updated_at),
                         "data": strictjson.lenient_loads(staged.data)}
        if staged.error:
            out["staged"]["reasons"] = stored_reasons(staged.error, staged.reasons)
    out["staged_addresses"] = [{"address_id": a.address_id, "state": a.state,
                                "store_id": a.store_id, "received_at": iso(a.received_at),
                                "data": strictjson.lenient_loads(a.data)} for a in addresses]
    return out


def refuse_erased(conn: Connection, customer_id: str) -> None:
    """A real-time create of an erased customer_id: 409 ``customer_erased``."""
    if erased_ids(conn, [customer_id]):
        raise HQError(409, ERASED_CODE, "This customer was erased at HQ (right to be "
                                        "forgotten); it cannot be created again")


def _lookup(conn: Connection, key: str, cid: str | None) -> tuple[Any, str]:
    """(HQ's customer row or None, its customer_id) for an account number or a customer
    id (`cid`: `key` read as a UUID); 404 when neither names anything."""
    row = conn.execute(select(customers).where(
        customers.c.customer_id == cid if cid else customers.c.account_number == key)).first()
    cid = row.customer_id if row is not None else cid
    if cid is None:
        raise not_found("Unknown customer")
    return row, cid
