"""Every English message the domain can show, for the translators (context "domain").

The domain and the services (pos_desktop/domain, pos_desktop/services) write their
messages as plain English with stable keys; lupdate does not see them, so this collects
them from the source: every string literal that reads as a sentence (capital first
letter, ends with "."), f-strings as templates with their {placeholders} named after the
expression ("At most {limit} characters.").
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pos_desktop"
# The domain's rules and the services' refusals (wrong password, conflict, HQ unreachable)
# both reach the cashier through ui.text.domain_text().
SOURCES = (PACKAGE / "domain", PACKAGE / "services")


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _template(node: ast.JoinedStr) -> str:
    parts = []
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append(str(value.value))
        else:
            parts.append("{" + ast.unparse(value.value) + "}")
    return "".join(parts)


def _is_message(text: str) -> bool:
    return bool(text) and text[0].isupper() and text.endswith(".") and " " in text.strip(".")\
        or text in {"Required."}


def domain_messages(folders: tuple[Path, ...] = SOURCES) -> list[str]:
    found: dict[str, None] = {}
    for path in [p for folder in folders for p in sorted(folder.glob("*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        inside_fstring = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)
                          for v in n.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) in skip or id(node) in inside_fstring:
                    continue
                if _is_message(node.value):
                    found[node.value] = None
            elif isinstance(node, ast.JoinedStr):
                text = _template(node)
                if _is_message(text) and not text.startswith("{"):
                    found[text] = None
    return list(found)


if __name__ == "__main__":
    for message in domain_messages():
        sys.stdout.write(message + "\n")
