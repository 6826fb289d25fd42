"""Issue 10, defect 6 (terminal side): the keyring before the code; "activate it again".

Activation proves the keyring usable before it spends the one-time code at HQ. A token
HQ refuses (revoked: 401 device_revoked, or any 401 on a device call) or that is missing
from the keyring is reported as "activate again", in one line with its own exit code,
in `status`, and on the register's status bar; the sync worker stops asking HQ.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import keyring
import keyring.backend
import pytest
from keyring.backends import fail

from pos_desktop import cli
from pos_desktop.cli import main as cli_main
from pos_desktop.credentials import SERVICE
from pos_desktop.terminal import Terminal
from tests.support.terminals import PERSON, activate, store_of


class LockedKeyring(keyring.backend.KeyringBackend):
    """A keyring that is there but refuses every write (locked, read-only, broken)."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("the keyring is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError("the keyring is locked")


class ForgetfulKeyring(LockedKeyring):
    """Accepts a password and keeps nothing (keyring's null backend behaves so)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        pass


def _activate(hq, data: Path, code: str, terminal: str = "K1") -> int:  # type: ignore[no-untyped-def]
    return cli_main(["activate", "--hq", hq.url, "--code", code, "--terminal", terminal,
                     "--data-dir", str(data)])


@pytest.mark.parametrize("backend", [fail.Keyring, LockedKeyring, ForgetfulKeyring],
                         ids=["none", "locked", "forgetful"])
def test_an_unusable_keyring_is_refused_before_the_code_is_spent(
    hq, tmp_path: Path, capsys, monkeypatch, backend
) -> None:
    code = hq.admin.create_activation_code(store_of(hq), "K1")["activation_code"]
    data = tmp_path / "k1"
    with monkeypatch.context() as patched:
        patched.setattr(keyring, "get_keyring", lambda: backend())
        status = _activate(hq, data, code)
    err = capsys.readouterr().err
    assert status == cli.EXIT_NO_KEYRING, err
    assert err.startswith("pos-desktop: error: No keyring") and err.count("\n") == 1
    # The keyring works again: the same one-time code still activates the terminal.
    assert _activate(hq, data, code) == 0, capsys.readouterr().err


def _refused_token(data: Path) -> None:
    """HQ no longer knows this terminal's token (revoked; here: replaced by another)."""
    terminal = Terminal(data)
    try:
        keyring.set_password(SERVICE, f"device-token:{terminal.install_id}", "x" * 43)
    finally:
        terminal.close()


def _forget_token(data: Path) -> None:
    terminal = Terminal(data)
    try:
        keyring.delete_password(SERVICE, f"device-token:{terminal.install_id}")
    finally:
        terminal.close()


