"""When the search index merges its segments: on the idle writer, not inside a save.

FTS5 writes each transaction's entries as a new small segment and, by default
(`automerge` 4), merges segments inside the very commit that wrote them: one save in
ten or so carried the merge work of those before it (the create's p95, issue 13).
Stores turn automatic merging off (migration 0010); the writer merges a few pages at a
time when it is idle (`OfflineStore.housekeeping`), and a bulk download merges after each
of its indexing steps. `crisismerge` stays as a safety net for a long burst of saves
without a pause: at that many segments on one level, FTS5 merges them in the save.
"""

from __future__ import annotations

import sqlite3

CRISIS_SEGMENTS = 64  # one level's segments merged in a save only past this many
IDLE_MERGE_PAGES = 256  # pages one idle step writes at most (~1 MiB, a few ms)
BULK_MERGE_PAGES = 2_000  # after each indexing step of a bulk download

SETTINGS = (
    "INSERT INTO customer_search (customer_search, rank) VALUES ('automerge', 0)",
    "INSERT INTO customer_search (customer_search, rank) "
    f"VALUES ('crisismerge', {CRISIS_SEGMENTS})",
)


def merge_step(conn: sqlite3.Connection, pages: int) -> bool:
    """Merge segments of the search index, writing about `pages` pages at most, inside
    the caller's transaction; only levels holding several segments (FTS5's `usermerge`,
    4) are merged. True when there was something to merge (FTS5's documented test: the
    command itself counts one change, any work more)."""
    before = conn.total_changes
    conn.execute(
        "INSERT INTO customer_search (customer_search, rank) VALUES ('merge', ?)", (pages,)
    )
    return conn.total_changes - before >= 2
