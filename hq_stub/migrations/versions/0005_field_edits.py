"""Field-level edits merged at HQ (issue 15): the store flag ``async_customer_edits``,
the change log (``customer_changes``: which field each version changed, and who) and
the edits received (``customer_edits``: one row per edit id, its outcome for replays).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-12
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stores") as batch:
        batch.add_column(sa.Column("async_customer_edits", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_table(
        "customer_changes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("customer_id", sa.String(36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("source", sa.String(80), nullable=False),
    )
    op.create_index("ix_customer_changes_customer", "customer_changes",
                    ["customer_id", "version"])
    op.create_table(
        "customer_edits",
        sa.Column("edit_id", sa.String(36), primary_key=True),
        sa.Column("store_id", sa.String(32), nullable=False),
        sa.Column("customer_id", sa.String(36), nullable=False),
        sa.Column("terminal_id", sa.String(64), nullable=False),
        sa.Column("request", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("customer_edits")
    op.drop_index("ix_customer_changes_customer", table_name="customer_changes")
    op.drop_table("customer_changes")
    with op.batch_alter_table("stores") as batch:
        batch.drop_column("async_customer_edits")
