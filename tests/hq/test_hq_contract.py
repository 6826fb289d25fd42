"""Contract tests: every endpoint of HQ_API.md over real HTTP."""

from __future__ import annotations

import hashlib
import uuid

import requests

from tests.hq.helpers import new_customer


def test_health_and_openapi(hq):
    r = requests.get(f"{hq.url}/health", timeout=5)
    assert r.status_code == 200 and r.json() == {"status": "ok"}
    doc = requests.get(f"{hq.url}/openapi.json", timeout=5).json()
    for path in ("/api/v1/devices/activate", "/api/v1/store", "/api/v1/customers",
                 "/api/v1/customers/{key}", "/api/v1/customers/changes",
                 "/api/v1/customers/{key}/loyalty-cards", "/api/v1/async-customers",
                 "/api/v1/async-customers/{customer_id}", "/api/v1/async-addresses",
                 "/api/v1/admin/stores", "/api/v1/admin/stores/{store_id}",
                 "/api/v1/admin/activation-codes", "/api/v1/admin/jobs/async-to-sync"):
        assert path in doc["paths"], path


def test_ready_file_codes_activate_demo_terminals(hq):
    stores = {c["store_id"] for c in hq.activation_codes}
    assert {"MILAN", "STOCKHOLM", "PARIS", "TALLINN"} <= stores
    code = hq.activation_code("TALLINN")
    r = requests.post(f"{hq.url}/api/v1/devices/activate",
                      json={"activation_code": code, "terminal_id": "T1"}, timeout=5)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["store_id"] == "TALLINN" and body["terminal_id"] == "T1"
    assert len(body["device_token"]) >= 22  # >= 128 bits, url-safe base64


def test_store_configuration(milan):
    r = milan.get("/api/v1/store")
    assert r.status_code == 200
    s = r.json()
    assert (s["store_id"], s["currency"], s["language"], s["country"]) == \
        ("MILAN", "EUR", "it", "IT")
    assert s["operating_unit_address"]["country"] == "IT"
    assert set(s["functionality_profile"]) == {"create_customer_async"}
    assert set(s["channel_db_group"]) == {"filter_shared_customer_data_tables"}
    assert set(s["features"]) == {"multiple_contacts_and_consent", "enhanced_async_customers",
                                  "async_customer_addresses", "async_customer_edits"}
    assert s["default_customer"]["account_number"]
    assert s["default_customer"]["customer_group"] in {g["id"] for g in s["customer_groups"]}
    assert all(g["financial_dimensions"] for g in s["customer_groups"])
    assert s["address_purposes"] == ["home", "business", "office", "post_box"]
    assert s["titles"] == ["Sig.", "Sig.ra", "Dott.", "Dott.ssa"]  # in the store's language
    assert {g["name"] for g in s["customer_groups"]} >= {"Clienti al dettaglio"}
    assert {a["name"] for a in s["affiliations"]} >= {"Club fedeltà"}
    assert s["affiliations"]
    types = sorted(d["type"] for d in s["attribute_definitions"])
    assert types == ["boolean", "choice", "date", "number", "text"]
    assert sum(d["required"] for d in s["attribute_definitions"]) == 1
    assert isinstance(s["version"], int)


def test_operators_verify_with_pbkdf2(milan):
    ops = {o["operator_id"]: o for o in milan.get("/api/v1/store").json()["operators"]}
    for op_id, role, password in (("1001", "cashier", "1234"), ("2001", "manager", "5678")):
        op = ops[op_id]
        assert op["role"] == role and op["hash_algorithm"] == "pbkdf2_sha256"
        digest = hashlib.pbkdf2_hmac("sha256", password.encode(),
                                     bytes.fromhex(op["password_salt"]), op["iterations"])
        assert digest.hex() == op["password_hash"]
        wrong = hashlib.pbkdf2_hmac("sha256", b"0000", bytes.fromhex(op["password_salt"]),
                                    op["iterations"])
        assert wrong.hex() != op["password_hash"]


