"""What the OpenAPI document promises, and that HQ answers accordingly (issue 10).

Each test pins one behaviour the document now states: a required Idempotency-Key (400
when missing), required If-Match (428), 405 with a complete Allow header, the 4-character
search, the feed cursor, bodies held to their documented types, every status an
operation returns documented with the error body, and the bearer schemes.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
import requests

from tests.hq.helpers import Api, new_customer

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@pytest.fixture(scope="module")
def document(hq) -> dict[str, Any]:
    r = requests.get(f"{hq.url}/openapi.json", timeout=10)
    assert r.status_code == 200
    return r.json()


def _operation(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    return document["paths"][path][method]


def _parameter(operation: dict[str, Any], name: str) -> dict[str, Any]:
    for p in operation.get("parameters", []):
        if p["name"].lower() == name.lower():
            return p
    raise AssertionError(f"{name} is not documented")


# ------------------------------------------------------------ Idempotency-Key
def test_create_without_idempotency_key_is_400_and_creates_nothing(milan: Api):
    customer = new_customer()
    r = milan.post("/api/v1/customers", json=customer)
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == "idempotency_key_required"
    assert r.json()["error"]["fields"] == [{"field": "Idempotency-Key", "message": "required"}]
    assert milan.get(f"/api/v1/customers/{customer['customer_id']}").status_code == 404
    # With the key it is created, and a wrong key is still 422.
    assert milan.create(customer).status_code == 201
    other = new_customer()
    r = milan.post("/api/v1/customers", json=other,
                   headers={"Idempotency-Key": str(uuid.uuid4())})
    assert r.status_code == 422
    assert r.json()["error"]["fields"][0]["field"] == "Idempotency-Key"


def test_document_requires_idempotency_key_and_if_match(document):
    key = _parameter(_operation(document, "post", "/api/v1/customers"), "Idempotency-Key")
    assert key["in"] == "header" and key["required"] is True
    assert key["schema"]["format"] == "uuid"
    assert "customer_id" in key["description"]
    patch = _operation(document, "patch", "/api/v1/customers/{key}")
    if_match = _parameter(patch, "If-Match")
    assert if_match["in"] == "header" and if_match["required"] is True
    assert {"412", "428"} <= set(patch["responses"])
    for value in ("3", '"3"', 'W/"3"'):
        assert re.search(if_match["schema"]["pattern"], value)


def test_patch_without_if_match_is_428(milan: Api):
    customer = milan.create(new_customer()).json()
    r = milan.patch(f"/api/v1/customers/{customer['account_number']}", json={"phone": None})
    assert r.status_code == 428
    assert r.json()["error"]["code"] == "precondition_required"


# --------------------------------------------------------------------- 405
@pytest.mark.parametrize("method,path,allow", [
    ("OPTIONS", "/api/v1/customers", {"GET", "POST"}),
    ("DELETE", "/api/v1/customers", {"GET", "POST"}),
    ("OPTIONS", "/api/v1/customers/C0000001", {"GET", "PATCH"}),
    ("PUT", "/api/v1/async-customers", {"GET", "POST"}),
    ("DELETE", "/api/v1/admin/stores/MILAN", {"GET", "PATCH"}),
    # /customers/changes is its own resource, not an account number "changes".
    ("PATCH", "/api/v1/customers/changes", {"GET"}),
    ("DELETE", "/api/v1/customers/changes", {"GET"}),
])
def test_405_lists_every_method_of_the_resource(hq, milan: Api, method, path, allow):
    r = milan.request(method, path)
    assert r.status_code == 405, r.text
    assert {m.strip() for m in r.headers["Allow"].split(",")} == allow
    assert r.json()["error"]["code"] == "method_not_allowed"


def test_allow_matches_the_document(hq, document):
    for path, item in document["paths"].items():
        documented = {m.upper() for m in item if m in HTTP_METHODS}
        concrete = re.sub(r"\{[^}]+\}", "C0000001", path)
        r = requests.options(hq.url + concrete, timeout=10)
        assert r.status_code == 405, path
        assert {m.strip() for m in r.headers["Allow"].split(",")} == documented, path


# ------------------------------------------------------------------ search
def test_search_q_is_documented_as_4_characters(document):
    q = _parameter(_operation(document, "get", "/api/v1/customers"), "q")
    assert q["required"] is True
    assert q["schema"]["minLength"] == 4
    assert "4 characters" in q["description"]


@pytest.mark.parametrize("q", ["abc", "", "   abc   ", "ab  ", "\u00a0abc", "abc\x1f",
                               " \t\n\u3000x", "abcd", "  abcd ", "a  b", "Ross",
                               "\x1fabcd\x1f", "ab\x1fc"])
def test_search_answers_as_documented(milan: Api, document, q):
    schema = _parameter(_operation(document, "get", "/api/v1/customers"), "q")["schema"]
    valid = len(q) >= schema["minLength"] and re.search(schema["pattern"], q) is not None
    r = milan.get("/api/v1/customers", params={"q": q})
    assert r.status_code == (200 if valid else 422), (q, r.text)
    assert valid == (len(q.strip()) >= 4)
    if not valid:
        assert r.json()["error"]["fields"][0]["field"] == "q"


# -------------------------------------------------------------- the cursor
def test_cursor_is_documented_and_checked(milan: Api, document):
    op = _operation(document, "get", "/api/v1/customers/changes")
    after = _parameter(op, "after")
    assert "next" in after["description"]
    pattern = after["schema"]["pattern"]
    for good in ("", "0", "42", "9" * 18):
        assert re.fullmatch(pattern.strip("^$"), good)
        assert milan.get("/api/v1/customers/changes",
                         params={"after": good, "limit": 1}).status_code == 200
    # Unicode digits pass str.isdigit(); the document says ASCII digits, and so does HQ.
    for bad in ("\u0663", "\u00b2", "-1", "1.5", "9" * 19, "abc"):
        assert not re.fullmatch(pattern.strip("^$"), bad)
        r = milan.get("/api/v1/customers/changes", params={"after": bad})
        assert r.status_code == 400, (bad, r.text)
        assert r.json()["error"]["code"] == "bad_cursor"
    page = op["responses"]["200"]["content"]["application/json"]["schema"]
    assert page["$ref"].endswith("/ChangesPage")


# ---------------------------------------------------------- exact body types
def test_booleans_are_booleans(hq, admin: Api, milan: Api):
    r = admin.patch("/api/v1/admin/stores/STOCKHOLM", json={"async_customer_addresses": 0})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["fields"][0]["field"] == "async_customer_addresses"
    assert hq.admin.store("STOCKHOLM")["async_customer_addresses"] is False
    customer = new_customer(contacts=[{"kind": "email", "value": "a@example.com",
                                       "is_primary": "yes"}])
    r = milan.create(customer)
    assert r.status_code == 422
    assert r.json()["error"]["fields"][0]["field"] == "contacts.0.is_primary"


def test_exact_types_still_need_a_token_first(hq):
    r = requests.post(f"{hq.url}/api/v1/customers", json={"customer_id": 5}, timeout=10)
    assert r.status_code == 401


# ------------------------------------------------------- statuses, schemes
def test_every_operation_documents_its_errors(document):
    schemes = document["components"]["securitySchemes"]
    assert schemes["DeviceToken"] == {**schemes["DeviceToken"], "type": "http",
                                      "scheme": "bearer"}
    assert schemes["AdminToken"]["scheme"] == "bearer"
    error_ref = "#/components/schemas/ErrorBody"
    for path, item in document["paths"].items():
        for method, op in item.items():
            responses = op["responses"]
            security = {name for req in op.get("security", []) for name in req}
            expected = {"503"}
            if path.startswith("/api/v1/admin/"):
                assert security == {"AdminToken"}, path
                expected |= {"401", "403"}
            elif path.startswith("/api/v1/") and path != "/api/v1/devices/activate":
                assert security == {"DeviceToken"}, path
                expected.add("401")
            if "requestBody" in op:
                expected |= {"400", "413", "422"}
            if "{" in path:
                expected.add("404")
            assert expected <= set(responses), (method, path, expected - set(responses))
            for status, response in responses.items():
                if int(status) >= 400:
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": error_ref}, (method, path, status)
    assert "HTTPValidationError" not in str(document)


def test_error_body_schema_matches_a_real_error(milan: Api, document):
    body = document["components"]["schemas"]["ErrorBody"]
    detail = document["components"]["schemas"]["ErrorDetail"]
    assert body["required"] == ["error"]
    assert set(detail["required"]) == {"code", "message"}
    r = milan.post("/api/v1/customers", json={"customer_id": "x"},
                   headers={"Idempotency-Key": "x"})
    err = r.json()["error"]
    assert r.status_code == 422 and set(err) == {"code", "message", "fields"}
    assert set(err["fields"][0]) == {"field", "message"}
