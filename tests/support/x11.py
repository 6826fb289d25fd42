"""A real X11 display for the register: Xvfb, a window manager (openbox), xdotool to type
and ImageMagick's `import` for a screenshot (Debian: xvfb openbox xdotool imagemagick;
`.ci/run` installs them). Used by tests/packaging/test_x11.py (the development install)
and tests/packaging/test_frozen.py (the bundle)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.terminals import activate, wait_until

TOOLS = ("Xvfb", "openbox", "xdotool", "import")


def require_x11_tools() -> None:
    """Skip without the tools, except in CI (`CI` set), where they must be there."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    message = (f"needs {', '.join(missing)} (apt-get install xvfb openbox xdotool "
               "imagemagick; .ci/run installs them)")
    if os.environ.get("CI"):
        pytest.fail("CI must run the X11 tests: " + message)
    pytest.skip(message)


@dataclass
class Display:
    name: str
    width: int
    height: int

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        env = dict(os.environ if base is None else base)
        for key in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "POS_DESKTOP_QUIT_AFTER_MS"):
            env.pop(key, None)
        env["DISPLAY"] = self.name
        env["XDG_SESSION_TYPE"] = "x11"
        return env

    def run(self, *args: str, timeout: float = 30) -> str:
        done = subprocess.run(list(args), env=self.env(), capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, f"{args}: {done.stderr}"
        return done.stdout

    def key(self, *keys: str) -> None:
        self.run("xdotool", "key", "--delay", "60", *keys)
        time.sleep(0.2)

    def type(self, text: str) -> None:
        self.run("xdotool", "type", "--delay", "40", text)
        time.sleep(0.2)

    def window(self, title: str, timeout: float = 30) -> str:
        """The id of the visible window whose title contains `title` (waits for it)."""
        return self.run("xdotool", "search", "--sync", "--onlyvisible", "--name", title,
                        timeout=timeout).split()[0]

    def activate(self, window: str) -> None:
        self.run("xdotool", "windowactivate", "--sync", window)

    def frame(self, window: str) -> dict[str, int]:
        """The window's client area on the screen: X, Y, WIDTH, HEIGHT."""
        out = self.run("xdotool", "getwindowgeometry", "--shell", window)
        return {k: int(v) for k, v in (line.split("=") for line in out.split())
                if k in ("X", "Y", "WIDTH", "HEIGHT")}

    def screenshot(self, path: Path) -> Path:
        self.run("import", "-window", "root", str(path))
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        copy_to = os.environ.get("POS_DESKTOP_X11_SCREENSHOTS")  # e.g. docs/screenshots
        if copy_to:
            shutil.copyfile(path, Path(copy_to) / path.name)
        return path


@contextmanager
def x11_display(width: int = 1280, height: int = 800) -> Iterator[Display]:
    """Xvfb on a free display number, with openbox managing the windows."""
    require_x11_tools()
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{width}x{height}x24",
         "-nolisten", "tcp", "-noreset"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    wm = None
    try:
        with os.fdopen(read_end) as numbers:
            number = numbers.readline().strip()
        assert number.isdigit(), "Xvfb did not start"
        display = Display(f":{number}", width, height)
        wm = subprocess.Popen(["openbox", "--sm-disable"], env=display.env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: _wm_running(display), timeout=20)
        yield display
    finally:
        for process in (wm, xvfb):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _wm_running(display: Display) -> bool:
    """openbox is up once it publishes EWMH's desktop count on the root window."""
    done = subprocess.run(["xdotool", "get_num_desktops"], env=display.env(),
                          capture_output=True, text=True)
    return done.returncode == 0 and done.stdout.strip().isdigit()


def log_text() -> str:
    path = Path(os.environ["POS_DESKTOP_LOG_DIR"]) / "pos-desktop.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def create_customer_by_keyboard(display: Display, first: str, last: str) -> None:
    """Sign in as the demo cashier, F3, type the name, save (as a cashier would)."""
    register = display.window("POS Desktop")
    display.activate(register)
    display.type("1001")
    display.key("Tab")
    display.type("1234")
    display.key("Return")
    wait_until(lambda: "operator 1001 signed in" in log_text(), timeout=30)
    display.key("F3")
    dialog = display.window("New customer")
    display.activate(dialog)
    display.type(first)
    display.key("Tab", "Tab")  # past the middle name
    display.type(last)
    display.key("Return")  # Save: the store's required Segment is still empty
    display.key("Down")  # the focus went to it: pick the first segment
    display.key("Return")  # Save


def wait_for_account(cli: list[str], data_dir: Path, text: str, env: dict[str, str],
                     timeout: float = 60) -> dict:
    """`customers search TEXT --json` (the register holds the data dir: reading is fine)
    until the customer has HQ's account number."""

    def numbered() -> dict | None:
        done = subprocess.run([*cli, "customers", "search", text, "--json", "--data-dir",
                               str(data_dir)], env=env, capture_output=True, text=True,
                              timeout=60, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, done.stderr
        results = json.loads(done.stdout)["results"]
        return next((r for r in results if r["account_number"]), None)

    return wait_until(numbered, timeout=timeout, interval=0.5)


def stop(process: subprocess.Popen[bytes]) -> int:
    """SIGTERM, as a session ending would: the register closes cleanly (exit 0)."""
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise


GEOMETRY = re.compile(r"window frame (\d+)x(\d+)\+(-?\d+)\+(-?\d+) on screen area "
                      r"(\d+)x(\d+)\+(\d+)\+(\d+)")


def run_register_on_x11(program: list[str], hq, data_dir: Path, tmp_path: Path, *,
                        screen: tuple[int, int], terminal_id: str, last_name: str) -> dict:
    """Start `program` on Xvfb + openbox, create a customer by keyboard; its search row."""
    activate(hq, data_dir, terminal_id).close()
    with x11_display(*screen) as display:
        env = display.env()
        with open(tmp_path / "register.err", "wb") as err:
            register = subprocess.Popen([*program, "--data-dir", str(data_dir)], env=env,
                                        stdin=subprocess.DEVNULL, stdout=err, stderr=err)
        try:
            wait_until(lambda: "register window shown (xcb, maximized)" in log_text()
                       or register.poll() is not None, timeout=60)
            assert register.poll() is None, (tmp_path / "register.err").read_text()
            # Maximized by the window manager: the whole window, title bar and status bar
            # included, is on the screen (as Qt reads the frame from the window manager).
            geometry = wait_until(lambda: GEOMETRY.search(log_text()), timeout=30)
            frame_w, frame_h, frame_x, frame_y, screen_w, screen_h, _x, _y = map(
                int, geometry.groups())
            assert (screen_w, screen_h) == screen
            assert frame_x >= 0 and frame_x + frame_w <= screen_w, geometry.group(0)
            assert frame_y >= 0 and frame_y + frame_h <= screen_h, geometry.group(0)
            assert frame_h >= screen_h - 4, geometry.group(0)  # maximized, not 800 high

            create_customer_by_keyboard(display, "Xavier", last_name)
            row = wait_for_account(program, data_dir, last_name, env)
            display.screenshot(tmp_path / f"x11-register-{screen[0]}x{screen[1]}.png")
        finally:
            code = stop(register) if register.poll() is None else register.returncode
    errors = (tmp_path / "register.err").read_text(errors="replace")
    assert code == 0, errors
    assert "Traceback" not in log_text() and "Traceback" not in errors
    return row
