"""HQ use cases: activation, store configuration, customers, the async pipeline.

Identity: ``customer_id`` (client-generated UUID) is THE identity of a customer on every
path. ``customers.customer_id`` is the primary key, so a real-time create
(``Idempotency-Key`` = customer_id), an async upload and the async-to-sync job can never
produce two customers for one id, whatever order they arrive in:

* real-time create of an id that exists → the existing customer (200), never a second;
* async upload of an id that already is a customer (created in real time) → accepted,
  its staging record is marked ``converted`` with the account number at once;
* async upload of an id already staged or converted → accepted, nothing changes;
* async upload of an id whose staged record was **rejected** → the new data replaces the
  rejected record and it is staged again (this is how a terminal resubmits a corrected
  customer; the admin CLI's ``async resubmit`` does the same at HQ);
* the job converts a staged id that meanwhile became a customer → ``converted`` with that
  customer's account number, no second customer.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import threading
import time
import uuid
from datetime import timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import and_, bindparam, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from hq_stub import feed, strictjson
from hq_stub.db import (
    Database,
    activation_codes,
    advance_counter,
    as_utc,
    customers,
    devices,
    iso,
    loyalty_cards,
    staged_addresses,
    staged_customers,
    stores,
    utcnow,
)
from hq_stub.schemas import (
    FLAG_NAMES,
    AddressIn,
    AsyncAddressIn,
    CustomerFields,
    CustomerIn,
    bad_text,
)
from hq_stub.strictjson import NotStrictJSON
from hq_stub.validation import (
    DOC_FIELDS,
    Problems,
    StoreInfo,
    build_doc,
    check_address,
    fold,
    index_columns,
    normalize_address,
    parse_customer,
    pydantic_problems,
    staged_record,
    validate_customer,
)

log = logging.getLogger("hq_stub")

JOB_BATCH = 500
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
DEFAULT_CODE_TTL = float(os.environ.get("HQ_ACTIVATION_TTL", 24 * 3600))
# How long a process trusts its cache of device tokens. Revocation through this process
# clears the cache at once; another HQ process on the same database notices within this.
DEVICE_CACHE_TTL = float(os.environ.get("HQ_DEVICE_CACHE_TTL", 5.0))
REVOKED_MESSAGE = "this terminal was deactivated: activate it again"
# Failed activations allowed per client address per minute before 429 (brute force).
MAX_ACTIVATION_FAILURES = int(os.environ.get("HQ_ACTIVATION_MAX_FAILURES", 30))


class HQError(Exception):
    def __init__(self, status: int, code: str, message: str,
                 fields: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields


def validation_failed(problems: Problems) -> HQError:
    return HQError(422, "validation_error", "Invalid customer: " + problems.text(),
                   [{"field": f, "message": m} for f, m in problems])


def damaged(what: str = "customer") -> HQError:
    return HQError(409, "damaged_record",
                   f"HQ holds this {what} in a damaged form it cannot serve; an HQ "
                   f"administrator must repair it")


def dump_doc(doc: dict[str, Any]) -> str:
    """The stored text of a document: strict JSON, checked before the transaction
    commits (so a response is never a 500 after a commit)."""
    try:
        return strictjson.dumps(doc)
    except NotStrictJSON as exc:
        raise HQError(422, "validation_error",
                      f"The customer cannot be stored as strict JSON ({exc})") from None


def load_doc(text: str, what: str = "customer") -> dict[str, Any]:
    """A stored document, read strictly; a damaged one (written by an older HQ or planted
    in the database) is a 409 ``damaged_record``, never a 500 or a non-JSON answer."""
    try:
        doc = strictjson.loads(text)
    except NotStrictJSON:
        log.warning("damaged stored %s skipped (not strict JSON)", what)
        raise damaged(what) from None
    if not isinstance(doc, dict):
        raise damaged(what)
    return doc


def safe_echo(value: Any) -> str | None:
    """A client's own (bad) id echoed back in a rejection: only short clean text."""
    if isinstance(value, str) and len(value) <= 64 and not bad_text(value):
        return value
    return None


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def account_number(n: int) -> str:
    return f"C{n:07d}"


def card_number(n: int) -> str:
    return f"7{n:012d}"


