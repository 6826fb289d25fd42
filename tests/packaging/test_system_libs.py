"""The system libraries Qt's X11 plugin needs: named (self-check) and asked for (the
register's start, `make run`) before Qt can abort on a missing one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pos_desktop import system_libs

# `ldd libqxcb.so` on a Debian 12 desktop without libxcb-icccm4 and libxcb-keysyms1
# (the machine issue 14 was found on), shortened.
CAPTURED_LDD = """\
\tlinux-vdso.so.1 (0x00007f65513a7000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x7f)
\tlibGL.so.1 => /lib/x86_64-linux-gnu/libGL.so.1 (0x00007f6551249000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f65511ef000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-util.so.1 => /lib/x86_64-linux-gnu/libxcb-util.so.1 (0x00007f65511e7000)
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\t/lib64/ld-linux-x86-64.so.2 (0x00007f65513a9000)
"""


def test_ldd_output_names_each_missing_library_once_with_its_packages() -> None:
    missing = system_libs.Missing(system_libs.parse_ldd(CAPTURED_LDD))
    assert missing.libraries == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert missing.apt_packages == ["libxcb-icccm4", "libxcb-keysyms1"]
    assert missing.dnf_packages == ["xcb-util-keysyms", "xcb-util-wm"]
    text = missing.message()
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in text
    assert system_libs.APT_LINE in text and system_libs.DNF_LINE in text


def test_the_readme_lists_the_install_lines() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert system_libs.APT_LINE in readme and system_libs.DNF_LINE in readme


def test_ci_installs_every_package_of_the_install_line() -> None:
    ci = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text(encoding="utf-8")
    words = set(ci.replace("\\", " ").split())
    packages = system_libs.APT_LINE.split()[3:]  # after "sudo apt-get install"
    assert [p for p in packages if p not in words] == []


def test_every_library_the_qt_xcb_plugin_links_has_a_package() -> None:
    """PACKAGES covers what the installed PySide6's xcb plugin links from the OS."""
    if not sys.platform.startswith("linux"):
        pytest.skip("Qt's xcb plugin is Linux only")
    plugin = system_libs.xcb_plugin()
    assert plugin is not None
    done = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True)
    system_dirs = ("/lib/", "/usr/lib/", "/lib64/", "/usr/lib64/")
    linked = [line.split()[0] for line in done.stdout.splitlines()
              if "=>" in line and line.split("=>")[1].strip().startswith(system_dirs)]
    # glibc, the C++ runtime and compression libraries every Linux system has (Debian:
    # Priority required)
    base = ("libc.", "libm.", "libstdc++", "libgcc_s", "libpthread", "libdl.", "librt.",
            "libz.", "libzstd.")
    wanted = {lib for lib in linked if not lib.startswith(base)}
    direct = _direct_needs(plugin)
    uncovered = sorted(lib for lib in wanted & direct if system_libs.package_for(lib) is None)
    assert uncovered == []


def _direct_needs(plugin: Path) -> set[str]:
    """NEEDED entries of the plugin and the Qt libraries next to it (readelf -d)."""
    lib = plugin.parents[2] / "lib"
    names: set[str] = set()
    for binary in [plugin, *lib.glob("libQt6XcbQpa.so.*"), *lib.glob("libQt6Gui.so.*"),
                   *lib.glob("libQt6Core.so.*"), *lib.glob("libQt6DBus.so.*"),
                   *lib.glob("libQt6Widgets.so.*")]:
        if binary.is_symlink():
            continue
        out = subprocess.run(["readelf", "-d", str(binary)], capture_output=True, text=True)
        names |= {line.split("[")[1].split("]")[0] for line in out.stdout.splitlines()
                  if "(NEEDED)" in line}
    return names


def _plugin_missing_a_library(tmp_path: Path) -> Path:
    """A copy of Qt's xcb plugin that needs libxcb-icccm.so.9, which no system has:
    QT_PLUGIN_PATH=<returned folder> makes Qt (and the checks) use it."""
    plugin = system_libs.xcb_plugin()
    assert plugin is not None
    plugins = tmp_path / "plugins"
    (plugins / "platforms").mkdir(parents=True)
    # The plugin finds Qt's libraries at $ORIGIN/../../lib.
    (tmp_path / "lib").symlink_to(plugin.parents[2] / "lib")
    data = plugin.read_bytes()
    assert data.count(b"libxcb-icccm.so.4\0") == 1
    (plugins / "platforms" / plugin.name).write_bytes(
        data.replace(b"libxcb-icccm.so.4\0", b"libxcb-icccm.so.9\0"))
    return plugins


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "QT_PLUGIN_PATH": str(_plugin_missing_a_library(tmp_path)),
            "POS_DESKTOP_QUIT_AFTER_MS": "2000", **extra}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's xcb plugin: Linux")
def test_self_check_names_the_missing_library(tmp_path: Path, data_dir: Path) -> None:
    env = _env(tmp_path, QT_QPA_PLATFORM="xcb", DISPLAY=":7391")
    done = subprocess.run([sys.executable, "-m", "pos_desktop", "self-check", "--json",
                           "--data-dir", str(data_dir)], env=env, capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 1, done.stdout + done.stderr
    checks = {c["name"]: c for c in json.loads(done.stdout)["checks"]}
    libraries = checks["system libraries"]
    assert libraries["status"] == "fail"
    assert "libxcb-icccm.so.9" in libraries["detail"]
    assert "sudo apt-get install libxcb-icccm4" in libraries["detail"]
    assert "xcb-util-wm" in libraries["detail"]  # Fedora's package
    assert checks["Qt platform"]["status"] == "fail"
    assert "libxcb-icccm.so.9" in checks["Qt platform"]["detail"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's xcb plugin: Linux")
def test_offscreen_self_check_only_warns_about_the_window_libraries(
    tmp_path: Path, data_dir: Path
) -> None:
    env = _env(tmp_path, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "pos_desktop", "self-check", "--json",
                           "--data-dir", str(data_dir)], env=env, capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)
    checks = {c["name"]: c for c in json.loads(done.stdout)["checks"]}
    assert checks["system libraries"]["status"] == "warn"
    assert "libxcb-icccm.so.9" in checks["system libraries"]["detail"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's xcb plugin: Linux")
def test_the_register_prints_the_install_line_instead_of_a_core_dump(
    tmp_path: Path, data_dir: Path
) -> None:
    """What `make run` shows on a desktop that lacks one of the libraries."""
    env = _env(tmp_path, DISPLAY=":7391")
    env.pop("QT_QPA_PLATFORM", None)  # the default: X11 on a desktop
    env.pop("WAYLAND_DISPLAY", None)
    done = subprocess.run([sys.executable, "-m", "pos_desktop", "--data-dir", str(data_dir)],
                          env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 16, done.stderr  # EXIT_NO_WINDOW, not Qt's abort (-6)
    assert "missing: libxcb-icccm.so.9" in done.stderr
    assert "sudo apt-get install libxcb-icccm4" in done.stderr
    assert system_libs.APT_LINE in done.stderr
    assert "could not load the Qt platform plugin" not in done.stderr


def test_no_display_is_said_plainly(data_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "pos_desktop", "--data-dir", str(data_dir)],
                          env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 16, done.stderr
    assert "no display (DISPLAY is not set)" in done.stderr


def test_offscreen_and_wayland_skip_the_x11_check(monkeypatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert not system_libs.uses_x11()
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert system_libs.uses_x11() == sys.platform.startswith("linux")
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert not system_libs.uses_x11()
