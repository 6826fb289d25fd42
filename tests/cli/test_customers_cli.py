"""`pos-desktop customers ...` run in-process against an activated data dir, no HQ."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pos_desktop.cli import main
from pos_desktop.offline.store import OfflineStore
from tests.sample_store import store_json

ANNA = {
    "customer_type": "person",
    "first_name": "Anna",
    "last_name": "Rossi",
    "email": "anna.rossi@example.it",
    "phone": "02 1234 5678",
    "attributes": {"segment": "A"},
    "addresses": [{"street": "Via Roma 1", "city": "Milano", "zip": "20121"}],
}


@pytest.fixture
def activated(data_dir: Path) -> Path:
    store = OfflineStore(data_dir)
    try:
        store.save_store_config(store_json(), hq_url="", terminal_id="T1")
    finally:
        store.close()
    return data_dir


def write_json(folder: Path, body, name: str = "customer.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def run_in(data_dir: Path, capsys, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    return code, out, err


def create(capsys, data_dir: Path, body=ANNA) -> dict:
    path = write_json(data_dir.parent, body)
    code, out, err = run_in(data_dir, capsys, "customers", "create", "--json", str(path))
    assert (code, err) == (0, "")
    return json.loads(out)


def assert_one_error_line(code: int, err: str) -> str:
    assert code != 0
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("pos-desktop: error:")
    assert "Traceback" not in err
    return lines[0]


# -- create, search, show -----------------------------------------------------------------------


def test_create_prints_the_pending_customer_as_json(capsys, activated):
    body = create(capsys, activated)
    assert body["customer_id"]
    assert body["account_number"] is None
    assert body["display_account"] == "Pending sync"
    assert body["state"] == "pending"
    assert body["mode"] == "forced_async"
    assert body["phone"] == "+390212345678"
    assert body["receipt_email"] == "receipts@duomo.example.com"
    assert body["addresses"][0]["country"] == "IT"

    store = OfflineStore(activated)
    try:
        assert store.count_customers() == 1
        assert store.outbox_count() == 1
    finally:
        store.close()


def test_create_keeps_a_client_supplied_customer_id(capsys, activated):
    body = create(
        capsys, activated, {**ANNA, "customer_id": "3f0e5d9a-1b2c-4d5e-8f90-123456789abc"}
    )
    assert body["customer_id"] == "3f0e5d9a-1b2c-4d5e-8f90-123456789abc"


def test_create_without_json_flag_prints_pending_sync(capsys, activated):
    path = write_json(activated.parent, ANNA)
    code, out, err = run_in(activated, capsys, "customers", "create", str(path))
    assert (code, err) == (0, "")
    assert "Anna Rossi" in out
    assert "Pending sync" in out


def test_search_finds_the_created_customer(capsys, activated):
    created = create(capsys, activated)
    code, out, err = run_in(activated, capsys, "customers", "search", "ross", "--json")
    assert (code, err) == (0, "")
    (row,) = json.loads(out)["results"]
    assert row["customer_id"] == created["customer_id"]
    assert row["account_number"] is None
    assert row["display_account"] == "Pending sync"
    assert row["state"] == "pending"
    assert row["name"] == "Anna Rossi"
    assert row["phone"] == "+390212345678"
    assert row["city"] == "Milano"


def test_search_text_output_shows_pending_sync_not_the_guid(capsys, activated):
    created = create(capsys, activated)
    code, out, err = run_in(activated, capsys, "customers", "search", "anna rossi")
    assert (code, err) == (0, "")
    assert "Pending sync" in out and "Anna Rossi" in out
    assert created["customer_id"] not in out


def test_search_without_matches(capsys, activated):
    create(capsys, activated)
    code, out, _ = run_in(activated, capsys, "customers", "search", "zzzz", "--json")
    assert code == 0
    assert json.loads(out) == {"results": []}
    code, out, _ = run_in(activated, capsys, "customers", "search", "zzzz")
    assert code == 0
    assert out.strip() == "No customers found."


def test_show_by_customer_id(capsys, activated):
    created = create(capsys, activated)
    code, out, err = run_in(
        activated, capsys, "customers", "show", created["customer_id"], "--json"
    )
    assert (code, err) == (0, "")
    body = json.loads(out)
    assert body["customer_id"] == created["customer_id"]
    assert body["account_number"] is None
    assert body["display_account"] == "Pending sync"
    assert body["state"] == "pending"
    assert body["email"] == "anna.rossi@example.it"


def test_show_text_output(capsys, activated):
    created = create(capsys, activated)
    code, out, err = run_in(activated, capsys, "customers", "show", created["customer_id"])
    assert (code, err) == (0, "")
    assert "Anna Rossi" in out
    assert "account: Pending sync" in out
    assert "Via Roma 1" in out


def test_show_by_account_number(capsys, activated):
    store = OfflineStore(activated)
    try:
        store.apply_feed_page(
            [
                {
                    "customer_id": "c-1",
                    "account_number": "C0000777",
                    "first_name": "Elsa",
                    "last_name": "Lind",
                }
            ],
            cursor_key="customers_cursor",
            cursor="1",
        )
    finally:
        store.close()
    code, out, err = run_in(activated, capsys, "customers", "show", "C0000777", "--json")
    assert (code, err) == (0, "")
    body = json.loads(out)
    assert (body["customer_id"], body["display_account"], body["state"]) == (
        "c-1",
        "C0000777",
        "synced",
    )


# -- failures: non-zero exit, exactly one line on stderr, no traceback --------------------------


def test_bad_json_file(capsys, activated, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"first_name": "Anna",', encoding="utf-8")
    code, _, err = run_in(activated, capsys, "customers", "create", "--json", str(path))
    line = assert_one_error_line(code, err)
    assert "not valid JSON" in line


def test_json_that_is_not_an_object(capsys, activated, tmp_path):
    path = write_json(tmp_path, [ANNA], "list.json")
    code, _, err = run_in(activated, capsys, "customers", "create", "--json", str(path))
    assert_one_error_line(code, err)


def test_missing_file(capsys, activated, tmp_path):
    missing = tmp_path / "nope.json"
    code, _, err = run_in(activated, capsys, "customers", "create", "--json", str(missing))
    line = assert_one_error_line(code, err)
    assert "nope.json" in line


def test_unknown_id(capsys, activated):
    code, out, err = run_in(activated, capsys, "customers", "show", "no-such-customer")
    line = assert_one_error_line(code, err)
    assert "no-such-customer" in line
    assert out == ""


def test_create_on_a_terminal_that_is_not_activated(capsys, data_dir, tmp_path):
    path = write_json(tmp_path, ANNA)
    code, _, err = run_in(data_dir, capsys, "customers", "create", "--json", str(path))
    line = assert_one_error_line(code, err)
    assert "not activated" in line


def test_invalid_customer_names_the_fields_and_writes_nothing(capsys, activated, tmp_path):
    path = write_json(tmp_path, {**ANNA, "email": "anna@", "first_name": ""})
    code, _, err = run_in(activated, capsys, "customers", "create", "--json", str(path))
    line = assert_one_error_line(code, err)
    assert "email" in line and "first_name" in line
    store = OfflineStore(activated)
    try:
        assert (store.count_customers(), store.outbox_count()) == (0, 0)
    finally:
        store.close()


def test_blocked_store_refuses_in_one_line(capsys, data_dir, tmp_path):
    store = OfflineStore(data_dir)
    try:
        store.save_store_config(
            store_json(channel_db_group__filter_shared_customer_data_tables=True),
            hq_url="",
            terminal_id="T1",
        )
    finally:
        store.close()
    path = write_json(tmp_path, ANNA)
    code, _, err = run_in(data_dir, capsys, "customers", "create", "--json", str(path))
    line = assert_one_error_line(code, err)
    assert "cannot be created" in line


def test_json_may_come_before_or_after_the_command(capsys, data_dir):
    OfflineStore(data_dir).save_store_config(store_json(), hq_url="", terminal_id="T1")
    for argv in (
        ["--json", "status", "--data-dir", str(data_dir)],
        ["--data-dir", str(data_dir), "status", "--json"],
    ):
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert json.loads(out)["terminal_id"] == "T1"


def test_a_mistyped_data_dir_is_an_error_and_creates_nothing(capsys, tmp_path):
    missing = tmp_path / "typo"
    assert main(["customers", "search", "rossi", "--data-dir", str(missing)]) != 0
    err = capsys.readouterr().err
    assert err.startswith("pos-desktop: error:") and "not activated" in err
    assert not missing.exists()


def test_cli_create_inherits_type_and_receipt_option_as_the_dialog_does(
    data_dir: Path, capsys
):
    """Issue 12: the store's default customer (an organization, e-mail receipts) decides
    what the JSON leaves out, on the CLI as in the dialog (`CustomerService.new_draft`)."""
    from pos_desktop.domain.codec import store_from_json
    from pos_desktop.services.customers import CustomerService

    config = store_json(default_customer__customer_type="organization",
                        default_customer__organization_name="Walk-in Ltd")
    store = OfflineStore(data_dir)
    try:
        store.save_store_config(config, hq_url="", terminal_id="T1")
        dialog = CustomerService(store, lambda: store_from_json(config)).new_draft()
    finally:
        store.close()
    body = {
        "organization_name": "Duomo Fiori",
        "email": "info@duomofiori.example.it",
        "attributes": {"segment": "A"},
        "addresses": [{"street": "Via Roma 1", "city": "Milano", "zip": "20121"}],
    }
    created = create(capsys, data_dir, body)
    assert (created["customer_type"], created["receipt_option"]) == ("organization", "email")
    assert (created["customer_type"], created["receipt_option"]) == (
        dialog.customer_type.value, dialog.receipt_option.value)
    assert created["receipt_email"] == "receipts@duomo.example.com"
    assert created["addresses"][0]["purpose"] == "business"
    # what the JSON says still wins
    created = create(capsys, data_dir, {**ANNA, "receipt_option": "print"})
    assert (created["customer_type"], created["receipt_option"]) == ("person", "print")
