"""Customers in real time: create (idempotent per ``customer_id``), get, patch (with
``If-Match``), search across the chain, and loyalty cards.

Identity: ``customer_id`` (client-generated UUID) is THE identity of a customer on every
path. ``customers.customer_id`` is the primary key, so a real-time create
(``Idempotency-Key`` = customer_id), an async upload and the async-to-sync job
(:mod:`hq_stub.staging`, :mod:`hq_stub.job`) can never produce two customers for one id,
whatever order they arrive in: a real-time create of an id that exists answers with the
existing customer (200) when the body is the same, ``409 idempotency_conflict`` when not.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import and_, bindparam, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from hq_stub import feed, privacy
from hq_stub.changelog import changed_fields, log_changes
from hq_stub.db import (
    Database,
    customers,
    iso,
    loyalty_cards,
    staged_customers,
    take_numbers,
    utcnow,
)
from hq_stub.errors import HQError, foreign, not_found, validation_failed
from hq_stub.permissions import ADDRESS_EDIT, CUSTOMER_CREATE, CUSTOMER_EDIT, require
from hq_stub.records import account_number, card_number, dump_doc, load_doc, uuid_or_none
from hq_stub.schemas import CustomerFields, CustomerIn
from hq_stub.stores import Stores
from hq_stub.validation import (
    DOC_FIELDS,
    build_doc,
    fold,
    index_columns,
    phone_numbers,
    pydantic_problems,
    validate_customer,
)

# Fields of a stored customer that come from the create request (the rest is HQ's).
_BODY_FIELDS = tuple(f for f in DOC_FIELDS if f not in (
    "customer_id", "account_number", "state", "name", "store_id", "version", "created_at",
    "updated_at", "loyalty_cards"))

_SELECT_DOC = select(customers.c.doc).where(customers.c.customer_id == bindparam("cid"))
_INSERT_CUSTOMER = insert(customers)
_CONVERT_STAGED = update(staged_customers).where(
    staged_customers.c.customer_id == bindparam("cid"),
    staged_customers.c.store_id == bindparam("store"),
    staged_customers.c.state != "converted").values(
    state="converted", account_number=bindparam("acct"), error=None,
    updated_at=bindparam("now"))
# If-Match: the customer's version, optionally quoted as an ETag (W/"3", "3" or 3).
_IF_MATCH = re.compile(r'\s*(?:W/)?"?(\d{1,9})"?\s*')


def _comparable(doc: dict[str, Any]) -> dict[str, Any]:
    out = {f: doc.get(f) for f in _BODY_FIELDS}
    # Address ids a request left out are generated at random: not part of the identity.
    out["addresses"] = [{k: v for k, v in a.items() if k != "address_id"}
                        for a in (out.get("addresses") or []) if isinstance(a, dict)]
    return out


def _differs(existing: dict[str, Any], data: dict[str, Any]) -> bool:
    """Whether a create request (validated and normalised like the stored customer)
    carries other data than the customer stored under its customer_id."""
    return _comparable(existing) != _comparable(data)


def _same_store(doc: dict[str, Any], store_id: str) -> dict[str, Any]:
    if doc.get("store_id") != store_id:
        raise foreign()
    return doc


def insert_customer(conn: Connection, doc: dict[str, Any], *, country: str, seq: int,
                    origin: str, now: datetime) -> None:
    """Insert one new customer row (document, feed sequence and search columns)."""
    conn.execute(_INSERT_CUSTOMER, dict(
        customer_id=doc["customer_id"], account_number=doc["account_number"],
        store_id=doc["store_id"], version=doc["version"], feed_seq=seq, origin=origin,
        doc=dump_doc(doc), created_at=now, updated_at=now,
        **index_columns(doc, country)))


def update_customer(conn: Connection, doc: dict[str, Any], *, old_version: int,
                    country: str, seq: int, now: datetime) -> bool:
    """Store a new version of a customer if it is still at ``old_version``."""
    return conn.execute(update(customers).where(
        customers.c.customer_id == doc["customer_id"],
        customers.c.version == old_version).values(
        version=doc["version"], feed_seq=seq, updated_at=now, doc=dump_doc(doc),
        **index_columns(doc, country))).rowcount == 1


def _existing(conn: Connection, customer_id: str) -> dict[str, Any] | None:
    doc = conn.execute(_SELECT_DOC, {"cid": customer_id}).scalar()
    return load_doc(doc) if doc else None


def _staged_owner(conn: Connection, customer_id: str) -> str | None:
    return conn.execute(select(staged_customers.c.store_id).where(
        staged_customers.c.customer_id == customer_id)).scalar()


def _find(conn: Connection, key: str) -> dict[str, Any] | None:
    """A customer by ``customer_id`` (a UUID) or account number."""
    cid = uuid_or_none(key)
    col = customers.c.customer_id if cid else customers.c.account_number
    doc = conn.execute(select(customers.c.doc).where(col == (cid or key))).scalar()
    found = load_doc(doc) if doc else None
    # An erased customer's tombstone is no customer to read or change.
    return None if found is None or privacy.is_tombstone(found) else found


# What a typed phone number may contain besides digits (the terminal's search_terms).
NUMBER_PUNCTUATION = " -()./+"


def phone_query_digits(q: str, country: str) -> list[str]:
    """The digit strings a phone-number query looks for in `phone_digits` (none when `q`
    is not a phone number): its digits, without a national trunk "0", and the number
    parsed in the store's country (national and international digits)."""
    digits = q.translate(str.maketrans("", "", NUMBER_PUNCTUATION))
    if len(digits) < 4 or not (digits.isdigit() and digits.isascii()):
        return []
    out = [digits]
    if digits.startswith("0") and len(digits) > 3:
        out.append(digits[1:])
    num = phone_numbers(q, country or "ZZ")
    if num is not None:
        out += [str(num.national_number), f"{num.country_code}{num.national_number}"]
    return list(dict.fromkeys(out))


