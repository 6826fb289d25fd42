"""One poisoned record in HQ's change feed: quarantined alone, everything else flows on.

The record is planted straight into HQ's database (bypassing HQ's validation), as an
older HQ or a bad import could have left it.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from pos_desktop.cli import main as cli_main
from pos_desktop.domain.codec import customer_from_json
from tests.support.terminals import activate, person, run_cli, store_of, sync_until_numbered


def _plant(hq_db: Path, store_id: str, doc_text: str) -> str:
    """Replace one of the store's customers' stored document; returns its customer_id."""
    with sqlite3.connect(hq_db) as db:
        customer_id, doc = db.execute(
            "SELECT customer_id, doc FROM customers WHERE store_id = ? ORDER BY feed_seq LIMIT 1",
            (store_id,),
        ).fetchone()
        body = json.loads(doc)
        assert body["customer_id"] == customer_id
        text = doc_text.replace("@DOC@", doc[1:-1])
        db.execute("UPDATE customers SET doc = ? WHERE customer_id = ?", (text, customer_id))
    return customer_id


def _store_customers(hq_db: Path, store_id: str) -> int:
    with sqlite3.connect(hq_db) as db:
        return db.execute(
            "SELECT count(*) FROM customers WHERE store_id = ?", (store_id,)
        ).fetchone()[0]


def test_a_nan_in_the_feed_is_quarantined_and_everything_else_applies(
    hq, tmp_path: Path, capsys
) -> None:
    store_id = store_of(hq)
    hq_db = tmp_path / "hq.db"
    # A number attribute holding a bare NaN: the page is no longer strict JSON.
    poisoned = _plant(hq_db, store_id, '{@DOC@,"attributes":{"size":NaN}}')

    # A terminal with customers created offline: they must still get their numbers.
    first = activate(hq, tmp_path / "t1", "T1")
    try:
        first.parts.link.set_forced_offline(True)
        pending = [
            first.customers.create_customer(customer_from_json(person(f"Poi{i}", "Son")))
            .customer.customer_id
            for i in range(2)
        ]
        first.parts.link.set_forced_offline(False)
        sync_until_numbered(first, pending, timeout=20)
        assert first.parts.store.quarantine_count() == 1
    finally:
        first.close()

    # A new terminal downloads every other customer of the store.
    data = str(tmp_path / "t2")
    code = hq.admin.create_activation_code(store_id, "T2")["activation_code"]
    status, _, err = run_cli(
        capsys, "activate", "--hq", hq.url, "--code", code, "--terminal", "T2", "--data-dir", data
    )
    assert status == 0, err
    status, report, err = run_cli(capsys, "sync", "--once", "--data-dir", data)
    assert status == 0, err
    assert report["quarantined"] == 1

    status, body, err = run_cli(capsys, "status", "--data-dir", data)
    assert status == 0, err
    assert body["quarantined"] == 1
    assert body["customers"] == _store_customers(hq_db, store_id) - 1

    status, body, err = run_cli(capsys, "quarantine", "--data-dir", data)
    assert status == 0, err
    assert body["quarantined"] == 1
    (record,) = body["records"]
    assert record["customer_id"] == poisoned
    assert "attributes.size" in record["reason"] and "NaN" in record["raw"]
    assert record["cursor"]

    # Text output says the same, and a second sync changes nothing.
    status, _, err = run_cli(capsys, "sync", "--once", "--data-dir", data)
    assert status == 0, err
    status, body, _ = run_cli(capsys, "status", "--data-dir", data)
    assert body["quarantined"] == 1
    for customer_id in pending:
        status, shown, err = run_cli(capsys, "customers", "show", customer_id, "--data-dir", data)
        assert status == 0, err
        assert shown["account_number"], shown


def test_an_unreadable_record_is_quarantined_and_its_fix_clears_it(
    hq, tmp_path: Path, capsys
) -> None:
    """1e400, a wrong type, invalid escapes: each record alone; a fixed version applies."""
    store_id = store_of(hq)
    hq_db = tmp_path / "hq.db"
    with sqlite3.connect(hq_db) as db:
        rows = db.execute(
            "SELECT customer_id, doc FROM customers WHERE store_id = ? ORDER BY feed_seq LIMIT 4",
            (store_id,),
        ).fetchall()
        poison = [
            '{@DOC@,"version":1e400}',  # infinite: not even the standard library keeps it
            '{@DOC@,"addresses":"nowhere"}',  # valid JSON, wrong type
            '{@DOC@,"first_name":"\\ud800 \\u0000"}',  # lone surrogate and NUL
            '{@DOC@,"title":"\\q"}',  # an invalid escape: the page is split record by record
        ]
        originals = {}
        for (customer_id, doc), text in zip(rows, poison, strict=True):
            originals[customer_id] = doc
            db.execute(
                "UPDATE customers SET doc = ? WHERE customer_id = ?",
                (text.replace("@DOC@", doc[1:-1]), customer_id),
            )
    data = str(tmp_path / "t")
    activate(hq, Path(data), "T1").close()
    status, report, err = run_cli(capsys, "sync", "--once", "--data-dir", data)
    assert status == 0, err
    assert report["quarantined"] == 4
    status, body, _ = run_cli(capsys, "status", "--data-dir", data)
    assert body["quarantined"] == 4
    assert body["customers"] == _store_customers(hq_db, store_id) - 4
    _, listed, _ = run_cli(capsys, "quarantine", "--data-dir", data)
    # HQ serves each damaged document as a placeholder with its id and stored text.
    unreadable = rows[3][0]
    assert {r["customer_id"] for r in listed["records"]} == set(originals)
    (split,) = [r for r in listed["records"] if r["customer_id"] == unreadable]
    assert "\\q" in split["raw"] and "not readable as JSON" in split["reason"]
    reasons = {r["customer_id"]: r["reason"] for r in listed["records"]}
    wrong_type = rows[1][0]  # strict JSON, served as stored: the terminal's own check
    assert "addresses" in reasons.pop(wrong_type)
    assert all("damaged at HQ" in reason for reason in reasons.values()), reasons

    assert cli_main(["quarantine", "--data-dir", data]) == 0  # text: one line each, escaped
    out = capsys.readouterr().out
    assert out.startswith("4 quarantined feed records:") and len(out.splitlines()) == 5
    assert all(c.isprintable() for c in out.replace("\n", ""))

    # HQ repairs one record (a new feed sequence): it applies and leaves the quarantine.
    fixed = rows[1][0]
    with sqlite3.connect(hq_db) as db:
        top = db.execute("SELECT max(feed_seq) FROM customers").fetchone()[0]
        db.execute(
            "UPDATE customers SET doc = ?, feed_seq = ? WHERE customer_id = ?",
            (originals[fixed], top + 1000, fixed),
        )
    status, report, err = run_cli(capsys, "sync", "--once", "--data-dir", data)
    assert status == 0, err
    _, body, _ = run_cli(capsys, "status", "--data-dir", data)
    assert body["quarantined"] == 3
    status, shown, _ = run_cli(capsys, "customers", "show", fixed, "--data-dir", data)
    assert status == 0 and shown["customer_id"] == fixed
