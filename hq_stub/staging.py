"""Async staging: customers and addresses uploaded by terminals in async mode wait here
(``staged_customers``, ``staged_addresses``) for the async-to-sync job (:mod:`hq_stub.job`).

Uploads are idempotent per ``customer_id`` / ``address_id``:

* an id that already is a customer (created in real time) → accepted, its staging record
  is marked ``converted`` with the account number at once;
* an id already staged or converted → accepted, nothing changes;
* an id whose staged record was **rejected** → the new data replaces the rejected record
  and it is staged again (how a terminal resubmits a corrected customer; the admin's
  ``resubmit`` does the same at HQ, :mod:`hq_stub.admin`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Row

from hq_stub import privacy, strictjson
from hq_stub.db import (
    Database,
    customers,
    iso,
    staged_addresses,
    staged_customers,
    utcnow,
)
from hq_stub.errors import HQError, not_found
from hq_stub.permissions import CUSTOMER_CREATE, CUSTOMER_RESUBMIT, require
from hq_stub.records import param, safe_echo, uuid_or_none
from hq_stub.schemas import AsyncAddressIn
from hq_stub.stores import Stores
from hq_stub.strictjson import NotStrictJSON
from hq_stub.validation import (
    Problems,
    parse_customer,
    pydantic_problems,
    rejection,
    staged_record,
    stored_error,
    stored_reasons,
)


def status_of(row: Row, *, with_data: bool = False) -> dict[str, Any]:
    """A staged customer as ``GET /async-customers/{id}`` (and the admin) show it."""
    out: dict[str, Any] = {"customer_id": row.customer_id, "state": row.state,
                           "store_id": row.store_id,
                           "received_at": iso(row.received_at),
                           "updated_at": iso(row.updated_at)}
    if row.account_number:
        out["account_number"] = row.account_number
    if row.error:
        out["error"] = row.error
        out["reasons"] = stored_reasons(row.error, getattr(row, "reasons", None))
    if with_data:
        try:
            out["customer"] = strictjson.loads(row.data)
        except NotStrictJSON:
            # Stored by an older HQ: shown repaired (never a 500), and flagged.
            out["customer"] = strictjson.lenient_loads(row.data)
            out["damaged"] = True
    return out


def _staged_copy(item: Any, cid: str, store_id: str) -> tuple[str, Problems | None]:
    """(stored JSON, upload error) of one uploaded customer. The same structural check
    as the job's (parse_customer), on the same kind of input: what is accepted here is
    never refused there for its structure."""
    model, problems = parse_customer(item)
    if model is not None:
        record = staged_record(model, store_id)
        error = None
    else:
        # Kept for the administrator to see and correct: a safe, bounded copy.
        record = {**strictjson.sanitize(item), "customer_id": cid, "store_id": store_id}
        error = problems
    try:
        return strictjson.dumps(record), error
    except NotStrictJSON:  # pragma: no cover - sanitize/validation make it strict
        return (strictjson.dumps({"customer_id": cid, "store_id": store_id}),
                Problems.one("body", "not storable as strict JSON", "not_json"))


@dataclass
class _Upload:
    """One upload call's outcome, built up while it is parsed and written."""

    store_id: str
    terminal_id: str | None = None
    now: datetime = field(default_factory=utcnow)
    accepted: list[str] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    inserts: list[dict[str, Any]] = field(default_factory=list)
    restage: list[dict[str, Any]] = field(default_factory=list)
    mark_converted: list[dict[str, Any]] = field(default_factory=list)
    # customer_id -> why the operator a record names may not create / resubmit it
    not_permitted: dict[str, tuple[Problems | None, Problems | None]] = field(
        default_factory=dict)
    erased: set[str] = field(default_factory=set)  # customer_ids erased at HQ
    events: list[dict[str, Any]] = field(default_factory=list)  # customer_events rows

    def result(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "rejected": self.rejected}

    def new_row(self, cid: str, state: str, data: str, *, error: Problems | None = None,
                acct: str | None = None) -> None:
        self.inserts.append(dict(customer_id=cid, store_id=self.store_id, state=state,
                                 account_number=acct, data=data, attempts=0,
                                 received_at=self.now, updated_at=self.now,
                                 **stored_error(error)))


