"""CLI parity with the register (issue 12 §2): `customers list --state`, `customers edit`,
`customers resubmit`, and `customers create` refusing likely duplicates, against a real HQ."""

from __future__ import annotations

import json
from pathlib import Path

from pos_desktop import cli
from pos_desktop.domain.codec import customer_from_json
from pos_desktop.domain.customer import SyncState
from pos_desktop.terminal import Terminal
from tests.support.terminals import PERSON, person, run_cli, store_of, wait_until


def _activated(hq, tmp_path: Path, capsys) -> str:  # type: ignore[no-untyped-def]
    data = str(tmp_path / "terminal")
    code = hq.admin.create_activation_code(store_of(hq), "T1")["activation_code"]
    status, _, err = run_cli(
        capsys, "activate", "--hq", hq.url, "--code", code, "--terminal", "T1", "--data-dir", data
    )
    assert status == 0, err
    return data


def _write(tmp_path: Path, name: str, body: dict) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(body), encoding="utf-8")
    return str(path)


def _rejected_customer(data: str, capsys) -> str:  # type: ignore[no-untyped-def]
    """Queued as an older register version might have: HQ validates and refuses it."""
    bad = customer_from_json(person("Rita", "Respinta", attributes={}))
    bad.state = SyncState.PENDING
    terminal = Terminal(Path(data))
    try:
        terminal.parts.store.add_customer(bad, queue_upload=True)
    finally:
        terminal.close()

    def rejected() -> bool:
        run_cli(capsys, "sync", "--once", "--data-dir", data)
        _, shown, _ = run_cli(capsys, "customers", "show", bad.customer_id, "--data-dir", data)
        return shown["state"] == "rejected"

    wait_until(rejected, timeout=20, interval=0.3)
    return bad.customer_id


def test_a_rejected_customer_is_listed_corrected_and_resubmitted_from_the_cli(
    hq, tmp_path: Path, capsys
) -> None:
    data = _activated(hq, tmp_path, capsys)
    customer_id = _rejected_customer(data, capsys)

    status, listed, err = run_cli(
        capsys, "customers", "list", "--state", "rejected", "--data-dir", data)
    assert status == 0, err
    [row] = listed["customers"]
    assert row["customer_id"] == customer_id and row["state"] == "rejected"
    assert "segment" in row["rejection_reason"]
    status, listed, _ = run_cli(capsys, "customers", "list", "--state", "pending",
                                "--data-dir", data)
    assert listed["customers"] == []

    status, _, err = run_cli(capsys, "customers", "resubmit", customer_id, "--operator", "1001",
                             "--data-dir", data)
    assert status == cli.EXIT_INVALID and "segment" in err  # the same rules: still missing

    fix = _write(tmp_path, "fix.json", {"attributes": {"segment": "gold"}})
    status, body, err = run_cli(
        capsys, "customers", "resubmit", customer_id, "--json", fix, "--operator", "1001",
        "--data-dir", data)
    assert status == 0, err
    assert body["state"] == "pending" and body["display_account"] == "Pending sync"
    _, listed, _ = run_cli(capsys, "customers", "list", "--state", "pending", "--data-dir", data)
    assert [r["customer_id"] for r in listed["customers"]] == [customer_id]

    def numbered() -> str | None:
        run_cli(capsys, "sync", "--once", "--data-dir", data)
        _, shown, _ = run_cli(capsys, "customers", "show", customer_id, "--data-dir", data)
        return shown["account_number"]

    account = wait_until(numbered, timeout=20, interval=0.3)
    _, shown, _ = run_cli(capsys, "customers", "show", account, "--data-dir", data)
    assert shown["state"] == "synced" and shown["attributes"]["segment"] == "gold"
    _, listed, _ = run_cli(capsys, "customers", "list", "--state", "rejected", "--data-dir", data)
    assert listed["customers"] == []

    status, _, err = run_cli(capsys, "customers", "resubmit", account, "--operator", "2001",
                             "--data-dir", data)
    assert status == cli.EXIT_INVALID and err.count("\n") == 1  # only a rejected one


def test_customers_edit_goes_through_hq_with_the_details_page_rules(
    hq, tmp_path: Path, capsys
) -> None:
    data = _activated(hq, tmp_path, capsys)
    draft = _write(tmp_path, "giulia.json", PERSON)
    status, created, err = run_cli(
        capsys, "customers", "create", "--json", draft, "--data-dir", data)
    assert status == 0, err
    account = created["account_number"]

    change = _write(tmp_path, "change.json", {"last_name": "Verdi-Neri"})
    status, edited, err = run_cli(
        capsys, "customers", "edit", account, "--json", change, "--operator", "1001",
        "--data-dir", data)
    assert status == 0, err
    assert edited["last_name"] == "Verdi-Neri" and edited["version"] > created["version"]
    _, shown, _ = run_cli(capsys, "customers", "show", account, "--data-dir", data)
    assert shown["last_name"] == "Verdi-Neri"

    bad = _write(tmp_path, "bad.json", {"email": "not-an-email"})
    status, _, err = run_cli(
        capsys, "customers", "edit", account, "--json", bad, "--operator", "1001",
        "--data-dir", data)
    assert status == cli.EXIT_INVALID and "email" in err and err.count("\n") == 1

    hq.kill()
    offline = _write(tmp_path, "marco.json", person("Marco", "Attesa"))
    status, pending, err = run_cli(
        capsys, "customers", "create", "--json", offline, "--data-dir", data)
    assert status == 0 and pending["state"] == "pending", err
    status, _, err = run_cli(capsys, "customers", "edit", pending["customer_id"], "--json",
                             change, "--operator", "2001", "--data-dir", data)
    assert status == cli.EXIT_INVALID and err.count("\n") == 1  # pending: not editable


def test_customers_create_refuses_likely_duplicates_unless_allowed(
    hq, tmp_path: Path, capsys
) -> None:
    data = _activated(hq, tmp_path, capsys)
    giulia = {**PERSON, "customer_id": "5d1c0f55-0000-4000-8000-00000000a001"}
    first = _write(tmp_path, "giulia.json", giulia)
    status, created, err = run_cli(
        capsys, "customers", "create", "--json", first, "--data-dir", data)
    assert status == 0, err
    status, again, _ = run_cli(
        capsys, "customers", "create", "--json", first, "--data-dir", data)
    assert status == 0 and again["note"] == "already_exists"  # a re-run is no duplicate

    twin = _write(tmp_path, "twin.json", {**PERSON, "first_name": "Giula"})  # a typo
    status, body, err = run_cli(
        capsys, "customers", "create", "--json", twin, "--data-dir", data)
    assert status == cli.EXIT_DUPLICATE == 13
    assert body["error"]["code"] == "customer.duplicate"
    assert err.startswith("pos-desktop: error: likely duplicate of") and err.count("\n") == 1
    assert created["account_number"] in err
    status, body, err = run_cli(capsys, "customers", "create", "--json", twin,
                                "--allow-duplicate", "--data-dir", data)
    assert status == 0 and body["first_name"] == "Giula", err
