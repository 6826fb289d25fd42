"""Schemathesis hooks for tests/hq/test_openapi_fuzz.py (loaded by the CLI through
``SCHEMATHESIS_HOOKS``; not a test module).

* ``before_call``: a schema-valid ``POST /api/v1/customers`` gets ``Idempotency-Key`` =
  the body's ``customer_id``. The document says the two must be equal, but JSON Schema
  cannot tie a header to a body field, so a generator draws two different UUIDs; a
  terminal always sends the same value. Negative cases are sent as generated. Likewise a
  schema-valid ``X-Operator-Id`` becomes an operator of the store (``2001``).
* ``filter_failure``: drops exactly one kind of failure: a schema-valid customer on
  ``POST /api/v1/customers`` or ``PATCH /api/v1/customers/{key}`` refused with 422
  ``"Invalid customer: ..."``, i.e. by the rules that depend on the store's configuration
  (customer groups, titles, affiliations, required attributes, the store country's phone
  numbers, e-mail syntax, a name for a person). The document says so but cannot list
  them: they differ per store and come from ``GET /api/v1/store``. A structural 422 (the
  request did not match the document) is still a failure, and so is everything else.
  Each dropped failure is counted in the stats file.
* ``after_call``: counts every response by status into the JSON file named by
  ``HQ_FUZZ_STATS`` (written after each call, so it survives a crash), and keeps the
  first few 5xx requests for the failure message.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from typing import Any

import schemathesis

_counts: Counter[str] = Counter()
_server_errors: list[str] = []
_dropped: Counter[str] = Counter()

STORE_RULE_OPERATIONS = {("POST", "/api/v1/customers"), ("PATCH", "/api/v1/customers/{key}")}


def _positive(case: Any) -> bool:
    meta = getattr(case, "meta", None)
    generation = getattr(meta, "generation", None)
    mode = getattr(generation, "mode", None)
    return bool(getattr(mode, "is_positive", False))


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    if (case.method.upper() == "POST" and case.path == "/api/v1/customers"
            and _positive(case) and isinstance(case.body, dict)
            and isinstance(case.body.get("customer_id"), str) and case.headers
            and "Idempotency-Key" in case.headers):
        case.headers["Idempotency-Key"] = case.body["customer_id"]
    if (case.method.upper() in ("POST", "PATCH") and case.path.startswith("/api/v1/customers")
            and _positive(case) and case.headers and "X-Operator-Id" in case.headers):
        # A schema-valid operator id is one of the store's in a terminal's request (the
        # document cannot list a store's operators): the demo manager, so the fuzzing
        # reaches what lies behind the permission check.
        case.headers["X-Operator-Id"] = "2001"


@schemathesis.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    """False drops the failure."""
    if (type(failure).__name__ == "RejectedPositiveData"
            and (case.method.upper(), case.path) in STORE_RULE_OPERATIONS
            and int(response.status_code) == 422):
        try:
            message = json.loads(response.content)["error"]["message"]
        except (ValueError, KeyError, TypeError):
            return True
        if isinstance(message, str) and message.startswith("Invalid customer: "):
            _dropped[f"{case.method.upper()} {case.path}"] += 1
            _write()
            return False
    return True


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    status = int(response.status_code)
    _counts[str(status)] += 1
    if status >= 500 and len(_server_errors) < 20:
        _server_errors.append(f"{case.method} {case.formatted_path} -> {status}: "
                              f"{response.content[:300]!r}")
    _write()


def _write() -> None:
    path = os.environ.get("HQ_FUZZ_STATS")
    if path:
        tmp = f"{path}.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"by_status": dict(_counts), "server_errors": _server_errors,
                       "store_rule_rejections": dict(_dropped)}, f)
        os.replace(tmp, path)
