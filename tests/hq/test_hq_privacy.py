"""Issue 16 at HQ: erasure (tombstone, feed record, refusals), the access-request export
and marketing consent on the primary e-mail and phone with when and where it was set."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

from tests.hq.helpers import ADMIN_TOKEN, new_customer


def _admin_cli(hq, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hq_stub", "admin", "--url", hq.url,
                           "--admin-token", ADMIN_TOKEN, *args],
                          capture_output=True, text=True, timeout=60)


def _personal(c: dict) -> list[str]:
    return [c["first_name"], c["last_name"], c["email"], "1234 5678", "Via Roma"]


def test_export_holds_everything_and_erase_leaves_only_the_tombstone(hq, milan, admin):
    c = new_customer(email_marketing_consent=True, phone_marketing_consent=False)
    r = milan.create(c)
    assert r.status_code == 201, r.text
    acct = r.json()["account_number"]
    assert r.json()["email_marketing_consent"] is True
    assert r.json()["phone_marketing_consent"] is False
    r = milan.get(f"/api/v1/customers/{acct}")
    r = milan.patch(f"/api/v1/customers/{acct}", json={"phone_marketing_consent": True},
                    headers={"If-Match": str(r.json()["version"])})
    assert r.status_code == 200, r.text
    assert milan.post(f"/api/v1/customers/{acct}/loyalty-cards").status_code == 201

    out = _admin_cli(hq, "export", acct)
    assert out.returncode == 0, out.stderr
    export = json.loads(out.stdout)
    text = json.dumps(export)
    for value in _personal(c):
        assert value in text
    assert export["consent"]["email"]["marketing_consent"] is True
    assert export["consent"]["email"]["store_id"] == "MILAN"
    assert export["consent"]["phone"]["marketing_consent"] is True
    # The phone's consent was given by the edit, after the create.
    history = export["history"]
    assert [e["action"] for e in history] == ["create", "edit", "loyalty_card"]
    assert export["consent"]["phone"]["changed_at"] == history[1]["at"]
    assert all(e["store_id"] == "MILAN" and e["terminal_id"] for e in history)
    assert len(export["loyalty_cards"]) == 1

    _, cursor = milan.all_changes()
    out = _admin_cli(hq, "erase", acct)
    assert out.returncode == 0, out.stderr
    erased = json.loads(out.stdout)
    assert erased["customer_id"] == c["customer_id"] and erased["account_number"] == acct
    assert erased["already_erased"] is False

    after = admin.get(f"/api/v1/admin/customers/{c['customer_id']}/export").json()
    text = json.dumps(after)
    for value in _personal(c):
        assert value not in text
    assert after["erased"]["account_number"] == acct
    assert set(after) == {"customer_id", "erased", "loyalty_cards"}
    # The feed serves the erasure record; reads, edits and searches find nothing.
    changes, _ = milan.all_changes(cursor)
    assert changes == [{"customer_id": c["customer_id"], "account_number": acct,
                        "store_id": "MILAN", "version": 4, "state": "erased",
                        "erased_at": erased["erased_at"]}]
    assert milan.get(f"/api/v1/customers/{acct}").status_code == 404
    assert milan.get("/api/v1/customers", params={"q": c["last_name"]}).json()["results"] == []
    assert milan.create(c).json()["error"]["code"] == "customer_erased"
    # Erasing again: the same tombstone.
    again = admin.post(f"/api/v1/admin/customers/{acct}/erase")
    assert again.status_code == 200 and again.json()["already_erased"] is True


def test_a_customer_erased_before_it_reached_hq_is_refused_on_upload(hq, milan, admin):
    c = new_customer()
    r = admin.post(f"/api/v1/admin/customers/{c['customer_id']}/erase")
    assert r.status_code == 200, r.text
    assert r.json()["store_id"] is None
    answer = milan.upload(c)
    assert answer["accepted"] == []
    [rejected] = answer["rejected"]
    assert [x["code"] for x in rejected["reasons"]] == ["customer_erased"]


def test_erasing_a_staged_customer_rejects_it_with_the_code(hq, milan, admin):
    c = new_customer()
    assert milan.upload(c)["accepted"] == [c["customer_id"]]
    assert admin.post(f"/api/v1/admin/customers/{c['customer_id']}/erase").status_code == 200
    hq.admin.run_job()
    status = milan.status(c["customer_id"])
    assert status["state"] == "rejected"
    assert [x["code"] for x in status["reasons"]] == ["customer_erased"]
    shown = admin.get(f"/api/v1/admin/async-customers/{c['customer_id']}").json()
    assert c["last_name"] not in json.dumps(shown)
    # A re-upload (the terminal resubmitting) is refused again.
    assert milan.upload(c)["rejected"][0]["reasons"][0]["code"] == "customer_erased"


def test_unknown_account_number_is_404_and_the_cli_says_so(hq, admin):
    assert admin.post("/api/v1/admin/customers/C9999999/erase").status_code == 404
    out = _admin_cli(hq, "erase", "C9999999")
    assert out.returncode == 1 and "404" in out.stderr and "Traceback" not in out.stderr
    assert admin.get(f"/api/v1/admin/customers/{uuid.uuid4()}/export").status_code == 404
