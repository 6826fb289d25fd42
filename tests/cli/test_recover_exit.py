"""`pos-desktop recover` with HQ down: the salvage is kept and reported, and the command
says HQ's data was not downloaded again and exits 8 (HQ cannot be reached), not 0.

Real SQLite files, a real HQ on 127.0.0.1 (stopped before the recovery), the CLI
in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_desktop.domain.codec import customer_from_json
from tests.support.terminals import activate, person, run_cli
from tests.sync.test_damage import damage_mid_file

EXIT_HQ_UNREACHABLE = 8


def _register_with_pending(hq, data: Path) -> list[str]:  # type: ignore[no-untyped-def]
    terminal = activate(hq, data, "T1")
    try:
        terminal.sync_once()  # HQ's customers downloaded (and the cursor kept)
        terminal.parts.link.set_forced_offline(True)
        pending = [
            terminal.customers.create_customer(
                customer_from_json(person(f"Kept{i}", "Aside"))
            ).customer.customer_id
            for i in range(2)
        ]
        terminal.parts.link.set_forced_offline(False)
    finally:
        terminal.close()
    return pending


@pytest.mark.allow_log_errors(r"malformed|damaged")
@pytest.mark.parametrize("damage", ["garbage mid-file", "emptied"])
def test_recover_with_hq_down_exits_8_and_says_what_was_not_recovered(
    hq, tmp_path: Path, capsys, damage: str
) -> None:
    data = tmp_path / "t"
    pending = _register_with_pending(hq, data)
    db = data / "pos.db"
    if damage == "emptied":
        db.write_bytes(b"")
    else:
        damage_mid_file(db)
    hq.kill()  # HQ cannot be reached for the download

    status, report, err = run_cli(capsys, "recover", "--data-dir", str(data))
    assert status == EXIT_HQ_UNREACHABLE, (status, err)
    assert err.count("\n") == 1 and "not downloaded" in err and "Traceback" not in err, err
    assert report["sync_error_code"] == "hq.unreachable"
    assert report["sync_error"] and report["repopulated"] is None
    # What was recovered is still reported, and kept: the pending customers (salvaged
    # from the damaged file) wait for HQ.
    assert Path(report["damaged_file"] or data).exists()
    if damage == "garbage mid-file":
        assert report["saved"]["pending"] == len(pending) == report["pending"]

    status, _, err = run_cli(capsys, "recover", "--data-dir", str(data))
    assert status == 1 and "nothing to recover" in err  # the salvage stands


def test_recover_text_output_names_the_missing_download(hq, tmp_path: Path, capsys) -> None:
    from pos_desktop.cli import main

    data = tmp_path / "t"
    _register_with_pending(hq, data)
    damage_mid_file(data / "pos.db")
    hq.kill()
    assert main(["recover", "--data-dir", str(data)]) == EXIT_HQ_UNREACHABLE
    out, err = capsys.readouterr()
    assert "Salvaged" in out and "Not re-populated yet" in out and "cannot be reached" in out
    assert err.startswith("pos-desktop: error: recovery incomplete")
