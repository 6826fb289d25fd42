"""The HQ HTTP API (FastAPI). See ../shared/HQ_API.md for the contract.

Every error is ``{"error": {"code", "message"}}`` (validation errors add ``fields``);
the outermost :class:`Guard` middleware enforces the 1 MiB body limit, turns anything
unexpected into a JSON 500 without a stack trace, and writes one log line per request
(method, path, status, milliseconds — no query string, headers or bodies, so neither
tokens nor personal data reach the log).

The OpenAPI document (``/openapi.json``) is part of the contract: every route lists the
statuses it answers with (:mod:`hq_stub.contract`), the bearer schemes, and the rules a
JSON Schema can carry; ``tests/hq/test_openapi_fuzz.py`` holds HQ to it with Schemathesis.
"""

import json
import logging
import re
import time
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, Path, Query, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPBearer
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from hq_stub import __version__
from hq_stub import contract as doc
from hq_stub.contract import responses
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


NOT_ALLOWED = "method_not_allowed"  # name of the routes that only answer 405

# The cursor of the change feed: the decimal feed sequence of the last change received.
CURSOR_RE = re.compile(r"[0-9]{0,18}")
# If-Match: the customer's version, optionally quoted as an ETag (W/"3", "3" or 3).
IF_MATCH_PATTERN = r'^(W/)?"?[0-9]{1,9}"?$'
# Customer search: at least 4 characters once leading/trailing blanks (str.strip()) are
# removed. The blanks are spelled out: \s differs between Python, ECMA and Rust regexes.
SEARCH_MIN = 4
BLANKS = r"\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
SEARCH_PATTERN = rf"[^{BLANKS}][\s\S]{{2,}}[^{BLANKS}]"
# Text in customer records: no C0/C1 control characters, DEL, bidi embeddings, overrides
# or isolates (tab and newline only in an address's street). Documented on every string
# of the customer schemas by _document (the rule itself lives in hq_stub/schemas.py).
TEXT_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$"
MULTILINE_PATTERN = r"^[^\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$"
_CTRL = r"\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069"
FIELD_PATTERNS: dict[tuple[str, str], str | None] = {
    # Any text may be tried as a code: a wrong one is a 401 like any other wrong code.
    ("ActivateIn", "activation_code"): None,
    ("AddressIn", "street"): MULTILINE_PATTERN,
    # Blanks at either end are trimmed before the length is checked.
    ("ContactIn", "value"): rf"^[^{_CTRL}]*[^{_CTRL} ][^{_CTRL}]*$",
    ("CustomerIn", "currency"): rf"^[^{_CTRL} ]{{3}}$",
    ("CustomerFields", "currency"): rf"^[^{_CTRL} ]{{3}}$",
}
TEXT_COMPONENTS = ("CustomerIn", "CustomerFields", "AddressIn", "ContactIn", "ActivateIn",
                   "ActivationCodeIn", "RevokeDeviceIn")
MAX_NUMBER = 2**53  # number attributes: finite, within +-2^53

DESCRIPTION = """\
HQ service for POS Desktop terminals (HQ API v1; the prose contract is HQ_API.md).

* **Auth.** `POST /api/v1/devices/activate` trades a one-time activation code for a
  device token. Every other `/api/v1/*` operation needs `Authorization: Bearer <token>`:
  a device token (`DeviceToken`), or for `/api/v1/admin/*` the admin token configured at
  start-up (`AdminToken`; device tokens get 403 there).
* **Errors** are always `{"error": {"code", "message", "fields"?}}` with the status
  listed on each operation; `fields` (on 422) names each bad field. Never a stack trace.
* **Bodies** are JSON, at most 1 MiB (413); malformed JSON is 400 `malformed_json`.
* **Methods** a path does not support answer 405 with an `Allow` header.
* Customer rules that depend on the store's configuration (customer groups, titles,
  affiliations, attribute definitions, phone numbers of the store's country, e-mail
  syntax, feature flags) are checked by HQ and refused with 422 naming the field; they
  are listed in `GET /api/v1/store`.
"""

DEVICE_AUTH = HTTPBearer(auto_error=False, scheme_name="DeviceToken",
                         description="The device token from POST /api/v1/devices/activate")
ADMIN_AUTH = HTTPBearer(auto_error=False, scheme_name="AdminToken",
                        description="The admin token HQ was started with "
                                    "(--admin-token or HQ_ADMIN_TOKEN)")


