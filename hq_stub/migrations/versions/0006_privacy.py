"""Privacy (issue 16): the register of erased customers and the customers' history.

``erasures``: one row per erased customer_id (the anonymised tombstone: account number,
store, time). ``customer_events``: who created or changed a customer, from which store
and terminal, when, and the marketing-consent flags a change set (what an access request
exports); a customer's events are deleted when it is erased.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-12
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "erasures",
        sa.Column("customer_id", sa.String(36), primary_key=True),
        sa.Column("account_number", sa.String(20), nullable=True),
        sa.Column("store_id", sa.String(32), nullable=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "customer_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("customer_id", sa.String(36), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("store_id", sa.String(32), nullable=False),
        sa.Column("terminal_id", sa.String(64), nullable=True),
        sa.Column("operator_id", sa.String(64), nullable=True),
        sa.Column("details", sa.Text, nullable=True),
    )
    op.create_index("ix_customer_events_customer_id", "customer_events", ["customer_id"])


def downgrade() -> None:
    op.drop_index("ix_customer_events_customer_id", "customer_events")
    op.drop_table("customer_events")
    op.drop_table("erasures")
