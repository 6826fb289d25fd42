"""Shared fixtures and helpers live in tests/support; a test never imports from a
conftest file (they only register fixtures, or re-export for old imports)."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
CONFTEST_IMPORT = re.compile(
    r"^\s*(from\s+tests(\.\w+)*\.conftest\s+import|import\s+tests(\.\w+)*\.conftest)",
    re.M)


def test_no_test_imports_from_a_conftest() -> None:
    offenders = [str(path.relative_to(TESTS)) for path in sorted(TESTS.rglob("*.py"))
                 if path.name != "conftest.py"
                 and CONFTEST_IMPORT.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
