"""List functions longer than a limit (default 60 lines): ``python scripts/long_functions.py
[--max N] PATH...``. ruff has no such rule; this walks the AST (decorators excluded)."""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path


def long_functions(path: Path, limit: int) -> list[tuple[int, str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[int, str, int]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{prefix}{child.name}"
                length = (child.end_lineno or child.lineno) - child.lineno + 1
                if length > limit:
                    found.append((child.lineno, name, length))
                visit(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max", type=int, default=60)
    parser.add_argument("paths", nargs="+", type=Path)
    args = parser.parse_args(argv)
    files = sorted(f for p in args.paths for f in ([p] if p.is_file() else p.rglob("*.py")))
    count = 0
    for file in files:
        for line, name, length in long_functions(file, args.max):
            print(f"{file}:{line}: {name} {length} lines")
            count += 1
    print(f"{count} functions over {args.max} lines", file=sys.stderr)
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main())
