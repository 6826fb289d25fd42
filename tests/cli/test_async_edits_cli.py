"""`customers edit` offline with the async customer edits feature (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

from pos_desktop import cli
from pos_desktop.terminal import Terminal
from tests.support.terminals import PERSON, person, run_cli, store_of


def _write(tmp_path: Path, name: str, body: dict) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(body), encoding="utf-8")
    return str(path)


def test_customers_edit_offline_is_saved_and_merged_at_hq_later(hq, tmp_path, capsys) -> None:
    hq.admin.patch_store(store_of(hq), async_customer_edits=True)
    data = str(tmp_path / "terminal")
    code = hq.admin.create_activation_code(store_of(hq), "T1")["activation_code"]
    status, _, err = run_cli(capsys, "activate", "--hq", hq.url, "--code", code,
                             "--terminal", "T1", "--data-dir", data)
    assert status == 0, err
    status, created, err = run_cli(capsys, "customers", "create", "--json",
                                   _write(tmp_path, "c.json", PERSON), "--data-dir", data)
    assert status == 0 and created["account_number"], err
    account = created["account_number"]

    hq.kill()
    change = _write(tmp_path, "change.json", {"last_name": "Offline-Verdi"})
    status, edited, err = run_cli(capsys, "customers", "edit", account, "--json", change,
                                  "--operator", "1001", "--data-dir", data)
    assert status == 0, err
    assert edited["last_name"] == "Offline-Verdi"
    _, shown, _ = run_cli(capsys, "customers", "show", account, "--data-dir", data)
    assert shown["last_name"] == "Offline-Verdi"
    # A pending customer created offline is editable too (its queued upload changes).
    status, pending, err = run_cli(capsys, "customers", "create", "--json",
                                   _write(tmp_path, "p.json", person("Marco", "Attesa")),
                                   "--data-dir", data)
    assert status == 0 and pending["state"] == "pending", err
    status, _, err = run_cli(capsys, "customers", "edit", pending["customer_id"], "--json",
                             change, "--operator", "2001", "--data-dir", data)
    assert status == 0, err
    # What HQ would refuse is refused here first, offline too.
    bad = _write(tmp_path, "bad.json", {"email": "not-an-email"})
    status, _, err = run_cli(capsys, "customers", "edit", account, "--json", bad,
                             "--operator", "1001", "--data-dir", data)
    assert status == cli.EXIT_INVALID and "email" in err

    hq.restart()
    status, _, err = run_cli(capsys, "sync", "--once", "--data-dir", data)
    assert status == 0, err
    terminal = Terminal(Path(data))
    try:
        at_hq = terminal.parts.client.get_customer(account)
        assert at_hq["last_name"] == "Offline-Verdi" and at_hq["version"] == 2
        assert terminal.parts.store.edits_pending_for([created["customer_id"]]) == set()
    finally:
        terminal.close()
    hq.admin.patch_store(store_of(hq), async_customer_edits=False)
