"""`pos-desktop self-check`: a readable report, --json, exit 0 only when every check holds."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from pos_desktop.cli import main as cli_main
from pos_desktop.offline.migrate import head_revision
from pos_desktop.offline.store import OfflineStore
from tests.support.terminals import activate


def self_check(capsys, data_dir: Path) -> tuple[int, dict]:
    code = cli_main(["self-check", "--data-dir", str(data_dir), "--json"])
    out, _err = capsys.readouterr()
    return code, json.loads(out)


def statuses(body: dict) -> dict[str, str]:
    return {c["name"]: c["status"] for c in body["checks"]}


def test_fresh_install_passes_with_the_test_keyring_as_a_warning(capsys, data_dir) -> None:
    code, body = self_check(capsys, data_dir)
    assert code == 0 and body["ok"] is True
    assert statuses(body) == {
        "data dir": "ok",
        "log file": "ok",
        "migrations": "ok",
        "database integrity": "ok",
        "backups": "ok",
        "system libraries": "ok",  # .ci/run installs what Qt's X11 plugin needs
        "Qt platform": "ok",
        "translations": "ok",
        "keyring": "warn",  # keyrings.alt PlaintextKeyring: insecure, so said
        "HQ": "ok",
    }
    details = {c["name"]: c["detail"] for c in body["checks"]}
    assert "PlaintextKeyring" in details["keyring"]
    assert "not configured" in details["HQ"]
    assert "pos_desktop_et.qm, pos_desktop_fr.qm, pos_desktop_it.qm, pos_desktop_sv.qm" in (
        details["translations"])
    assert "offscreen" in details["Qt platform"]


def test_readable_report(capsys, data_dir) -> None:
    assert cli_main(["self-check", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("POS Desktop ")
    assert "WARN  keyring" in out and out.rstrip().endswith("(1 warning(s)).")


def test_activated_terminal_checks_hq_and_the_token_then_fails_when_hq_is_down(
    capsys, hq, data_dir
) -> None:
    activate(hq, data_dir).close()
    code, body = self_check(capsys, data_dir)
    assert code == 0, body
    hq_check = next(c for c in body["checks"] if c["name"] == "HQ")
    assert hq_check["status"] == "ok" and "accepted" in hq_check["detail"]
    assert "device token present" in next(
        c["detail"] for c in body["checks"] if c["name"] == "keyring"
    )
    hq.stop()
    code, body = self_check(capsys, data_dir)
    assert code == 1 and body["ok"] is False
    assert statuses(body)["HQ"] == "fail"


def test_unwritable_data_dir_fails(capsys, tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, body = self_check(capsys, blocker / "terminal")
    assert code == 1 and statuses(body)["data dir"] == "fail"


def test_older_database_is_applicable_and_a_newer_one_fails(capsys, data_dir) -> None:
    OfflineStore(data_dir).close()
    db = data_dir / "pos.db"
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0002'")
    code, body = self_check(capsys, data_dir)
    assert code == 0 and f"migrated to {head_revision()} on next start" in json.dumps(body)
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    code, body = self_check(capsys, data_dir)
    assert code == 1 and statuses(body)["migrations"] == "fail"


def test_a_platform_plugin_that_cannot_load_fails_without_crashing(data_dir, monkeypatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "no-such-platform")
    done = subprocess.run(
        [sys.executable, "-m", "pos_desktop", "self-check", "--data-dir", str(data_dir), "--json"],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1, done.stderr
    body = json.loads(done.stdout)
    assert statuses(body)["Qt platform"] == "fail"
    assert "no-such-platform" in next(
        c["detail"] for c in body["checks"] if c["name"] == "Qt platform"
    )


def test_old_migration_backups_are_reported_and_deleted_at_the_next_start(
        capsys, data_dir, monkeypatch) -> None:
    """Backups hold customer data (erased customers' too): kept at most the retention
    setting; self-check names older ones, the next start deletes them."""
    import os
    import time

    OfflineStore(data_dir).close()
    old = data_dir / "pos.db.before-0005.20250101T000000.bak"
    young = data_dir / "pos.db.before-0006.20261201T000000.bak"
    for path in (old, young):
        path.write_bytes(b"copy")
    stamp = time.time() - 31 * 86400
    os.utime(old, (stamp, stamp))
    code, body = self_check(capsys, data_dir)
    assert statuses(body)["backups"] == "warn"
    detail = {c["name"]: c["detail"] for c in body["checks"]}["backups"]
    assert old.name in detail and young.name not in detail
    monkeypatch.setenv("POS_DESKTOP_BACKUP_DAYS", "60")
    assert statuses(self_check(capsys, data_dir)[1])["backups"] == "ok"
    monkeypatch.delenv("POS_DESKTOP_BACKUP_DAYS")
    OfflineStore(data_dir).close()
    assert not old.exists() and young.exists()
    assert statuses(self_check(capsys, data_dir)[1])["backups"] == "ok"
