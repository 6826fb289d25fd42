"""Uploads against a real HQ whatever the outbox holds: a backlog larger than HQ's 1 MiB
body limit, a record too large on its own, a queued payload that cannot be read, HQ
refusing an upload. One bad record never stops anything else, and every customer the
terminal accepted reaches HQ exactly once."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import orjson

from pos_desktop.cli import EXIT_HQ_REFUSED
from pos_desktop.cli import main as cli_main
from pos_desktop.domain.codec import draft_from_json
from pos_desktop.sync import engine as engine_module
from pos_desktop.terminal import Terminal
from tests.support.terminals import activate, person, run_cli, sync_until_numbered

HQ_BODY_LIMIT = 1024 * 1024  # hq_stub/api/guard.py MAX_BODY


def _big(i: int) -> dict:
    """A valid customer of about 9 KB as uploaded (20 long addresses)."""
    return person(f"Anne{i}", "Bigaddr", addresses=[
        {"street": f"Rue {'x' * 185} {k}", "city": "P" * 60, "zip": "75001",
         "contact_name": "C" * 100, "is_primary": k == 0}
        for k in range(20)
    ])


def _create_offline(terminal: Terminal, drafts: list[dict]) -> list[str]:
    terminal.parts.link.set_forced_offline(True)
    ids = [terminal.customers.create_customer(draft_from_json(d)).customer.customer_id
           for d in drafts]
    terminal.parts.link.set_forced_offline(False)
    return ids


def _at_hq(hq_db: Path, customer_ids: list[str]) -> dict[str, int]:
    """How many customers HQ holds under each of these customer_ids."""
    with sqlite3.connect(hq_db) as db:
        return {cid: db.execute("SELECT count(*) FROM customers WHERE customer_id = ?",
                                (cid,)).fetchone()[0]
                for cid in customer_ids}


def _named(hq_db: Path, last_name: str) -> int:
    """HQ's customers with this last name, whatever their id (no double under another)."""
    with sqlite3.connect(hq_db) as db:
        return sum(json.loads(doc).get("last_name") == last_name
                   for (doc,) in db.execute("SELECT doc FROM customers"))


def _plant_payload(data_dir: Path, customer_id: str, change) -> None:  # type: ignore[no-untyped-def]
    """Rewrite one queued payload in the outbox, as an older release could have left it."""
    with sqlite3.connect(data_dir / "pos.db") as db:
        (text,) = db.execute(
            "SELECT payload FROM outbox WHERE kind = 'customer' AND customer_id = ?",
            (customer_id,),
        ).fetchone()
        db.execute("UPDATE outbox SET payload = ? WHERE kind = 'customer' AND customer_id = ?",
                   (change(json.loads(text)), customer_id))


def test_a_backlog_over_hqs_body_limit_uploads_in_parts_exactly_once(
    hq, tmp_path: Path, capsys
) -> None:
    terminal = activate(hq, tmp_path / "t", "T1")
    try:
        ids = _create_offline(terminal, [_big(i) for i in range(140)])
        queued = [p for _, _, p in terminal.parts.store.pending_uploads("customer", 500)]
        assert len(orjson.dumps({"customers": queued})) > HQ_BODY_LIMIT  # one batch: 413
    finally:
        terminal.close()

    code, body, err = run_cli(capsys, "--data-dir", str(tmp_path / "t"), "sync", "--once")
    assert code == 0, err
    assert body is not None and body["uploaded"] == 140 and body["rejected"] == 0
    assert body["pulled"] > 0  # the pull ran in the same cycle

    terminal = Terminal(tmp_path / "t")
    try:
        sync_until_numbered(terminal, ids)
    finally:
        terminal.close()
    assert set(_at_hq(tmp_path / "hq.db", ids).values()) == {1}
    assert _named(tmp_path / "hq.db", "Bigaddr") == 140


def test_a_413_splits_the_batch_and_a_record_too_large_alone_is_rejected_here(
    hq, tmp_path: Path, monkeypatch
) -> None:
    # No size cap of our own: HQ's 413 must be handled by sending halves.
    monkeypatch.setattr(engine_module, "UPLOAD_BYTES", 64 * HQ_BODY_LIMIT, raising=False)
    terminal = activate(hq, tmp_path / "t", "T1")
    try:
        ids = _create_offline(terminal, [_big(i) for i in range(140)])
        huge = ids[40]
        _plant_payload(tmp_path / "t", huge, lambda p: json.dumps(
            {**p, "attributes": {**p["attributes"], "note": "n" * (HQ_BODY_LIMIT + 10)}}))
        report = terminal.parts.worker.run_cycle()
        assert report is not None and report.upload_refused == ""
        assert report.uploaded == 139 and report.rejected == [huge]
        assert report.pulled > 0
        rejected = terminal.parts.store.get_customer(huge)
        assert rejected is not None and rejected.state.value == "rejected"
        assert "too large" in rejected.rejection_reason
        others = [cid for cid in ids if cid != huge]
        sync_until_numbered(terminal, others)
    finally:
        terminal.close()
    at_hq = _at_hq(tmp_path / "hq.db", ids)
    assert at_hq.pop(huge) == 0
    assert set(at_hq.values()) == {1}
    assert _named(tmp_path / "hq.db", "Bigaddr") == 139


