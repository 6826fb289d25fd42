"""The log file: rotating, in the log dir, no tokens and no customer personal data."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import keyring
import pytest

from pos_desktop import logs
from pos_desktop.cli import main as cli_main
from tests.support.terminals import activate, store_of


@pytest.fixture
def fresh_logging(tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    """setup_logging configures the root logger once per process: undo it around the test."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level, getattr(root, "_pos_desktop_configured", False))
    for handler in saved[0]:
        root.removeHandler(handler)
    root._pos_desktop_configured = False  # type: ignore[attr-defined]
    monkeypatch.setenv("POS_DESKTOP_LOG_DIR", str(tmp_path / "logs"))
    yield tmp_path / "logs" / logs.LOG_FILENAME
    for handler in list(root.handlers):
        handler.close()
        root.removeHandler(handler)
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])
    root._pos_desktop_configured = saved[2]  # type: ignore[attr-defined]


def test_default_log_file_is_in_the_platformdirs_log_dir(monkeypatch) -> None:
    monkeypatch.delenv("POS_DESKTOP_LOG_DIR")
    from pos_desktop.paths import log_dir

    assert logs.log_file_path() == log_dir() / "pos-desktop.log"
    assert os.environ["XDG_STATE_HOME"] in str(logs.log_file_path())


def test_redaction_masks_emails_tokens_and_e164_phones() -> None:
    line = "x giulia.verdi@example.com Bearer abcdefghijkl123 +393331234567 0003 -> 0004"
    assert logs.redact(line) == "x <email> Bearer <redacted> <phone> 0003 -> 0004"


def test_create_and_sync_leave_no_personal_data_or_token_in_the_log(
    fresh_logging, hq, data_dir, tmp_path, capsys
) -> None:
    log_file: Path = fresh_logging
    activate(hq, data_dir).close()
    people = [
        {"first_name": "Ottavia", "last_name": "Brambilla", "email": "ottavia.b@example.com",
         "phone": "+39 02 8765 4321"},
        {"first_name": "Ludovico", "last_name": "Sforzesco", "email": "ludo.sf@example.org",
         "phone": "+39 333 555 7788"},
    ]
    base = {"customer_type": "person", "attributes": {"segment": "standard"},
            "addresses": [{"street": "Corso Magenta 12", "city": "Milano", "zip": "20123"}]}
    # one created in real time, then HQ switches to async: one pending, synced later
    file1 = tmp_path / "c1.json"
    file1.write_text(json.dumps({**base, **people[0]}))
    assert cli_main(["customers", "create", "--json", str(file1), "--data-dir", str(data_dir)]) == 0
    hq.admin.patch_store(store_of(hq), create_customer_async=True)
    file2 = tmp_path / "c2.json"
    file2.write_text(json.dumps({**base, **people[1]}))
    assert cli_main(["customers", "create", "--json", str(file2), "--data-dir", str(data_dir)]) == 0
    assert cli_main(["sync", "--once", "--data-dir", str(data_dir)]) == 0
    assert cli_main(["status", "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    for handler in logging.getLogger().handlers:
        handler.flush()

    text = log_file.read_text(encoding="utf-8")
    assert text.strip(), "the commands should have logged something"
    from pos_desktop.terminal import Terminal

    terminal = Terminal(data_dir)
    token = keyring.get_password("pos-desktop", f"device-token:{terminal.install_id}")
    terminal.close()
    assert token and token not in text
    for p in people:
        for value in (p["first_name"], p["last_name"], p["email"], p["phone"],
                      p["phone"].replace(" ", "")):
            assert value not in text, f"{value!r} is in the log"
    assert "Corso Magenta" not in text
