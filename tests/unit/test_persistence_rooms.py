"""Where customer persistence may live (issue 11, "One mapping").

* A customer becomes rows, and its search document, only in `offline/mapping.py`: no
  other module of the terminal inserts into the customer tables or builds search terms.
* The sync engine knows no ORM: it imports neither SQLAlchemy nor the offline models,
  and calls the offline store's methods.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pos_desktop

PACKAGE = Path(pos_desktop.__file__).parent
MAPPING = PACKAGE / "offline" / "mapping.py"
CUSTOMER_TABLES = ("customers", "addresses", "contacts", "customer_attributes", "loyalty_cards")
ROW_WRITE = re.compile(rf"\bINTO\s+({'|'.join(CUSTOMER_TABLES)})\b", re.IGNORECASE)
TERMS = re.compile(r"\bSearchDocument\(|\bsearch_document\(|\.terms\(\)")


def _sources() -> list[Path]:
    return [
        p for p in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in p.parts and p != MAPPING
    ]  # fmt: skip


def _strings(path: Path) -> list[str]:
    """The string constants of a module (SQL text lives there)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.value for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]  # fmt: skip


def test_only_the_mapping_writes_customer_rows() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): hits
        for path in _sources()
        if (hits := [s for s in _strings(path) if ROW_WRITE.search(s)])
    }
    assert offenders == {}


def test_only_the_mapping_builds_search_documents() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in _sources()
        if path.name != "search_terms.py" and TERMS.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_sync_engine_knows_no_orm() -> None:
    imported = _imports(PACKAGE / "sync" / "engine.py")
    assert not {m for m in imported if m == "sqlalchemy" or m.startswith("sqlalchemy.")}
    assert "pos_desktop.offline.models" not in imported
    assert "pos_desktop.offline.store" in imported  # through the store's methods only
