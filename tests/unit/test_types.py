"""mypy over pos_desktop and hq_stub (`[tool.mypy]` in pyproject.toml) finds nothing.

`make lint` (and CI before the tests) runs the same check; this is the second guard, so
a type error fails the suite too. With a warm `.mypy_cache` it takes a second or two,
cold about 10-40 s.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_mypy_finds_no_type_errors() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True,
        timeout=240, check=False)
    assert result.returncode == 0, (result.stdout[-6000:] + result.stderr[-2000:])
