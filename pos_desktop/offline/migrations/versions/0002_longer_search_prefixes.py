"""Longer prefix indexes for the search (5-8 characters typed stay fast at 1M customers)

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _rebuild(prefix: str) -> None:
    op.execute(
        "CREATE VIRTUAL TABLE customer_search_new USING fts5("
        f"terms, tokenize='unicode61 remove_diacritics 2', prefix='{prefix}', "
        "detail=none, columnsize=0)"
    )
    op.execute(
        "INSERT INTO customer_search_new (rowid, terms) SELECT rowid, terms FROM customer_search"
    )
    op.execute("DROP TABLE customer_search")
    op.execute("ALTER TABLE customer_search_new RENAME TO customer_search")


def upgrade() -> None:
    _rebuild("2 3 4 5 6 7 8")


def downgrade() -> None:
    _rebuild("2 3 4")
