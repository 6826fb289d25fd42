"""Search backlog: terms of customers whose search entry is built later, in bulk

A fresh terminal's first download writes the terms here and indexes them in a few large
steps at the end, instead of growing the FTS index page by page (several times slower).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Covered by the unique (customer_pk, name) index: one index less to write per row.
    op.drop_index("ix_customer_attributes_customer_pk", table_name="customer_attributes")
    op.create_table(
        "search_backlog",
        sa.Column("customer_pk", sa.Integer(), primary_key=True),
        sa.Column("terms", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.execute(
        "INSERT INTO customer_search (rowid, terms) SELECT customer_pk, terms FROM search_backlog"
    )
    op.drop_table("search_backlog")
    op.create_index(
        "ix_customer_attributes_customer_pk", "customer_attributes", ["customer_pk"]
    )