def allowed_methods(app: FastAPI, scope: dict[str, Any]) -> list[str]:
    """The methods of the resource at ``scope``'s path, for the ``Allow`` header of a
    405: those of the most specific path template that matches (``/customers/changes``
    is its own resource, not a ``/customers/{key}``)."""
    by_template: dict[str, set[str]] = {}
    probe = {**scope, "method": "\x00"}  # matches no method: path matches are PARTIAL
    for route in app.router.routes:
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


def exact(model: type[BaseModel]) -> Any:
    """A dependency that holds a JSON body to the types the document gives: pydantic's lax
    mode would take ``0`` or ``"yes"`` for ``false``/``true`` and ``"5"`` for ``5``, which
    the document does not allow (strict JSON mode still reads UUIDs from strings). Bodies
    strict mode cannot read at all (invalid Unicode escapes) are left to the normal
    validation, which answers them."""

    async def check(request: Request) -> None:
        try:
            model.model_validate_json(await request.body(), strict=True)
        except ValidationError as exc:
            errors = exc.errors(include_url=False, include_context=False)
            if errors and not any(e["type"] == "json_invalid" for e in errors):
                raise RequestValidationError(
                    [{**e, "loc": ("body", *e["loc"])} for e in errors]) from None

    return Depends(check)


def _document(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, built once."""
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version,
                             description=app.description, routes=app.routes)
        # Errors are ErrorBody everywhere (FastAPI adds its own 422 model to routes that
        # take parameters; HQ never answers with it).
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                if "HTTPValidationError" in json.dumps(operation.get("responses", {})):
                    operation["responses"]["422"] = {
                        "description": doc.ERRORS[422],
                        "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
        for name in ("HTTPValidationError", "ValidationError"):
            schema.get("components", {}).get("schemas", {}).pop(name, None)
        _generic_errors(schema)
        _text_rules(schema.get("components", {}).get("schemas", {}))
        app.openapi_schema = schema
    return app.openapi_schema


def _generic_errors(schema: dict[str, Any]) -> None:
    """Statuses every operation of a kind can answer, whether or not its route lists
    them: 401 (+403, 404 for admin) with a bearer scheme, 400/413/422 with a body, 503."""
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            statuses: set[int] = {503}
            schemes = {name for req in operation.get("security", []) for name in req}
            if schemes:
                statuses.add(401)
            if "AdminToken" in schemes:
                statuses |= {403, 404}
            if "requestBody" in operation:
                statuses |= {400, 413, 422}
            out = operation.setdefault("responses", {})
            for status in statuses:
                if str(status) not in out:
                    entry = doc.responses(status)[status]
                    entry.pop("model")
                    entry["content"] = {"application/json": {
                        "schema": {"$ref": "#/components/schemas/ErrorBody"}}}
                    out[str(status)] = entry


def _string_branches(prop: dict[str, Any]) -> list[dict[str, Any]]:
    branches = [prop, *prop.get("anyOf", [])]
    return [b for b in branches if b.get("type") == "string"]


def _text_rules(components: dict[str, Any]) -> None:
    """Documents the text and number rules of customer records on the request schemas."""
    for name in TEXT_COMPONENTS:
        for field, prop in components.get(name, {}).get("properties", {}).items():
            pattern = FIELD_PATTERNS.get((name, field), TEXT_PATTERN)
            if pattern is None:
                continue
            for branch in _string_branches(prop):
                if "format" not in branch and "enum" not in branch:
                    branch.setdefault("pattern", pattern)
            for inner in (prop, *prop.get("anyOf", [])):
                items = inner.get("items")
                if isinstance(items, dict) and items.get("type") == "string":
                    items.setdefault("pattern", TEXT_PATTERN)
                if isinstance(inner.get("propertyNames"), dict):
                    inner["propertyNames"].setdefault("pattern", TEXT_PATTERN)
                values = inner.get("additionalProperties")
                if isinstance(values, dict):
                    for branch in (values, *values.get("anyOf", [])):
                        if branch.get("type") == "string":
                            branch.setdefault("pattern", TEXT_PATTERN)
                        elif branch.get("type") in ("integer", "number"):
                            branch.setdefault("minimum", -MAX_NUMBER)
                            branch.setdefault("maximum", MAX_NUMBER)


def create_app(service: HQService) -> FastAPI:
    app = FastAPI(title="POS Desktop HQ", version=__version__, description=DESCRIPTION,
                  strict_content_type=False)
    app.state.service = service
    app.openapi = lambda: _document(app)  # type: ignore[method-assign]

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
            headers["Allow"] = ", ".join(allowed_methods(app, request.scope))
            message = "Method Not Allowed"
        return JSONResponse(error_body(code, message), exc.status_code,
                            headers=headers or None)

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

    # The security schemes only document the bearer tokens; the header is read here so
    # a missing, malformed or unknown token is always the same JSON 401.
    async def device(request: Request, _scheme: Annotated[Any, Security(DEVICE_AUTH)]
                     ) -> tuple[str, str]:
        found = await lookup(_bearer(request.headers.get("authorization")))
        if found is None:
            raise HQError(401, "unauthorized", "Unknown device token")
        return found

    async def admin(request: Request, _scheme: Annotated[Any, Security(ADMIN_AUTH)]) -> None:
        token = _bearer(request.headers.get("authorization"))
        if service.is_admin(token):
            return
        if await lookup(token) is not None:
            raise HQError(403, "forbidden", "Devices cannot call admin endpoints")
        raise HQError(401, "unauthorized", "Unknown admin token")

    Device = Annotated[tuple[str, str], Depends(device)]
    Admin = Depends(admin)

    # -------------------------------------------------------- public/auth
    @app.get("/health", tags=["health"], response_model=doc.Health)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/api/v1/devices/activate", tags=["auth"], dependencies=[exact(ActivateIn)],
              responses=responses(400, 401, 413, 422, 429, s200=doc.Activation))
    def activate(body: ActivateIn, request: Request) -> JSONResponse:
        """Trade a one-time activation code for a device token. A wrong, used or expired
        code is 401; too many failures from one address are 429."""
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
    @app.get("/api/v1/store", tags=["store"],
             responses=responses(401, 404, s200=doc.StoreConfig))
    def get_store(dev: Device) -> dict[str, Any]:
        """The device's store: flags, default customer, groups, titles, attribute
        definitions (the rules customers are validated against)."""
        return service.store_config(dev[0])

    # ---------------------------------------------------------- customers
    @app.post("/api/v1/customers", tags=["customers"], status_code=201,
              responses=responses(400, 401, 409, 413, 422, s200=doc.Customer,
                                  s201=doc.Customer),
              openapi_extra={"parameters": [{
                  "name": "Idempotency-Key", "in": "header", "required": True,
                  "schema": {"type": "string", "format": "uuid", "maxLength": 64},
                  "description": "Must equal the body's `customer_id` (422 otherwise); "
                                 "missing: 400. The same key again returns the same "
                                 "customer (200), never a second one."}]})
    def create_customer(body: CustomerIn, dev: Device,
                        # after dev: a request without a valid token is 401 first
                        _exact: Annotated[None, exact(CustomerIn)],
                        idempotency_key: Annotated[str | None, Header(
                            max_length=64, include_in_schema=False)] = None,
                        ) -> JSONResponse:
        """Real-time create: 201 with the stored customer and its account number; a
        replay of the same `customer_id` is 200 with the same customer."""
        if idempotency_key is None:
            raise HQError(400, "idempotency_key_required",
                          "The Idempotency-Key header (the customer's customer_id) is "
                          "required", [{"field": "Idempotency-Key", "message": "required"}])
        if idempotency_key.strip().lower() != str(body.customer_id):
            raise HQError(422, "validation_error",
                          "Idempotency-Key must be the customer's customer_id",
                          [{"field": "Idempotency-Key", "message": "must equal customer_id"}])
        created_doc, created = service.create_customer(dev[0], body)
        return JSONResponse(created_doc, 201 if created else 200)

    @app.get("/api/v1/customers", tags=["customers"],
             responses=responses(401, 422, s200=doc.SearchResults))
    def search_customers(
            dev: Device,
            q: Annotated[str, Query(
                min_length=SEARCH_MIN, max_length=200,
                description="Name, e-mail, phone digits, account or card number; at "
                            "least 4 characters once blanks at either end are removed "
                            "(422 otherwise). Searches every store.",
                json_schema_extra={"pattern": SEARCH_PATTERN})],
            limit: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
        """Search customers across all stores."""
        if len(q.strip()) < SEARCH_MIN:
            raise HQError(422, "validation_error", "q: at least 4 characters are required",
                          [{"field": "q", "message": "at least 4 characters are required"}])
        return {"results": service.search(q, limit)}

    @app.get("/api/v1/customers/changes", tags=["sync"],
             responses=responses(400, 401, 422, s200=doc.ChangesPage))
    def changes(
            dev: Device,
            after: Annotated[str | None, Query(
                description="The cursor: the `next` value of the previous page, as "
                            "received (the decimal sequence number of the last change "
                            "delivered; opaque to clients). Missing or empty: from the "
                            "beginning. Anything else is 400 `bad_cursor`.",
                json_schema_extra={"pattern": "^[0-9]{0,18}$", "maxLength": 18})] = None,
            limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> Response:
        """The change feed of the device's store: every customer changed after the
        cursor, in commit order. Follow `next` while `has_more`."""
        if after is not None and not CURSOR_RE.fullmatch(after):
            raise HQError(400, "bad_cursor", "cursor must be a value returned in 'next'")
        # The body is built from the stored documents as they are (see
        # feed.read_changes_json); the response model only documents the shape.
        return Response(service.changes_json(dev[0], after, limit),
                        media_type="application/json")

    @app.api_route("/api/v1/customers/changes", methods=["PATCH"],
                   include_in_schema=False, name=NOT_ALLOWED)
    def changes_not_allowed() -> None:
        # Without this, /customers/{key} would take PATCH /customers/changes.
        raise StarletteHTTPException(405)

    key_doc = "Account number (e.g. `C0000042`) or `customer_id`"

    @app.get("/api/v1/customers/{key}", tags=["customers"],
             responses=responses(401, 404, s200=doc.Customer))
    def get_customer(key: Annotated[str, Path(description=key_doc)],
                     dev: Device) -> JSONResponse:
        """Any customer of the chain; `ETag` is its version."""
        found = service.get_customer(key)
        return JSONResponse(found, headers={"ETag": f'"{found["version"]}"'})

    @app.patch("/api/v1/customers/{key}", tags=["customers"],
               responses=responses(400, 401, 403, 404, 409, 412, 413, 422, 428,
                                   s200=doc.Customer),
               openapi_extra={"parameters": [{
                   "name": "If-Match", "in": "header", "required": True,
                   "schema": {"type": "string", "pattern": IF_MATCH_PATTERN},
                   "description": "The version being changed (the customer's `version` "
                                  "or its `ETag`). Missing: 428; malformed: 400; stale: "
                                  "412."}]})
    def patch_customer(key: Annotated[str, Path(description=key_doc)],
                       body: CustomerFields, dev: Device,
                       _exact: Annotated[None, exact(CustomerFields)],
                       if_match: Annotated[str | None, Header(
                           max_length=40, include_in_schema=False)] = None,
                       ) -> JSONResponse:
        """Change a customer of the device's own store (403 for another store's; 409
        `pending_sync` while it has no account number yet)."""
        changed = service.patch_customer(dev[0], key, if_match, body)
        return JSONResponse(changed, headers={"ETag": f'"{changed["version"]}"'})

    @app.post("/api/v1/customers/{key}/loyalty-cards", tags=["customers"], status_code=201,
              responses=responses(401, 403, 404, 409, s201=doc.LoyaltyCard))
    def issue_card(key: Annotated[str, Path(description=key_doc)],
                   dev: Device) -> dict[str, Any]:
        """Issue a new loyalty card to a customer of the device's own store."""
        return service.issue_loyalty_card(dev[0], key)

    # -------------------------------------------------------- async sync
    @app.post("/api/v1/async-customers", tags=["sync"],
              responses=responses(400, 401, 413, 422, s200=doc.UploadResult))
    def upload_customers(body: AsyncCustomersIn, dev: Device) -> dict[str, Any]:
        """Stage up to 500 customers for the async-to-sync job. Each record is accepted
        or refused on its own (`rejected` says why); idempotent per `customer_id`."""
        return service.upload_customers(dev[0], body.customers)

    @app.get("/api/v1/async-customers", tags=["sync"],
             responses=responses(401, 422, s200=doc.AsyncList))
    def list_async(dev: Device,
                   state: Literal["staged", "converted", "rejected"] | None = None,
                   limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict[str, Any]:
        """The device's store's async customers."""
        return {"customers": service.list_async(dev[0], state, limit)}

    @app.get("/api/v1/async-customers/{customer_id}", tags=["sync"],
             responses=responses(401, 404, s200=doc.AsyncStatus))
    def async_status(customer_id: str, dev: Device) -> dict[str, Any]:
        """Where an uploaded customer stands: staged, converted (with its account
        number) or rejected (with the reason)."""
        return service.async_status(dev[0], customer_id)

    @app.post("/api/v1/async-addresses", tags=["sync"],
              responses=responses(400, 401, 413, 422, s200=doc.AddressUploadResult))
    def upload_addresses(body: AsyncAddressesIn, dev: Device) -> dict[str, Any]:
        """Stage addresses of async customers (needs the async customer addresses
        feature); idempotent per `address_id`."""
        return service.upload_addresses(dev[0], body.addresses)

    # -------------------------------------------------------------- admin
    @app.get("/api/v1/admin/stores", tags=["admin"], dependencies=[Admin],
             responses=responses(401, 403, s200=doc.AdminStores))
    def admin_stores() -> dict[str, Any]:
        return {"stores": [service.admin_store(s, fresh=True) for s in service.store_ids()]}

    @app.get("/api/v1/admin/stores/{store_id}", tags=["admin"], dependencies=[Admin],
             responses=responses(401, 403, 404, s200=doc.AdminStore))
    def admin_store(store_id: str) -> dict[str, Any]:
        return service.admin_store(store_id, fresh=True)

    @app.patch("/api/v1/admin/stores/{store_id}", tags=["admin"],
               dependencies=[Admin, exact(StoreFlagsIn)],
               responses=responses(400, 401, 403, 404, 413, 422, s200=doc.AdminStore))
    def admin_patch_store(store_id: str, body: StoreFlagsIn) -> dict[str, Any]:
        """Switch store flags; unknown flags are 422."""
        return service.patch_store(store_id, body.model_dump(exclude_none=True))

    @app.post("/api/v1/admin/activation-codes", tags=["admin"], status_code=201,
              dependencies=[Admin, exact(ActivationCodeIn)],
              responses=responses(400, 401, 403, 404, 413, 422, s201=doc.ActivationCode))
    def admin_code(body: ActivationCodeIn) -> dict[str, Any]:
        """A one-time activation code for a terminal of a store (404: unknown store)."""
        return service.create_activation_code(body.store_id, body.terminal_id,
                                              body.ttl_seconds)

    @app.post("/api/v1/admin/devices/revoke", tags=["admin"],
              dependencies=[Admin, exact(RevokeDeviceIn)],
              responses=responses(400, 401, 403, 404, 413, 422))
    def admin_revoke_device(body: RevokeDeviceIn) -> dict[str, Any]:
        """Revoke every device token of one terminal (it must be activated again)."""
        return service.revoke_device(body.store_id, body.terminal_id)

    @app.post("/api/v1/admin/jobs/async-to-sync", tags=["admin"], dependencies=[Admin],
              responses=responses(401, 403, s200=doc.JobResult))
    def admin_job() -> dict[str, Any]:
        """Run the async-to-sync job now."""
        return service.run_job()

    @app.get("/api/v1/admin/async-customers", tags=["admin"], dependencies=[Admin],
             responses=responses(401, 403, 422, s200=doc.AdminAsyncList))
    def admin_async_list(state: Literal["staged", "converted", "rejected"] | None = None,
                         store_id: Annotated[str | None, Query(max_length=64)] = None,
                         limit: Annotated[int, Query(ge=1, le=1000)] = 200,
                         ) -> dict[str, Any]:
        return {"customers": service.list_async(store_id, state, limit, with_data=True)}

    @app.get("/api/v1/admin/async-customers/{customer_id}", tags=["admin"],
             dependencies=[Admin], responses=responses(401, 403, 404, s200=doc.AdminAsync))
    def admin_async_show(customer_id: str) -> dict[str, Any]:
        return service.admin_async(customer_id)

    @app.post("/api/v1/admin/async-customers/{customer_id}/resubmit", tags=["admin"],
              dependencies=[Admin, exact(ResubmitIn)],
              responses=responses(400, 401, 403, 404, 409, 413, 422, s200=doc.AdminAsync))
    def admin_resubmit(customer_id: str, body: ResubmitIn) -> dict[str, Any]:
        """Correct a rejected async customer and stage it again (409 unless rejected)."""
        return service.resubmit(customer_id, body.customer, body.changes)

    return Guard(app)
