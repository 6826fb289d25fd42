"""The async customer edits worklist from the command line (issue 15): two terminals
edit the same field offline (`customers edit`), the losing terminal lists the conflict
(`customers list --state conflict`) and resolves it (`customers resolve-conflict`)
against a real HQ, with the permission checks of the register's "Keep HQ's value" /
"Use mine"."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from pos_desktop import cli
from pos_desktop.terminal import Terminal
from tests.support.terminals import person, run_cli, store_of


def _write(tmp_path: Path, name: str, body: dict) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(body), encoding="utf-8")
    return str(path)


def _activate(hq, capsys, data: str, terminal_id: str) -> None:  # type: ignore[no-untyped-def]
    code = hq.admin.create_activation_code(store_of(hq), terminal_id)["activation_code"]
    status, _, err = run_cli(capsys, "activate", "--hq", hq.url, "--code", code,
                             "--terminal", terminal_id, "--data-dir", data)
    assert status == 0, err


def _sync(capsys, data: str) -> dict:  # type: ignore[no-untyped-def]
    status, report, err = run_cli(capsys, "sync", "--once", "--data-dir", data)
    assert status == 0, err
    return report


@pytest.fixture
def two(hq, tmp_path: Path, capsys) -> Iterator[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """Terminals A and B of one store (async customer edits on), both offline, having
    changed the first name of the same customer: A's reaches HQ first. Yields (A's data
    dir, B's, the customer's account number)."""
    hq.admin.patch_store(store_of(hq), async_customer_edits=True)
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    _activate(hq, capsys, a, "TA")
    _activate(hq, capsys, b, "TB")
    status, created, err = run_cli(capsys, "customers", "create", "--json",
                                   _write(tmp_path, "c.json", person("Gianni", "Rossi")),
                                   "--data-dir", a)
    assert status == 0 and created["account_number"], err
    account = created["account_number"]
    _sync(capsys, b)
    hq.kill()
    for data, first, extra in ((a, "Anna", {"email": "anna@example.com"}),
                               (b, "Bice", {"last_name": "Rossini"})):
        change = _write(tmp_path, f"{first}.json", {"first_name": first, **extra})
        status, edited, err = run_cli(capsys, "customers", "edit", account, "--json", change,
                                      "--operator", "1001", "--data-dir", data)
        assert status == 0 and edited["first_name"] == first, err
    # Offline, B's change is waiting for HQ: the worklist and status say so.
    status, listed, err = run_cli(capsys, "customers", "list", "--state", "pending",
                                  "--data-dir", b)
    assert status == 0, err
    [waiting] = listed["changes"]
    assert (waiting["name"], waiting["fields"]) == ("Bice Rossini", ["first_name", "last_name"])
    assert (waiting["created_by"], waiting["created_by_name"]) == ("1001", "Sara Ricci")
    assert run_cli(capsys, "status", "--data-dir", b)[1]["changes_pending"] == 1
    hq.restart()
    _sync(capsys, a)
    report = _sync(capsys, b)
    assert report["conflicts"] == 1 and report["changes_pending"] == 0
    try:
        yield a, b, account
    finally:
        hq.admin.patch_store(store_of(hq), async_customer_edits=False,
                             permissions={"cashier": {"customer.edit": True}})


def _at_hq(data: str, account: str) -> dict:
    terminal = Terminal(Path(data))
    try:
        return terminal.parts.client.get_customer(account)
    finally:
        terminal.close()


def test_the_losing_terminal_lists_the_conflict_and_uses_its_value(hq, two, capsys) -> None:
    a, b, account = two
    status, listed, err = run_cli(capsys, "customers", "list", "--state", "conflict",
                                  "--data-dir", b)
    assert status == 0, err
    [conflict] = listed["conflicts"]
    assert (conflict["field"], conflict["hq"], conflict["mine"]) == ("first_name", "Anna", "Bice")
    assert (conflict["created_by"], conflict["created_by_name"]) == ("1001", "Sara Ricci")
    assert run_cli(capsys, "customers", "list", "--state", "conflict",
                   "--data-dir", a)[1]["conflicts"] == []  # A's change won: nothing to do
    at_hq = _at_hq(b, account)
    assert at_hq["first_name"] == "Anna"  # HQ's value stands; B's other field applied
    assert (at_hq["last_name"], at_hq["email"]) == ("Rossini", "anna@example.com")
    assert cli.main(["customers", "list", "--state", "conflict", "--data-dir", b]) == 0
    text = capsys.readouterr().out
    assert "first_name: HQ has Anna, this terminal had Bice" in text

    status, chosen, err = run_cli(capsys, "customers", "resolve-conflict", account,
                                  "first_name", "--use-mine", "--operator", "2001",
                                  "--data-dir", b)
    assert status == 0, err
    assert chosen["first_name"] == "Bice"
    assert chosen["resolved"] == {"field": "first_name", "kept": "mine", "value": "Bice",
                                  "change_pending_sync": False}  # online: saved at HQ
    assert _at_hq(b, account)["first_name"] == "Bice"
    assert run_cli(capsys, "customers", "list", "--state", "conflict",
                   "--data-dir", b)[1]["conflicts"] == []
    # Resolved once: a second time there is no such conflict.
    status, _, err = run_cli(capsys, "customers", "resolve-conflict", account, "first_name",
                             "--keep-hq", "--operator", "2001", "--data-dir", b)
    assert status == cli.EXIT_NOT_FOUND and "no conflict on first_name" in err


def test_keeping_hqs_value_and_the_refusals(hq, two, capsys) -> None:
    _, b, account = two

    def resolve(*args: str) -> tuple[int, dict | None, str]:
        return run_cli(capsys, "customers", "resolve-conflict", *args, "--data-dir", b)

    status, _, err = resolve("no-such-customer", "first_name", "--keep-hq", "--operator", "2001")
    assert status == cli.EXIT_NOT_FOUND and "no customer" in err
    status, _, err = resolve(account, "email", "--keep-hq", "--operator", "2001")
    assert status == cli.EXIT_NOT_FOUND and "no conflict on email" in err
    status, _, err = resolve(account, "shoe_size", "--keep-hq", "--operator", "2001")
    assert status == cli.EXIT_INVALID and "'shoe_size' is not a customer field" in err
    status, _, err = resolve(account, "first_name", "--keep-hq", "--operator", "9999")
    assert status == cli.EXIT_INVALID and "not an operator of this store" in err
    with pytest.raises(SystemExit) as both:  # one choice, not both
        cli.main(["customers", "resolve-conflict", account, "first_name", "--keep-hq",
                  "--use-mine", "--operator", "2001", "--data-dir", b])
    assert both.value.code == 2
    capsys.readouterr()
    # A role without customer.edit may not choose (the store changed it at HQ).
    hq.admin.patch_store(store_of(hq), permissions={"cashier": {"customer.edit": False}})
    _sync(capsys, b)
    status, _, err = resolve(account, "first_name", "--keep-hq", "--operator", "1001")
    assert status == cli.EXIT_INVALID and "may not edit customers" in err
    assert len(run_cli(capsys, "customers", "list", "--state", "conflict",
                       "--data-dir", b)[1]["conflicts"]) == 1  # still there
    status, kept, err = resolve(account, "first_name", "--keep-hq", "--operator", "2001")
    assert status == 0, err
    assert kept["first_name"] == "Anna" and kept["resolved"]["kept"] == "hq"
    assert _at_hq(b, account)["first_name"] == "Anna"
    assert run_cli(capsys, "status", "--data-dir", b)[1]["conflicts"] == 0


def test_a_change_hq_refused_is_listed_and_dismissed(hq, tmp_path: Path, capsys) -> None:
    hq.admin.patch_store(store_of(hq), async_customer_edits=True)
    data = str(tmp_path / "t")
    _activate(hq, capsys, data, "TD")
    status, created, err = run_cli(capsys, "customers", "create", "--json",
                                   _write(tmp_path, "c.json", person("Dino", "Rifiuto")),
                                   "--data-dir", data)
    assert status == 0, err
    account = created["account_number"]
    try:
        hq.kill()
        change = _write(tmp_path, "change.json", {"first_name": "Dina"})
        status, _, err = run_cli(capsys, "customers", "edit", account, "--json", change,
                                 "--operator", "1001", "--data-dir", data)
        assert status == 0, err
        hq.restart()
        # HQ takes customer.edit from cashiers before the change arrives: it refuses it.
        hq.admin.patch_store(store_of(hq), permissions={"cashier": {"customer.edit": False}})
        _sync(capsys, data)
        status, listed, err = run_cli(capsys, "customers", "list", "--state", "rejected",
                                      "--data-dir", data)
        assert status == 0, err
        assert listed["customers"] == []  # the customer itself is fine at HQ
        [refused] = listed["changes"]
        assert (refused["name"], refused["fields"]) == ("Dino Rifiuto", ["first_name"])
        assert refused["rejection_reasons"][0]["code"] == "permission_denied"
        assert refused["created_by_name"] == "Sara Ricci"

        def dismiss(operator: str) -> tuple[int, dict | None, str]:
            return run_cli(capsys, "customers", "dismiss-change", account, "--operator",
                           operator, "--data-dir", data)

        status, _, err = dismiss("1001")
        assert status == cli.EXIT_INVALID and "may not edit customers" in err
        status, done, err = dismiss("2001")
        assert status == 0 and done["dismissed"] == 1, err
        assert run_cli(capsys, "customers", "list", "--state", "rejected",
                       "--data-dir", data)[1]["changes"] == []
        status, _, err = dismiss("2001")
        assert status == cli.EXIT_NOT_FOUND and "no change of customer" in err
        assert run_cli(capsys, "customers", "show", account,
                       "--data-dir", data)[1]["first_name"] == "Dino"  # HQ's data
    finally:
        hq.admin.patch_store(store_of(hq), async_customer_edits=False,
                             permissions={"cashier": {"customer.edit": True}})
