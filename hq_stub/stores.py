"""Store configuration: the stores of the chain, their flags and the rules customers are
validated against (``GET /api/v1/store``), cached per process for a few seconds."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from sqlalchemy import select, update

from hq_stub import permissions, strictjson
from hq_stub.db import Database, customers, stores
from hq_stub.errors import not_found
from hq_stub.schemas import FLAG_NAMES
from hq_stub.strictjson import NotStrictJSON
from hq_stub.validation import StoreInfo

log = logging.getLogger("hq_stub")

# How long a process trusts its cached store configuration; a flag changed through
# another HQ process on the same database takes up to this long to show.
STORE_CACHE_TTL = 5.0


def flag_groups(s: StoreInfo) -> dict[str, Any]:
    """The store's flags grouped as HQ_API.md shows them."""
    return {
        "functionality_profile": {"create_customer_async": s.flag("create_customer_async")},
        "channel_db_group": {"filter_shared_customer_data_tables":
                             s.flag("filter_shared_customer_data_tables")},
        "features": {name: s.flag(name) for name in (
            "multiple_contacts_and_consent", "enhanced_async_customers",
            "async_customer_addresses", "async_customer_edits")},
    }


class Stores:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._cache: dict[str, tuple[float, StoreInfo]] = {}

    def get(self, store_id: str, *, fresh: bool = False) -> StoreInfo:
        """The store's configuration; 404 if unknown."""
        hit = self._cache.get(store_id)
        if hit is not None and not fresh and time.monotonic() - hit[0] < STORE_CACHE_TTL:
            return hit[1]
        with self.db.read() as conn:
            row = conn.execute(select(stores).where(stores.c.store_id == store_id)).first()
            if row is None:
                raise not_found(f"Unknown store {store_id!r}")
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
        self._cache[store_id] = (time.monotonic(), info)
        return info

    def ids(self) -> list[str]:
        with self.db.read() as conn:
            return list(conn.execute(select(stores.c.store_id)
                                     .order_by(stores.c.store_id)).scalars())

    def config(self, store_id: str) -> dict[str, Any]:
        """What a device of the store gets from ``GET /api/v1/store``."""
        s = self.get(store_id)
        cfg = s.config
        out = {"store_id": s.store_id, "name": s.name, "currency": s.currency,
               "language": s.language, "country": s.country,
               "operating_unit_address": cfg.get("operating_unit_address")}
        out.update(flag_groups(s))
        out.update({
            "default_customer": s.default_customer,
            "customer_groups": cfg.get("customer_groups", []),
            "affiliations": cfg.get("affiliations", []),
            "titles": cfg.get("titles", []),
            "address_purposes": cfg.get("address_purposes", []),
            "attribute_definitions": cfg.get("attribute_definitions", []),
            "operators": cfg.get("operators", []),
            "permissions": permissions.table(cfg),
            "version": s.version,
        })
        return out

    def set_flags(self, store_id: str, flags: dict[str, bool],
                  changes: dict[str, dict[str, bool]] | None = None) -> None:
        """Switch store flags and role permissions (a new configuration version, so a
        new ETag); 404 if unknown."""
        self.get(store_id)
        if not flags and not changes:
            return
        with self.db.write() as conn:
            values: dict[str, Any] = dict(flags)
            if changes:
                text = conn.execute(select(stores.c.config).where(
                    stores.c.store_id == store_id)).scalar_one()
                config = json.loads(text)
                config["permissions"] = permissions.merged(config, changes)
                values["config"] = json.dumps(config)
            conn.execute(update(stores).where(stores.c.store_id == store_id)
                         .values(version=stores.c.version + 1, **values))
        self._cache.pop(store_id, None)