def test_realtime_create_get_and_defaults(milan):
    c = new_customer(customer_group=None, currency=None, language=None, receipt_option=None)
    r = milan.create(c)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["customer_id"] == c["customer_id"]
    assert body["account_number"].startswith("C")
    assert body["state"] == "synced" and body["version"] == 1 and body["store_id"] == "MILAN"
    # Defaults from the store's default customer; dimensions from its customer group.
    assert (body["customer_group"], body["currency"], body["language"],
            body["receipt_option"]) == ("RETAIL", "EUR", "it", "print")
    assert body["financial_dimensions"]["cost_center"] == "MIL-RET"
    assert body["affiliations"] == ["RETAIL_CLUB"]
    addr = body["addresses"][0]
    assert addr["purpose"] == "home" and addr["is_primary"] is True
    assert addr["contact_name"] == f"Giulia {c['last_name']}"
    assert addr["contact_phone"] == c["phone"]
    for field in ("first_name", "middle_name", "last_name", "organization_name", "title",
                  "email", "phone", "receipt_email", "attributes", "contacts",
                  "loyalty_cards", "created_at", "updated_at"):
        assert field in body
    assert body["created_at"].endswith("Z")

    got = milan.get(f"/api/v1/customers/{body['account_number']}")
    assert got.status_code == 200 and got.json() == body
    assert milan.get("/api/v1/customers/C9999999").status_code == 404


def test_organization_defaults_to_business_purpose_and_store_country(milan):
    c = new_customer(customer_type="organization", first_name=None, last_name=None,
                     organization_name="Rossi Moda S.r.l.",
                     addresses=[{"street": "Via Dante 3", "city": "Milano"}])
    body = milan.create(c).json()
    assert body["customer_type"] == "organization"
    assert body["addresses"][0]["purpose"] == "business"
    assert body["addresses"][0]["country"] == "IT"
    uuid.UUID(body["addresses"][0]["address_id"])


def test_create_validation_names_each_field(milan):
    c = new_customer(email="not-an-email", phone="12", customer_group="NOPE",
                     attributes={"shoe_size": "big"}, title="Sir")
    r = milan.create(c)
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "validation_error"
    fields = {f["field"] for f in err["fields"]}
    assert {"email", "phone", "customer_group", "attributes.shoe_size",
            "attributes.segment", "title"} <= fields
    for f in ("email", "phone", "customer_group", "attributes.segment"):
        assert f in err["message"]
    # Nothing was created.
    assert milan.get(f"/api/v1/customers/{c['customer_id']}").status_code == 404


def test_secondary_contacts_need_the_feature(milan, store_flags):
    contacts = [{"kind": "email", "value": "a@example.com", "is_primary": True},
                {"kind": "phone", "value": "+39 333 123 4567", "marketing_consent": True}]
    store_flags("MILAN", multiple_contacts_and_consent=False)
    r = milan.create(new_customer(contacts=contacts))
    assert r.status_code == 422 and "contacts" in r.json()["error"]["message"]
    store_flags("MILAN", multiple_contacts_and_consent=True)
    r = milan.create(new_customer(contacts=contacts))
    assert r.status_code == 201
    assert r.json()["contacts"][1]["marketing_consent"] is True


def test_patch_with_if_match(milan):
    body = milan.create(new_customer()).json()
    acct = body["account_number"]
    r = milan.patch(f"/api/v1/customers/{acct}", json={"middle_name": "Maria"})
    assert r.status_code == 428
    assert r.json()["error"]["code"] == "precondition_required"
    r = milan.patch(f"/api/v1/customers/{acct}", json={"middle_name": "Maria"},
                    headers={"If-Match": "1"})
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 2 and r.json()["middle_name"] == "Maria"
    assert r.json()["account_number"] == acct
    stale = milan.patch(f"/api/v1/customers/{acct}", json={"middle_name": "Anna"},
                        headers={"If-Match": "1"})
    assert stale.status_code == 412
    assert stale.json()["error"]["code"] == "version_conflict"
    assert milan.get(f"/api/v1/customers/{acct}").json()["middle_name"] == "Maria"
    # Address purposes are editable; bad values are 422 naming the field.
    addrs = r.json()["addresses"]
    addrs[0]["purpose"] = "office"
    r = milan.patch(f"/api/v1/customers/{acct}", json={"addresses": addrs},
                    headers={"If-Match": '"2"'})
    assert r.status_code == 200 and r.json()["addresses"][0]["purpose"] == "office"
    bad = milan.patch(f"/api/v1/customers/{acct}", json={"email": "x@"},
                      headers={"If-Match": "3"})
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["field"] == "email"
    assert milan.patch("/api/v1/customers/C9999999", json={},
                       headers={"If-Match": "1"}).status_code == 404