class Staging:
    def __init__(self, db: Database, stores: Stores) -> None:
        self.db = db
        self.stores = stores

    # -------------------------------------------------------------- customers
    def upload_customers(self, store_id: str, items: list[dict[str, Any]],
                         terminal_id: str | None = None) -> dict[str, Any]:
        """Stage customers for the job; each is accepted or rejected on its own (an
        erased customer_id with the reason code ``customer_erased``)."""
        up = _Upload(store_id, terminal_id)
        parsed: dict[str, tuple[str, Problems | None]] = {}  # id -> (json data, upload error)
        for item in items:
            cid = uuid_or_none(item.get("customer_id")) if isinstance(item, dict) else None
            if cid is None:
                raw = item.get("customer_id") if isinstance(item, dict) else None
                up.rejected.append({"customer_id": safe_echo(raw), **rejection(Problems.one(
                    "customer_id", "a UUID is required", "uuid_required"))})
            elif cid not in parsed:  # the same customer twice in a batch: the first counts
                parsed[cid] = _staged_copy(item, cid, store_id)
                if isinstance(item.get("operator_id"), str):
                    up.not_permitted[cid] = self._operator_refusals(store_id,
                                                                    item["operator_id"])
        if not parsed:
            return up.result()
        up.now = utcnow()
        with self.db.write() as conn:
            self._stage_customers(conn, up, parsed)
        return up.result()

    def _operator_refusals(self, store_id: str,
                           operator_id: str) -> tuple[Problems | None, Problems | None]:
        """(why not as a new customer, why not as a correction of a rejected one) for a
        record that names the operator who created or corrected it (None: allowed)."""
        store = self.stores.get(store_id)
        out: list[Problems | None] = []
        for permission in (CUSTOMER_CREATE, CUSTOMER_RESUBMIT):
            try:
                require(store, operator_id, permission)
                out.append(None)
            except HQError as exc:
                out.append(Problems.one("operator_id", exc.message, exc.code,
                                        permission=permission))
        return out[0], out[1]

    @staticmethod
    def _stage_customers(conn: Connection, up: _Upload,
                         parsed: dict[str, tuple[str, Problems | None]]) -> None:
        order = list(parsed)
        real = {r.customer_id: r for r in conn.execute(
            select(customers.c.customer_id, customers.c.store_id, customers.c.account_number)
            .where(customers.c.customer_id.in_(order)))}
        staged = {r.customer_id: r for r in conn.execute(
            select(staged_customers.c.customer_id, staged_customers.c.store_id,
                   staged_customers.c.state)
            .where(staged_customers.c.customer_id.in_(order)))}
        up.erased = privacy.erased_ids(conn, order)
        for cid in order:
            _decide(up, cid, *parsed[cid], real.get(cid), staged.get(cid))
        privacy.record(conn, up.events)
        if up.inserts:
            conn.execute(insert(staged_customers), up.inserts)
        if up.restage:
            conn.execute(update(staged_customers).where(
                staged_customers.c.customer_id == param("cid")).values(
                state=param("p_state"), error=param("p_error"), reasons=param("p_reasons"),
                data=param("p_data"),
                attempts=staged_customers.c.attempts + 1, updated_at=up.now), up.restage)
        if up.mark_converted:
            conn.execute(update(staged_customers).where(
                staged_customers.c.customer_id == param("cid")).values(
                state="converted", account_number=param("acct"), error=None, reasons=None,
                updated_at=up.now), up.mark_converted)

    # -------------------------------------------------------------- addresses
    def upload_addresses(self, store_id: str, items: list[dict[str, Any]]) -> dict[str, Any]:
        """Stage addresses of async customers; idempotent per ``address_id``."""
        up = _Upload(store_id)
        store = self.stores.get(store_id)
        good: dict[str, tuple[str, str]] = {}  # address id -> (customer id, json data)
        for item in items:
            aid = uuid_or_none(item.get("address_id")) if isinstance(item, dict) else None
            if aid is not None and aid in good:
                continue
            parsed = _parse_address(item, aid, store.flag("async_customer_addresses"))
            if isinstance(parsed, dict):
                up.rejected.append(parsed)
            elif aid is not None:
                good[aid] = parsed
        if not good:
            return up.result()
        up.now = utcnow()
        with self.db.write() as conn:
            self._stage_addresses(conn, up, good)
        return up.result()

    @staticmethod
    def _stage_addresses(conn: Connection, up: _Upload,
                         good: dict[str, tuple[str, str]]) -> None:
        store_id, now = up.store_id, up.now
        cids = sorted({c for c, _ in good.values()})
        known = set(conn.execute(select(customers.c.customer_id).where(
            customers.c.customer_id.in_(cids), customers.c.store_id == store_id))
            .scalars())
        known |= set(conn.execute(select(staged_customers.c.customer_id).where(
            staged_customers.c.customer_id.in_(cids),
            staged_customers.c.store_id == store_id)).scalars())
        known -= privacy.erased_ids(conn, cids)  # an erased customer takes no address
        existing = {r.address_id: r for r in conn.execute(
            select(staged_addresses.c.address_id, staged_addresses.c.state,
                   staged_addresses.c.store_id)
            .where(staged_addresses.c.address_id.in_(list(good))))}
        inserts, restage = [], []
        for aid, (cid, data) in good.items():
            e = existing.get(aid)
            if cid not in known or (e is not None and e.store_id != store_id):
                up.rejected.append({"address_id": aid, "customer_id": cid,
                                    "error": "unknown customer",
                                    "reasons": Problems.one("customer_id", "unknown customer",
                                                            "unknown_customer").reasons()})
                continue
            up.accepted.append(aid)
            if e is None:
                inserts.append(dict(address_id=aid, customer_id=cid, store_id=store_id,
                                    state="staged", error=None, data=data,
                                    received_at=now, updated_at=now))
            elif e.state == "rejected":
                restage.append({"aid": aid, "p_data": data})
        if inserts:
            conn.execute(insert(staged_addresses), inserts)
        if restage:
            conn.execute(update(staged_addresses).where(
                staged_addresses.c.address_id == param("aid")).values(
                state="staged", error=None, data=param("p_data"), updated_at=now), restage)

    # ----------------------------------------------------------------- status
    def status(self, store_id: str, customer_id: str) -> dict[str, Any]:
        """Where an uploaded customer of the store stands; 404 for another store's."""
        cid = uuid_or_none(customer_id)
        if cid is None:
            raise not_found("Unknown async customer")
        with self.db.read() as conn:
            row = conn.execute(select(staged_customers).where(
                staged_customers.c.customer_id == cid)).first()
            if row is None:
                real = conn.execute(select(customers.c.store_id, customers.c.account_number)
                                    .where(customers.c.customer_id == cid)).first()
                if real is None or real.store_id != store_id:
                    raise not_found("Unknown async customer")
                return {"customer_id": cid, "state": "converted",
                        "account_number": real.account_number}
        if row.store_id != store_id:
            raise not_found("Unknown async customer")
        return status_of(row)

    def list_staged(self, store_id: str | None, state: str | None, limit: int,
             *, with_data: bool = False) -> list[dict[str, Any]]:
        stmt = select(staged_customers)
        if store_id:
            stmt = stmt.where(staged_customers.c.store_id == store_id)
        if state:
            stmt = stmt.where(staged_customers.c.state == state)
        stmt = stmt.order_by(staged_customers.c.received_at,
                             staged_customers.c.customer_id).limit(limit)
        with self.db.read() as conn:
            return [status_of(r, with_data=with_data) for r in conn.execute(stmt)]


