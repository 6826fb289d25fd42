"""Marketing consent on the primary e-mail and phone (issue 16)

`email_consent` / `phone_consent`: the customer's marketing consent on its primary
e-mail and phone, as the secondary contacts already have (unticked for every customer
stored before this revision: consent is never assumed). New columns only.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (constant defaults): no table rebuild under the search index.
    for column in ("email_consent", "phone_consent"):
        op.add_column("customers", sa.Column(column, sa.Boolean(), nullable=False,
                                             server_default=sa.false()))


def downgrade() -> None:
    for column in ("phone_consent", "email_consent"):
        op.drop_column("customers", column)
