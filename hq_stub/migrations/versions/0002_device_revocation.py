"""Device revocation: ``devices.revoked_at`` and an index per terminal.

Activating a terminal again revokes its older tokens, and ``hq-stub admin revoke-device``
revokes one terminal; a revoked token is answered 401 ``device_revoked``. Existing tokens
stay valid (``revoked_at`` NULL).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_devices_store_terminal", "devices", ["store_id", "terminal_id"])


def downgrade() -> None:
    op.drop_index("ix_devices_store_terminal", table_name="devices")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("revoked_at")