def _decide(up: _Upload, cid: str, data: str, error: Problems | None,
            real: Row | None, staged: Row | None) -> None:
    """What one uploaded customer does, given the customer and staged record HQ already
    holds under its id (see the module docstring)."""
    if cid in up.erased:
        up.rejected.append({"customer_id": cid, **rejection(privacy.erased_problem())})
        return
    owner = (real.store_id if real is not None else staged.store_id if staged is not None
             else up.store_id)
    if owner != up.store_id:
        up.rejected.append({"customer_id": cid, "error": "customer_id belongs to another store",
                            "reasons": Problems.one("customer_id", "belongs to another store",
                                                    "foreign_customer").reasons()})
        return
    if real is not None:  # already a real customer (real-time create)
        up.accepted.append(cid)
        if staged is None:
            up.new_row(cid, "converted", data, acct=real.account_number)
        elif staged.state != "converted":
            up.mark_converted.append({"cid": cid, "acct": real.account_number})
        return
    if staged is not None and staged.state in ("staged", "converted"):
        up.accepted.append(cid)  # idempotent: nothing changes
        return
    refusals = up.not_permitted.get(cid, (None, None))
    error = error or (refusals[0] if staged is None else refusals[1])
    state = "rejected" if error else "staged"
    if error:
        up.rejected.append({"customer_id": cid, **rejection(error)})
    else:
        up.accepted.append(cid)
    if not error:
        up.events.append(privacy.event(cid, "upload", up.store_id, at=up.now,
                                       terminal_id=up.terminal_id))
    if staged is None:
        up.new_row(cid, state, data, error=error)
    else:  # re-upload of a rejected record: re-stage with the new data
        up.restage.append({"cid": cid, "p_state": state, "p_data": data,
                           **{f"p_{k}": v for k, v in stored_error(error).items()}})


def _parse_address(item: Any, aid: str | None,
                   feature_on: bool) -> tuple[str, str] | dict[str, Any]:
    """(customer id, stored JSON) of one uploaded address, or its rejection."""
    if aid is None:
        raw = item.get("address_id") if isinstance(item, dict) else None
        owner = item.get("customer_id") if isinstance(item, dict) else None
        return {"address_id": safe_echo(raw), "customer_id": safe_echo(owner),
                **rejection(Problems.one("address_id", "a UUID is required", "uuid_required"))}
    try:
        addr = AsyncAddressIn.model_validate(item)
    except (ValidationError, RecursionError) as exc:
        error = (pydantic_problems(exc) if isinstance(exc, ValidationError)
                 else Problems.one("body", "nested too deeply", "too_deep"))
        return {"address_id": aid, "customer_id": safe_echo(item.get("customer_id")),
                **rejection(error)}
    if not feature_on:
        return {"address_id": aid, "customer_id": str(addr.customer_id),
                "error": "the async customer addresses feature is off",
                "reasons": Problems.one("addresses", "the async customer addresses feature "
                                        "is off", "feature_required",
                                        feature="async_customer_addresses").reasons()}
    return str(addr.customer_id), strictjson.dumps(addr.model_dump(mode="json"))
