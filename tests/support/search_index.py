"""What the search index holds, read from the index itself (its terms are not stored:
`SELECT ... FROM customer_search` without MATCH reads the rows through the content view)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pos_desktop.offline.mapping import register_functions


def connect(path: Path) -> sqlite3.Connection:
    """A plain connection that can read the search index's content view too."""
    conn = sqlite3.connect(path)
    register_functions(conn)
    return conn


def indexed_terms(path: Path) -> dict[int, set[str]]:
    """rowid -> the terms the index holds for it (customers with no term: absent)."""
    conn = connect(path)
    try:
        conn.execute(
            "CREATE VIRTUAL TABLE temp.search_vocab USING fts5vocab(main, customer_search, "
            "'instance')"
        )
        out: dict[int, set[str]] = {}
        for term, doc in conn.execute("SELECT term, doc FROM temp.search_vocab"):
            out.setdefault(doc, set()).add(term)
        return out
    finally:
        conn.close()


def terms_from_rows(path: Path) -> dict[int, set[str]]:
    """rowid -> the terms generated from the stored rows, for the customers that are
    not in the search backlog (those with no term: absent)."""
    conn = connect(path)
    try:
        return {
            pk: set(terms.split())
            for pk, terms in conn.execute("SELECT id, terms FROM customer_search_source")
            if terms
        }
    finally:
        conn.close()


def assert_index_matches_rows(path: Path) -> None:
    """The index holds exactly the terms of every customer's rows (none missing, none
    left behind): what deleting an entry by its rows' terms relies on."""
    assert indexed_terms(path) == terms_from_rows(path)