def _uuid_or_none(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


class HQService:
    def __init__(self, db: Database, *, admin_token: str | None = None) -> None:
        self.db = db
        self.admin_token = admin_token or None
        self._store_cache: dict[str, tuple[float, StoreInfo]] = {}
        # token hash -> (store_id, terminal_id, monotonic expiry)
        self._device_cache: dict[str, tuple[str, str, float]] = {}
        self._device_lock = threading.Lock()
        self._job_lock = threading.Lock()
        self._failures: dict[str, list[float]] = {}
        self._failures_lock = threading.Lock()
        self.last_job: dict[str, Any] | None = None

    # ------------------------------------------------------------------ auth
    def is_admin(self, token: str) -> bool:
        return bool(self.admin_token) and hmac.compare_digest(
            token.encode(), self.admin_token.encode())

    def cached_device(self, token: str) -> tuple[str, str] | None:
        hit = self._device_cache.get(sha256(token))
        if hit is None or hit[2] < time.monotonic():
            return None
        return hit[0], hit[1]

    def device_for_token(self, token: str) -> tuple[str, str] | None:
        """(store_id, terminal_id) of an active token; None if unknown. A revoked token
        is a 401 ``device_revoked`` so the terminal can tell the user what to do."""
        found = self.cached_device(token)
        if found is not None:
            return found
        digest = sha256(token)
        with self.db.read() as conn:
            row = conn.execute(select(devices.c.store_id, devices.c.terminal_id,
                                      devices.c.revoked_at)
                               .where(devices.c.token_hash == digest)).first()
        if row is None:
            return None
        if row.revoked_at is not None:
            raise HQError(401, "device_revoked", REVOKED_MESSAGE)
        with self._device_lock:
            self._device_cache[digest] = (row.store_id, row.terminal_id,
                                          time.monotonic() + DEVICE_CACHE_TTL)
        return row.store_id, row.terminal_id

    def _forget_devices(self, store_id: str, terminal_id: str) -> None:
        with self._device_lock:
            for digest, hit in list(self._device_cache.items()):
                if hit[0] == store_id and hit[1] == terminal_id:
                    del self._device_cache[digest]

    @staticmethod
    def _revoke(conn: Connection, store_id: str, terminal_id: str, now) -> int:
        return conn.execute(update(devices).where(
            devices.c.store_id == store_id, devices.c.terminal_id == terminal_id,
            devices.c.revoked_at.is_(None)).values(revoked_at=now)).rowcount

    def revoke_device(self, store_id: str, terminal_id: str) -> dict[str, Any]:
        """Revoke every token of one terminal (``hq-stub admin revoke-device``)."""
        self.store(store_id)  # 404 if unknown
        now = utcnow()
        with self.db.write() as conn:
            known = conn.execute(select(devices.c.token_hash).where(
                devices.c.store_id == store_id,
                devices.c.terminal_id == terminal_id).limit(1)).first()
            if known is None:
                raise HQError(404, "not_found",
                              "This terminal was never activated for this store")
            n = self._revoke(conn, store_id, terminal_id, now)
        self._forget_devices(store_id, terminal_id)
        log.info("terminal %s of store %s revoked (%d tokens)", terminal_id, store_id, n)
        return {"store_id": store_id, "terminal_id": terminal_id, "revoked": n,
                "revoked_at": iso(now)}

    def create_activation_code(self, store_id: str, terminal_id: str,
                               ttl_seconds: float | None = None) -> dict[str, Any]:
        self.store(store_id)  # 404 if unknown
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
        code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        expires = utcnow() + timedelta(seconds=ttl_seconds or DEFAULT_CODE_TTL)
        with self.db.write() as conn:
            conn.execute(insert(activation_codes).values(
                code_hash=sha256(raw), store_id=store_id, terminal_id=terminal_id,
                expires_at=expires, used_at=None))
        return {"activation_code": code, "expires_at": iso(expires), "store_id": store_id,
                "terminal_id": terminal_id}

    def _recent_failures(self, client: str, *, add: bool = False) -> int:
        now = time.monotonic()
        with self._failures_lock:
            recent = [t for t in self._failures.get(client, []) if now - t < 60.0]
            if add:
                recent.append(now)
            if recent:
                self._failures[client] = recent
            else:
                self._failures.pop(client, None)
            return len(recent)

    def activate(self, code: str, terminal_id: str, client: str = "?") -> dict[str, Any]:
        if self._recent_failures(client) >= MAX_ACTIVATION_FAILURES:
            raise HQError(429, "too_many_requests",
                          "Too many failed activations; wait a minute and retry")
        try:
            return self._activate(code, terminal_id)
        except HQError as exc:
            if exc.status == 401:
                self._recent_failures(client, add=True)
            raise

    def _activate(self, code: str, terminal_id: str) -> dict[str, Any]:
        digest = sha256(re.sub(r"[\s-]", "", code).upper())
        now = utcnow()
        token = secrets.token_urlsafe(32)  # 256 bits
        with self.db.write() as conn:
            row = conn.execute(select(activation_codes).where(
                activation_codes.c.code_hash == digest)).first()
            if (row is None or row.terminal_id != terminal_id or row.used_at is not None
                    or as_utc(row.expires_at) <= now):
                raise HQError(401, "invalid_activation_code",
                              "The activation code is wrong, used or expired")
            # Single use even under concurrent activations: only one UPDATE matches.
            claimed = conn.execute(update(activation_codes).where(
                activation_codes.c.code_hash == digest,
                activation_codes.c.used_at.is_(None)).values(used_at=now)).rowcount
            if claimed != 1:
                raise HQError(401, "invalid_activation_code",
                              "The activation code is wrong, used or expired")
            # Activating a terminal again revokes its older tokens (a stolen or copied
            # token of the old installation stops working).
            revoked = self._revoke(conn, row.store_id, terminal_id, now)
            conn.execute(insert(devices).values(token_hash=sha256(token),
                                                store_id=row.store_id,
                                                terminal_id=terminal_id, created_at=now,
                                                revoked_at=None))
        self._forget_devices(row.store_id, terminal_id)
        log.info("terminal %s activated for store %s (%d older tokens revoked)",
                 terminal_id, row.store_id, revoked)
        return {"device_token": token, "store_id": row.store_id, "terminal_id": terminal_id}

    # ---------------------------------------------------------------- stores
    def store(self, store_id: str, *, fresh: bool = False) -> StoreInfo:
        hit = self._store_cache.get(store_id)
        if hit is not None and not fresh and time.monotonic() - hit[0] < 5.0:
            return hit[1]
        with self.db.read() as conn:
            row = conn.execute(select(stores).where(stores.c.store_id == store_id)).first()
            if row is None:
                raise HQError(404, "not_found", f"Unknown store {store_id!r}")
            default = None
            if row.default_customer_id:
                doc = conn.execute(select(customers.c.doc).where(
                    customers.c.customer_id == row.default_customer_id)).scalar()
                try:
                    default = strictjson.loads(doc) if doc else None
                except NotStrictJSON:
                    log.warning("store %s: damaged default customer ignored", store_id)
                    default = None
        info = StoreInfo(
            store_id=row.store_id, name=row.name, currency=row.currency,
            language=row.language, country=row.country,
            flags={name: bool(getattr(row, name)) for name in FLAG_NAMES},
            config=json.loads(row.config), default_customer=default, version=row.version)
        self._store_cache[store_id] = (time.monotonic(), info)
        return info

    def store_ids(self) -> list[str]:
        with self.db.read() as conn:
            return list(conn.execute(select(stores.c.store_id)
                                     .order_by(stores.c.store_id)).scalars())

    def admin_store(self, store_id: str, *, fresh: bool = False) -> dict[str, Any]:
        s = self.store(store_id, fresh=fresh)
        out = {"store_id": s.store_id, "name": s.name, "currency": s.currency,
               "language": s.language, "country": s.country, "version": s.version}
        out.update(s.flags)
        out.update(self._flag_groups(s))
        out["default_customer_account"] = (s.default_customer or {}).get("account_number")
        return out

    @staticmethod
    def _flag_groups(s: StoreInfo) -> dict[str, Any]:
        return {
            "functionality_profile": {"create_customer_async": s.flag("create_customer_async")},
            "channel_db_group": {"filter_shared_customer_data_tables":
                                 s.flag("filter_shared_customer_data_tables")},
            "features": {name: s.flag(name) for name in (
                "multiple_contacts_and_consent", "enhanced_async_customers",
                "async_customer_addresses")},
        }

    def store_config(self, store_id: str) -> dict[str, Any]:
        s = self.store(store_id)
        cfg = s.config
        out = {"store_id": s.store_id, "name": s.name, "currency": s.currency,
               "language": s.language, "country": s.country,
               "operating_unit_address": cfg.get("operating_unit_address")}
        out.update(self._flag_groups(s))
        out.update({
            "default_customer": s.default_customer,
            "customer_groups": cfg.get("customer_groups", []),
            "affiliations": cfg.get("affiliations", []),
            "titles": cfg.get("titles", []),
            "address_purposes": cfg.get("address_purposes", []),
            "attribute_definitions": cfg.get("attribute_definitions", []),
            "operators": cfg.get("operators", []),
            "version": s.version,
        })
        return out

    def patch_store(self, store_id: str, flags: dict[str, bool]) -> dict[str, Any]:
        self.store(store_id)
        if flags:
            with self.db.write() as conn:
                conn.execute(update(stores).where(stores.c.store_id == store_id)
                             .values(version=stores.c.version + 1, **flags))
        return self.admin_store(store_id, fresh=True)

    # ------------------------------------------------------------- customers
    def _insert_customer(self, conn: Connection, doc: dict[str, Any], *, country: str,
                         seq: int, origin: str, now) -> None:
        conn.execute(_INSERT_CUSTOMER, dict(
            customer_id=doc["customer_id"], account_number=doc["account_number"],
            store_id=doc["store_id"], version=doc["version"], feed_seq=seq, origin=origin,
            doc=dump_doc(doc), created_at=now, updated_at=now,
            **index_columns(doc, country)))

    def _existing(self, conn: Connection, customer_id: str) -> dict[str, Any] | None:
        doc = conn.execute(_SELECT_DOC, {"cid": customer_id}).scalar()
        return load_doc(doc) if doc else None

    @staticmethod
    def _staged_owner(conn: Connection, customer_id: str) -> str | None:
        return conn.execute(select(staged_customers.c.store_id).where(
            staged_customers.c.customer_id == customer_id)).scalar()

    def _replay(self, existing: dict[str, Any], data: dict[str, Any],
                store_id: str) -> dict[str, Any]:
        """The answer to a create whose customer_id already is a customer: the same
        body is a replay (the stored customer); a different body is a 409."""
        self._same_store(existing, store_id)
        if existing.get("version") == 1 and _differs(existing, data):
            raise HQError(409, "idempotency_conflict",
                          "A customer with this customer_id (Idempotency-Key) already "
                          "exists with different data; use a new customer_id for a new "
                          "customer, or edit the existing one")
        return existing

    def create_customer(self, store_id: str, body: CustomerIn) -> tuple[dict[str, Any], bool]:
        """Real-time create. Returns (customer, created)."""
        customer_id = str(body.customer_id)
        store = self.store(store_id)
        data, problems = validate_customer(body, store, async_mode=False)
        if problems:
            with self.db.read() as conn:  # a replay of an existing customer still wins
                existing = self._existing(conn, customer_id)
            if existing is not None:
                return self._replay(existing, data, store_id), False
            raise validation_failed(problems)
        try:
            # No existence check first: the primary key refuses a second customer with
            # this id, and that (rare) replay is answered from the except branch below.
            with self.db.write() as conn:
                # A customer staged by another store's terminal is not ours to create
                # (nor to convert): 409, and nothing about it is revealed.
                owner = self._staged_owner(conn, customer_id)
                if owner is not None and owner != store_id:
                    raise foreign()
                now = utcnow()
                acct = account_number(advance_counter(conn, "account"))
                seq = feed.allocate(conn)
                stamp = iso(now)
                doc = build_doc(customer_id, data, account_number=acct, store_id=store_id,
                                version=1, created_at=stamp, updated_at=stamp)
                self._insert_customer(conn, doc, country=store.country, seq=seq,
                                      origin="realtime", now=now)
                # A staged async copy of the same customer is now converted.
                conn.execute(_CONVERT_STAGED, {"cid": customer_id, "acct": acct, "now": now,
                                               "store": store_id})
                feed.run_after_allocate_hook(conn)
        except IntegrityError:
            # A replay of the Idempotency-Key, or a concurrent create of the same id (the
            # transaction, counters included, was rolled back).
            with self.db.read() as conn:
                existing = self._existing(conn, customer_id)
            if existing is None:
                raise
            return self._replay(existing, data, store_id), False
        return doc, True

    @staticmethod
    def _same_store(doc: dict[str, Any], store_id: str) -> dict[str, Any]:
        if doc.get("store_id") != store_id:
            raise foreign()
        return doc

    def _find(self, conn: Connection, key: str) -> dict[str, Any] | None:
        col = customers.c.customer_id if _uuid_or_none(key) else customers.c.account_number
        if col is customers.c.customer_id:
            key = _uuid_or_none(key)
        doc = conn.execute(select(customers.c.doc).where(col == key)).scalar()
        return load_doc(doc) if doc else None

    def get_customer(self, key: str) -> dict[str, Any]:
        with self.db.read() as conn:
            doc = self._find(conn, key)
        if doc is None:
            raise HQError(404, "not_found", "Unknown customer")
        return doc

    def _own_customer(self, store_id: str, key: str) -> dict[str, Any]:
        with self.db.read() as conn:
            doc = self._find(conn, key)
            if doc is None:
                cid = _uuid_or_none(key)
                staged = cid and conn.execute(select(staged_customers.c.state).where(
                    staged_customers.c.customer_id == cid,
                    staged_customers.c.store_id == store_id)).scalar()
        if doc is None:
            if staged:
                raise HQError(409, "pending_sync",
                              "The customer has no account number yet (pending sync)")
            raise HQError(404, "not_found", "Unknown customer")
        if doc["store_id"] != store_id:
            raise HQError(403, "forbidden", "The customer belongs to another store")
        return doc

    def patch_customer(self, store_id: str, key: str, if_match: str | None,
                       body: CustomerFields) -> dict[str, Any]:
        if if_match is None:
            raise HQError(428, "precondition_required", "If-Match: <version> is required")
        m = re.fullmatch(r'\s*(?:W/)?"?(\d{1,9})"?\s*', if_match)
        if not m:
            raise HQError(400, "bad_request", "If-Match must be the customer's version")
        expected = int(m.group(1))
        current = self._own_customer(store_id, key)
        if current["version"] != expected:
            raise HQError(412, "version_conflict",
                          f"Stale version {expected}; the customer is at version "
                          f"{current['version']}")
        merged = {name: current.get(name) for name in CustomerFields.model_fields}
        merged.update(body.model_dump(exclude_unset=True, mode="json"))
        try:
            fields = CustomerFields.model_validate(merged)
        except ValidationError as exc:
            raise validation_failed(pydantic_problems(exc)) from None
        store = self.store(store_id)
        data, problems = validate_customer(fields, store, async_mode=False)
        if problems:
            raise validation_failed(problems)
        now = utcnow()
        doc = build_doc(current["customer_id"], data,
                        account_number=current["account_number"], store_id=store_id,
                        version=expected + 1, created_at=current["created_at"],
                        updated_at=iso(now), loyalty_cards=current.get("loyalty_cards"))
        with self.db.write() as conn:
            seq = feed.allocate(conn)
            done = conn.execute(update(customers).where(
                customers.c.customer_id == doc["customer_id"],
                customers.c.version == expected).values(
                version=expected + 1, feed_seq=seq, updated_at=now,
                doc=dump_doc(doc),
                **index_columns(doc, store.country))).rowcount
            if done != 1:
                raise HQError(412, "version_conflict",
                              "The customer was changed meanwhile; reload and retry")
            feed.run_after_allocate_hook(conn)
        return doc

    def search(self, q: str, limit: int) -> list[dict[str, Any]]:
        q = q.strip()
        if len(q) < 4:
            raise HQError(422, "validation_error", "q: at least 4 characters are required",
                          [{"field": "q", "message": "at least 4 characters are required"}])
        tokens = fold(q).split()
        conds = [customers.c.search_text.contains(t, autoescape=True) for t in tokens]
        where = and_(*conds)
        digits = re.sub(r"\D", "", q)
        if len(digits) >= 4 and len(digits) >= len(q.replace(" ", "")) - 2:
            where = or_(where, customers.c.phone_digits.contains(digits, autoescape=True))
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

    def issue_loyalty_card(self, store_id: str, key: str) -> dict[str, Any]:
        current = self._own_customer(store_id, key)
        store = self.store(store_id)
        while True:
            now = utcnow()
            with self.db.write() as conn:
                card = card_number(advance_counter(conn, "loyalty"))
                seq = feed.allocate(conn)
                row = conn.execute(select(customers.c.doc, customers.c.version).where(
                    customers.c.customer_id == current["customer_id"])).one()
                doc = load_doc(row.doc)
                doc["loyalty_cards"] = [*doc.get("loyalty_cards", []), card]
                doc["version"] = row.version + 1
                doc["updated_at"] = iso(now)
                done = conn.execute(update(customers).where(
                    customers.c.customer_id == doc["customer_id"],
                    customers.c.version == row.version).values(
                    version=doc["version"], feed_seq=seq, updated_at=now,
                    doc=dump_doc(doc),
                    **index_columns(doc, store.country))).rowcount
                if done == 1:
                    conn.execute(insert(loyalty_cards).values(
                        card_number=card, customer_id=doc["customer_id"],
                        store_id=store_id, issued_at=now))
                    break
            # Lost a race with an edit (PostgreSQL); the transaction committed nothing
            # useful but the counters, so simply retry.
        return {"card_number": card, "customer_id": doc["customer_id"],
                "account_number": doc["account_number"], "issued_at": iso(now),
                "customer_version": doc["version"]}

    def changes(self, store_id: str, after: str | None, limit: int) -> dict[str, Any]:
        cursor = self._cursor(after)
        with self.db.read() as conn:
            return feed.read_changes(conn, store_id, cursor, limit)

    def changes_json(self, store_id: str, after: str | None, limit: int) -> bytes:
        """:meth:`changes` as the ready JSON body (what the HTTP endpoint serves)."""
        cursor = self._cursor(after)
        with self.db.read() as conn:
            return feed.read_changes_json(conn, store_id, cursor, limit)

    @staticmethod
    def _cursor(after: str | None) -> int:
        try:
            return feed.parse_cursor(after)
        except ValueError as exc:
            raise HQError(400, "bad_cursor", str(exc)) from None

    # --------------------------------------------------------- async upload
    def upload_customers(self, store_id: str,
                         items: list[dict[str, Any]]) -> dict[str, Any]:
        accepted: list[str] = []
        rejected: list[dict[str, Any]] = []
        parsed: dict[str, tuple[str, str | None]] = {}  # id -> (json data, upload error)
        order: list[str] = []
        for item in items:
            cid = _uuid_or_none(item.get("customer_id")) if isinstance(item, dict) else None
            if cid is None:
                raw = item.get("customer_id") if isinstance(item, dict) else None
                rejected.append({"customer_id": safe_echo(raw),
                                 "error": "customer_id: a UUID is required"})
                continue
            if cid in parsed:
                continue  # the same customer twice in one batch: the first one counts
            # The same structural check as the job's (parse_customer), on the same kind
            # of input: what is accepted here is never refused there for its structure.
            model, problems = parse_customer(item)
            if model is not None:
                record = staged_record(model, store_id)
                error = None
            else:
                # Kept for the administrator to see and correct: a safe, bounded copy.
                record = {**strictjson.sanitize(item), "customer_id": cid,
                          "store_id": store_id}
                error = problems.text()
            try:
                data = strictjson.dumps(record)
            except NotStrictJSON:  # pragma: no cover - sanitize/validation make it strict
                data, error = strictjson.dumps({"customer_id": cid, "store_id": store_id}), \
                    "body: not storable as strict JSON"
            parsed[cid] = (data, error)
            order.append(cid)
        if not order:
            return {"accepted": accepted, "rejected": rejected}
        now = utcnow()
        with self.db.write() as conn:
            real = {r.customer_id: r for r in conn.execute(
                select(customers.c.customer_id, customers.c.store_id,
                       customers.c.account_number)
                .where(customers.c.customer_id.in_(order)))}
            staged = {r.customer_id: r for r in conn.execute(
                select(staged_customers.c.customer_id, staged_customers.c.store_id,
                       staged_customers.c.state)
                .where(staged_customers.c.customer_id.in_(order)))}
            inserts, restage, mark_converted = [], [], []
            for cid in order:
                data, error = parsed[cid]
                r, s = real.get(cid), staged.get(cid)
                owner = (r.store_id if r is not None else s.store_id if s is not None
                         else store_id)
                if owner != store_id:
                    rejected.append({"customer_id": cid,
                                     "error": "customer_id belongs to another store"})
                    continue
                if r is not None:  # already a real customer (real-time create)
                    accepted.append(cid)
                    if s is None:
                        inserts.append(dict(customer_id=cid, store_id=store_id,
                                            state="converted", account_number=r.account_number,
                                            error=None, data=data, attempts=0,
                                            received_at=now, updated_at=now))
                    elif s.state != "converted":
                        mark_converted.append({"cid": cid, "acct": r.account_number})
                    continue
                if s is not None and s.state in ("staged", "converted"):
                    accepted.append(cid)  # idempotent: nothing changes
                    continue
                state = "rejected" if error else "staged"
                if error:
                    rejected.append({"customer_id": cid, "error": error})
                else:
                    accepted.append(cid)
                if s is None:
                    inserts.append(dict(customer_id=cid, store_id=store_id, state=state,
                                        account_number=None, error=error, data=data,
                                        attempts=0, received_at=now, updated_at=now))
                else:  # re-upload of a rejected record: re-stage with the new data
                    restage.append({"cid": cid, "p_state": state, "p_error": error,
                                    "p_data": data})
            if inserts:
                conn.execute(insert(staged_customers), inserts)
            if restage:
                conn.execute(update(staged_customers).where(
                    staged_customers.c.customer_id == _b("cid")).values(
                    state=_b("p_state"), error=_b("p_error"), data=_b("p_data"),
                    attempts=staged_customers.c.attempts + 1, updated_at=now), restage)
            if mark_converted:
                conn.execute(update(staged_customers).where(
                    staged_customers.c.customer_id == _b("cid")).values(
                    state="converted", account_number=_b("acct"), error=None,
                    updated_at=now), mark_converted)
        return {"accepted": accepted, "rejected": rejected}

    def upload_addresses(self, store_id: str, items: list[dict[str, Any]]) -> dict[str, Any]:
        accepted: list[str] = []
        rejected: list[dict[str, Any]] = []
        store = self.store(store_id)
        good: dict[str, tuple[str, str]] = {}
        for item in items:
            aid = _uuid_or_none(item.get("address_id")) if isinstance(item, dict) else None
            if aid is None:
                raw = item.get("address_id") if isinstance(item, dict) else None
                owner = item.get("customer_id") if isinstance(item, dict) else None
                rejected.append({"address_id": safe_echo(raw),
                                 "customer_id": safe_echo(owner),
                                 "error": "address_id: a UUID is required"})
                continue
            if aid in good:
                continue
            try:
                addr = AsyncAddressIn.model_validate(item)
            except (ValidationError, RecursionError) as exc:
                owner = item.get("customer_id")
                error = (pydantic_problems(exc).text() if isinstance(exc, ValidationError)
                         else "body: nested too deeply")
                rejected.append({"address_id": aid, "customer_id": safe_echo(owner),
                                 "error": error})
                continue
            if not store.flag("async_customer_addresses"):
                rejected.append({"address_id": aid, "customer_id": str(addr.customer_id),
                                 "error": "the async customer addresses feature is off"})
                continue
            good[aid] = (str(addr.customer_id),
                         strictjson.dumps(addr.model_dump(mode="json")))
        if not good:
            return {"accepted": accepted, "rejected": rejected}
        now = utcnow()
        cids = sorted({c for c, _ in good.values()})
        with self.db.write() as conn:
            known = set(conn.execute(select(customers.c.customer_id).where(
                customers.c.customer_id.in_(cids), customers.c.store_id == store_id))
                .scalars())
            known |= set(conn.execute(select(staged_customers.c.customer_id).where(
                staged_customers.c.customer_id.in_(cids),
                staged_customers.c.store_id == store_id)).scalars())
            existing = {r.address_id: r for r in conn.execute(
                select(staged_addresses.c.address_id, staged_addresses.c.state,
                       staged_addresses.c.store_id)
                .where(staged_addresses.c.address_id.in_(list(good))))}
            inserts, restage = [], []
            for aid, (cid, data) in good.items():
                e = existing.get(aid)
                if cid not in known or (e is not None and e.store_id != store_id):
                    rejected.append({"address_id": aid, "customer_id": cid,
                                     "error": "unknown customer"})
                    continue
                accepted.append(aid)
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
                    staged_addresses.c.address_id == _b("aid")).values(
                    state="staged", error=None, data=_b("p_data"), updated_at=now), restage)
        return {"accepted": accepted, "rejected": rejected}

    def async_status(self, store_id: str, customer_id: str) -> dict[str, Any]:
        cid = _uuid_or_none(customer_id)
        if cid is None:
            raise HQError(404, "not_found", "Unknown async customer")
        with self.db.read() as conn:
            row = conn.execute(select(staged_customers).where(
                staged_customers.c.customer_id == cid)).first()
            if row is None:
                real = conn.execute(select(customers.c.store_id, customers.c.account_number)
                                    .where(customers.c.customer_id == cid)).first()
                if real is None or real.store_id != store_id:
                    raise HQError(404, "not_found", "Unknown async customer")
                return {"customer_id": cid, "state": "converted",
                        "account_number": real.account_number}
        if row.store_id != store_id:
            raise HQError(404, "not_found", "Unknown async customer")
        return self._status(row)

    @staticmethod
    def _status(row, *, with_data: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"customer_id": row.customer_id, "state": row.state,
                               "store_id": row.store_id,
                               "received_at": iso(row.received_at),
                               "updated_at": iso(row.updated_at)}
        if row.account_number:
            out["account_number"] = row.account_number
        if row.error:
            out["error"] = row.error
        if with_data:
            try:
                out["customer"] = strictjson.loads(row.data)
            except NotStrictJSON:
                # Stored by an older HQ: shown repaired (never a 500), and flagged.
                out["customer"] = strictjson.lenient_loads(row.data)
                out["damaged"] = True
        return out

    def list_async(self, store_id: str | None, state: str | None, limit: int,
                   *, with_data: bool = False) -> list[dict[str, Any]]:
        stmt = select(staged_customers)
        if store_id:
            stmt = stmt.where(staged_customers.c.store_id == store_id)
        if state:
            stmt = stmt.where(staged_customers.c.state == state)
        stmt = stmt.order_by(staged_customers.c.received_at,
                             staged_customers.c.customer_id).limit(limit)
        with self.db.read() as conn:
            return [self._status(r, with_data=with_data) for r in conn.execute(stmt)]

    def admin_async(self, customer_id: str) -> dict[str, Any]:
        cid = _uuid_or_none(customer_id)
        with self.db.read() as conn:
            row = cid and conn.execute(select(staged_customers).where(
                staged_customers.c.customer_id == cid)).first()
        if not row:
            raise HQError(404, "not_found", "Unknown async customer")
        return self._status(row, with_data=True)

    def resubmit(self, customer_id: str, customer: dict[str, Any] | None,
                 changes: dict[str, Any] | None) -> dict[str, Any]:
        """Admin correction of a rejected async customer: re-staged for the next job."""
        current = self.admin_async(customer_id)
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
                state="staged", error=None, data=text,
                attempts=staged_customers.c.attempts + 1, updated_at=utcnow()))
        return self.admin_async(customer_id)

    # ------------------------------------------------------ async-to-sync job
    def run_job(self) -> dict[str, int]:
        """Convert staged customers (and apply staged addresses). Safe to call from
        several threads or processes: one run at a time per process, and rows are
        re-checked (and locked with SKIP LOCKED on PostgreSQL) when written."""
        started = time.monotonic()
        totals = {"converted": 0, "rejected": 0, "addresses_applied": 0,
                  "addresses_rejected": 0}
        with self._job_lock:
            for _ in range(10_000):
                c, r, n = self._job_customers_batch()
                totals["converted"] += c
                totals["rejected"] += r
                if n < JOB_BATCH or c + r == 0:
                    break
            for _ in range(1_000):
                a, r, n = self._job_addresses_batch()
                totals["addresses_applied"] += a
                totals["addresses_rejected"] += r
                if n < JOB_BATCH or a + r == 0:
                    break
        if any(totals.values()):
            log.info("async-to-sync job: %s in %.0f ms", totals,
                     (time.monotonic() - started) * 1000)
        self.last_job = {**totals, "finished_at": iso(utcnow())}
        return totals

    def _job_customers_batch(self) -> tuple[int, int, int]:
        with self.db.read() as conn:
            rows = conn.execute(
                select(staged_customers.c.customer_id, staged_customers.c.store_id,
                       staged_customers.c.data, staged_customers.c.attempts)
                .where(staged_customers.c.state == "staged")
                .order_by(staged_customers.c.received_at, staged_customers.c.customer_id)
                .limit(JOB_BATCH)).all()
        if not rows:
            return 0, 0, 0
        # Validate outside the write transaction (pure Python, the slow part).
        results: dict[str, tuple[int, dict[str, Any] | None, str | None, StoreInfo]] = {}
        for row in rows:
            try:
                store = self.store(row.store_id)
            except HQError:
                continue
            try:
                item = strictjson.loads(row.data)
            except NotStrictJSON:  # staged by an older HQ
                results[row.customer_id] = (row.attempts, None,
                                            "body: the stored record is not valid JSON", store)
                continue
            # The upload's own structural check (Python mode on the decoded object).
            fields, problems = parse_customer(item)
            if fields is None:
                results[row.customer_id] = (row.attempts, None, problems.text(), store)
                continue
            try:
                data, problems = validate_customer(fields, store, async_mode=True)
            except Exception:  # one odd record never stops the job: it is refused alone
                log.exception("async-to-sync job: staged customer %s could not be "
                              "validated", row.customer_id)
                results[row.customer_id] = (row.attempts, None,
                                            "body: could not be validated", store)
                continue
            results[row.customer_id] = (row.attempts, None if problems else data,
                                        problems.text() or None, store)
        for _ in range(3):
            try:
                return self._job_write(results) + (len(rows),)
            except IntegrityError:  # a concurrent real-time create won a race; redo
                continue
        return 0, 0, len(rows)

    def _job_write(self, results) -> tuple[int, int]:
        ids = list(results)
        now = utcnow()
        stamp = iso(now)
        with self.db.write() as conn:
            lock = (select(staged_customers.c.customer_id, staged_customers.c.attempts)
                    .where(staged_customers.c.customer_id.in_(ids),
                           staged_customers.c.state == "staged")
                    .with_for_update(skip_locked=True))
            current = {r.customer_id: r.attempts for r in conn.execute(lock)}
            real = {r.customer_id: r for r in conn.execute(
                select(customers.c.customer_id, customers.c.account_number,
                       customers.c.store_id)
                .where(customers.c.customer_id.in_(ids)))}
            creates, converted, rejected = [], [], []
            for cid, (attempts, data, error, store) in results.items():
                if current.get(cid) != attempts:
                    continue  # changed (re-uploaded / resubmitted / done) meanwhile
                if cid in real and real[cid].store_id != store.store_id:
                    # Never hand another store's customer (or its number) to this one.
                    rejected.append({"cid": cid, "p_error":
                                     "customer_id: belongs to another store"})
                elif cid in real:
                    converted.append({"cid": cid, "acct": real[cid].account_number})
                elif data is None:
                    rejected.append({"cid": cid, "p_error": error})
                else:
                    creates.append((cid, data, store))
            if creates:
                first_acct = advance_counter(conn, "account", len(creates))
                first_seq = feed.allocate(conn, len(creates))
                rows = []
                for i, (cid, data, store) in enumerate(creates):
                    acct = account_number(first_acct + i)
                    doc = build_doc(cid, data, account_number=acct, store_id=store.store_id,
                                    version=1, created_at=stamp, updated_at=stamp)
                    try:
                        text = dump_doc(doc)
                    except HQError as exc:  # this record alone (a gap in the numbers)
                        rejected.append({"cid": cid, "p_error": exc.message})
                        continue
                    rows.append(dict(
                        customer_id=cid, account_number=acct, store_id=store.store_id,
                        version=1, feed_seq=first_seq + i, origin="async",
                        doc=text, created_at=now,
                        updated_at=now, **index_columns(doc, store.country)))
                    converted.append({"cid": cid, "acct": acct})
                if rows:
                    conn.execute(insert(customers), rows)
            if converted:
                conn.execute(update(staged_customers).where(
                    staged_customers.c.customer_id == _b("cid")).values(
                    state="converted", account_number=_b("acct"), error=None,
                    updated_at=now), converted)
            if rejected:
                conn.execute(update(staged_customers).where(
                    staged_customers.c.customer_id == _b("cid")).values(
                    state="rejected", error=_b("p_error"), updated_at=now), rejected)
            if creates:
                feed.run_after_allocate_hook(conn)
        return len(converted), len(rejected)

    def _job_addresses_batch(self) -> tuple[int, int, int]:
        now = utcnow()
        applied = rejected = 0
        with self.db.write() as conn:
            rows = conn.execute(
                select(staged_addresses).where(staged_addresses.c.state == "staged")
                .order_by(staged_addresses.c.received_at, staged_addresses.c.address_id)
                .limit(JOB_BATCH).with_for_update(skip_locked=True)).all()
            if not rows:
                return 0, 0, 0
            by_customer: dict[str, list] = {}
            for row in rows:
                by_customer.setdefault(row.customer_id, []).append(row)
            docs = {r.customer_id: r for r in conn.execute(
                select(customers.c.customer_id, customers.c.doc, customers.c.version,
                       customers.c.store_id)
                .where(customers.c.customer_id.in_(list(by_customer))))}
            changed = []
            results = []
            for cid, addr_rows in by_customer.items():
                cust = docs.get(cid)
                if cust is None:
                    continue  # customer still staged (or rejected): wait for it
                reason = None
                try:
                    doc = load_doc(cust.doc)
                except HQError as exc:
                    reason = f"customer: {exc.message}"
                else:
                    if not isinstance(doc.get("addresses"), list):
                        reason = "customer: " + damaged().message
                if cust.store_id != addr_rows[0].store_id or any(
                        r.store_id != cust.store_id for r in addr_rows):
                    reason = "customer_id: belongs to another store"
                if reason is not None:
                    rejected += len(addr_rows)
                    results.extend({"aid": r.address_id, "p_state": "rejected",
                                    "p_error": reason} for r in addr_rows)
                    continue
                store = self.store(cust.store_id)
                unit_country = (store.config.get("operating_unit_address") or {}).get(
                    "country", store.country)
                default_purpose = ("business" if doc.get("customer_type") == "organization"
                                   else "home")
                have = {a.get("address_id") for a in doc["addresses"] if isinstance(a, dict)}
                touched = False
                fresh: list[dict[str, Any]] = []  # addresses this run adds to the doc
                for row in addr_rows:
                    try:
                        addr = AddressIn.model_validate(strictjson.loads(row.data)).model_dump(
                            mode="json")
                    except (NotStrictJSON, ValidationError) as exc:  # staged by an older HQ
                        rejected += 1
                        results.append({"aid": row.address_id, "p_state": "rejected",
                                        "p_error": "address: " + (
                                            pydantic_problems(exc).text()
                                            if isinstance(exc, ValidationError)
                                            else "the stored record is not valid JSON")})
                        continue
                    if addr["address_id"] in have:
                        results.append({"aid": row.address_id, "p_state": "applied",
                                        "p_error": None})
                        continue
                    normalize_address(addr, doc, default_purpose, unit_country)
                    problems = Problems()
                    check_address(addr, store, problems, "address")
                    if problems:
                        rejected += 1
                        results.append({"aid": row.address_id, "p_state": "rejected",
                                        "p_error": problems.text()})
                        continue
                    if addr["is_primary"]:
                        for other in doc["addresses"]:
                            other["is_primary"] = False
                    elif not doc["addresses"]:
                        addr["is_primary"] = True
                    doc["addresses"].append(addr)
                    have.add(addr["address_id"])
                    touched = True
                    applied += 1
                    fresh.append({"aid": row.address_id, "p_state": "applied", "p_error": None})
                    results.append(fresh[-1])
                if touched:
                    doc["version"] = cust.version + 1
                    doc["updated_at"] = iso(now)
                    try:
                        changed.append((doc, cust.version, store, dump_doc(doc)))
                    except HQError as exc:  # this customer's addresses alone are refused
                        for entry in fresh:
                            entry.update(p_state="rejected", p_error=exc.message)
                        applied -= len(fresh)
                        rejected += len(fresh)
            if changed:
                first_seq = feed.allocate(conn, len(changed))
                for i, (doc, old_version, store, text) in enumerate(changed):
                    conn.execute(update(customers).where(
                        customers.c.customer_id == doc["customer_id"],
                        customers.c.version == old_version).values(
                        version=doc["version"], feed_seq=first_seq + i, updated_at=now,
                        doc=text, **index_columns(doc, store.country)))
            if results:
                conn.execute(update(staged_addresses).where(
                    staged_addresses.c.address_id == _b("aid")).values(
                    state=_b("p_state"), error=_b("p_error"), updated_at=now), results)
        return applied, rejected, len(rows)


def foreign() -> HQError:
    """A customer_id that belongs to another store: the same answer whatever that store
    holds under it (nothing about its data is revealed)."""
    return HQError(409, "conflict", "This customer_id belongs to another store")


# Fields of a stored customer that come from the create request (the rest is HQ's).
_BODY_FIELDS = tuple(f for f in DOC_FIELDS if f not in (
    "customer_id", "account_number", "state", "name", "store_id", "version", "created_at",
    "updated_at", "loyalty_cards"))


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


_SELECT_DOC = select(customers.c.doc).where(customers.c.customer_id == bindparam("cid"))
_INSERT_CUSTOMER = insert(customers)
_CONVERT_STAGED = update(staged_customers).where(
    staged_customers.c.customer_id == bindparam("cid"),
    staged_customers.c.store_id == bindparam("store"),
    staged_customers.c.state != "converted").values(
    state="converted", account_number=bindparam("acct"), error=None,
    updated_at=bindparam("now"))


def _b(name: str):
    from sqlalchemy import bindparam

    return bindparam(name)
