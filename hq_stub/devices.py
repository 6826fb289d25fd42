"""Activation and devices: one-time activation codes, device tokens (random, stored
hashed, cached per process for a few seconds), revocation, and the brute-force limit on
failed activations."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import secrets
import threading
import time
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from hq_stub.db import Database, activation_codes, as_utc, devices, iso, utcnow
from hq_stub.errors import HQError, not_found
from hq_stub.stores import Stores

log = logging.getLogger("hq_stub")

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
DEFAULT_CODE_TTL = float(os.environ.get("HQ_ACTIVATION_TTL", 24 * 3600))
# How long a process trusts its cache of device tokens. Revocation through this process
# clears the cache at once; another HQ process on the same database notices within this.
DEVICE_CACHE_TTL = float(os.environ.get("HQ_DEVICE_CACHE_TTL", 5.0))
REVOKED_MESSAGE = "this terminal was deactivated: activate it again"
# Failed activations allowed per client address per minute before 429 (brute force).
MAX_ACTIVATION_FAILURES = int(os.environ.get("HQ_ACTIVATION_MAX_FAILURES", 30))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def invalid_code() -> HQError:
    return HQError(401, "invalid_activation_code",
                   "The activation code is wrong, used or expired")


def _revoke(conn: Connection, store_id: str, terminal_id: str, now: datetime) -> int:
    return conn.execute(update(devices).where(
        devices.c.store_id == store_id, devices.c.terminal_id == terminal_id,
        devices.c.revoked_at.is_(None)).values(revoked_at=now)).rowcount


class Devices:
    def __init__(self, db: Database, stores: Stores) -> None:
        self.db = db
        self.stores = stores
        # token hash -> (store_id, terminal_id, monotonic expiry)
        self._cache: dict[str, tuple[str, str, float]] = {}
        self._cache_lock = threading.Lock()
        self._failures: dict[str, list[float]] = {}
        self._failures_lock = threading.Lock()

    # ----------------------------------------------------------------- tokens
    def cached(self, token: str) -> tuple[str, str] | None:
        """(store_id, terminal_id) of a token this process checked recently, else None."""
        hit = self._cache.get(sha256(token))
        if hit is None or hit[2] < time.monotonic():
            return None
        return hit[0], hit[1]

    def for_token(self, token: str) -> tuple[str, str] | None:
        """(store_id, terminal_id) of an active token; None if unknown. A revoked token
        is a 401 ``device_revoked`` so the terminal can tell the user what to do."""
        found = self.cached(token)
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
        with self._cache_lock:
            self._cache[digest] = (row.store_id, row.terminal_id,
                                   time.monotonic() + DEVICE_CACHE_TTL)
        return row.store_id, row.terminal_id

    def _forget(self, store_id: str, terminal_id: str) -> None:
        with self._cache_lock:
            for digest, hit in list(self._cache.items()):
                if hit[0] == store_id and hit[1] == terminal_id:
                    del self._cache[digest]

    def revoke(self, store_id: str, terminal_id: str) -> dict[str, Any]:
        """Revoke every token of one terminal (``hq-stub admin revoke-device``)."""
        self.stores.get(store_id)  # 404 if unknown
        now = utcnow()
        with self.db.write() as conn:
            known = conn.execute(select(devices.c.token_hash).where(
                devices.c.store_id == store_id,
                devices.c.terminal_id == terminal_id).limit(1)).first()
            if known is None:
                raise not_found("This terminal was never activated for this store")
            n = _revoke(conn, store_id, terminal_id, now)
        self._forget(store_id, terminal_id)
        log.info("terminal %s of store %s revoked (%d tokens)", terminal_id, store_id, n)
        return {"store_id": store_id, "terminal_id": terminal_id, "revoked": n,
                "revoked_at": iso(now)}

    # ------------------------------------------------------------- activation
    def create_activation_code(self, store_id: str, terminal_id: str,
                               ttl_seconds: float | None = None) -> dict[str, Any]:
        self.stores.get(store_id)  # 404 if unknown
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
        """Trade a one-time code for a device token; 429 after too many failures from
        one client address within a minute."""
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
                raise invalid_code()
            # Single use even under concurrent activations: only one UPDATE matches.
            claimed = conn.execute(update(activation_codes).where(
                activation_codes.c.code_hash == digest,
                activation_codes.c.used_at.is_(None)).values(used_at=now)).rowcount
            if claimed != 1:
                raise invalid_code()
            # Activating a terminal again revokes its older tokens (a stolen or copied
            # token of the old installation stops working).
            revoked = _revoke(conn, row.store_id, terminal_id, now)
            conn.execute(insert(devices).values(token_hash=sha256(token),
                                                store_id=row.store_id,
                                                terminal_id=terminal_id, created_at=now,
                                                revoked_at=None))
        self._forget(row.store_id, terminal_id)
        log.info("terminal %s activated for store %s (%d older tokens revoked)",
                 terminal_id, row.store_id, revoked)
        return {"device_token": token, "store_id": row.store_id, "terminal_id": terminal_id}