def test_search_across_stores(milan, stockholm):
    sth = stockholm.create(new_customer(
        first_name="Björn", last_name=f"Öberg{uuid.uuid4().hex[:6]}", phone="+46 70 123 45 67",
        currency="SEK", language="sv", addresses=[{"street": "Kungsgatan 1",
                                                   "city": "Stockholm"}])).json()
    assert sth["store_id"] == "STOCKHOLM"
    # From Milan, by name (accent-insensitive), account number, e-mail and phone digits.
    for q in (sth["last_name"], "bjorn " + sth["last_name"][:8], sth["account_number"],
              sth["email"].split("@")[0]):
        r = milan.get("/api/v1/customers", params={"q": q})
        assert r.status_code == 200, r.text
        assert sth["customer_id"] in {c["customer_id"] for c in r.json()["results"]}, q
    r = milan.get("/api/v1/customers", params={"q": "70 123 45 67", "limit": 200})
    assert sth["customer_id"] in {c["customer_id"] for c in r.json()["results"]}
    short = milan.get("/api/v1/customers", params={"q": "abc"})
    assert short.status_code == 422 and short.json()["error"]["code"] == "validation_error"
    limited = milan.get("/api/v1/customers", params={"q": "example.com", "limit": 3})
    assert len(limited.json()["results"]) == 3
    # The demo data is realistic and searchable.
    assert milan.get("/api/v1/customers", params={"q": "Rossi"}).json()["results"]


def test_loyalty_cards(milan, stockholm):
    body = milan.create(new_customer()).json()
    r = milan.post(f"/api/v1/customers/{body['account_number']}/loyalty-cards")
    assert r.status_code == 201, r.text
    card = r.json()["card_number"]
    got = milan.get(f"/api/v1/customers/{body['account_number']}").json()
    assert got["loyalty_cards"] == [card] and got["version"] == 2
    assert milan.get("/api/v1/customers", params={"q": card}).json()["results"][0][
        "customer_id"] == body["customer_id"]
    # Another store's customer: refused.
    r = stockholm.post(f"/api/v1/customers/{body['account_number']}/loyalty-cards")
    assert r.status_code == 403
    # A customer without an account number yet (staged async): refused.
    staged = new_customer()
    milan.upload(staged)
    r = milan.post(f"/api/v1/customers/{staged['customer_id']}/loyalty-cards")
    assert r.status_code == 409 and r.json()["error"]["code"] == "pending_sync"


def test_async_upload_job_status_and_feed(milan, hq):
    _, cursor = milan.all_changes()
    good, bad = new_customer(), new_customer(email="broken@", phone="not a phone")
    res = milan.upload(good, bad)
    assert sorted(res["accepted"]) == sorted([good["customer_id"], bad["customer_id"]])
    assert res["rejected"] == []
    assert milan.status(good["customer_id"])["state"] == "staged"
    assert "account_number" not in milan.status(good["customer_id"])

    job = hq.admin.run_job()
    assert job["converted"] >= 1 and job["rejected"] >= 1

    st = milan.status(good["customer_id"])
    assert st["state"] == "converted" and st["account_number"].startswith("C")
    rej = milan.status(bad["customer_id"])
    assert rej["state"] == "rejected"
    assert "email" in rej["error"] and "phone" in rej["error"]
    assert "account_number" not in rej

    changes, _ = milan.all_changes(cursor)
    ids = [c["customer_id"] for c in changes]
    assert good["customer_id"] in ids and bad["customer_id"] not in ids
    mine = next(c for c in changes if c["customer_id"] == good["customer_id"])
    assert mine["account_number"] == st["account_number"] and mine["state"] == "synced"
    # Rejected records are listed for the terminal too.
    listed = milan.get("/api/v1/async-customers", params={"state": "rejected"}).json()
    assert bad["customer_id"] in {c["customer_id"] for c in listed["customers"]}
    assert milan.get(f"/api/v1/async-customers/{uuid.uuid4()}").status_code == 404


