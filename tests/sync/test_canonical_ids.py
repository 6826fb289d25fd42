"""A customer_id (or address_id) that is a valid UUID in another spelling (upper case,
braces, no hyphens) is the same id: the terminal stores it in canonical form, so HQ's
answers (canonical) match it, the outbox clears and no local duplicate appears; HQ
accepts a real-time create whose Idempotency-Key is spelt like the body's id."""

from __future__ import annotations

import json
import sqlite3
import uuid

from tests.support.terminals import PERSON, activate, run_cli, sync_until_numbered


def _create(tmp_path, capsys, data, body):  # type: ignore[no-untyped-def]
    path = tmp_path / f"c-{uuid.uuid4().hex[:6]}.json"
    path.write_text(json.dumps(body))
    return run_cli(capsys, "customers", "create", "--json", str(path),
                   "--data-dir", str(data))


def test_an_upper_case_id_syncs_async_without_a_duplicate(hq, tmp_path, capsys):
    data = tmp_path / "t"
    terminal = activate(hq, data, "T1", "PARIS")  # a store creating customers async
    canonical = str(uuid.uuid4())
    address_id = str(uuid.uuid4())
    body = {**PERSON, "customer_id": canonical.upper(), "last_name": "Upper",
            "addresses": [{**PERSON["addresses"][0], "address_id": address_id.upper()}]}
    code, shown, err = _create(tmp_path, capsys, data, body)
    assert code == 0, err
    assert shown["customer_id"] == canonical and shown["account_number"] is None
    sync_until_numbered(terminal, [canonical])
    terminal.parts.worker.run_cycle()
    store = terminal.parts.store
    assert store.outbox_count() == 0
    assert store.get_customer(canonical).addresses[0].address_id == address_id
    terminal.close()
    db = sqlite3.connect(data / "pos.db")
    try:
        rows = db.execute("select customer_id from customers where last_name = 'Upper'")
        assert [r[0] for r in rows] == [canonical]
    finally:
        db.close()


def test_a_braced_id_is_created_in_real_time(hq, tmp_path, capsys):
    data = tmp_path / "t"
    activate(hq, data).close()  # MILAN: real-time create
    canonical = str(uuid.uuid4())
    body = {**PERSON, "customer_id": "{" + canonical.upper() + "}", "last_name": "Braced"}
    code, shown, err = _create(tmp_path, capsys, data, body)
    assert code == 0, err
    assert shown["mode"] == "sync" and shown["account_number"]
    assert shown["customer_id"] == canonical
    # The same id spelt without hyphens is the same customer, not a second one.
    code, again, err = _create(tmp_path, capsys, data,
                               {**body, "customer_id": canonical.replace("-", "")})
    assert code == 0 and again["account_number"] == shown["account_number"]
