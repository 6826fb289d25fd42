"""`pos-desktop install-desktop`: the register in the Linux desktop's menu.

Writes `pos-desktop.desktop` to `$XDG_DATA_HOME/applications` and the icon to
`$XDG_DATA_HOME/icons/hicolor/scalable/apps` (default `~/.local/share`, XDG Base
Directory spec). `Exec` is this very program: the frozen bundle's executable, or the
`pos-desktop` script of the install it runs from.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from importlib import resources
from pathlib import Path

DESKTOP_ID = "pos-desktop"


def xdg_data_home() -> Path:
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def program() -> list[str]:
    """The command that starts this install of the register."""
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).resolve())]
    script = Path(sys.executable).parent / "pos-desktop"
    if script.is_file():
        return [str(script.absolute())]
    found = shutil.which("pos-desktop")
    return [found] if found else [sys.executable, "-m", "pos_desktop"]


def _exec_arg(arg: str) -> str:
    """One argument for a .desktop Exec line (its quoting and %-escaping rules)."""
    arg = arg.replace("%", "%%")
    if any(c in arg for c in ' \t\n"\'\\><~|&;$*?#()`'):
        arg = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
    return arg


def desktop_file(command: list[str]) -> str:
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.0",
        "Name=POS Desktop",
        "GenericName=Point of sale register",
        "Comment=Find, create and attach customers at the register",
        f"Exec={' '.join(_exec_arg(a) for a in command)}",
        f"Icon={DESKTOP_ID}",
        "Terminal=false",
        "Categories=Office;Finance;",
        "StartupNotify=true",
        f"StartupWMClass={DESKTOP_ID}",
        "",
    ])


def install_desktop_entry(*, fullscreen: bool = False,
                          data_dir: str | None = None) -> dict[str, str]:
    """Write the .desktop file and the icon; returns where they went."""
    command = program()
    if data_dir:
        command += ["--data-dir", str(Path(data_dir).expanduser().resolve())]
    if fullscreen:
        command.append("--fullscreen")
    root = xdg_data_home()
    entry = root / "applications" / f"{DESKTOP_ID}.desktop"
    icon = root / "icons" / "hicolor" / "scalable" / "apps" / f"{DESKTOP_ID}.svg"
    for folder in (entry.parent, icon.parent):
        folder.mkdir(parents=True, exist_ok=True)
    svg = resources.files("pos_desktop.resources").joinpath("icons", "app.svg").read_bytes()
    icon.write_bytes(svg)
    entry.write_text(desktop_file(command), encoding="utf-8")
    entry.chmod(0o644)
    return {"desktop_file": str(entry), "icon": str(icon), "exec": shlex.join(command)}
