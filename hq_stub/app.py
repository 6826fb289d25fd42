"""The HQ HTTP API (FastAPI). See ../shared/HQ_API.md for the contract.

Every error is ``{"error": {"code", "message"}}`` (validation errors add ``fields``);
the outermost :class:`Guard` middleware enforces the 1 MiB body limit, turns anything
unexpected into a JSON 500 without a stack trace, and writes one log line per request
(method, path, status, milliseconds — no query string, headers or bodies, so neither
tokens nor personal data reach the log).
"""

import json
import logging
import time
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from hq_stub import __version__
from hq_stub.schemas import (
    ActivateIn,
    ActivationCodeIn,
    AsyncAddressesIn,
    AsyncCustomersIn,
    CustomerFields,
    CustomerIn,
    ResubmitIn,
    RevokeDeviceIn,
    StoreFlagsIn,
)
from hq_stub.service import HQError, HQService

access_log = logging.getLogger("hq_stub.access")
log = logging.getLogger("hq_stub")

MAX_BODY = 1024 * 1024
MAX_DRAIN = 64 * 1024 * 1024
STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                405: "method_not_allowed", 409: "conflict", 412: "version_conflict",
                413: "payload_too_large", 415: "unsupported_media_type",
                422: "validation_error", 428: "precondition_required",
                429: "too_many_requests", 500: "internal_error", 503: "unavailable"}


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


def _json_bytes(status: int, code: str, message: str) -> bytes:
    return json.dumps(error_body(code, message)).encode()


