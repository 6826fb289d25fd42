"""The OS libraries Qt's X11 platform plugin needs, checked before Qt starts (Linux).

Qt's `xcb` plugin links libxcb and its utility libraries, libxkbcommon, libGL/libEGL,
fontconfig and D-Bus from the OS. When one is missing Qt cannot load the plugin and
aborts the whole process (a core dump, and one line naming at most libxcb-cursor0).
`ldd` on the plugin names every missing library before that happens; the register then
prints the one install line instead (`make run`), and `pos-desktop self-check` names
the libraries.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# Every library outside Qt that the xcb plugin and the Qt libraries it loads link
# (readelf -d on PySide6's libqxcb.so, libQt6XcbQpa/Gui/Widgets/Core/DBus), keyed by
# the soname's stem, with the Debian/Ubuntu and the Fedora package that ships it.
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb": ("libxcb1", "libxcb"),
    "libxcb-cursor": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-randr": ("libxcb-randr0", "libxcb"),
    "libxcb-render": ("libxcb-render0", "libxcb"),
    "libxcb-render-util": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-shape": ("libxcb-shape0", "libxcb"),
    "libxcb-shm": ("libxcb-shm0", "libxcb"),
    "libxcb-sync": ("libxcb-sync1", "libxcb"),
    "libxcb-util": ("libxcb-util1", "xcb-util"),
    "libxcb-xfixes": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb": ("libxcb-xkb1", "libxcb"),
    "libxkbcommon": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libX11": ("libx11-6", "libX11"),
    "libX11-xcb": ("libx11-xcb1", "libX11-xcb"),
    "libEGL": ("libegl1", "libglvnd-egl"),
    "libGL": ("libgl1", "libglvnd-glx"),
    "libfontconfig": ("libfontconfig1", "fontconfig"),
    "libfreetype": ("libfreetype6", "freetype"),
    "libdbus-1": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0": ("libglib2.0-0", "glib2"),
}


def _install_line(manager: str, column: int) -> str:
    names = sorted({pair[column] for pair in PACKAGES.values()})
    return f"sudo {manager} install " + " ".join(names)


APT_LINE = _install_line("apt-get", 0)
DNF_LINE = _install_line("dnf", 1)

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$")


def parse_ldd(output: str) -> list[str]:
    """The libraries `ldd` reports as "not found", each once, in its order."""
    missing: list[str] = []
    for line in output.splitlines():
        match = _NOT_FOUND.match(line)
        if match and match.group(1) not in missing:
            missing.append(match.group(1))
    return missing


def package_for(soname: str) -> tuple[str, str] | None:
    """(Debian package, Fedora package) for a library name such as libxcb-icccm.so.4."""
    return PACKAGES.get(soname.split(".so", 1)[0])


def xcb_plugin() -> Path | None:
    """The xcb platform plugin Qt would load: QT_PLUGIN_PATH first, then Qt's own."""
    folders = [Path(p) for p in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    try:
        from PySide6.QtCore import QLibraryInfo

        folders.append(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)))
    except ImportError:
        pass
    for folder in folders:
        plugin = folder / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


@dataclass(frozen=True)
class Missing:
    libraries: list[str]

    @property
    def apt_packages(self) -> list[str]:
        return sorted({p[0] for lib in self.libraries if (p := package_for(lib))})

    @property
    def dnf_packages(self) -> list[str]:
        return sorted({p[1] for lib in self.libraries if (p := package_for(lib))})

    def message(self) -> str:
        """What the user reads instead of Qt's abort."""
        lines = [
            "pos-desktop: error: the register's window cannot start: Qt's X11 plugin needs "
            "these system libraries, which are missing: " + ", ".join(self.libraries),
        ]
        if self.apt_packages:
            lines.append("  Debian/Ubuntu: sudo apt-get install " + " ".join(self.apt_packages))
            lines.append("  Fedora:        sudo dnf install " + " ".join(self.dnf_packages))
        lines.append("  Everything the register needs, on Debian/Ubuntu:")
        lines.append("    " + APT_LINE)
        lines.append("  on Fedora:")
        lines.append("    " + DNF_LINE)
        return "\n".join(lines)


def missing_libraries(plugin: Path | None = None) -> Missing | None:
    """The libraries the xcb plugin cannot find (None: nothing missing, or not checkable:
    not Linux, no ldd, no plugin)."""
    if not sys.platform.startswith("linux"):
        return None
    plugin = plugin or xcb_plugin()
    ldd = shutil.which("ldd")
    if plugin is None or ldd is None:
        return None
    try:
        done = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=30,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None
    missing = parse_ldd(done.stdout)
    return Missing(missing) if missing else None


def uses_x11() -> bool:
    """Will Qt start its xcb plugin here? (Not offscreen, not a Wayland session.)"""
    if not sys.platform.startswith("linux"):
        return False
    platform = os.environ.get("QT_QPA_PLATFORM", "").strip()
    if platform:
        return platform.split(":", 1)[0].split(";", 1)[0] == "xcb"
    wayland = os.environ.get("XDG_SESSION_TYPE") == "wayland" and os.environ.get(
        "WAYLAND_DISPLAY")
    return not wayland


def display_problem() -> str | None:
    """A clear line when the register's window has nowhere to go, else None."""
    if not uses_x11():
        return None
    if not os.environ.get("DISPLAY"):
        return ("pos-desktop: error: no display (DISPLAY is not set): start the register on "
                "the terminal's desktop, or use the command-line commands (pos-desktop --help)")
    missing = missing_libraries()
    return missing.message() if missing else None
