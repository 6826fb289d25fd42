"""`pos-desktop install-desktop`: a .desktop file and the icon under the XDG data dir."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support.terminals import run_cli


def test_install_desktop_writes_the_menu_entry_and_icon(capsys, tmp_path: Path) -> None:
    data_home = Path(os.environ["XDG_DATA_HOME"])  # tests/conftest.py: a temporary folder
    code, body, err = run_cli(capsys, "install-desktop", "--fullscreen",
                              "--data-dir", str(tmp_path / "store terminal"))
    assert code == 0, err
    entry = data_home / "applications" / "pos-desktop.desktop"
    icon = data_home / "icons" / "hicolor" / "scalable" / "apps" / "pos-desktop.svg"
    assert body == {"desktop_file": str(entry), "icon": str(icon), "exec": body["exec"]}
    assert icon.read_bytes().startswith(b"<svg")
    fields = dict(line.split("=", 1) for line in entry.read_text().splitlines() if "=" in line)
    assert fields["Type"] == "Application" and fields["Name"] == "POS Desktop"
    assert fields["Icon"] == "pos-desktop" and fields["Terminal"] == "false"
    command = shlex.split(fields["Exec"])  # quoted per the spec: a space in the data dir
    program = Path(sys.executable).parent / "pos-desktop"
    assert command == [str(program), "--data-dir", str(tmp_path / "store terminal"),
                       "--fullscreen"]
    # The command in the menu entry runs this install of the register.
    done = subprocess.run([command[0], "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "--fullscreen" in done.stdout
    validate = shutil.which("desktop-file-validate")
    if validate:
        checked = subprocess.run([validate, str(entry)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
