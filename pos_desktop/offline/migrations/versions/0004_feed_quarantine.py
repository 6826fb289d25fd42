"""Feed quarantine: records of HQ's change feed the terminal could not apply

One bad record never stops a page: it is kept here (raw body as text, reason, time,
the cursor of its page) for the manager and IT, and the cursor moves past it.
Existing data is untouched (a new table only).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_quarantine",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("customer_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("cursor", sa.String(40), nullable=False, server_default=""),
        sa.Column("received_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_feed_quarantine_customer_id", "feed_quarantine", ["customer_id"])


def downgrade() -> None:
    op.drop_table("feed_quarantine")
