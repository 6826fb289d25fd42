"""Issue 10, defect 7: re-creating an existing customer_id, with HQ up (real-time mode)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from pos_desktop import cli
from pos_desktop.cli import main as cli_main
from tests.support.terminals import PERSON, activate


def _create(data: Path, body: dict, capsys) -> tuple[int, dict | None, str]:  # type: ignore[type-arg]
    path = data.parent / f"c-{uuid.uuid4().hex[:6]}.json"
    path.write_text(json.dumps(body))
    code = cli_main(["customers", "create", "--json", str(path), "--data-dir", str(data),
                     "--json"])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def test_real_time_same_id_same_data_is_a_note_other_data_is_refused(hq, tmp_path, capsys):
    data = tmp_path / "t"
    activate(hq, data).close()
    body = {**PERSON, "customer_id": str(uuid.uuid4())}
    code, first, err = _create(data, body, capsys)
    assert (code, err) == (0, "") and first["mode"] == "sync" and first["account_number"]

    code, again, err = _create(data, body, capsys)
    assert code == 0 and "already exists" in err
    assert again["account_number"] == first["account_number"]
    assert again["note"] == "already_exists"

    code, _, err = _create(data, {**body, "last_name": "Bianchi"}, capsys)
    assert code == cli.EXIT_CUSTOMER_EXISTS
    assert err.count("\n") == 1 and "already exists" in err
