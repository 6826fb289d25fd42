"""Activation: the device token goes to the keyring and nowhere else."""

from __future__ import annotations

import logging
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from pos_desktop.cli import main as cli_main
from pos_desktop.terminal import Terminal
from tests.support.terminals import store_of


def test_without_a_keyring_activation_is_refused_and_nothing_is_written(
    hq, tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    code = hq.admin.create_activation_code(store_of(hq), "K1")["activation_code"]
    data = tmp_path / "k1"
    status = cli_main(
        ["activate", "--hq", hq.url, "--code", code, "--terminal", "K1", "--data-dir", str(data)]
    )
    err = capsys.readouterr().err
    assert status != 0
    assert err.startswith("pos-desktop: error: No keyring") and err.count("\n") == 1
    terminal = Terminal(data)
    try:
        assert not terminal.is_activated
    finally:
        terminal.close()
    # No file of the terminal holds anything resembling a token.
    for path in data.rglob("*"):
        if path.is_file():
            assert b"device_token" not in path.read_bytes()


def test_the_token_is_in_the_keyring_not_in_the_data_dir_or_the_log(
    hq, tmp_path: Path, monkeypatch
) -> None:
    logs = tmp_path / "logs"
    monkeypatch.setenv("POS_DESKTOP_LOG_DIR", str(logs))
    code = hq.admin.create_activation_code(store_of(hq), "K2")["activation_code"]
    data = tmp_path / "k2"
    assert (
        cli_main(
            [
                "activate",
                "--hq",
                hq.url,
                "--code",
                code,
                "--terminal",
                "K2",
                "--data-dir",
                str(data),
            ]
        )
        == 0
    )
    terminal = Terminal(data)
    try:
        token = terminal.parts.client.token
        assert token and len(token) >= 22
        assert terminal.parts.client.store()["store_id"] == store_of(hq)  # the token works
    finally:
        terminal.close()
    log_files = [
        Path(h.baseFilename)
        for h in logging.getLogger().handlers
        if isinstance(h, logging.FileHandler)
    ]
    assert log_files, "the CLI logs to a file"
    files = [p for p in data.rglob("*") if p.is_file()] + log_files + list(logs.rglob("*"))
    for path in files:
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path


@pytest.mark.parametrize("bad_code", ["WRONG-CODE", ""])
def test_a_wrong_activation_code_is_one_clear_line(hq, tmp_path: Path, capsys, bad_code) -> None:
    status = cli_main(
        ["activate", "--hq", hq.url, "--code", bad_code or " ", "--terminal", "K3",
         "--data-dir", str(tmp_path / "k3")]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert status != 0
    assert err.startswith("pos-desktop: error:") and err.count("\n") == 1
    assert "Traceback" not in err


def test_sync_without_the_token_says_so_rather_than_blaming_hq(
    hq, tmp_path: Path, capsys, monkeypatch
) -> None:
    code = hq.admin.create_activation_code(store_of(hq), "K4")["activation_code"]
    data = str(tmp_path / "k4")
    assert cli_main(["activate", "--hq", hq.url, "--code", code, "--terminal", "K4",
                     "--data-dir", data]) == 0  # fmt: skip
    capsys.readouterr()
    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    assert cli_main(["sync", "--once", "--data-dir", data]) != 0
    err = capsys.readouterr().err
    assert "device token is not in the keyring" in err and "cannot be reached" not in err


def test_the_demo_memory_keyring_is_never_chosen_automatically() -> None:
    from keyring.backend import get_all_keyring

    from pos_desktop.credentials import MemoryKeyring

    assert not any(isinstance(k, MemoryKeyring) for k in get_all_keyring())
