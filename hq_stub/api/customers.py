"""Customers in real time: create, search, get, patch, loyalty cards."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query
from fastapi.responses import JSONResponse

from hq_stub import contract as doc
from hq_stub.api.deps import Device, exact
from hq_stub.contract import responses
from hq_stub.errors import HQError
from hq_stub.records import uuid_or_none
from hq_stub.schemas import CustomerFields, CustomerIn, EditIn
from hq_stub.service import HQService

# If-Match: the customer's version, optionally quoted as an ETag (W/"3", "3" or 3).
IF_MATCH_PATTERN = r'^(W/)?"?[0-9]{1,9}"?$'
# Customer search: at least 4 characters once leading/trailing blanks (str.strip()) are
# removed. The blanks are spelled out: \s differs between Python, ECMA and Rust regexes.
SEARCH_MIN = 4
BLANKS = r"\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
SEARCH_PATTERN = rf"[^{BLANKS}][\s\S]{{2,}}[^{BLANKS}]"
KEY_DOC = "Account number (e.g. `C0000042`) or `customer_id`"

IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key", "in": "header", "required": True,
    "schema": {"type": "string", "format": "uuid", "maxLength": 64},
    "description": "Must equal the body's `customer_id` (422 otherwise); missing: 400. "
                   "The same key again returns the same customer (200), never a second "
                   "one."}
OPERATOR_DOC = ("The operator signed in at the terminal, one of the store's "
                "(`GET /api/v1/store` → `operators`); HQ checks its role's permissions "
                "(`permissions`) and answers 403 `unknown_operator` / `permission_denied`.")
OPERATOR = {
    "name": "X-Operator-Id", "in": "header", "required": True,
    "schema": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[!-~]+$"},
    "description": OPERATOR_DOC + " Missing: 400 `operator_required`. Changing the "
                   "customer's fields needs `customer.edit`, its addresses `address.edit`."}
OPERATOR_OPTIONAL = {**OPERATOR, "required": False,
                     "description": OPERATOR_DOC + " When given, its role needs "
                                    "`customer.create`."}
OPERATOR_ROLE = {
    "name": "X-Operator-Role", "in": "header", "required": False,
    "schema": {"type": "string", "maxLength": 32},
    "description": "The operator's role as the terminal knows it (informational: HQ "
                   "decides by its own operator table)."}
IF_MATCH = {
    "name": "If-Match", "in": "header", "required": True,
    "schema": {"type": "string", "pattern": IF_MATCH_PATTERN},
    "description": "The version being changed (the customer's `version` or its `ETag`). "
                   "Missing: 428; malformed: 400; stale: 412."}


def _check_idempotency_key(key: str | None, customer_id: str) -> None:
    if key is None:
        raise HQError(400, "idempotency_key_required",
                      "The Idempotency-Key header (the customer's customer_id) is "
                      "required", [{"field": "Idempotency-Key", "message": "required"}])
    # Compared in canonical form: a key spelt in upper case, in braces or without
    # hyphens names the same UUID as the body's (already canonical) customer_id.
    if uuid_or_none(key.strip()) != customer_id:
        raise HQError(422, "validation_error",
                      "Idempotency-Key must be the customer's customer_id",
                      [{"field": "Idempotency-Key", "message": "must equal customer_id"}])


def router(service: HQService) -> APIRouter:
    api = APIRouter()

    @api.post("/api/v1/customers", tags=["customers"], status_code=201,
              responses=responses(400, 401, 403, 409, 413, 422, s200=doc.Customer,
                                  s201=doc.Customer),
              openapi_extra={"parameters": [IDEMPOTENCY_KEY, OPERATOR_OPTIONAL,
                                            OPERATOR_ROLE]})
    def create_customer(body: CustomerIn, dev: Device,
                        # after dev: a request without a valid token is 401 first
                        _exact: Annotated[None, exact(CustomerIn)],
                        idempotency_key: Annotated[str | None, Header(
                            max_length=64, include_in_schema=False)] = None,
                        x_operator_id: Annotated[str | None, Header(
                            max_length=64, include_in_schema=False)] = None,
                        ) -> JSONResponse:
        """Real-time create: 201 with the stored customer and its account number; a
        replay of the same `customer_id` is 200 with the same customer."""
        _check_idempotency_key(idempotency_key, str(body.customer_id))
        created_doc, created = service.customers.create(dev[0], body, x_operator_id,
                                                              dev[1])
        return JSONResponse(created_doc, 201 if created else 200)

    @api.get("/api/v1/customers", tags=["customers"],
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
        return {"results": service.customers.search(q, limit, dev[0])}

    return api


def key_router(service: HQService) -> APIRouter:
    """The routes of one customer (``/customers/{key}``): included after the change
    feed, so that ``/customers/changes`` is not taken for a key."""
    api = APIRouter()

    @api.get("/api/v1/customers/{key}", tags=["customers"],
             responses=responses(401, 404, s200=doc.Customer))
    def get_customer(key: Annotated[str, Path(description=KEY_DOC)],
                     dev: Device) -> JSONResponse:
        """Any customer of the chain; `ETag` is its version."""
        found = service.customers.get(key)
        return JSONResponse(found, headers={"ETag": f'"{found["version"]}"'})

    @api.patch("/api/v1/customers/{key}", tags=["customers"],
               responses=responses(400, 401, 403, 404, 409, 412, 413, 422, 428,
                                   s200=doc.Customer),
               openapi_extra={"parameters": [IF_MATCH, OPERATOR, OPERATOR_ROLE]})
    def patch_customer(key: Annotated[str, Path(description=KEY_DOC)],
                       body: CustomerFields, dev: Device,
                       _exact: Annotated[None, exact(CustomerFields)],
                       if_match: Annotated[str | None, Header(
                           max_length=40, include_in_schema=False)] = None,
                       x_operator_id: Annotated[str | None, Header(
                           max_length=64, include_in_schema=False)] = None,
                       ) -> JSONResponse:
        """Change a customer of the device's own store (403 for another store's, or
        when the operator's role lacks the permission; 409 `pending_sync` while it has
        no account number yet)."""
        changed = service.customers.patch(dev[0], key, if_match, body, x_operator_id,
                                          terminal_id=dev[1], source=f"terminal:{dev[1]}")
        return JSONResponse(changed, headers={"ETag": f'"{changed["version"]}"'})

    @api.post("/api/v1/customers/{key}/edits", tags=["customers"],
              responses=responses(400, 401, 403, 404, 409, 413, 422, s200=doc.EditOutcome),
              openapi_extra={"parameters": [OPERATOR, OPERATOR_ROLE]})
    def edit_customer(key: Annotated[str, Path(description=KEY_DOC)], body: EditIn,
                      dev: Device, _exact: Annotated[None, exact(EditIn)],
                      x_operator_id: Annotated[str | None, Header(
                          max_length=64, include_in_schema=False)] = None,
                      ) -> dict[str, Any]:
        """A field-level edit made at a terminal (offline, or on a customer pending
        there), merged field by field against `base_version`: a field HQ also changed
        since then is a conflict (HQ's value stands, both values are returned), the
        others apply. Idempotent per `edit_id`. Needs the store's `async_customer_edits`
        feature (409 `feature_required`); 409 `pending_sync` while the customer is only
        staged (send it again later)."""
        return service.edits.apply(dev[0], dev[1], key, body, x_operator_id)

    @api.post("/api/v1/customers/{key}/loyalty-cards", tags=["customers"], status_code=201,
              responses=responses(401, 403, 404, 409, s201=doc.LoyaltyCard))
    def issue_card(key: Annotated[str, Path(description=KEY_DOC)],
                   dev: Device) -> dict[str, Any]:
        """Issue a new loyalty card to a customer of the device's own store."""
        return service.customers.issue_loyalty_card(dev[0], key, dev[1])

    return api
