"""The HQ HTTP API (FastAPI). See ../shared/HQ_API.md for the contract.

:func:`create_app` puts together one router per concern (``hq_stub/api/``), the error
handlers (every error is ``{"error": {"code", "message"}}``, validation errors add
``fields``; :mod:`hq_stub.api.errors`) and, outermost, the :class:`~hq_stub.api.guard.Guard`
middleware (1 MiB body limit, JSON 500 without a stack trace, one log line per request).

The OpenAPI document (``/openapi.json``) is part of the contract: every route lists the
statuses it answers with (:mod:`hq_stub.contract`), the bearer schemes, and the rules a
JSON Schema can carry (:mod:`hq_stub.api.openapi`); ``tests/hq/test_openapi_fuzz.py``
holds HQ to it with Schemathesis.
"""

from __future__ import annotations

from fastapi import FastAPI

from hq_stub import __version__
from hq_stub.api import admin, customers, devices, errors, feed, staging, store
from hq_stub.api.guard import Guard
from hq_stub.api.openapi import DESCRIPTION, document
from hq_stub.service import HQService


def create_app(service: HQService) -> Guard:
    app = FastAPI(title="POS Desktop HQ", version=__version__, description=DESCRIPTION,
                  strict_content_type=False)
    app.state.service = service
    app.openapi = lambda: document(app)  # type: ignore[method-assign]  # FastAPI's documented hook
    errors.install(app)
    # Order matters: /customers/changes before /customers/{key}.
    routers = (devices.router(service), store.router(service), customers.router(service),
               feed.router(service), customers.key_router(service),
               staging.router(service), admin.router(service))
    for router in routers:
        app.include_router(router)
    app.state.api_routes = [route for router in routers for route in router.routes]
    return Guard(app)