def _status(data: Path, capsys) -> dict:  # type: ignore[type-arg]
    assert cli_main(["status", "--json", "--data-dir", str(data)]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_refused_token_says_activate_again_everywhere(hq, tmp_path: Path, capsys) -> None:
    data = tmp_path / "t"
    activate(hq, data).close()
    assert _status(data, capsys)["device"] == "ok"
    _refused_token(data)

    assert cli_main(["sync", "--once", "--data-dir", str(data)]) == cli.EXIT_DEACTIVATED == 5
    err = capsys.readouterr().err
    assert err == "pos-desktop: error: This terminal was deactivated: activate it again.\n"

    customer = tmp_path / "c.json"
    customer.write_text(json.dumps(PERSON))  # a real-time create (HQ is up, store in sync mode)
    assert cli_main(["customers", "create", "--json", str(customer),
                     "--data-dir", str(data)]) == cli.EXIT_DEACTIVATED  # fmt: skip
    assert "deactivated: activate it again" in capsys.readouterr().err

    status = _status(data, capsys)
    assert status["device"] == "terminal.deactivated"
    assert "activate it again" in status["device_problem"]

    # A new activation clears it.
    code = hq.admin.create_activation_code(store_of(hq), "T1")["activation_code"]
    assert _activate(hq, data, code, "T1") == 0
    capsys.readouterr()
    assert _status(data, capsys)["device"] == "ok"
    assert cli_main(["sync", "--once", "--data-dir", str(data)]) == 0


def test_a_missing_keyring_entry_says_activate_again_not_bearer_required(
    hq, tmp_path: Path, capsys
) -> None:
    data = tmp_path / "t"
    activate(hq, data).close()
    _forget_token(data)
    customer = tmp_path / "c.json"
    customer.write_text(json.dumps(PERSON))
    for argv in (["sync", "--once"], ["customers", "create", "--json", str(customer)]):
        assert cli_main([*argv, "--data-dir", str(data)]) == cli.EXIT_TOKEN_MISSING == 6
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "not in the keyring" in err and "activate it again" in err
        assert "Bearer" not in err
    assert _status(data, capsys)["device"] == "token.missing"


def test_the_sync_worker_stops_asking_once_the_token_is_refused(
    hq, tmp_path: Path
) -> None:
    from pos_desktop.services.ports import DeviceNotAuthorized

    data = tmp_path / "t"
    activate(hq, data).close()
    _refused_token(data)
    terminal = Terminal(data)
    assert terminal.parts.worker is not None and terminal.parts.link is not None
    terminal.parts.worker.max_backoff = 0.2  # without the stop, it would retry 5 times a second
    calls: list[float] = []
    real = terminal.parts.worker.engine.run_once

    def counted():  # type: ignore[no-untyped-def]
        calls.append(time.monotonic())
        return real()

    terminal.parts.worker.engine.run_once = counted  # type: ignore[method-assign]
    terminal.parts.link.check_now()
    terminal.start_background()
    try:
        deadline = time.monotonic() + 15
        while terminal.parts.worker.auth_error is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert isinstance(terminal.parts.worker.auth_error, DeviceNotAuthorized)
        assert terminal.auth_problem() is not None
        asked = len(calls)
        time.sleep(2.0)
        assert len(calls) == asked, "the worker kept calling HQ with a refused token"
        terminal.parts.worker.wake()  # "Sync now": one more try, then quiet again
        time.sleep(1.0)
        assert len(calls) == asked + 1
    finally:
        terminal.close()


def test_the_status_bar_shows_it(hq, tmp_path: Path, qtbot) -> None:
    from pos_desktop.ui.context import AppContext
    from pos_desktop.ui.status_bar import StatusBar

    data = tmp_path / "t"
    activate(hq, data).close()
    _refused_token(data)
    terminal = Terminal(data)
    ctx = AppContext(terminal.services)
    bar = StatusBar(ctx)
    qtbot.addWidget(bar)
    try:
        terminal.parts.link.check_now()
        assert terminal.parts.worker.run_cycle() is None
        bar.show_link()
        assert bar.link_label.text() == "This terminal was deactivated: activate it again."
    finally:
        ctx.shutdown()
        terminal.close()


def test_a_terminal_revoked_at_hq_says_activate_again(hq, tmp_path: Path, capsys) -> None:
    """End to end with HQ's own revocation (401 device_revoked), not a replaced token."""
    data = tmp_path / "t"
    activate(hq, data, "R1").close()
    assert cli_main(["sync", "--once", "--data-dir", str(data)]) == 0
    capsys.readouterr()

    assert hq.admin.revoke_device(store_of(hq), "R1")["revoked"] == 1
    assert cli_main(["sync", "--once", "--data-dir", str(data)]) == cli.EXIT_DEACTIVATED
    assert capsys.readouterr().err == (
        "pos-desktop: error: This terminal was deactivated: activate it again.\n")
    assert _status(data, capsys)["device"] == "terminal.deactivated"

    # Activating it again with a new one-time code brings it back.
    code = hq.admin.create_activation_code(store_of(hq), "R1")["activation_code"]
    assert _activate(hq, data, code, "R1") == 0
    capsys.readouterr()
    assert cli_main(["sync", "--once", "--data-dir", str(data)]) == 0
