"""The search index merges its segments when the writer is idle, not inside a save

FTS5's automatic merging ran inside whichever commit crossed its threshold, so about one
save in ten also rewrote the segments of the saves before it (issue 13: the create's
p95). Automatic merging is turned off; the writer merges when idle and a bulk download
after each indexing step (`offline/search_merge.py`). Index settings only: no rows move.

Revision ID: 0010
Revises: 0009
"""

from alembic import op

from pos_desktop.offline.search_merge import SETTINGS

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in SETTINGS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("INSERT INTO customer_search (customer_search, rank) VALUES ('automerge', 4)")
    op.execute("INSERT INTO customer_search (customer_search, rank) VALUES ('crisismerge', 16)")
