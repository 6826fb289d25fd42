"""Worklist details: who created a customer here, and HQ's rejection reasons with codes

`created_by` / `created_by_name`: the operator signed in when the customer was created
at this terminal ("" when none was, e.g. the command line; NULL for customers stored
before this revision: not known). `rejection_details`: HQ's reasons one by one with
their stable codes and parameters, so the register can show them in its language.
Existing data is untouched (new columns only).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (constant defaults): no table rebuild under the search index.
    op.add_column("customers", sa.Column("rejection_details", sa.JSON(), nullable=False,
                                         server_default="[]"))
    op.add_column("customers", sa.Column("created_by", sa.String(40), nullable=True))
    op.add_column("customers", sa.Column("created_by_name", sa.String(120), nullable=False,
                                         server_default=""))


def downgrade() -> None:
    for column in ("created_by_name", "created_by", "rejection_details"):
        op.drop_column("customers", column)
