"""The command line acts as an operator (issue 12 §1): `--operator ID` on `customers
edit`, `resubmit` and `create`, with that role's permissions in the store as HQ sets
them; HQ refuses too when the terminal's configuration is older than its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from pos_desktop import cli
from pos_desktop.domain.store import Permission
from pos_desktop.terminal import Terminal
from tests.support.terminals import PERSON, run_cli, store_of


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


def _edit(capsys, data: str, key: str, change: str, operator: str):  # type: ignore[no-untyped-def]
    return run_cli(capsys, "customers", "edit", key, "--json", change, "--operator", operator,
                   "--data-dir", data)


def test_a_cashier_edits_and_adds_an_address_from_the_cli_by_default(
    hq, tmp_path: Path, capsys
) -> None:
    data = _activated(hq, tmp_path, capsys)
    draft = _write(tmp_path, "giulia.json", PERSON)
    status, created, err = run_cli(capsys, "customers", "create", "--json", draft,
                                   "--operator", "1001", "--data-dir", data)
    assert status == 0, err
    account = created["account_number"]

    renamed = _write(tmp_path, "renamed.json", {"last_name": "Verdi-Neri"})
    status, edited, err = _edit(capsys, data, account, renamed, "1001")
    assert status == 0, err
    assert edited["last_name"] == "Verdi-Neri"

    addresses = [*created["addresses"],
                 {"street": "Via Po 2", "city": "Torino", "zip": "10123", "country": "IT",
                  "purpose": "office"}]
    moved = _write(tmp_path, "moved.json", {"addresses": addresses})
    status, edited, err = _edit(capsys, data, account, moved, "1001")
    assert status == 0, err
    assert [a["city"] for a in edited["addresses"]] == ["Milano", "Torino"]
    at_hq = hq.admin.request("GET", "/api/v1/admin/stores/MILAN")  # still the defaults
    assert at_hq["permissions"]["cashier"]["customer.edit"] is True


def test_the_cli_refuses_what_the_store_took_from_the_role(hq, tmp_path: Path, capsys) -> None:
    data = _activated(hq, tmp_path, capsys)
    status, created, err = run_cli(capsys, "customers", "create", "--json",
                                   _write(tmp_path, "giulia.json", PERSON), "--data-dir", data)
    assert status == 0, err
    account = created["account_number"]
    change = _write(tmp_path, "change.json", {"middle_name": "Maria"})

    hq.admin.set_permissions(store_of(hq), "cashier", **{"customer.edit": False})
    # Not refreshed yet: the terminal still thinks a cashier may edit; HQ refuses.
    status, _, err = _edit(capsys, data, account, change, "1001")
    assert status == cli.EXIT_INVALID, err
    assert "Your role (cashier) may not edit customers in this store." in err
    assert err.count("\n") == 1
    # HQ's refusal made the terminal fetch the configuration: now it refuses by itself.
    terminal = Terminal(Path(data))
    try:
        permissions = terminal.store_config().permissions
    finally:
        terminal.close()
    assert not permissions.allows("cashier", Permission.CUSTOMER_EDIT)

    status, _, err = _edit(capsys, data, account, change, "1001")
    assert status == cli.EXIT_INVALID
    assert "Your role (cashier) may not edit customers in this store." in err
    status, edited, err = _edit(capsys, data, account, change, "2001")  # the manager may
    assert status == 0, err
    assert edited["middle_name"] == "Maria"

    hq.admin.set_permissions(store_of(hq), "cashier", **{"customer.create": False})
    run_cli(capsys, "sync", "--once", "--data-dir", data)
    other = _write(tmp_path, "marco.json", {**PERSON, "first_name": "Marco",
                                            "email": "marco@example.com", "phone": ""})
    status, _, err = run_cli(capsys, "customers", "create", "--json", other, "--operator",
                             "1001", "--allow-duplicate", "--data-dir", data)
    assert status == cli.EXIT_INVALID
    assert "Your role (cashier) may not create customers in this store." in err


def test_the_cli_names_a_known_operator(hq, tmp_path: Path, capsys) -> None:
    data = _activated(hq, tmp_path, capsys)
    change = _write(tmp_path, "change.json", {"middle_name": "Maria"})
    status, _, err = _edit(capsys, data, "C0000001", change, "9999")
    assert status == cli.EXIT_INVALID
    assert "'9999' is not an operator of this store" in err
    with pytest.raises(SystemExit) as missing:  # argparse: a usage error
        cli.main(["customers", "edit", "C0000001", "--json", change, "--data-dir", data])
    assert missing.value.code == cli.EXIT_INVALID
    assert "--operator" in capsys.readouterr().err


def test_hq_refuses_a_stale_terminal_sending_a_cashier_edit(hq, tmp_path: Path, capsys) -> None:
    """Direct HTTP, as a terminal that never refreshed (or a modified one) would send it."""
    data = _activated(hq, tmp_path, capsys)
    _, created, _ = run_cli(capsys, "customers", "create", "--json",
                            _write(tmp_path, "giulia.json", PERSON), "--data-dir", data)
    hq.admin.set_permissions(store_of(hq), "cashier", **{"customer.edit": False})
    terminal = Terminal(Path(data))
    try:
        token = terminal.parts.client.token
    finally:
        terminal.close()
    r = requests.patch(f"{hq.url}/api/v1/customers/{created['account_number']}",
                       json={"middle_name": "Sneaky"}, timeout=10,
                       headers={"Authorization": f"Bearer {token}", "If-Match": "1",
                                "X-Operator-Id": "1001", "X-Operator-Role": "manager"})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "permission_denied"
    assert r.json()["error"]["permission"] == "customer.edit"


def test_a_stale_terminal_cannot_resubmit_for_a_cashier(hq, tmp_path: Path, capsys) -> None:
    """The correction goes through the upload queue with its operator: HQ refuses it."""
    from tests.cli.test_worklist_cli import _rejected_customer

    data = _activated(hq, tmp_path, capsys)
    customer_id = _rejected_customer(data, capsys)
    hq.admin.set_permissions(store_of(hq), "cashier", **{"customer.resubmit": False})
    fix = _write(tmp_path, "fix.json", {"attributes": {"segment": "gold"}})
    status, body, err = run_cli(capsys, "customers", "resubmit", customer_id, "--json", fix,
                                "--operator", "1001", "--data-dir", data)
    assert status == 0, err  # this terminal's configuration still allows it
    assert body["state"] == "pending"
    status, _, err = run_cli(capsys, "sync", "--once", "--data-dir", data)
    _, shown, _ = run_cli(capsys, "customers", "show", customer_id, "--data-dir", data)
    assert shown["state"] == "rejected"
    assert "customer.resubmit" in shown["rejection_reason"]
    # Now it knows: the CLI refuses by itself; the manager corrects it.
    status, _, err = run_cli(capsys, "customers", "resubmit", customer_id, "--operator",
                             "1001", "--data-dir", data)
    assert status == cli.EXIT_INVALID
    assert "may not correct and resubmit rejected customers" in err
    status, body, err = run_cli(capsys, "customers", "resubmit", customer_id, "--operator",
                                "2001", "--data-dir", data)
    assert status == 0 and body["state"] == "pending", err
