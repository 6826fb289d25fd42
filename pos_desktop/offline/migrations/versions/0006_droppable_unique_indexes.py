"""Unique keys as named indexes, so a first download can build them once at the end

The unique keys of customers (customer_id, account_number), addresses (address_id) and
loyalty cards (card_number) were table constraints, whose indexes SQLite cannot drop.
As named unique indexes they mean the same, and a fresh terminal's first download drops
them, inserts the rows and creates them again once (`OfflineStore.begin_bulk_load`):
random-UUID keys inserted one page at a time rewrote most of those indexes per page.

The three tables are rebuilt (SQLite's "12-step" table change; `migrate.py` runs the
migrations with foreign keys off, and the keys are checked before the commit). The rows,
their rowids and every other index stay as they were.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

CUSTOMERS = """CREATE TABLE customers_new (
    id INTEGER NOT NULL,
    customer_id VARCHAR(36) NOT NULL,
    account_number VARCHAR(40),
    state VARCHAR(16) NOT NULL,
    rejection_reason TEXT NOT NULL,
    origin VARCHAR(8) NOT NULL,
    customer_type VARCHAR(16) NOT NULL,
    title VARCHAR(60) NOT NULL,
    first_name VARCHAR(60) NOT NULL,
    middle_name VARCHAR(60) NOT NULL,
    last_name VARCHAR(60) NOT NULL,
    organization_name VARCHAR(60) NOT NULL,
    email VARCHAR(254) NOT NULL,
    phone VARCHAR(32) NOT NULL,
    customer_group VARCHAR(40) NOT NULL,
    currency VARCHAR(3) NOT NULL,
    language VARCHAR(16) NOT NULL,
    receipt_option VARCHAR(8) NOT NULL,
    receipt_email VARCHAR(254) NOT NULL,
    affiliations JSON NOT NULL,
    financial_dimensions JSON NOT NULL,
    version INTEGER NOT NULL,
    store_id VARCHAR(40) NOT NULL,
    created_at DATETIME,
    updated_at DATETIME,
    rejection_details JSON DEFAULT '[]' NOT NULL,
    created_by VARCHAR(40),
    created_by_name VARCHAR(120) DEFAULT '' NOT NULL,
    PRIMARY KEY (id)
)"""

ADDRESSES = """CREATE TABLE addresses_new (
    address_id VARCHAR(36) NOT NULL,
    customer_pk INTEGER NOT NULL,
    position INTEGER NOT NULL,
    purpose VARCHAR(16) NOT NULL,
    street VARCHAR(250) NOT NULL,
    city VARCHAR(60) NOT NULL,
    state VARCHAR(60) NOT NULL,
    zip VARCHAR(20) NOT NULL,
    country VARCHAR(2) NOT NULL,
    contact_name VARCHAR(120) NOT NULL,
    contact_phone VARCHAR(32) NOT NULL,
    is_primary BOOLEAN NOT NULL,
    sync_state VARCHAR(16) NOT NULL,
    FOREIGN KEY(customer_pk) REFERENCES customers (id) ON DELETE CASCADE
)"""

CARDS = """CREATE TABLE loyalty_cards_new (
    card_number VARCHAR(40) NOT NULL,
    customer_pk INTEGER NOT NULL,
    FOREIGN KEY(customer_pk) REFERENCES customers (id) ON DELETE CASCADE
)"""

# (table, new definition, copied columns, indexes to create afterwards)
TABLES = (
    ("customers", CUSTOMERS, "*", (
        "CREATE INDEX ix_customers_state ON customers (state)",
        "CREATE UNIQUE INDEX ux_customers_customer_id ON customers (customer_id)",
        "CREATE UNIQUE INDEX ux_customers_account_number ON customers (account_number)",
    )),
    ("addresses", ADDRESSES, "*", (
        "CREATE INDEX ix_addresses_customer_pk ON addresses (customer_pk)",
        "CREATE UNIQUE INDEX ux_addresses_address_id ON addresses (address_id)",
    )),
    ("loyalty_cards", CARDS, "*", (
        "CREATE INDEX ix_loyalty_cards_customer_pk ON loyalty_cards (customer_pk)",
        "CREATE UNIQUE INDEX ux_loyalty_cards_card_number ON loyalty_cards (card_number)",
    )),
)  # fmt: skip


def upgrade() -> None:
    bind = op.get_bind()
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("0005 rebuilds tables: run it with foreign keys off (migrate.py)")
    for table, definition, columns, indexes in TABLES:
        op.execute(definition)
        op.execute(f"INSERT INTO {table}_new SELECT {columns} FROM {table}")
        op.execute(f"DROP TABLE {table}")
        op.execute(f"ALTER TABLE {table}_new RENAME TO {table}")
        for index in indexes:
            op.execute(index)
    broken = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"foreign keys broken by 0005: {broken[:5]}")


def downgrade() -> None:
    raise NotImplementedError("0005 has no downgrade: restore the backup taken before it")
