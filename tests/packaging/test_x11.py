"""The development install (`.venv/bin/pos-desktop`, what `make run` starts) on a real X11
display with a window manager, against a real HQ: sign in and create a customer with the
keyboard only, then read the account number back through the CLI. Skipped locally
without Xvfb/openbox/xdotool/ImageMagick; fails in CI without them (tests/support/x11.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.support.x11 import run_register_on_x11

pytestmark = pytest.mark.timeout(300)


def dev_program() -> list[str]:
    script = Path(sys.executable).parent / "pos-desktop"  # the venv's entry point
    return [str(script)] if script.is_file() else [sys.executable, "-m", "pos_desktop"]


def test_dev_install_on_x11_signs_in_and_creates_a_customer_by_keyboard(
    hq, data_dir: Path, tmp_path: Path
) -> None:
    row = run_register_on_x11(dev_program(), hq, data_dir, tmp_path, screen=(1024, 768),
                              terminal_id="T6", last_name="Xdevinstall")
    assert row["name"] == "Xavier Xdevinstall"
    assert row["account_number"] and row["state"] == "synced"
    assert (tmp_path / "x11-register-1024x768.png").stat().st_size > 10_000
