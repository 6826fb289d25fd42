"""The development install (`.venv/bin/pos-desktop`, what `make run` starts) on a real X11
display with a window manager, against a real HQ: sign in and create a customer with the
keyboard only, then read the account number back through the CLI. Skipped locally
without Xvfb/openbox/xdotool/ImageMagick; fails in CI without them (tests/support/x11.py).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.terminals import activate, wait_until
from tests.support.x11 import (
    create_customer_by_keyboard,
    log_text,
    stop,
    wait_for_account,
    x11_display,
)

pytestmark = pytest.mark.timeout(300)

GEOMETRY = re.compile(r"window frame (\d+)x(\d+)\+(-?\d+)\+(-?\d+) on screen area "
                      r"(\d+)x(\d+)\+(\d+)\+(\d+)")


def dev_program() -> list[str]:
    script = Path(sys.executable).parent / "pos-desktop"  # the venv's entry point
    return [str(script)] if script.is_file() else [sys.executable, "-m", "pos_desktop"]


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


def test_dev_install_on_x11_signs_in_and_creates_a_customer_by_keyboard(
    hq, data_dir: Path, tmp_path: Path
) -> None:
    row = run_register_on_x11(dev_program(), hq, data_dir, tmp_path, screen=(1024, 768),
                              terminal_id="T6", last_name="Xdevinstall")
    assert row["name"] == "Xavier Xdevinstall"
    assert row["account_number"] and row["state"] == "synced"
    assert (tmp_path / "x11-register-1024x768.png").stat().st_size > 10_000
