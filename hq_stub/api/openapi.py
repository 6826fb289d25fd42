"""The OpenAPI document (``/openapi.json``): what FastAPI generates from the routes, plus
what it cannot say by itself — every error is ``ErrorBody``, the statuses every
operation of a kind can answer, and the text and number rules of customer records.
``tests/hq/test_openapi_fuzz.py`` holds HQ to it with Schemathesis."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from hq_stub import contract as doc

BLANKS = r"\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
SEARCH_PATTERN = rf"[^{BLANKS}][\s\S]{{2,}}[^{BLANKS}]"
# Text in customer records: no C0/C1 control characters, DEL, bidi embeddings, overrides
# or isolates (tab and newline only in an address's street). Documented on every string
# of the customer schemas by document() (the rule itself lives in hq_stub/schemas.py).
TEXT_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$"
MULTILINE_PATTERN = r"^[^\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$"
_CTRL = r"\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069"
FIELD_PATTERNS = {
    ("AddressIn", "street"): MULTILINE_PATTERN,
    # Blanks at either end are trimmed before the length is checked.
    ("ContactIn", "value"): rf"^[^{_CTRL}]*[^{_CTRL} ][^{_CTRL}]*$",
    ("CustomerIn", "currency"): rf"^[^{_CTRL} ]{{3}}$",
    ("CustomerFields", "currency"): rf"^[^{_CTRL} ]{{3}}$",
}
TEXT_COMPONENTS = ("CustomerIn", "CustomerFields", "AddressIn", "ContactIn")
# Store and terminal ids (schemas.Identifier) follow the same rule.
ID_FIELDS = {"ActivateIn": ("terminal_id",), "ActivationCodeIn": ("store_id", "terminal_id"),
             "RevokeDeviceIn": ("store_id", "terminal_id")}
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


def document(app: FastAPI) -> dict[str, Any]:
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
    """Documents the text and number rules of customer records (and of store and
    terminal ids) on the request schemas."""
    for name, fields in ID_FIELDS.items():
        props = components.get(name, {}).get("properties", {})
        for field in fields:
            if field in props:
                props[field].setdefault("pattern", TEXT_PATTERN)
    for name in TEXT_COMPONENTS:
        for field, prop in components.get(name, {}).get("properties", {}).items():
            pattern = FIELD_PATTERNS.get((name, field), TEXT_PATTERN)
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
