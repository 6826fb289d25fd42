"""Rejection reasons with codes: ``staged_customers.reasons``.

A rejected staged customer keeps its reasons one by one (field, stable code, English
message, parameters) as JSON text beside the one-line ``error``, so terminals can show
them in their own language. Records rejected before this revision have no reasons
(NULL): their ``error`` is served as reasons with the code ``invalid``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staged_customers") as batch:
        batch.add_column(sa.Column("reasons", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staged_customers") as batch:
        batch.drop_column("reasons")
