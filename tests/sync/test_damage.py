"""A damaged or lost terminal database is noticed, never written to, and recovered.

Real SQLite files in tmp_path, a real HQ on 127.0.0.1, the CLI in-process.
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
from pathlib import Path

import pytest

from pos_desktop.domain.codec import customer_from_json
from pos_desktop.domain.customer import SyncState
from pos_desktop.terminal import Terminal
from tests.support.terminals import (
    activate,
    person,
    run_cli,
    store_of,
    sync_until_numbered,
    wait_until,
)

GARBAGE = 8192


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage_mid_file(db: Path) -> int:
    """8 KiB of garbage over a customers page in the middle of the file (not the last
    one, which holds the newest customers). Returns the offset written."""
    conn = sqlite3.connect(db)
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        leaves = [
            p for (p,) in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = 'customers' AND pagetype = 'leaf' "
                "ORDER BY path"
            )
        ]  # fmt: skip
    finally:
        conn.close()
    assert len(leaves) > 6, "too few customers to damage one page in the middle"
    offset = (leaves[len(leaves) // 3] - 1) * page_size
    with db.open("r+b") as handle:
        handle.seek(offset)
        handle.write(random.Random(4).randbytes(GARBAGE))
    return offset


def _populated_terminal(hq, data: Path, offline: int = 3) -> list[str]:
    """Activated, HQ's customers downloaded, `offline` customers created offline."""
    terminal = activate(hq, data, "T1")
    try:
        terminal.sync_once()
        terminal.parts.link.set_forced_offline(True)
        pending = [
            terminal.customers.create_customer(
                customer_from_json(person(f"Salv{i}", "Aged", email=f"salv{i}@example.com"))
            ).customer.customer_id
            for i in range(offline)
        ]
        for customer_id in pending:
            assert terminal.parts.store.get_customer(customer_id).account_number is None
    finally:
        terminal.close()
    return pending


def _hq_customers(hq_db: Path, store_id: str) -> dict[str, str]:
    with sqlite3.connect(hq_db) as db:
        return dict(db.execute(
            "SELECT customer_id, account_number FROM customers WHERE store_id = ?", (store_id,)
        ).fetchall())  # fmt: skip


COMMANDS = [
    ("status",),
    ("customers", "search", "Rossi"),
    ("customers", "show", "C000001"),
    ("sync", "--once"),
]


@pytest.mark.allow_log_errors(r"failed quick_check: database disk image is malformed")
def test_garbage_mid_file_every_command_refuses_and_nothing_writes(
    hq, tmp_path: Path, capsys
) -> None:
    data = tmp_path / "t"
    _populated_terminal(hq, data)
    db = data / "pos.db"
    assert not db.with_name("pos.db-wal").exists()
    damage_mid_file(db)
    before = _digest(db)

    draft = tmp_path / "new.json"
    draft.write_text(json.dumps(person("New", "One")), encoding="utf-8")
    for command in [*COMMANDS, ("customers", "create", "--json", str(draft))]:
        status, _, err = run_cli(capsys, *command, "--data-dir", str(data))
        assert status != 0, command
        assert err.count("\n") == 1 and "Traceback" not in err, err
        assert "damaged" in err and str(db) in err and "pos-desktop recover" in err, err
        assert _digest(db) == before, f"{command} wrote to the damaged database"

    status, body, _ = run_cli(capsys, "self-check", "--data-dir", str(data))
    assert status == 1
    (check,) = [c for c in body["checks"] if c["name"] == "database integrity"]
    assert check["status"] == "fail" and "recover" in check["detail"]
    assert _digest(db) == before


@pytest.mark.allow_log_errors(r"failed quick_check: database disk image is malformed")
def test_the_message_names_the_newest_backup(hq, tmp_path: Path, capsys) -> None:
    data = tmp_path / "t"
    _populated_terminal(hq, data, offline=0)
    db = data / "pos.db"
    backup = db.with_name("pos.db.before-0004.20260101T000000.bak")
    backup.write_bytes(b"")
    damage_mid_file(db)
    status, _, err = run_cli(capsys, "status", "--data-dir", str(data))
    assert status != 0 and str(backup) in err


@pytest.mark.parametrize("how", ["empty", "missing"])
def test_an_activated_terminal_whose_database_is_gone_is_lost_data(
    hq, tmp_path: Path, capsys, how: str
) -> None:
    data = tmp_path / "t"
    _populated_terminal(hq, data, offline=1)
    db = data / "pos.db"
    if how == "empty":
        db.write_bytes(b"")
    else:
        db.unlink()
    for command in COMMANDS:
        status, _, err = run_cli(capsys, *command, "--data-dir", str(data))
        assert status != 0, command
        assert "not activated" not in err, err
        assert f"The database at {db} is {how}" in err and "was activated" in err, err
        assert "pos-desktop recover" in err and err.count("\n") == 1, err
    # Not silently recreated: still empty / still missing.
    assert (db.stat().st_size == 0) if how == "empty" else not db.exists()
    status, body, _ = run_cli(capsys, "self-check", "--data-dir", str(data))
    assert status == 1
    assert any(c["status"] == "fail" and "was activated" in c["detail"] for c in body["checks"])


