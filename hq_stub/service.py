"""HQ's use cases, one module per concern, composed here for the API and the server:

=================  =====================================================================
``devices``        activation codes, device tokens, revocation  (:mod:`hq_stub.devices`)
``stores``         store configuration                          (:mod:`hq_stub.stores`)
``customers``      real-time create, get, patch, search, loyalty (:mod:`hq_stub.customers`)
``edits``          field-level edits merged per field          (:mod:`hq_stub.edits`)
``staging``        async uploads of customers and addresses     (:mod:`hq_stub.staging`)
``job``            the async-to-sync job                        (:mod:`hq_stub.job`)
``feed``           the change feed                              (:mod:`hq_stub.feed`)
``admin``          admin token, store flags, async corrections  (:mod:`hq_stub.admin`)
``privacy``        erasure, access-request export, history      (:mod:`hq_stub.privacy`)
=================  =====================================================================

``customer_id`` (a client-generated UUID) is THE identity of a customer on every path:
a real-time create, async uploads and the job never make two customers for one id
(:mod:`hq_stub.customers`, :mod:`hq_stub.staging`, :mod:`hq_stub.job`).
"""

from __future__ import annotations

from hq_stub.admin import Admin
from hq_stub.customers import Customers
from hq_stub.db import Database
from hq_stub.devices import Devices
from hq_stub.edits import Edits
from hq_stub.feed import ChangeFeed
from hq_stub.job import AsyncJob
from hq_stub.privacy import Privacy
from hq_stub.staging import Staging
from hq_stub.stores import Stores


class HQService:
    """The composition root of HQ's use cases (one per process, shared by all requests
    and the job scheduler)."""

    def __init__(self, db: Database, *, admin_token: str | None = None) -> None:
        self.db = db
        self.stores = Stores(db)
        self.devices = Devices(db, self.stores)
        self.customers = Customers(db, self.stores)
        self.staging = Staging(db, self.stores)
        self.edits = Edits(db, self.stores, self.customers)
        self.job = AsyncJob(db, self.stores)
        self.feed = ChangeFeed(db)
        self.admin = Admin(db, self.stores, self.staging, admin_token)
        self.privacy = Privacy(db)
