"""No function over 60 lines where issue 11 shortened them all: hq_stub (migrations
aside: they are history), the domain and the HQ client. ``python
scripts/long_functions.py pos_desktop hq_stub`` lists the rest."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ["hq_stub", "pos_desktop/domain", "pos_desktop/sync/client.py"]


def _long_functions() -> Callable[[Path, int], list[tuple[int, str, int]]]:
    spec = importlib.util.spec_from_file_location(
        "long_functions", ROOT / "scripts" / "long_functions.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found: Callable[[Path, int], list[tuple[int, str, int]]] = module.long_functions
    return found


def test_no_function_over_60_lines() -> None:
    long_functions = _long_functions()
    found = []
    for entry in CHECKED:
        path = ROOT / entry
        files = [path] if path.is_file() else sorted(path.rglob("*.py"))
        for file in files:
            if "migrations" in file.parts:
                continue
            found += [f"{file.relative_to(ROOT)}:{line} {name} ({length} lines)"
                      for line, name, length in long_functions(file, 60)]
    assert found == []
