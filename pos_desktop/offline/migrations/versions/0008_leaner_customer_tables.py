"""Leaner customer tables: attributes keyed by their customer, a state index of the few

Two structures stored most of their bytes twice (issue 13, the 1M-customer store):

* `customer_attributes` was a rowid table (id, customer_pk, name, value) plus a unique
  index on (customer_pk, name) holding nearly the same bytes again. It becomes a WITHOUT
  ROWID table whose primary key is (customer_pk, name): one b-tree, rows of a customer
  side by side. Nothing referred to the `id`.
* `ix_customers_state` indexed every customer's state, though only the worklist's few
  (pending, rejected) are ever looked up by it. It becomes a partial index of the
  customers that are not synced; the synced count is the total minus those.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

ATTRIBUTES = """CREATE TABLE customer_attributes_new (
    customer_pk INTEGER NOT NULL,
    name VARCHAR(60) NOT NULL,
    value JSON NOT NULL,
    PRIMARY KEY (customer_pk, name),
    FOREIGN KEY(customer_pk) REFERENCES customers (id) ON DELETE CASCADE
) WITHOUT ROWID"""

STATE_INDEX = "CREATE INDEX ix_customers_state ON customers (state) WHERE state != 'synced'"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("0007 rebuilds a table: run it with foreign keys off (migrate.py)")
    op.execute(ATTRIBUTES)
    op.execute(
        "INSERT INTO customer_attributes_new (customer_pk, name, value) "
        "SELECT customer_pk, name, value FROM customer_attributes"
    )
    op.execute("DROP TABLE customer_attributes")
    op.execute("ALTER TABLE customer_attributes_new RENAME TO customer_attributes")
    op.execute("DROP INDEX ix_customers_state")
    op.execute(STATE_INDEX)
    broken = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"foreign keys broken by 0007: {broken[:5]}")


def downgrade() -> None:
    raise NotImplementedError("0007 has no downgrade: restore the backup taken before it")
