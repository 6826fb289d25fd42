"""The ``hq-stub admin`` command line against a running HQ."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import requests

from tests.hq.helpers import ADMIN_TOKEN, new_customer


def cli(hq, *args: str, token: str | None = ADMIN_TOKEN, env_token: bool = False,
        ) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("HQ_ADMIN_TOKEN", "HQ_URL")}
    cmd = [sys.executable, "-m", "hq_stub", "admin"]
    if env_token:
        env["HQ_ADMIN_TOKEN"] = token or ""
        env["HQ_URL"] = hq.url
    else:
        cmd += ["--url", hq.url] + (["--admin-token", token] if token else [])
    return subprocess.run(cmd + list(args), capture_output=True, text=True, env=env,
                          timeout=60)


def ok(proc: subprocess.CompletedProcess):
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_stores_and_flags(hq):
    stores = ok(cli(hq, "stores"))["stores"]
    assert "MILAN" in {s["store_id"] for s in stores}
    before = ok(cli(hq, "store", "TALLINN", env_token=True))
    flipped = not before["enhanced_async_customers"]
    out = ok(cli(hq, "set", "TALLINN", f"enhanced_async_customers={str(flipped).lower()}",
                 "create_customer_async=yes"))
    assert out["features"]["enhanced_async_customers"] is flipped
    assert out["functionality_profile"]["create_customer_async"] is True
    assert hq.admin.store("TALLINN")["create_customer_async"] is True
    ok(cli(hq, "set", "TALLINN", f"enhanced_async_customers={str(not flipped).lower()}",
           f"create_customer_async={str(before['create_customer_async']).lower()}"))
    bad = cli(hq, "set", "TALLINN", "espresso=true")
    assert bad.returncode != 0 and "422" in bad.stderr and bad.stdout == ""
    assert len(bad.stderr.strip().splitlines()) == 1


def test_activation_code_from_the_cli_activates(hq):
    out = ok(cli(hq, "activation-code", "PARIS", "T42", "--ttl", "600"))
    r = requests.post(f"{hq.url}/api/v1/devices/activate",
                      json={"activation_code": out["activation_code"], "terminal_id": "T42"},
                      timeout=5)
    assert r.status_code == 200 and r.json()["store_id"] == "PARIS"


def test_list_correct_and_resubmit_a_rejected_customer(hq, milan):
    bad = new_customer(email="nobody@", phone="call me")
    milan.upload(bad)
    staged = ok(cli(hq, "async-list", "--state", "staged"))["customers"]
    assert bad["customer_id"] in {c["customer_id"] for c in staged}
    job = ok(cli(hq, "run-job"))
    assert job["rejected"] >= 1
    rejected = ok(cli(hq, "async-list", "--state", "rejected", "--store", "MILAN"))
    mine = next(c for c in rejected["customers"] if c["customer_id"] == bad["customer_id"])
    assert "email" in mine["error"] and mine["customer"]["phone"] == "call me"
    shown = ok(cli(hq, "async-show", bad["customer_id"]))
    assert shown["state"] == "rejected"
    # Resubmitting a still-broken correction is refused up front (structure) or
    # rejected again by the job (business rules).
    out = ok(cli(hq, "resubmit", bad["customer_id"], "--set", "email=fixed@example.com",
                 "--run-job"))
    assert out["customer"]["state"] == "rejected" and "phone" in out["customer"]["error"]
    out = ok(cli(hq, "resubmit", bad["customer_id"], "--set", "phone=+39 02 8765 4321",
                 "--set", "email=fixed@example.com", "--run-job"))
    assert out["customer"]["state"] == "converted"
    st = milan.status(bad["customer_id"])
    assert st["state"] == "converted"
    got = milan.get(f"/api/v1/customers/{st['account_number']}").json()
    assert got["email"] == "fixed@example.com" and got["phone"] == "+39 02 8765 4321"
    again = cli(hq, "resubmit", bad["customer_id"], "--set", "email=x@example.com")
    assert again.returncode != 0 and "409" in again.stderr


def test_resubmit_with_a_full_json_file(hq, milan, tmp_path):
    bad = new_customer(customer_group="NOPE")
    milan.upload(bad)
    hq.admin.run_job()
    fixed = tmp_path / "fixed.json"
    fixed.write_text(json.dumps({**bad, "customer_group": "WHOLESALE"}))
    out = ok(cli(hq, "resubmit", bad["customer_id"], "--json", str(fixed), "--run-job"))
    assert out["customer"]["state"] == "converted"
    acct = out["customer"]["account_number"]
    got = milan.get(f"/api/v1/customers/{acct}").json()
    assert got["customer_group"] == "WHOLESALE"
    assert got["financial_dimensions"]["business_unit"] == "WHOLESALE"


def test_cli_errors_are_one_line_and_non_zero(hq):
    wrong = cli(hq, "stores", token="wrong")
    assert wrong.returncode == 1 and "401" in wrong.stderr
    missing = cli(hq, "stores", token=None)
    assert missing.returncode == 1 and "admin token" in missing.stderr
    down = subprocess.run([sys.executable, "-m", "hq_stub", "admin", "--url",
                           "http://127.0.0.1:9", "--admin-token", "x", "stores"],
                          capture_output=True, text=True, timeout=60)
    assert down.returncode == 1 and "cannot reach HQ" in down.stderr
    assert len(down.stderr.strip().splitlines()) == 1