def test_async_rules_without_enhanced_features(milan, hq, store_flags):
    store_flags("MILAN", enhanced_async_customers=False, async_customer_addresses=False)
    titled = new_customer(title="Dott.")  # one of Milan's titles: refused only for the feature
    two_addr = new_customer(addresses=[{"street": "A 1", "city": "Milano"},
                                       {"street": "B 2", "city": "Milano"}])
    plain = new_customer()
    milan.upload(titled, two_addr, plain)
    hq.admin.run_job()
    assert "title" in milan.status(titled["customer_id"])["error"]
    assert "addresses" in milan.status(two_addr["customer_id"])["error"]
    assert milan.status(plain["customer_id"])["state"] == "converted"
    acct = milan.status(plain["customer_id"])["account_number"]
    # No affiliations inherited from the default customer for async customers.
    assert milan.get(f"/api/v1/customers/{acct}").json()["affiliations"] == []


def test_async_addresses(milan, hq, store_flags):
    store_flags("MILAN", async_customer_addresses=True)
    body = milan.create(new_customer()).json()
    staged = new_customer()
    milan.upload(staged)
    a1 = {"customer_id": body["customer_id"], "address_id": str(uuid.uuid4()),
          "purpose": "office", "street": "Corso Como 5", "city": "Milano"}
    a2 = {"customer_id": staged["customer_id"], "address_id": str(uuid.uuid4()),
          "street": "Via Padova 9", "city": "Milano", "is_primary": True}
    unknown = {"customer_id": str(uuid.uuid4()), "address_id": str(uuid.uuid4()),
               "street": "X", "city": "Y"}
    r = milan.post("/api/v1/async-addresses", json={"addresses": [a1, a2, unknown]})
    assert r.status_code == 200
    res = r.json()
    assert sorted(res["accepted"]) == sorted([a1["address_id"], a2["address_id"]])
    assert [x["address_id"] for x in res["rejected"]] == [unknown["address_id"]]
    # Idempotent per address_id.
    again = milan.post("/api/v1/async-addresses", json={"addresses": [a1, a1]}).json()
    assert again["accepted"] == [a1["address_id"]]
    job = hq.admin.run_job()
    assert job["addresses_applied"] == 2
    got = milan.get(f"/api/v1/customers/{body['account_number']}").json()
    assert [a["address_id"] for a in got["addresses"]][-1] == a1["address_id"]
    assert got["addresses"][-1]["purpose"] == "office" and got["version"] == 2
    acct = milan.status(staged["customer_id"])["account_number"]
    other = milan.get(f"/api/v1/customers/{acct}").json()
    assert len(other["addresses"]) == 2
    assert [a["is_primary"] for a in other["addresses"]] == [False, True]
    assert hq.admin.run_job()["addresses_applied"] == 0
    store_flags("MILAN", async_customer_addresses=False)
    off = milan.post("/api/v1/async-addresses", json={"addresses": [
        {**a1, "address_id": str(uuid.uuid4())}]}).json()
    assert off["accepted"] == [] and "feature" in off["rejected"][0]["error"]