def test_recover_salvages_pending_customers_and_hq_holds_each_once(
    hq, tmp_path: Path, capsys
) -> None:
    store_id = store_of(hq)
    hq_db = tmp_path / "hq.db"
    data = tmp_path / "t"
    pending = _populated_terminal(hq, data, offline=3)
    at_hq_before = _hq_customers(hq_db, store_id)
    assert not set(pending) & set(at_hq_before)
    db = data / "pos.db"
    damage_mid_file(db)

    status, report, err = run_cli(capsys, "recover", "--data-dir", str(data))
    assert status == 0, err
    damaged = Path(report["damaged_file"])
    assert damaged.exists() and damaged.name.startswith("pos.db.damaged-")
    assert report["saved"]["pending"] == 3
    assert report["saved"]["customer_attributes"] == 3  # keyed by customer, no rowid (0007)
    assert report["sync_error"] is None
    assert report["uploaded"] == 3
    assert report["repopulated"] >= len(at_hq_before) - 50  # the damaged page's were lost
    assert report["method"] in ("sqlite3 .recover", "row by row")
    assert any("customers" in line for line in report["not_saved"]), report["not_saved"]

    terminal = Terminal(data)
    try:
        sync_until_numbered(terminal, pending, timeout=20)
        at_hq = _hq_customers(hq_db, store_id)
        # Each pending customer exactly once at HQ, with the number the terminal shows.
        assert len(at_hq) == len(at_hq_before) + 3
        for customer_id in pending:
            stored = terminal.parts.store.get_customer(customer_id)
            assert stored.account_number == at_hq[customer_id]
            assert terminal.customers.search(
                f"salv{pending.index(customer_id)}@example.com"
            )[0].customer_id == customer_id
        # Every synced customer is back from the feed.
        assert terminal.parts.store.count_customers() == len(at_hq)
    finally:
        terminal.close()
    status, body, err = run_cli(capsys, "status", "--data-dir", str(data))
    assert status == 0, err
    assert body["pending"] == 0 and body["customers"] == len(at_hq)


def test_recover_after_the_database_was_emptied_downloads_everything_again(
    hq, tmp_path: Path, capsys
) -> None:
    data = tmp_path / "t"
    _populated_terminal(hq, data, offline=1)
    db = data / "pos.db"
    db.write_bytes(b"")
    status, report, err = run_cli(capsys, "recover", "--data-dir", str(data))
    assert status == 0, err
    assert report["saved"].get("pending", 0) == 0
    assert any("missing or empty" in line for line in report["not_saved"])
    assert report["repopulated"] == len(_hq_customers(tmp_path / "hq.db", store_of(hq)))
    status, body, err = run_cli(capsys, "status", "--data-dir", str(data))
    assert status == 0 and body["activated"], err


def test_recover_refuses_a_sound_database(hq, tmp_path: Path, capsys) -> None:
    data = tmp_path / "t"
    _populated_terminal(hq, data, offline=0)
    status, _, err = run_cli(capsys, "recover", "--data-dir", str(data))
    assert status == 1 and "nothing to recover" in err
    wait_until(lambda: (data / "pos.db").exists())


def test_recover_keeps_rejected_customers_and_uploaded_ones_stay_single(
    hq, tmp_path: Path, capsys
) -> None:
    """Customers already uploaded before the damage are sent again: HQ still holds one."""
    store_id = store_of(hq)
    hq_db = tmp_path / "hq.db"
    data = tmp_path / "t"
    pending = _populated_terminal(hq, data, offline=2)
    at_hq_before = _hq_customers(hq_db, store_id)
    terminal = Terminal(data)
    try:
        bad = customer_from_json(person("Reject", "Ed", attributes={}))
        bad.state = SyncState.PENDING
        terminal.parts.store.add_customer(bad, queue_upload=True)  # HQ refuses it (segment)
        terminal.parts.link.set_forced_offline(False)

        def rejected() -> bool:
            terminal.parts.worker.run_cycle()
            return terminal.parts.store.get_customer(bad.customer_id).state is SyncState.REJECTED

        wait_until(rejected, timeout=20, interval=0.3)
        reason = terminal.parts.store.get_customer(bad.customer_id).rejection_reason
    finally:
        terminal.close()
    damage_mid_file(data / "pos.db")

    status, report, err = run_cli(capsys, "recover", "--data-dir", str(data))
    assert status == 0, err
    assert report["saved"]["rejected"] == 1

    terminal = Terminal(data)
    try:
        sync_until_numbered(terminal, pending, timeout=20)
        shown = terminal.parts.store.get_customer(bad.customer_id)
        assert shown.state is SyncState.REJECTED and shown.rejection_reason == reason
        at_hq = _hq_customers(hq_db, store_id)
        assert len(at_hq) == len(at_hq_before) + 2
        assert bad.customer_id not in at_hq
    finally:
        terminal.close()