def test_an_unreadable_queued_payload_is_rejected_alone_and_the_rest_flows(
    hq, tmp_path: Path, capsys
) -> None:
    terminal = activate(hq, tmp_path / "t", "T1")
    try:
        old, fine = _create_offline(terminal, [person("Gina", "Old"), person("Fina", "Fine")])
    finally:
        terminal.close()
    # A lone surrogate, as the previous release let through from a JSON file.
    _plant_payload(tmp_path / "t", old,
                   lambda p: json.dumps({**p, "first_name": "Gi\ud800"}))

    code, body, err = run_cli(capsys, "--data-dir", str(tmp_path / "t"), "sync", "--once")
    assert code == 0, err
    assert body is not None and body["uploaded"] == 1 and body["rejected"] == 1
    assert body["pulled"] > 0 and body["rejected_total"] == 1

    terminal = Terminal(tmp_path / "t")
    try:
        sync_until_numbered(terminal, [fine])
        bad = terminal.parts.store.get_customer(old)
        assert bad is not None and bad.state.value == "rejected" and not bad.account_number
        assert "unreadable" in bad.rejection_reason
        assert terminal.services.sync.counts().rejected == 1
    finally:
        terminal.close()
    assert _at_hq(tmp_path / "hq.db", [old, fine]) == {old: 0, fine: 1}


def test_hq_refusing_the_upload_is_said_as_a_refusal_and_the_pull_still_runs(
    hq, tmp_path: Path, capsys, monkeypatch
) -> None:
    terminal = activate(hq, tmp_path / "t", "T1")
    try:
        (queued,) = _create_offline(terminal, [person("Rita", "Refused")])
    finally:
        terminal.close()
    # More than HQ's 500 records per upload: HQ refuses the whole body (422).
    real = engine_module.SyncEngine.upload_customers

    def upload_too_many(self, report) -> None:  # type: ignore[no-untyped-def]
        self.client.upload_customers([{"customer_id": "x"}] * 501)
        real(self, report)

    monkeypatch.setattr(engine_module.SyncEngine, "upload_customers", upload_too_many)
    code = cli_main(["--data-dir", str(tmp_path / "t"), "sync", "--once", "--json"])
    out, err = capsys.readouterr()
    assert code == EXIT_HQ_REFUSED
    assert "refused the upload" in err and "cannot be reached" not in err
    assert "HTTP 422" in err
    body = json.loads(out)
    assert body["upload_refused"].startswith("HTTP 422 validation_error")
    assert body["uploaded"] == 0 and body["pulled"] > 0  # the pull ran all the same
    assert body["pending"] == 1
    monkeypatch.setattr(engine_module.SyncEngine, "upload_customers", real)

    terminal = Terminal(tmp_path / "t")
    try:
        sync_until_numbered(terminal, [queued])
    finally:
        terminal.close()
    assert _at_hq(tmp_path / "hq.db", [queued]) == {queued: 1}


def test_sync_once_says_hq_refused_not_unreachable(hq, tmp_path: Path, capsys,
                                                   monkeypatch) -> None:
    """A refusal outside the upload (the store configuration here) ends the cycle, and
    the user hears HQ refused, with its code, not that HQ cannot be reached."""
    from pos_desktop.services.ports import HQRejected
    from pos_desktop.sync.client import HQClient

    terminal = activate(hq, tmp_path / "t", "T1")
    terminal.close()

    def refuse(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise HQRejected(409, "some_code", "Some reason")

    monkeypatch.setattr(HQClient, "store", refuse)
    monkeypatch.setattr(HQClient, "store_if_changed", refuse)
    code, _body, err = run_cli(capsys, "--data-dir", str(tmp_path / "t"), "sync", "--once")
    assert code == EXIT_HQ_REFUSED
    assert "refused the sync (HTTP 409 some_code: Some reason)" in err
    assert "cannot be reached" not in err
