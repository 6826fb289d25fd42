"""Initial HQ schema.

Revision ID: 0001
Revises:
Create Date: 2024-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "counters",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(
        sa.table("counters", sa.column("name", sa.String), sa.column("value", sa.BigInteger)),
        [{"name": "account", "value": 0}, {"name": "feed", "value": 0},
         {"name": "loyalty", "value": 0}],
    )
    op.create_table(
        "stores",
        sa.Column("store_id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("language", sa.String(10), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("create_customer_async", sa.Boolean, nullable=False),
        sa.Column("filter_shared_customer_data_tables", sa.Boolean, nullable=False),
        sa.Column("multiple_contacts_and_consent", sa.Boolean, nullable=False),
        sa.Column("enhanced_async_customers", sa.Boolean, nullable=False),
        sa.Column("async_customer_addresses", sa.Boolean, nullable=False),
        sa.Column("default_customer_id", sa.String(36), nullable=True),
        sa.Column("config", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "devices",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("store_id", sa.String(32), nullable=False),
        sa.Column("terminal_id", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "activation_codes",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("store_id", sa.String(32), nullable=False),
        sa.Column("terminal_id", sa.String(64), nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("used_at", TS, nullable=True),
    )
    op.create_table(
        "customers",
        sa.Column("customer_id", sa.String(36), primary_key=True),
        sa.Column("account_number", sa.String(20), nullable=False, unique=True),
        sa.Column("store_id", sa.String(32), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("feed_seq", sa.BigInteger, nullable=False, unique=True),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("phone_digits", sa.String(64), nullable=False),
        sa.Column("sort_name", sa.String(200), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("doc", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_customers_store_feed", "customers", ["store_id", "feed_seq"])
    op.create_table(
        "staged_customers",
        sa.Column("customer_id", sa.String(36), primary_key=True),
        sa.Column("store_id", sa.String(32), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("account_number", sa.String(20), nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("received_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_staged_customers_state", "staged_customers", ["state", "received_at"])
    op.create_index("ix_staged_customers_store_state", "staged_customers",
                    ["store_id", "state"])
    op.create_table(
        "staged_addresses",
        sa.Column("address_id", sa.String(36), primary_key=True),
        sa.Column("customer_id", sa.String(36), nullable=False),
        sa.Column("store_id", sa.String(32), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("received_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_staged_addresses_state", "staged_addresses", ["state", "received_at"])
    op.create_table(
        "loyalty_cards",
        sa.Column("card_number", sa.String(20), primary_key=True),
        sa.Column("customer_id", sa.String(36), nullable=False),
        sa.Column("store_id", sa.String(32), nullable=False),
        sa.Column("issued_at", TS, nullable=False),
    )
    op.create_index("ix_loyalty_cards_customer_id", "loyalty_cards", ["customer_id"])


def downgrade() -> None:
    for table in ("loyalty_cards", "staged_addresses", "staged_customers", "customers",
                  "activation_codes", "devices", "stores", "counters"):
        op.drop_table(table)