def test_change_feed_pages(milan, stockholm):
    first = milan.get("/api/v1/customers/changes", params={"limit": 100}).json()
    assert len(first["changes"]) == 100 and first["has_more"] is True
    assert all(c["store_id"] == "MILAN" for c in first["changes"])
    second = milan.get("/api/v1/customers/changes",
                       params={"after": first["next"], "limit": 100}).json()
    ids1 = {c["customer_id"] for c in first["changes"]}
    assert not ids1 & {c["customer_id"] for c in second["changes"]}
    assert int(second["next"]) > int(first["next"])
    # Pages cover every Milan customer exactly once, in commit order.
    everything, cursor = milan.all_changes()
    ids = [c["customer_id"] for c in everything]
    assert len(ids) == len(set(ids)) >= 1001
    tail = milan.get("/api/v1/customers/changes", params={"after": cursor}).json()
    assert tail == {"changes": [], "next": cursor, "has_more": False}
    # An edit moves the customer to the end of the feed.
    c = milan.create(new_customer()).json()
    milan.patch(f"/api/v1/customers/{c['account_number']}", json={"middle_name": "Z"},
                headers={"If-Match": "1"})
    after, _ = milan.all_changes(cursor)
    assert [x["customer_id"] for x in after] == [c["customer_id"]]
    assert after[0]["version"] == 2
    # Stockholm's feed holds no Milan customer.
    sth, _ = stockholm.all_changes()
    assert c["customer_id"] not in {x["customer_id"] for x in sth}
    bad = milan.get("/api/v1/customers/changes", params={"after": "abc"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_cursor"


def test_admin_endpoints(admin, hq):
    stores = admin.get("/api/v1/admin/stores").json()["stores"]
    assert {s["store_id"] for s in stores} >= {"MILAN", "STOCKHOLM", "PARIS", "TALLINN"}
    assert all("name" in s for s in stores)
    r = admin.post("/api/v1/admin/activation-codes",
                   json={"store_id": "PARIS", "terminal_id": "T9"})
    assert r.status_code == 201 and set(r.json()) >= {"activation_code", "expires_at"}
    assert admin.post("/api/v1/admin/activation-codes",
                      json={"store_id": "NOWHERE", "terminal_id": "T9"}).status_code == 404
    before = admin.get("/api/v1/admin/stores/PARIS").json()
    r = admin.patch("/api/v1/admin/stores/PARIS", json={"filter_shared_customer_data_tables":
                                                        not before[
                                                            "filter_shared_customer_data_tables"]})
    assert r.status_code == 200
    after = r.json()
    assert after["channel_db_group"]["filter_shared_customer_data_tables"] is not before[
        "filter_shared_customer_data_tables"]
    assert after["version"] == before["version"] + 1
    admin.patch("/api/v1/admin/stores/PARIS", json={"filter_shared_customer_data_tables":
                                                    before["filter_shared_customer_data_tables"]})
    unknown = admin.patch("/api/v1/admin/stores/PARIS", json={"create_customer_sync": True})
    assert unknown.status_code == 422
    assert admin.patch("/api/v1/admin/stores/NOWHERE", json={}).status_code == 404
    job = admin.post("/api/v1/admin/jobs/async-to-sync")
    assert job.status_code == 200 and set(job.json()) >= {"converted", "rejected"}


def test_search_all_stores_ignores_phone_punctuation_and_reads_national_formats(
        milan, stockholm):
    """Issue 12: punctuation and a national format find the number as the local search
    does; a national format is read in the searching store's country."""
    tail = f"{uuid.uuid4().int % 10**7:07d}"
    a, b, c = tail[:3], tail[3:5], tail[5:]
    sth = stockholm.create(new_customer(
        first_name="Karin", last_name="Lind", phone=f"+46 70 {a} {b} {c}", currency="SEK",
        language="sv", addresses=[{"street": "Kungsgatan 1", "city": "Stockholm"}])).json()
    found_from = {
        milan: [f"+46 70 {a} {b} {c}", f"+46 70-{a}.{b}.{c}", f"+46-70-{a}-{b}-{c}",
                f"46 70 {a} {b} {c}"],
        stockholm: [f"(070) {a} {b} {c}", f"070-{a} {b} {c}", f"070.{a}.{b}.{c}"],
    }
    for api, queries in found_from.items():
        for q in queries:
            r = api.get("/api/v1/customers", params={"q": q, "limit": 200})
            assert r.status_code == 200, r.text
            assert sth["customer_id"] in {x["customer_id"] for x in r.json()["results"]}, q


def test_store_configuration_has_an_etag_and_answers_304_while_current(stockholm, admin):
    """Issue 12: a terminal checks its cached configuration cheaply (If-None-Match) before
    it decides its creation mode; a changed flag is a new ETag."""
    first = stockholm.get("/api/v1/store")
    etag = first.headers["ETag"]
    assert first.status_code == 200 and etag.startswith('"')
    same = stockholm.get("/api/v1/store", headers={"If-None-Match": etag})
    assert (same.status_code, same.content, same.headers["ETag"]) == (304, b"", etag)
    assert stockholm.get("/api/v1/store", headers={"If-None-Match": 'W/"x", ' + etag}
                         ).status_code == 304
    assert stockholm.get("/api/v1/store", headers={"If-None-Match": '"other"'}
                         ).status_code == 200
    was = first.json()["functionality_profile"]["create_customer_async"]
    r = admin.patch("/api/v1/admin/stores/STOCKHOLM", json={"create_customer_async": not was})
    assert r.status_code == 200, r.text
    try:
        changed = stockholm.get("/api/v1/store", headers={"If-None-Match": etag})
        assert changed.status_code == 200 and changed.headers["ETag"] != etag
    finally:
        admin.patch("/api/v1/admin/stores/STOCKHOLM", json={"create_customer_async": was})