class Guard:
    """Pure ASGI middleware: body limit, last-resort error handler, access log."""

    def __init__(self, app, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        state = {"status": 500, "started": False}

        async def send_wrapper(message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
                state["started"] = True
            await send(message)

        try:
            body = await self._read_body(scope, receive)
            if body is None:
                await self._reply(send_wrapper, 413, "payload_too_large",
                                  f"The request body exceeds {self.max_body} bytes")
                return
            done = False

            async def replay():
                nonlocal done
                if not done:
                    done = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            await self.app(scope, replay, send_wrapper)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if not state["started"]:
                await self._reply(send_wrapper, 500, "internal_error", "Internal error")
        finally:
            access_log.info("%s %s %s %.1fms", scope.get("method"), scope.get("path"),
                            state["status"], (time.perf_counter() - started) * 1000)

    async def _read_body(self, scope, receive) -> bytes | None:
        """The whole body, or None if it is larger than the limit (the rest is drained so
        the client sees the 413 rather than a reset connection)."""
        declared = None
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = None
        chunks: list[bytes] = []
        total = 0
        too_big = declared is not None and declared > self.max_body
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > self.max_body:
                too_big = True
            if not too_big:
                chunks.append(chunk)
            if not message.get("more_body") or total > MAX_DRAIN:
                break
        return None if too_big else b"".join(chunks)

    @staticmethod
    async def _reply(send, status: int, code: str, message: str) -> None:
        payload = _json_bytes(status, code, message)
        headers = [(b"content-type", b"application/json"),
                   (b"content-length", str(len(payload)).encode())]
        if status == 413:
            headers.append((b"connection", b"close"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})


def _bearer(authorization: str | None) -> str:
    if not authorization or not authorization.lower().startswith("bearer "):
        raise HQError(401, "unauthorized", "Authorization: Bearer <token> is required")
    token = authorization[7:].strip()
    if not token or len(token) > 512:
        raise HQError(401, "unauthorized", "Unknown token")
    return token


def create_app(service: HQService) -> FastAPI:
    app = FastAPI(title="POS Desktop HQ", version=__version__,
                  description="HQ service for POS Desktop terminals (HQ API v1).",
                  strict_content_type=False)
    app.state.service = service

    # ------------------------------------------------------------ errors
    @app.exception_handler(HQError)
    async def _hq_error(_request: Request, exc: HQError) -> JSONResponse:
        extra = {"fields": exc.fields} if exc.fields else {}
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(error_body(exc.code, exc.message, **extra), exc.status,
                            headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return JSONResponse(error_body("malformed_json", "The body is not valid JSON"),
                                400)
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

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = STATUS_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code
        if exc.status_code == 404:
            message = "Not found"
        elif exc.status_code == 400 and "parsing the body" in message:
            code, message = "malformed_json", "The body is not valid JSON"
        return JSONResponse(error_body(code, message), exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        # Starlette's ServerErrorMiddleware calls this, then re-raises for the Guard to
        # log the traceback on stderr; the client only ever sees this JSON.
        return JSONResponse(error_body("internal_error", "Internal error"), 500)

    @app.exception_handler(OperationalError)
    async def _db_busy(_request: Request, exc: OperationalError) -> JSONResponse:
        log.warning("database unavailable: %s", type(exc.orig).__name__)
        return JSONResponse(error_body("unavailable", "The database is busy; retry"), 503,
                            headers={"Retry-After": "1"})

    # -------------------------------------------------------------- auth
    # Async dependencies: a cached token is a dict lookup, so no thread hop for it; only
    # a cache miss reads the database (in the thread pool).
    async def lookup(token: str) -> tuple[str, str] | None:
        found = service.cached_device(token)
        if found is None:
            found = await run_in_threadpool(service.device_for_token, token)
        return found

    async def device(authorization: Annotated[str | None, Header()] = None
                     ) -> tuple[str, str]:
        found = await lookup(_bearer(authorization))
        if found is None:
            raise HQError(401, "unauthorized", "Unknown device token")
        return found

    async def admin(authorization: Annotated[str | None, Header()] = None) -> None:
        token = _bearer(authorization)
        if service.is_admin(token):
            return
        if await lookup(token) is not None:
            raise HQError(403, "forbidden", "Devices cannot call admin endpoints")
        raise HQError(401, "unauthorized", "Unknown admin token")

    Device = Annotated[tuple[str, str], Depends(device)]
    Admin = Depends(admin)

    # -------------------------------------------------------- public/auth
    @app.get("/health", tags=["health"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/api/v1/devices/activate", tags=["auth"])
    def activate(body: ActivateIn, request: Request) -> JSONResponse:
        client = request.client.host if request.client else "?"
        try:
            return JSONResponse(service.activate(body.activation_code, body.terminal_id,
                                                 client))
        except HQError as exc:
            if exc.status != 429:
                raise
            return JSONResponse(error_body(exc.code, exc.message), 429,
                                headers={"Retry-After": "60"})

    # -------------------------------------------------------------- store
    @app.get("/api/v1/store", tags=["store"])
    def get_store(dev: Device) -> dict[str, Any]:
        return service.store_config(dev[0])

    # ---------------------------------------------------------- customers
    @app.post("/api/v1/customers", tags=["customers"], status_code=201)
    def create_customer(body: CustomerIn, dev: Device,
                        idempotency_key: Annotated[str | None, Header(max_length=64)] = None,
                        ) -> JSONResponse:
        if idempotency_key is not None and idempotency_key.strip().lower() != str(
                body.customer_id):
            raise HQError(422, "validation_error",
                          "Idempotency-Key must be the customer's customer_id",
                          [{"field": "Idempotency-Key", "message": "must equal customer_id"}])
        doc, created = service.create_customer(dev[0], body)
        return JSONResponse(doc, 201 if created else 200)

    @app.get("/api/v1/customers", tags=["customers"])
    def search_customers(dev: Device, q: Annotated[str, Query(max_length=200)],
                         limit: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
        return {"results": service.search(q, limit)}

    @app.get("/api/v1/customers/changes", tags=["sync"], response_model=dict[str, Any])
    def changes(dev: Device, after: Annotated[str | None, Query(max_length=32)] = None,
                limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> Response:
        # The body is built from the stored documents as they are (see
        # feed.read_changes_json); response_model only documents the shape.
        return Response(service.changes_json(dev[0], after, limit),
                        media_type="application/json")

    @app.get("/api/v1/customers/{key}", tags=["customers"])
    def get_customer(key: str, dev: Device) -> JSONResponse:
        doc = service.get_customer(key)
        return JSONResponse(doc, headers={"ETag": f'"{doc["version"]}"'})

    @app.patch("/api/v1/customers/{key}", tags=["customers"])
    def patch_customer(key: str, body: CustomerFields, dev: Device,
                       if_match: Annotated[str | None, Header(max_length=40)] = None,
                       ) -> JSONResponse:
        doc = service.patch_customer(dev[0], key, if_match, body)
        return JSONResponse(doc, headers={"ETag": f'"{doc["version"]}"'})

    @app.post("/api/v1/customers/{key}/loyalty-cards", tags=["customers"], status_code=201)
    def issue_card(key: str, dev: Device) -> dict[str, Any]:
        return service.issue_loyalty_card(dev[0], key)

    # -------------------------------------------------------- async sync
    @app.post("/api/v1/async-customers", tags=["sync"])
    def upload_customers(body: AsyncCustomersIn, dev: Device) -> dict[str, Any]:
        return service.upload_customers(dev[0], body.customers)

    @app.get("/api/v1/async-customers", tags=["sync"])
    def list_async(dev: Device,
                   state: Literal["staged", "converted", "rejected"] | None = None,
                   limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict[str, Any]:
        return {"customers": service.list_async(dev[0], state, limit)}

    @app.get("/api/v1/async-customers/{customer_id}", tags=["sync"])
    def async_status(customer_id: str, dev: Device) -> dict[str, Any]:
        return service.async_status(dev[0], customer_id)

    @app.post("/api/v1/async-addresses", tags=["sync"])
    def upload_addresses(body: AsyncAddressesIn, dev: Device) -> dict[str, Any]:
        return service.upload_addresses(dev[0], body.addresses)

    # -------------------------------------------------------------- admin
    @app.get("/api/v1/admin/stores", tags=["admin"], dependencies=[Admin])
    def admin_stores() -> dict[str, Any]:
        return {"stores": [service.admin_store(s, fresh=True) for s in service.store_ids()]}

    @app.get("/api/v1/admin/stores/{store_id}", tags=["admin"], dependencies=[Admin])
    def admin_store(store_id: str) -> dict[str, Any]:
        return service.admin_store(store_id, fresh=True)

    @app.patch("/api/v1/admin/stores/{store_id}", tags=["admin"], dependencies=[Admin])
    def admin_patch_store(store_id: str, body: StoreFlagsIn) -> dict[str, Any]:
        return service.patch_store(store_id, body.model_dump(exclude_none=True))

    @app.post("/api/v1/admin/activation-codes", tags=["admin"], status_code=201,
              dependencies=[Admin])
    def admin_code(body: ActivationCodeIn) -> dict[str, Any]:
        return service.create_activation_code(body.store_id, body.terminal_id,
                                              body.ttl_seconds)

    @app.post("/api/v1/admin/jobs/async-to-sync", tags=["admin"], dependencies=[Admin])
    def admin_job() -> dict[str, Any]:
        return service.run_job()

    @app.get("/api/v1/admin/async-customers", tags=["admin"], dependencies=[Admin])
    def admin_async_list(state: Literal["staged", "converted", "rejected"] | None = None,
                         store_id: Annotated[str | None, Query(max_length=64)] = None,
                         limit: Annotated[int, Query(ge=1, le=1000)] = 200,
                         ) -> dict[str, Any]:
        return {"customers": service.list_async(store_id, state, limit, with_data=True)}

    @app.get("/api/v1/admin/async-customers/{customer_id}", tags=["admin"],
             dependencies=[Admin])
    def admin_async_show(customer_id: str) -> dict[str, Any]:
        return service.admin_async(customer_id)

    @app.post("/api/v1/admin/async-customers/{customer_id}/resubmit", tags=["admin"],
              dependencies=[Admin])
    def admin_resubmit(customer_id: str, body: ResubmitIn) -> dict[str, Any]:
        return service.resubmit(customer_id, body.customer, body.changes)

    @app.post("/api/v1/admin/devices/revoke", tags=["admin"], dependencies=[Admin])
    def admin_revoke_device(body: RevokeDeviceIn) -> dict[str, Any]:
        """Revoke every token of one terminal (404: never activated for that store)."""
        return service.revoke_device(body.store_id, body.terminal_id)

    return Guard(app)
