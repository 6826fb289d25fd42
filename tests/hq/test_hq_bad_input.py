"""Bad input is answered with the contract's JSON errors and the server keeps serving."""

from __future__ import annotations

import json
import time
import uuid

import pytest
import requests

from tests.hq.helpers import new_customer


@pytest.fixture(autouse=True)
def _still_serving(hq, milan):
    yield
    assert requests.get(f"{hq.url}/health", timeout=5).json() == {"status": "ok"}
    assert milan.get("/api/v1/store").status_code == 200


def _error(r: requests.Response, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"])
    assert "Traceback" not in r.text and 'File "' not in r.text
    if code:
        assert body["error"]["code"] == code
    return body["error"]


@pytest.mark.parametrize("path", ["/api/v1/customers", "/api/v1/async-customers",
                                  "/api/v1/async-addresses", "/api/v1/devices/activate"])
@pytest.mark.parametrize("payload", [b"{", b"{\"customers\": [", b"\xff\xfe\x00",
                                     b"nul", b"{\"a\": 1,}"])
def test_malformed_json(milan, path, payload):
    r = milan.post(path, data=payload, headers={"Content-Type": "application/json"})
    _error(r, 400, "malformed_json")


@pytest.mark.parametrize("body,fields", [
    ({"customer_id": "not-a-uuid"}, {"customer_id"}),
    ({"first_name": "x"}, {"customer_id"}),
    ({"customer_id": str(uuid.uuid4()), "first_name": 5, "customer_type": "alien",
      "addresses": "home", "attributes": [1]},
     {"first_name", "customer_type", "addresses", "attributes"}),
    ({"customer_id": str(uuid.uuid4()), "contacts": [{"kind": "fax", "value": "1"}],
      "addresses": [{"is_primary": "perhaps"}]},
     {"contacts.0.kind", "addresses.0.is_primary"}),
])
def test_wrong_types_name_each_field(milan, body, fields):
    err = _error(milan.post("/api/v1/customers", json=body), 422, "validation_error")
    assert {f["field"] for f in err["fields"]} >= fields
    for f in fields:
        assert f in err["message"]


@pytest.mark.parametrize("body", [[], "text", 42, None])
def test_non_object_bodies(milan, body):
    _error(milan.post("/api/v1/customers", json=body), 422, "validation_error")
    _error(milan.post("/api/v1/async-customers", json=body), 422, "validation_error")


def test_ten_megabyte_body_is_413(milan):
    big = b'{"customers": ["' + b"x" * (10 * 1024 * 1024) + b'"]}'
    r = milan.post("/api/v1/async-customers", data=big,
                   headers={"Content-Type": "application/json"})
    _error(r, 413, "payload_too_large")


def test_chunked_body_over_the_limit_is_413(milan):
    def chunks():
        for _ in range(40):
            yield b"x" * 65536

    r = milan.post("/api/v1/async-customers", data=chunks(),
                   headers={"Content-Type": "application/json"})
    _error(r, 413, "payload_too_large")


def test_just_under_the_limit_is_parsed(milan):
    filler = "y" * (1024 * 1024 - 200)
    r = milan.post("/api/v1/async-customers", json={"customers": [], "pad": filler})
    assert r.status_code == 200


def test_huge_strings_are_refused(milan):
    c = new_customer(first_name="A" * 100_000, email="e" * 300 + "@example.com")
    err = _error(milan.create(c), 422, "validation_error")
    assert {"first_name", "email"} <= {f["field"] for f in err["fields"]}
    # Error messages never echo the (possibly personal) input back.
    assert "AAAAAAAAAA" not in json.dumps(err)
    res = milan.upload(c)
    assert res["accepted"] == [] and "first_name" in res["rejected"][0]["error"]


def test_unknown_fields_are_ignored_not_stored(milan):
    c = new_customer(display_account="Pending sync", favourite_colour="blue",
                     addresses=[{"street": "Via Roma 2", "city": "Milano", "floor": 3}])
    r = milan.create(c)
    assert r.status_code == 201
    body = r.json()
    assert "favourite_colour" not in body and "display_account" not in body
    assert "floor" not in body["addresses"][0]


def test_unknown_store_flag_is_422(admin):
    _error(admin.patch("/api/v1/admin/stores/MILAN", json={"make_coffee": True}), 422)
    _error(admin.patch("/api/v1/admin/stores/MILAN", json={"create_customer_async": "maybe"}),
           422)


def test_batch_over_500_is_422(milan):
    batch = [{"customer_id": str(uuid.uuid4())} for _ in range(501)]
    err = _error(milan.post("/api/v1/async-customers", json={"customers": batch}), 422)
    assert "customers" in err["message"]


def test_bad_records_in_a_batch_do_not_fail_the_batch(milan):
    good = new_customer()
    res = milan.upload(good, {"customer_id": 7}, "not an object", {"first_name": "x"},
                       {"customer_id": str(uuid.uuid4()), "addresses": 5})
    assert res["accepted"] == [good["customer_id"]]
    assert len(res["rejected"]) == 4
    assert all(r["error"] for r in res["rejected"])


def test_404_405_and_bad_query_parameters(milan, hq):
    _error(requests.get(f"{hq.url}/nowhere", timeout=5), 404, "not_found")
    _error(requests.put(f"{hq.url}/health", timeout=5), 405, "method_not_allowed")
    _error(milan.request("DELETE", "/api/v1/customers/C0000001"), 405)
    _error(milan.get("/api/v1/customers/changes", params={"limit": "many"}), 422)
    _error(milan.get("/api/v1/customers/changes", params={"limit": 0}), 422)
    _error(milan.get("/api/v1/customers"), 422)
    _error(milan.patch("/api/v1/customers/C0000001", json={}, headers={"If-Match": "soon"}),
           400)
    _error(milan.get(f"/api/v1/customers/{'9' * 5000}"), 404)


def test_log_lines_have_no_tokens_or_personal_data(milan, hq):
    c = new_customer(first_name="Zebedeo", email="zebedeo.secret@example.com")
    milan.create(c)
    milan.get("/api/v1/customers", params={"q": "Zebedeo"})
    deadline = time.monotonic() + 5  # the line is written just after the response
    while True:
        log = hq.stderr_tail(200_000)
        if "GET /api/v1/customers 200" in log or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert "GET /api/v1/customers 200" in log
    assert "POST /api/v1/customers 201" in log
    assert "Zebedeo" not in log and "zebedeo.secret" not in log
    assert milan.token not in log and "test-admin-token" not in log
    assert "Traceback" not in log
