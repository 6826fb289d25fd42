"""Issue 10, HQ side: one bad record never stops anything else, and HQ cannot be talked
into serving what a terminal cannot read, handing one store's customer to another, or
trusting a forged client address. Every test runs against a real HQ on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
import requests

from hq_stub import feed
from hq_stub.db import Database, customers, iso, staged_customers, utcnow
from hq_stub.process import HQProcess
from tests.hq.helpers import ADMIN_TOKEN, Api, activate, new_customer

REVOKED = "this terminal was deactivated: activate it again"


def strict(r: requests.Response) -> Any:
    """The body, read as a terminal reads it (orjson: no NaN, no lone surrogates)."""
    assert "Traceback" not in r.text
    return orjson.loads(r.content)


def error(r: requests.Response, status: int, code: str | None = None) -> dict[str, Any]:
    assert r.status_code == status, r.text[:500]
    body = strict(r)
    assert set(body) == {"error"}
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]


def fields(err: dict[str, Any]) -> set[str]:
    return {f["field"] for f in err.get("fields", [])}


def raw_post(api: Api, path: str, text: str, **headers: str) -> requests.Response:
    """POST a body written by hand (NaN, 1e400, "\\ud800" are not what json= sends)."""
    return api.post(path, data=text.encode(), headers={"Content-Type": "application/json",
                                                       **headers})


def body_text(value: Any) -> str:
    return json.dumps(value)  # allow_nan: NaN/Infinity literals; surrogates escaped


def all_changes_strict(api: Api) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    after = None
    while True:
        params: dict[str, Any] = {"limit": 1000, **({"after": after} if after else {})}
        r = api.get("/api/v1/customers/changes", params=params)
        assert r.status_code == 200, r.text[:300]
        page = strict(r)
        out.extend(page["changes"])
        after = page["next"]
        if not page["has_more"]:
            return out


# ------------------------------------------------------------------ defect 1: numbers
BAD_NUMBERS = ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1" + "0" * 400,
               str(2**53 + 1), "9007199254740993.5"]


@pytest.mark.parametrize("literal", BAD_NUMBERS)
def test_number_attribute_must_be_finite_and_within_2_53_realtime(milan, literal):
    c = new_customer()
    text = body_text({**c, "attributes": {"segment": "gold", "shoe_size": "@@N@@"}})
    r = raw_post(milan, "/api/v1/customers", text.replace('"@@N@@"', literal),
                 **{"Idempotency-Key": c["customer_id"]})
    err = error(r, 422, "validation_error")
    assert "attributes.shoe_size" in fields(err)
    # Nothing was committed, so nothing answers 500 later either.
    error(milan.get(f"/api/v1/customers/{c['customer_id']}"), 404)


def test_number_attribute_limits_are_the_terminals(milan):
    for value in (2**53, -(2**53), 42.5, 0):
        c = new_customer(attributes={"segment": "gold", "shoe_size": value})
        r = milan.create(c)
        assert r.status_code == 201, r.text
        assert strict(r)["attributes"]["shoe_size"] == value


def test_bad_number_in_an_upload_rejects_that_record_only(milan, admin):
    good, good2 = new_customer(), new_customer()
    bad = {cid: new_customer(customer_id=cid) for cid in (str(uuid.uuid4()) for _ in range(3))}
    literals = dict(zip(bad, ["NaN", "1e400", "1" + "0" * 400], strict=True))
    parts = []
    for c in [good, *bad.values(), good2]:
        if c["customer_id"] in literals:
            t = body_text({**c, "attributes": {"segment": "gold", "shoe_size": "@@N@@"}})
            parts.append(t.replace('"@@N@@"', literals[c["customer_id"]]))
        else:
            parts.append(body_text(c))
    r = raw_post(milan, "/api/v1/async-customers", '{"customers": [' + ",".join(parts) + "]}")
    assert r.status_code == 200, r.text[:300]
    res = strict(r)
    assert sorted(res["accepted"]) == sorted([good["customer_id"], good2["customer_id"]])
    assert {x["customer_id"] for x in res["rejected"]} == set(bad)
    assert all("attributes.shoe_size" in x["error"] for x in res["rejected"])
    strict(admin.post("/api/v1/admin/jobs/async-to-sync"))
    for c in (good, good2):
        assert milan.status(c["customer_id"])["state"] == "converted"
    for cid in bad:
        status = milan.status(cid)
        assert status["state"] == "rejected" and "attributes.shoe_size" in status["error"]
        strict(admin.get(f"/api/v1/admin/async-customers/{cid}"))
    all_changes_strict(milan)


# A private HQ whose database the tests below damage on purpose.
@pytest.fixture(scope="module")
def private_hq(tmp_path_factory) -> Iterator[HQProcess]:
    db = tmp_path_factory.mktemp("hq-private") / "hq.db"
    with HQProcess(db, demo=True, admin_token=ADMIN_TOKEN, job_interval=0) as proc:
        yield proc


def plant(hq: HQProcess, store_id: str, doc_text: str, *, customer_id: str | None = None,
          account: str | None = None) -> tuple[str, str]:
    """Write a customer row straight into HQ's database, bypassing every check (what an
    older HQ or a damaged disk may leave behind)."""
    customer_id = customer_id or str(uuid.uuid4())
    account = account or f"X{uuid.uuid4().hex[:10]}"
    db = Database(hq.db)
    try:
        with db.write() as conn:
            now = utcnow()
            conn.execute(customers.insert().values(
                customer_id=customer_id, account_number=account, store_id=store_id,
                version=1, feed_seq=feed.allocate(conn, store_id)[0], search_text=" poisoned ",
                phone_digits="", sort_name="poisoned", origin="planted", doc=doc_text,
                created_at=now, updated_at=now))
    finally:
        db.dispose()
    return customer_id, account


def poisoned_docs() -> dict[str, str]:
    base = {"customer_id": "", "account_number": "", "customer_type": "person",
            "first_name": "Poison", "last_name": "Pill", "store_id": "MILAN", "version": 1,
            "attributes": {"segment": "gold", "shoe_size": "@@N@@"}, "addresses": [],
            "contacts": [], "created_at": iso(utcnow()), "updated_at": iso(utcnow())}
    text = body_text(base)
    return {
        "nan": text.replace('"@@N@@"', "NaN"),
        "inf": text.replace('"@@N@@"', "1e400"),
        "bigint": text.replace('"@@N@@"', "1" + "0" * 400),
        "surrogate": body_text({**base, "first_name": "\ud800"}),
        "truncated": text[:40],
        "not an object": "[1, 2, 3]",
    }


def test_a_poisoned_stored_customer_never_breaks_the_feed(private_hq):
    milan = activate(private_hq, "MILAN")
    before = all_changes_strict(milan)
    planted = {name: plant(private_hq, "MILAN", text)
               for name, text in poisoned_docs().items()}
    good = new_customer()
    assert milan.create(good).status_code == 201  # committed after the poison
    changes = all_changes_strict(milan)  # strict JSON, every page, no 500
    by_id = {c["customer_id"]: c for c in changes}
    # Every other customer still arrives, including the one written after the poison.
    assert {c["customer_id"] for c in before} <= set(by_id)
    assert good["customer_id"] in by_id
    for name, (cid, account) in planted.items():
        record = by_id[cid]
        assert record["state"] == "damaged", name
        assert record["account_number"] == account
        assert record["damaged"]["code"] == "damaged_record"
        assert isinstance(record["damaged"]["raw"], str)
        # Single reads are a clear 409, never a 500 or a body that is not JSON.
        error(milan.get(f"/api/v1/customers/{account}"), 409, "damaged_record")
    assert strict(milan.get("/api/v1/customers", params={"q": "poisoned"}))["results"] == []
    log = private_hq.stderr_tail(400_000)
    assert "served as a damaged record" in log and "Traceback" not in log


def test_a_poisoned_staged_record_is_rejected_alone_by_the_job(private_hq):
    milan = activate(private_hq, "MILAN")
    admin = Api(private_hq.url, ADMIN_TOKEN)
    good = new_customer()
    milan.upload(good)
    bad_id = str(uuid.uuid4())
    db = Database(private_hq.db)
    try:
        with db.write() as conn:  # what an older HQ stored: raw JSON with NaN
            conn.execute(staged_customers.insert().values(
                customer_id=bad_id, store_id="MILAN", state="staged", account_number=None,
                error=None, attempts=0, received_at=utcnow(), updated_at=utcnow(),
                data=body_text({**new_customer(customer_id=bad_id),
                                "attributes": {"segment": "gold",
                                               "shoe_size": float("nan")}})))
    finally:
        db.dispose()
    strict(admin.post("/api/v1/admin/jobs/async-to-sync"))
    assert milan.status(good["customer_id"])["state"] == "converted"
    status = milan.status(bad_id)
    assert status["state"] == "rejected" and status["error"]
    shown = strict(admin.get(f"/api/v1/admin/async-customers/{bad_id}"))
    assert shown["state"] == "rejected"
    all_changes_strict(milan)


# --------------------------------------------- defect 2: another store's customer_id
def test_another_store_cannot_take_over_a_staged_customer(milan, stockholm, admin):
    secret = f"Segreto{uuid.uuid4().hex[:6]}"
    c = new_customer(first_name=secret)
    assert milan.upload(c)["accepted"] == [c["customer_id"]]
    # Store B, real time, same customer_id, its own (valid) data.
    theirs = new_customer(customer_id=c["customer_id"], first_name="Intruso",
                          currency="SEK", language="sv", phone="+46 8 123 456 78",
                          addresses=[{"street": "Drottninggatan 1", "city": "Stockholm",
                                      "country": "SE"}])
    err = error(stockholm.create(theirs), 409, "conflict")
    assert secret not in json.dumps(err) and "MILAN" not in json.dumps(err)
    # ... nor by upload, status or an async address.
    res = stockholm.upload(theirs)
    assert res["accepted"] == [] and res["rejected"][0]["customer_id"] == c["customer_id"]
    error(stockholm.get(f"/api/v1/async-customers/{c['customer_id']}"), 404)
    addr = stockholm.post("/api/v1/async-addresses", json={"addresses": [{
        "customer_id": c["customer_id"], "address_id": str(uuid.uuid4()),
        "street": "Kungsgatan 2", "city": "Stockholm", "country": "SE"}]})
    assert strict(addr)["accepted"] == []
    # Store A's record is untouched and becomes store A's customer with A's data.
    assert milan.status(c["customer_id"])["state"] == "staged"
    strict(admin.post("/api/v1/admin/jobs/async-to-sync"))
    status = milan.status(c["customer_id"])
    assert status["state"] == "converted"
    got = strict(milan.get(f"/api/v1/customers/{status['account_number']}"))
    assert got["store_id"] == "MILAN" and got["first_name"] == secret


def test_another_stores_realtime_customer_is_a_conflict_that_leaks_nothing(milan, stockholm):
    c = new_customer(first_name="Riservata")
    assert milan.create(c).status_code == 201
    theirs = new_customer(customer_id=c["customer_id"], currency="SEK", language="sv")
    err = error(stockholm.create(theirs), 409, "conflict")
    assert "Riservata" not in json.dumps(err)
    assert stockholm.upload(theirs)["accepted"] == []


# --------------------------------------------- defect 5: invalid Unicode, deep nesting
def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_lone_surrogates_and_deep_nesting_in_a_batch(milan, admin):
    good, good2 = new_customer(), new_customer()
    surrogate_name = new_customer(first_name="Ann\ud800a")
    surrogate_attr = new_customer(attributes={"segment": "gold", "notes": "x\udfff"})
    surrogate_key = new_customer(attributes={"segment": "gold", "\ud800": 1})
    parts = [body_text(good), body_text(surrogate_name), body_text(surrogate_attr),
             body_text(surrogate_key),
             body_text({"customer_id": "\ud800", "first_name": "x"}),
             body_text(good2)[:-1] + ', "extra": ' + nested(900) + "}"]
    r = raw_post(milan, "/api/v1/async-customers", '{"customers": [' + ",".join(parts) + "]}")
    assert r.status_code == 200, r.text[:300]
    res = strict(r)
    assert sorted(res["accepted"]) == sorted([good["customer_id"], good2["customer_id"]])
    rejected = {x["customer_id"]: x["error"] for x in res["rejected"]}
    assert "first_name" in rejected[surrogate_name["customer_id"]]
    assert "attributes.notes" in rejected[surrogate_attr["customer_id"]]
    assert "attributes" in rejected[surrogate_key["customer_id"]]
    assert rejected[None] == "customer_id: a UUID is required"  # the bad id is not echoed
    for cid in (surrogate_name["customer_id"], surrogate_attr["customer_id"]):
        shown = strict(admin.get(f"/api/v1/admin/async-customers/{cid}"))
        assert shown["state"] == "rejected"
    # What the upload accepted, the job converts: one validator for both.
    strict(admin.post("/api/v1/admin/jobs/async-to-sync"))
    for c in (good, good2):
        assert milan.status(c["customer_id"])["state"] == "converted", c["customer_id"]
    all_changes_strict(milan)


def test_lone_surrogate_in_a_realtime_create_is_422_naming_the_field(milan):
    for patch, field in (({"first_name": "\ud800"}, "first_name"),
                         ({"addresses": [{"street": "Via \udc00", "city": "Milano"}]},
                          "addresses.0.street"),
                         ({"attributes": {"segment": "gold", "\ud800x": 1}}, "attributes")):
        c = new_customer(**patch)
        r = raw_post(milan, "/api/v1/customers", body_text(c),
                     **{"Idempotency-Key": c["customer_id"]})
        assert field in fields(error(r, 422, "validation_error"))


# ------------------------------------------------------- defect 6: device revocation
def test_activating_a_terminal_again_revokes_its_older_token(hq):
    terminal = f"T-{uuid.uuid4().hex[:8]}"
    old = activate(hq, "MILAN", terminal)
    assert old.get("/api/v1/store").status_code == 200  # cached now
    new = activate(hq, "MILAN", terminal)
    err = error(old.get("/api/v1/store"), 401, "device_revoked")
    assert err["message"] == REVOKED
    assert new.get("/api/v1/store").status_code == 200
    other = activate(hq, "MILAN")  # another terminal of the store keeps working
    assert other.get("/api/v1/store").status_code == 200


def test_revoke_device_command_takes_effect_at_once(hq):
    terminal = f"T-{uuid.uuid4().hex[:8]}"
    dev = activate(hq, "MILAN", terminal)
    assert dev.get("/api/v1/customers/changes", params={"limit": 1}).status_code == 200
    cmd = [sys.executable, "-m", "hq_stub", "admin", "--url", hq.url, "--admin-token",
           ADMIN_TOKEN, "revoke-device", "MILAN", terminal]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["revoked"] == 1
    for path in ("/api/v1/store", "/api/v1/customers/changes"):
        assert error(dev.get(path), 401, "device_revoked")["message"] == REVOKED
    # A terminal that was never activated is one clear line, exit 1.
    out = subprocess.run(cmd[:-1] + ["NO-SUCH-TERMINAL"], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 1 and out.stderr.count("\n") == 1 and "404" in out.stderr
    # Activating again brings the terminal back.
    assert activate(hq, "MILAN", terminal).get("/api/v1/store").status_code == 200


def test_revoke_device_admin_api(hq, admin, milan):
    terminal = f"T-{uuid.uuid4().hex[:8]}"
    dev = activate(hq, "MILAN", terminal)
    body = {"store_id": "MILAN", "terminal_id": terminal}
    error(milan.post("/api/v1/admin/devices/revoke", json=body), 403)
    r = admin.post("/api/v1/admin/devices/revoke", json=body)
    assert r.status_code == 200 and strict(r)["revoked"] == 1
    error(dev.get("/api/v1/store"), 401, "device_revoked")
    error(admin.post("/api/v1/admin/devices/revoke",
                     json={"store_id": "NOWHERE", "terminal_id": terminal}), 404)


# ------------------------------------------------------------------ defect 7 (HQ bits)
def test_same_idempotency_key_with_another_body_is_409(milan):
    c = new_customer()
    first = milan.create(c)
    assert first.status_code == 201
    assert milan.create(c).json()["account_number"] == first.json()["account_number"]
    for change in ({"first_name": "Altro"}, {"attributes": {"segment": "silver"}},
                   {"addresses": []}):
        err = error(milan.create({**c, **change}), 409, "idempotency_conflict")
        assert "Altro" not in err["message"]
    assert milan.get(f"/api/v1/customers/{c['customer_id']}").json()["first_name"] == \
        c["first_name"]


def _failing_activations(url: str, n: int, forwarded: bool) -> list[int]:
    codes = []
    for i in range(n):
        headers = {"X-Forwarded-For": f"203.0.113.{i + 1}"} if forwarded else {}
        r = requests.post(f"{url}/api/v1/devices/activate", headers=headers, timeout=10,
                          json={"activation_code": "WRONG-CODE", "terminal_id": "T1"})
        codes.append(r.status_code)
    return codes


def test_rotating_x_forwarded_for_does_not_bypass_the_activation_rate_limit(tmp_path):
    env = {"HQ_ACTIVATION_MAX_FAILURES": "3"}
    with HQProcess(tmp_path / "a.db", env=env) as proc:
        assert _failing_activations(proc.url, 5, forwarded=True) == [401, 401, 401, 429, 429]
    # Behind a named proxy the header is the client's address (each one is new).
    with HQProcess(tmp_path / "b.db", env=env,
                   extra_args=["--forwarded-allow-ips", "127.0.0.1"]) as proc:
        assert _failing_activations(proc.url, 5, forwarded=True) == [401] * 5


BAD_TEXT = {"NUL": "Nu\x00ll", "ANSI": "\x1b[31mRed", "BEL": "Bell\x07",
            "RLO": "Evil\u202egnp.exe", "LRI": "Iso\u2066late", "DEL": "De\x7fl",
            "C1": "Ctl\x85end", "trailing C1": "Ctl\x85", "tab": "Tab\tbed",
            "newline": "Two\nlines"}


@pytest.mark.parametrize("kind", sorted(BAD_TEXT))
@pytest.mark.parametrize("field", ["first_name", "last_name", "middle_name", "email",
                                   "addresses.0.city", "addresses.0.contact_name",
                                   "attributes.notes", "contacts.0.value"])
def test_text_fields_refuse_control_and_bidi_characters(milan, field, kind):
    value = BAD_TEXT[kind]
    c = new_customer()
    if field.startswith("addresses."):
        c["addresses"][0][field.split(".")[2]] = value
    elif field == "attributes.notes":
        c["attributes"]["notes"] = value
    elif field == "contacts.0.value":
        c["contacts"] = [{"kind": "phone", "value": value, "is_primary": False}]
    else:
        c[field] = value
    err = error(milan.create(c), 422, "validation_error")
    assert field in fields(err)
    res = milan.upload(c)
    assert res["accepted"] == [] and field in res["rejected"][0]["error"]


def test_a_street_may_span_lines_but_not_carry_controls(milan):
    c = new_customer(addresses=[{"street": "Via Roma 1\nScala B\tint. 4", "city": "Milano"}])
    r = milan.create(c)
    assert r.status_code == 201, r.text
    assert strict(r)["addresses"][0]["street"] == "Via Roma 1\nScala B\tint. 4"
    c = new_customer(addresses=[{"street": "Via Roma\r\x1b[2J", "city": "Milano"}])
    assert "addresses.0.street" in fields(error(milan.create(c), 422))


@pytest.mark.parametrize("field,value", [("customer_type", "alien"),
                                         ("receipt_option", "carrier-pigeon"),
                                         ("addresses.0.purpose", "bunker"),
                                         ("contacts.0.kind", "fax")])
def test_unknown_enum_values_are_field_errors_on_every_path(milan, field, value):
    c = new_customer()
    if field == "addresses.0.purpose":
        c["addresses"][0]["purpose"] = value
    elif field == "contacts.0.kind":
        c["contacts"] = [{"kind": value, "value": "+39 02 1234 5678"}]
    else:
        c[field] = value
    assert field in fields(error(milan.create(c), 422, "validation_error"))
    res = milan.upload(c)
    assert res["accepted"] == [] and field in res["rejected"][0]["error"]
    if field in ("customer_type", "receipt_option"):
        created = milan.create(new_customer()).json()
        r = milan.patch(f"/api/v1/customers/{created['account_number']}",
                        json={field: value}, headers={"If-Match": str(created["version"])})
        assert field in fields(error(r, 422, "validation_error"))


def test_an_unknown_token_is_still_plain_unauthorized(hq):
    err = error(Api(hq.url, "no-such-token").get("/api/v1/store"), 401, "unauthorized")
    assert err["message"] != REVOKED


def test_migration_0002_keeps_the_tokens_of_activated_terminals(db_url):
    """Upgrading an HQ database with activated terminals revokes nothing."""
    from sqlalchemy import select

    from hq_stub.db import devices
    from hq_stub.migrations import upgrade

    db = Database(db_url)
    try:
        upgrade(db, "0001")
        with db.write() as conn:
            conn.exec_driver_sql(
                "INSERT INTO devices (token_hash, store_id, terminal_id, created_at) "
                "VALUES ('h1', 'MILAN', 'T1', CURRENT_TIMESTAMP)")
        db.migrate()
        with db.read() as conn:
            rows = conn.execute(select(devices.c.token_hash, devices.c.revoked_at)).all()
        assert [(r.token_hash, r.revoked_at) for r in rows] == [("h1", None)]
    finally:
        db.dispose()


def test_terminal_and_store_ids_refuse_control_characters(hq, admin):
    for body in ({"store_id": "MILAN", "terminal_id": "T\x1b[2J1"},
                 {"store_id": "MIL\u202eAN", "terminal_id": "T1"}):
        err = error(admin.post("/api/v1/admin/activation-codes", json=body), 422)
        assert fields(err) & {"store_id", "terminal_id"}
    r = requests.post(f"{hq.url}/api/v1/devices/activate", timeout=10,
                      json={"activation_code": "ABCD-EFGH-JKLM", "terminal_id": "T\x00"})
    assert "terminal_id" in fields(error(r, 422))
    assert "\x1b[2J" not in hq.stderr_tail(400_000)


def test_the_job_never_hands_a_store_another_stores_customer(private_hq):
    """A staged record whose id meanwhile became another store's customer (a race of two
    stores' terminals, or data from an older HQ) is rejected, not converted to it."""
    milan = activate(private_hq, "MILAN")
    stockholm = activate(private_hq, "STOCKHOLM")
    admin = Api(private_hq.url, ADMIN_TOKEN)
    theirs = new_customer(first_name="Sven", currency="SEK", language="sv")
    created = stockholm.create(theirs)
    assert created.status_code == 201, created.text
    db = Database(private_hq.db)
    try:  # Milan's copy staged as a concurrent upload would have left it
        with db.write() as conn:
            conn.execute(staged_customers.insert().values(
                customer_id=theirs["customer_id"], store_id="MILAN", state="staged",
                account_number=None, error=None, attempts=0, received_at=utcnow(),
                updated_at=utcnow(),
                data=json.dumps({**new_customer(customer_id=theirs["customer_id"]),
                                 "store_id": "MILAN"})))
    finally:
        db.dispose()
    strict(admin.post("/api/v1/admin/jobs/async-to-sync"))
    status = milan.status(theirs["customer_id"])
    assert status["state"] == "rejected" and "another store" in status["error"]
    assert "account_number" not in status  # Stockholm's number is not handed out
    assert created.json()["account_number"] not in json.dumps(status)


def test_an_address_for_a_damaged_customer_is_refused_alone(private_hq):
    milan = activate(private_hq, "MILAN")
    admin = Api(private_hq.url, ADMIN_TOKEN)
    good = strict(milan.create(new_customer()))
    bad_id, _ = plant(private_hq, "MILAN", poisoned_docs()["truncated"])
    addresses = [{"customer_id": cid, "address_id": str(uuid.uuid4()), "street": street,
                  "city": "Milano", "country": "IT"}
                 for cid, street in ((bad_id, "Via Rotta 1"), (good["customer_id"],
                                                              "Via Buona 2"))]
    res = strict(milan.post("/api/v1/async-addresses", json={"addresses": addresses}))
    assert sorted(res["accepted"]) == sorted(a["address_id"] for a in addresses)
    job = strict(admin.post("/api/v1/admin/jobs/async-to-sync"))
    assert job["addresses_applied"] == 1 and job["addresses_rejected"] == 1
    after = strict(milan.get(f"/api/v1/customers/{good['account_number']}"))
    assert "Via Buona 2" in [a["street"] for a in after["addresses"]]
    all_changes_strict(milan)