def _expected_version(if_match: str | None) -> int:
    if if_match is None:
        raise HQError(428, "precondition_required", "If-Match: <version> is required")
    m = _IF_MATCH.fullmatch(if_match)
    if not m:
        raise HQError(400, "bad_request", "If-Match must be the customer's version")
    return int(m.group(1))


def _own_addresses(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The addresses as an operator set them: a contact phone that is the customer's own
    phone is the default validation fills in, not a change of the address."""
    phone = doc.get("phone")
    return [{**a, "contact_phone": None if a.get("contact_phone") in (phone, "", None)
             else a.get("contact_phone")} for a in doc.get("addresses") or []]


def _needed(current: dict[str, Any], doc: dict[str, Any], sent: set[str]) -> list[str]:
    """The permissions a change needs: ``address.edit`` when the addresses (or their
    purpose) change, ``customer.edit`` when anything else does; a change that changes
    nothing needs the permission of what it names."""
    changed = {f for f in CustomerFields.model_fields if doc.get(f) != current.get(f)}
    if "addresses" in changed and _own_addresses(doc) == _own_addresses(current):
        changed.discard("addresses")  # only the contact phone that follows the phone
    changed = changed or sent
    needed = [ADDRESS_EDIT] if "addresses" in changed else []
    if changed - {"addresses"} or not needed:
        needed.append(CUSTOMER_EDIT)
    return needed


class Customers:
    def __init__(self, db: Database, stores: Stores) -> None:
        self.db = db
        self.stores = stores

    # ----------------------------------------------------------------- create
    def create(self, store_id: str, body: CustomerIn, operator_id: str | None = None,
               terminal_id: str | None = None) -> tuple[dict[str, Any], bool]:
        """Real-time create. Returns (customer, created). With an operator named, its
        role must have ``customer.create`` in the store. An erased customer_id is 409
        ``customer_erased``."""
        customer_id = str(body.customer_id)
        store = self.stores.get(store_id)
        if operator_id is not None:
            require(store, operator_id, CUSTOMER_CREATE)
        data, problems = validate_customer(body, store, async_mode=False)
        if problems:
            with self.db.read() as conn:  # a replay of an existing customer still wins
                existing = _existing(conn, customer_id)
            if existing is not None:
                return self._replay(existing, data, store_id), False
            raise validation_failed(problems)
        try:
            # No existence check first: the primary key refuses a second customer with
            # this id, and that (rare) replay is answered from the except branch below.
            with self.db.write() as conn:
                doc = self._insert_new(conn, customer_id, data, store_id, store.country)
                privacy.record(conn, [privacy.event(
                    customer_id, "create", store_id, at=utcnow(), terminal_id=terminal_id,
                    operator_id=operator_id, after=doc)])
        except IntegrityError:
            # A replay of the Idempotency-Key, or a concurrent create of the same id (the
            # transaction, counters included, was rolled back).
            with self.db.read() as conn:
                existing = _existing(conn, customer_id)
            if existing is None:
                raise
            return self._replay(existing, data, store_id), False
        return doc, True

    @staticmethod
    def _insert_new(conn: Connection, customer_id: str, data: dict[str, Any],
                    store_id: str, country: str) -> dict[str, Any]:
        # The store's feed lock first, before the staged row below is locked (the job
        # takes them in the same order; hq_stub.feed).
        feed.lock_stores(conn, store_id)
        # A customer staged by another store's terminal is not ours to create (nor to
        # convert): 409, and nothing about it is revealed.
        owner = _staged_owner(conn, customer_id)
        if owner is not None and owner != store_id:
            raise foreign()
        privacy.refuse_erased(conn, customer_id)
        now = utcnow()
        (acct_no,) = take_numbers(conn, "account")
        acct = account_number(acct_no)
        (seq,) = feed.allocate(conn, store_id)
        stamp = iso(now)
        doc = build_doc(customer_id, data, account_number=acct, store_id=store_id,
                        version=1, created_at=stamp, updated_at=stamp)
        insert_customer(conn, doc, country=country, seq=seq, origin="realtime", now=now)
        # A staged async copy of the same customer is now converted.
        conn.execute(_CONVERT_STAGED, {"cid": customer_id, "acct": acct, "now": now,
                                       "store": store_id})
        feed.run_after_allocate_hook(conn)
        return doc

    @staticmethod
    def _replay(existing: dict[str, Any], data: dict[str, Any],
                store_id: str) -> dict[str, Any]:
        """The answer to a create whose customer_id already is a customer: the same
        body is a replay (the stored customer); a different body is a 409."""
        _same_store(existing, store_id)
        if privacy.is_tombstone(existing):
            raise HQError(409, privacy.ERASED_CODE, "This customer was erased at HQ (right "
                                                    "to be forgotten)")
        if existing.get("version") == 1 and _differs(existing, data):
            raise HQError(409, "idempotency_conflict",
                          "A customer with this customer_id (Idempotency-Key) already "
                          "exists with different data; use a new customer_id for a new "
                          "customer, or edit the existing one")
        return existing

    # ------------------------------------------------------------------- read
    def get(self, key: str) -> dict[str, Any]:
        """Any customer of the chain, by account number or customer_id."""
        with self.db.read() as conn:
            doc = _find(conn, key)
        if doc is None:
            raise not_found("Unknown customer")
        return doc

    def _own(self, store_id: str, key: str) -> dict[str, Any]:
        """A customer the device's store may change: 403 for another store's, 409
        ``pending_sync`` while it is only staged."""
        with self.db.read() as conn:
            doc = _find(conn, key)
            if doc is None:
                cid = uuid_or_none(key)
                staged = cid and conn.execute(select(staged_customers.c.state).where(
                    staged_customers.c.customer_id == cid,
                    staged_customers.c.store_id == store_id)).scalar()
        if doc is None:
            if staged:
                raise HQError(409, "pending_sync",
                              "The customer has no account number yet (pending sync)")
            raise not_found("Unknown customer")
        if doc["store_id"] != store_id:
            raise HQError(403, "forbidden", "The customer belongs to another store")
        return doc

    def search(self, q: str, limit: int, store_id: str | None = None) -> list[dict[str, Any]]:
        """Customers of every store matching name, e-mail, phone digits or numbers.

        A query of digits and phone punctuation is a phone number, read as the terminal's
        local search reads it: punctuation ignored, a national trunk "0" optional, and a
        national format parsed in the searching store's country."""
        q = q.strip()
        if len(q) < 4:
            raise HQError(422, "validation_error", "q: at least 4 characters are required",
                          [{"field": "q", "message": "at least 4 characters are required"}])
        tokens = fold(q).split()
        conds = [customers.c.search_text.contains(t, autoescape=True) for t in tokens]
        where = and_(*conds)
        country = self.stores.get(store_id).country if store_id else ""
        numbers = phone_query_digits(q, country)
        if numbers:
            where = or_(where, *(customers.c.phone_digits.contains(d, autoescape=True)
                                 for d in numbers))
        with self.db.read() as conn:
            rows = conn.execute(select(customers.c.doc).where(where)
                                .order_by(customers.c.sort_name, customers.c.account_number)
                                .limit(limit)).scalars().all()
        out = []
        for text in rows:
            try:
                out.append(load_doc(text))
            except HQError:
                continue  # a damaged stored customer is skipped (logged), never a 500
        return out

    # ----------------------------------------------------------------- change
    def patch(self, store_id: str, key: str, if_match: str | None,
              body: CustomerFields, operator_id: str | None = None,
              terminal_id: str | None = None, source: str = "hq:patch") -> dict[str, Any]:
        """Change a customer of the store at the version ``If-Match`` names, for an
        operator of the store whose role may make this change (``customer.edit`` for
        the customer's fields, ``address.edit`` for its addresses)."""
        expected = _expected_version(if_match)
        store = self.stores.get(store_id)
        require(store, operator_id)
        current = self._own(store_id, key)
        if current["version"] != expected:
            raise HQError(412, "version_conflict",
                          f"Stale version {expected}; the customer is at version "
                          f"{current['version']}")
        data = merged_data(current, body.model_dump(exclude_unset=True, mode="json"), store)
        now = utcnow()
        doc = build_doc(current["customer_id"], data,
                        account_number=current["account_number"], store_id=store_id,
                        version=expected + 1, created_at=current["created_at"],
                        updated_at=iso(now), loyalty_cards=current.get("loyalty_cards"))
        require(store, operator_id, *_needed(current, doc, body.model_fields_set))
        with self.db.write() as conn:
            (seq,) = feed.allocate(conn, store_id)
            if not update_customer(conn, doc, old_version=expected, country=store.country,
                                   seq=seq, now=now):
                raise HQError(412, "version_conflict",
                              "The customer was changed meanwhile; reload and retry")
            log_changes(conn, doc["customer_id"], doc["version"],
                        changed_fields(current, doc), source)
            privacy.record(conn, [privacy.event(
                doc["customer_id"], "edit", store_id, at=now, terminal_id=terminal_id,
                operator_id=operator_id, before=current, after=doc)])
            feed.run_after_allocate_hook(conn)
        return doc

    def issue_loyalty_card(self, store_id: str, key: str,
                           terminal_id: str | None = None) -> dict[str, Any]:
        current = self._own(store_id, key)
        store = self.stores.get(store_id)
        while True:
            now = utcnow()
            with self.db.write() as conn:
                (seq,) = feed.allocate(conn, store_id)
                card = card_number(take_numbers(conn, "loyalty")[0])
                row = conn.execute(select(customers.c.doc, customers.c.version).where(
                    customers.c.customer_id == current["customer_id"])).one()
                doc = load_doc(row.doc)
                doc["loyalty_cards"] = [*doc.get("loyalty_cards", []), card]
                doc["version"] = row.version + 1
                doc["updated_at"] = iso(now)
                if update_customer(conn, doc, old_version=row.version,
                                   country=store.country, seq=seq, now=now):
                    conn.execute(insert(loyalty_cards).values(
                        card_number=card, customer_id=doc["customer_id"],
                        store_id=store_id, issued_at=now))
                    privacy.record(conn, [privacy.event(
                        doc["customer_id"], "loyalty_card", store_id, at=now,
                        terminal_id=terminal_id)])
                    break
            # Lost a race with an edit (PostgreSQL); the transaction committed nothing
            # useful but the counters, so simply retry.
        return {"card_number": card, "customer_id": doc["customer_id"],
                "account_number": doc["account_number"], "issued_at": iso(now),
                "customer_version": doc["version"]}


def merged_data(current: dict[str, Any], changes: dict[str, Any], store: Any) -> dict[str, Any]:
    """A stored customer with `changes` laid over it, validated as a real-time edit is
    (PATCH and a field-level edit's merge): 422 with the problems otherwise."""
    merged = {name: current.get(name) for name in CustomerFields.model_fields}
    merged.update(changes)
    try:
        fields = CustomerFields.model_validate(merged)
    except ValidationError as exc:
        raise validation_failed(pydantic_problems(exc)) from None
    data, problems = validate_customer(fields, store, async_mode=False)
    if problems:
        raise validation_failed(problems)
    return data
