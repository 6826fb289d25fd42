"""Issue 12: `customers create --json` with several addresses follows the New customer
dialog's rule (domain: limitations.several_addresses_allowed, addresses.primary_errors)
against a real HQ: sync mode creates them all at HQ, async mode only with the store's async
customer addresses feature, two primaries are refused rather than guessed."""

from __future__ import annotations

import json
from pathlib import Path

from pos_desktop.cli import main as cli_main
from pos_desktop.terminal import Terminal
from tests.support.terminals import PERSON, activate, person, run_cli, sync_until_numbered

HOME = {"street": "Via Torino 5", "city": "Milano", "zip": "20123"}
WORK = {"street": "Corso Como 10", "city": "Milano", "zip": "20154", "purpose": "office",
        "is_primary": True}
REASON = ("A customer created asynchronously takes one address: this store's async "
          "customer addresses feature is off.")


def _setup(hq, tmp_path: Path, **flags) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    data_dir = tmp_path / "t"
    terminal = activate(hq, data_dir, "T7")
    try:
        store_id = terminal.store_config().store_id
    finally:
        terminal.close()
    if flags:
        hq.admin.patch_store(store_id, **flags)  # the create checks the configuration first
    return data_dir, store_id


def _create(capsys, data_dir: Path, body: dict) -> tuple[int, dict | None, str]:
    draft = data_dir.parent / "customer.json"
    draft.write_text(json.dumps(body), encoding="utf-8")
    return run_cli(capsys, "customers", "create", "--json", str(draft),
                   "--data-dir", str(data_dir))


def _at_hq(data_dir: Path, account_number: str) -> dict:
    terminal = Terminal(data_dir)
    try:
        assert terminal.parts.client is not None
        return terminal.parts.client.get_customer(account_number)
    finally:
        terminal.close()


def test_sync_create_with_two_addresses_hq_holds_both_with_the_chosen_primary(
    hq, tmp_path, capsys
) -> None:
    data_dir, _ = _setup(hq, tmp_path)
    code, body, err = _create(capsys, data_dir,
                              person("Bruna", "Duevie", addresses=[HOME, WORK]))
    assert (code, err) == (0, "") and body is not None
    assert body["mode"] == "sync" and body["account_number"]
    at_hq = _at_hq(data_dir, body["account_number"])
    by_street = {a["street"]: a for a in at_hq["addresses"]}
    assert by_street["Corso Como 10"]["is_primary"] and not by_street["Via Torino 5"]["is_primary"]
    # The purpose the JSON leaves out is the customer type's, as in the dialog.
    assert (by_street["Via Torino 5"]["purpose"], by_street["Corso Como 10"]["purpose"]) == (
        "home", "office")


def test_two_primary_addresses_are_refused_naming_the_field(hq, tmp_path, capsys) -> None:
    data_dir, _ = _setup(hq, tmp_path)
    code, body, err = _create(capsys, data_dir, person(
        "Doppia", "Primaria", addresses=[{**HOME, "is_primary": True}, WORK]))
    assert code == 2 and body is not None and "Traceback" not in err
    assert body["error"]["fields"] == [{"field": "addresses", "key": "address.primaries",
                                        "message": "Only one address can be primary.",
                                        "params": {}}]


def test_async_without_the_feature_refuses_a_second_address_with_the_reason(
    hq, tmp_path, capsys
) -> None:
    data_dir, _ = _setup(hq, tmp_path, create_customer_async=True,
                         async_customer_addresses=False)
    code, body, err = _create(capsys, data_dir,
                              person("Dario", "Staccato", addresses=[HOME, WORK]))
    assert code == 2 and body is not None
    assert [(f["field"], f["message"]) for f in body["error"]["fields"]] == [("addresses", REASON)]
    plain = tmp_path / "plain.json"  # without --json: one line on stderr with the reason
    plain.write_text(json.dumps(person("Dario", "Staccato", addresses=[HOME, WORK])))
    code = cli_main(["customers", "create", "--json", str(plain), "--data-dir", str(data_dir)])
    _out, err = capsys.readouterr()
    assert code == 2 and REASON in err and len(err.splitlines()) == 1
    code, body, err = _create(capsys, data_dir, PERSON)  # one address: created async
    assert (code, err) == (0, "") and body is not None and body["mode"] == "async"


def test_async_with_the_feature_uploads_both_addresses(hq, tmp_path, capsys) -> None:
    data_dir, _ = _setup(hq, tmp_path, create_customer_async=True)
    code, body, err = _create(capsys, data_dir,
                              person("Carla", "Asincrona", addresses=[HOME, WORK]))
    assert (code, err) == (0, "") and body is not None and body["mode"] == "async"
    terminal = Terminal(data_dir)
    try:
        sync_until_numbered(terminal, [body["customer_id"]])
        back = terminal.parts.store.get_customer(body["customer_id"])  # through the feed
        assert back is not None and back.account_number
        assert sorted(a.street for a in back.addresses) == ["Corso Como 10", "Via Torino 5"]
        assert [a.street for a in back.addresses if a.is_primary] == ["Corso Como 10"]
    finally:
        terminal.close()
    at_hq = _at_hq(data_dir, back.account_number)
    assert [a["street"] for a in at_hq["addresses"] if a["is_primary"]] == ["Corso Como 10"]
    assert len(at_hq["addresses"]) == 2
