"""The rooms of pos_desktop and what each may import (docs/ARCHITECTURE.md), enforced.

Every module's AST is walked, imports inside functions included. A rule broken anywhere
fails here with the module, the line and the rule; the self-tests at the bottom prove
each rule catches a forbidden import in a synthetic module.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "pos_desktop"

QT = ("PySide6", "shiboken6")
SQL = ("sqlalchemy", "alembic", "sqlite3")
HTTP = ("requests", "urllib3", "httpx")
# Terminal's parts: only tests, benchmarks and tools reach them (Terminal.parts).
PARTS = {"parts", "_store", "_client", "_link", "_worker"}
PART_NAMES = {"store", "client", "link", "worker"}


@dataclass(frozen=True)
class Violation:
    module: str
    line: int
    imported: str
    rule: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.imported}: {self.rule}"


def _within(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def room(module: str) -> str:
    """domain, services, offline, sync, ui, cli, or other (terminal, launch, demo...)."""
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in ("domain", "services", "offline", "sync", "ui"):
        return parts[1]
    if module == "pos_desktop.cli":
        return "cli"
    return "other"


def imported_names(module: str, tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) for every import, relative ones resolved."""
    package = module.split(".")
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            if node.module is None or node.level:
                # `from . import x` / `from .pkg import x`: x may be a module
                for alias in node.names:
                    yield node.lineno, f"{name}.{alias.name}"
            else:
                yield node.lineno, name


def rule_for(module: str, imported: str) -> str | None:
    """Why `module` may not import `imported` (None: allowed)."""
    where = room(module)
    ours = _within(imported, "pos_desktop")
    if _within(imported, "hq_stub") and module != "pos_desktop.demo":
        return "only the demo launcher (pos_desktop.demo) may import the HQ server"
    if where == "domain":
        if ours and not _within(imported, "pos_desktop.domain"):
            return "the domain imports nothing of ours outside the domain"
        if _within(imported, *QT, *SQL, *HTTP):
            return "the domain is pure Python: no Qt, no SQL, no HTTP"
    elif where == "services":
        if ours and not _within(imported, "pos_desktop.domain", "pos_desktop.services"):
            return "services use the domain and their ports only"
        if _within(imported, *QT, *SQL, *HTTP):
            return "services know no Qt, SQL or HTTP (the parts implement their ports)"
    elif where == "ui":
        if ours and not _within(imported, "pos_desktop.ui", "pos_desktop.services",
                                "pos_desktop.domain", "pos_desktop.resources"):
            return "the UI talks to services (and the domain) only"
        if _within(imported, *SQL, *HTTP):
            return "the UI does no SQL and no HTTP"
    elif where in ("offline", "sync"):
        if _within(imported, "pos_desktop.ui", "pos_desktop.cli", "pos_desktop.launch"):
            return "the offline store and sync never import the UI or the CLI"
        if _within(imported, *QT):
            return "the offline store and sync know no Qt"
    elif where == "cli" and _within(imported, "pos_desktop.sync", *SQL, *HTTP):
        return "the CLI talks to services (through the Terminal), not to HQ or SQL"
    return None


def reach_into_parts(module: str, tree: ast.AST) -> Iterator[tuple[int, str]]:
    """UI and CLI code that reaches the terminal's parts (terminal.store, .parts...)."""
    if room(module) not in ("ui", "cli"):
        return
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        if node.attr in PARTS:
            yield node.lineno, f".{node.attr}"
        elif node.attr in PART_NAMES and isinstance(node.value, ast.Name | ast.Attribute):
            owner = node.value.id if isinstance(node.value, ast.Name) else node.value.attr
            if owner == "terminal":
                yield node.lineno, f"terminal.{node.attr}"


def violations(module: str, source: str) -> list[Violation]:
    tree = ast.parse(source)
    found = [
        Violation(module, line, name, rule)
        for line, name in imported_names(module, tree)
        if (rule := rule_for(module, name)) is not None
    ]
    found += [
        Violation(module, line, what, "the UI and the CLI use services, not Terminal's parts")
        for line, what in reach_into_parts(module, tree)
    ]
    return found


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
        yield ".".join(parts), path


def test_every_module_keeps_to_its_room() -> None:
    found = [
        str(v)
        for module, path in modules()
        for v in violations(module, path.read_text(encoding="utf-8"))
    ]
    assert found == [], "import rules broken:\n" + "\n".join(found)


def test_the_rules_see_every_room() -> None:
    rooms = {room(module) for module, _ in modules()}
    assert {"domain", "services", "offline", "sync", "ui", "cli"} <= rooms


# -- the rules catch what they must (synthetic modules) ------------------------------------


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("pos_desktop.ui.fake", "from pos_desktop.offline.store import OfflineStore"),
        ("pos_desktop.ui.fake", "from pos_desktop.sync.link import LinkMonitor"),
        ("pos_desktop.ui.fake", "from pos_desktop.terminal import Terminal"),
        ("pos_desktop.ui.fake", "def f():\n    from pos_desktop.demo import start_demo"),
        ("pos_desktop.ui.fake", "import sqlalchemy"),
        ("pos_desktop.ui.fake", "import requests"),
        ("pos_desktop.ui.fake", "def f(ctx):\n    return ctx.terminal.store.search('x')"),
        ("pos_desktop.ui.fake", "def f(window):\n    return window.terminal.parts"),
        ("pos_desktop.ui.fake", "from ..sync import worker"),
        ("pos_desktop.domain.fake", "from PySide6.QtCore import QObject"),
        ("pos_desktop.domain.fake", "from pos_desktop.services.ports import HQRejected"),
        ("pos_desktop.domain.fake", "import requests"),
        ("pos_desktop.domain.fake", "from sqlalchemy import select"),
        ("pos_desktop.services.fake", "from pos_desktop.offline.store import OfflineStore"),
        ("pos_desktop.services.fake", "from pos_desktop.sync.client import HQClient"),
        ("pos_desktop.services.fake", "from PySide6.QtCore import Signal"),
        ("pos_desktop.offline.fake", "from pos_desktop.ui.tasks import TaskRunner"),
        ("pos_desktop.sync.fake", "import pos_desktop.ui.context"),
        ("pos_desktop.sync.fake", "from PySide6 import QtCore"),
        ("pos_desktop.terminal", "from hq_stub.process import HQProcess"),
        ("pos_desktop.cli", "def f(terminal):\n    return terminal.store.count_by_state()"),
        ("pos_desktop.cli", "from pos_desktop.sync.client import HQClient"),
    ],
)
def test_a_forbidden_import_is_caught(module: str, source: str) -> None:
    assert violations(module, source), f"{module} may not: {source!r}"


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("pos_desktop.ui.fake", "from pos_desktop.services.customers import CustomerService"),
        ("pos_desktop.ui.fake", "from pos_desktop.domain.customer import Customer"),
        ("pos_desktop.ui.fake", "from PySide6.QtWidgets import QWidget"),
        ("pos_desktop.ui.fake", "from . import text"),
        ("pos_desktop.services.fake", "from .ports import HQRejected"),
        ("pos_desktop.domain.fake", "import phonenumbers"),
        ("pos_desktop.offline.fake", "from sqlalchemy import select"),
        ("pos_desktop.sync.fake", "import requests"),
        ("pos_desktop.demo", "from hq_stub.process import HQProcess"),
        ("pos_desktop.launch", "from pos_desktop.ui.main_window import MainWindow"),
        ("pos_desktop.cli", "def f(terminal):\n    return terminal.services.customers"),
    ],
)
def test_an_allowed_import_passes(module: str, source: str) -> None:
    assert violations(module, source) == []
