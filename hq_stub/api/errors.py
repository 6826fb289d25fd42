"""Every error is ``{"error": {"code", "message"}}`` (validation errors add ``fields``),
whatever raised it: a use case (:class:`~hq_stub.errors.HQError`), request validation,
routing (404/405 with an ``Allow`` header), the database being busy (503), or a bug
(500, never a stack trace)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from hq_stub.api.guard import error_body
from hq_stub.errors import HQError

log = logging.getLogger("hq_stub")

STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                405: "method_not_allowed", 409: "conflict", 412: "version_conflict",
                413: "payload_too_large", 415: "unsupported_media_type",
                422: "validation_error", 428: "precondition_required",
                429: "too_many_requests", 500: "internal_error", 503: "unavailable"}
NOT_ALLOWED = "method_not_allowed"  # name of the routes that only answer 405


def allowed_methods(app: FastAPI, scope: Mapping[str, Any]) -> list[str]:
    """The methods of the resource at ``scope``'s path, for the ``Allow`` header of a
    405: those of the most specific path template that matches (``/customers/changes``
    is its own resource, not a ``/customers/{key}``). The routes of included routers
    are listed in ``app.state.api_routes`` (FastAPI may not flatten them into
    ``app.router.routes``)."""
    by_template: dict[str, set[str]] = {}
    probe = {**scope, "method": "\x00"}  # matches no method: path matches are PARTIAL
    for route in [*app.router.routes, *getattr(app.state, "api_routes", ())]:
        path = getattr(route, "path", None)
        if path is None or route.matches(probe)[0] is Match.NONE:
            continue
        methods = by_template.setdefault(path, set())
        if getattr(route, "name", None) != NOT_ALLOWED:
            methods.update(getattr(route, "methods", None) or ())
    if not by_template:
        return []
    best = min(by_template, key=lambda p: (p.count("{"), -len(p)))
    return sorted(by_template[best])


async def _hq_error(_request: Request, exc: HQError) -> JSONResponse:
    extra: dict[str, Any] = {"fields": exc.fields} if exc.fields else {}
    if exc.permission:
        extra["permission"] = exc.permission
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return JSONResponse(error_body(exc.code, exc.message, **extra), exc.status,
                        headers=headers)


async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return JSONResponse(error_body("malformed_json", "The body is not valid JSON"), 400)
    fields = []
    for e in errors:
        loc = [str(p) for p in e.get("loc", ())]
        if loc and loc[0] in ("body", "query", "header", "path"):
            loc = loc[1:] or loc
        fields.append({"field": ".".join(loc) or "body", "message": e.get("msg", "")})
    message = "Invalid request: " + "; ".join(f"{f['field']}: {f['message']}"
                                             for f in fields)
    return JSONResponse(error_body("validation_error", message[:2000], fields=fields[:50]),
                        422)


async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = STATUS_CODES.get(exc.status_code, "error")
    message = exc.detail if isinstance(exc.detail, str) else code
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 404:
        message = "Not found"
    elif exc.status_code == 400 and "parsing the body" in message:
        code, message = "malformed_json", "The body is not valid JSON"
    elif exc.status_code == 405:
        # Starlette names only the first route whose path matches; list them all.
        headers["Allow"] = ", ".join(allowed_methods(request.app, request.scope))
        message = "Method Not Allowed"
    return JSONResponse(error_body(code, message), exc.status_code, headers=headers or None)


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    # Starlette's ServerErrorMiddleware calls this, then re-raises for the Guard to log
    # the traceback on stderr; the client only ever sees this JSON.
    return JSONResponse(error_body("internal_error", "Internal error"), 500)


async def _db_busy(_request: Request, exc: OperationalError) -> JSONResponse:
    log.warning("database unavailable: %s", type(exc.orig).__name__)
    return JSONResponse(error_body("unavailable", "The database is busy; retry"), 503,
                        headers={"Retry-After": "1"})


def install(app: FastAPI) -> None:
    """Register the error handlers on ``app``."""
    app.exception_handler(HQError)(_hq_error)
    app.exception_handler(RequestValidationError)(_validation)
    app.exception_handler(StarletteHTTPException)(_http)
    app.exception_handler(Exception)(_unexpected)
    app.exception_handler(OperationalError)(_db_busy)
