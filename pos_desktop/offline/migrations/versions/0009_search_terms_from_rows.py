"""The search index keeps no copy of its terms: they are generated from the rows;
contacts keyed by their customer

The FTS5 table `customer_search` stored every customer's terms a second time in its
content table (148 MiB of a 1M-customer store, issue 13). It becomes an external-content
table over the view `customer_search_source`, whose terms come from the customer's
stored values through the SQL function `pos_search_terms` (`mapping.stored_terms`,
registered on every connection by `db.make_engine`). FTS5 reads a customer's terms
through the view to delete its entry; the code takes an entry out before the rows it
was made from change (`mapping.unindex`). The index is built again from the rows here
(any terms an older version had indexed are replaced), with a one-character prefix index
added (a typed one-letter word is then answered by the index, without reading terms),
and merged into one segment. `sync_state.search_terms` records the version of the terms
(`search_terms.terms_fingerprint`); a store opened by a version whose terms differ is
indexed again (`OfflineStore`).

`contacts` becomes a WITHOUT ROWID table keyed by (customer_pk, id), `id` now the
contact's place among its customer's (the order they were read in): its rowid and the
separate customer_pk index (26 MiB at 1M) go. A customer's financial dimensions (a few
distinct values, from the customer groups, 71 bytes a row) are stored once each in
`dimension_sets`, the customers row holding its id; its created_at and updated_at become
microseconds since 1970 UTC (8 bytes instead of 26 characters each).

Revision ID: 0009
Revises: 0008
"""

from alembic import op

from pos_desktop.offline.mapping import (
    CUSTOMER_TERMS_VIEW,
    SEARCH_SOURCE_VIEW,
    SEARCH_TABLE,
    TERMS_STATE_KEY,
    index_all_from_rows,
)
from pos_desktop.offline.search_terms import terms_fingerprint

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


CONTACTS = """CREATE TABLE contacts_new (
    customer_pk INTEGER NOT NULL,
    id INTEGER NOT NULL,
    kind VARCHAR(8) NOT NULL,
    value VARCHAR(254) NOT NULL,
    marketing_consent BOOLEAN NOT NULL,
    is_primary BOOLEAN NOT NULL,
    PRIMARY KEY (customer_pk, id),
    FOREIGN KEY(customer_pk) REFERENCES customers (id) ON DELETE CASCADE
) WITHOUT ROWID"""


def _contacts_by_customer() -> None:
    """Contacts keyed by (customer, place): the rowid and the customer_pk index go."""
    bind = op.get_bind()
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("0009 rebuilds a table: run it with foreign keys off (migrate.py)")
    op.execute(CONTACTS)
    op.execute(
        "INSERT INTO contacts_new (customer_pk, id, kind, value, marketing_consent, "
        "is_primary) SELECT customer_pk, row_number() OVER (PARTITION BY customer_pk "
        "ORDER BY id) - 1, kind, value, marketing_consent, is_primary FROM contacts"
    )
    op.execute("DROP TABLE contacts")
    op.execute("ALTER TABLE contacts_new RENAME TO contacts")


def _micros(column: str) -> str:
    """SQLAlchemy's text ('2025-08-18 14:01:59.308043') -> microseconds since 1970."""
    return (
        f"CASE WHEN typeof({column}) = 'text' THEN "
        f"unixepoch(substr({column}, 1, 19)) * 1000000 "
        f"+ CAST(substr({column} || '.000000', 21, 6) AS INTEGER) ELSE {column} END"
    )


def _dimensions_once() -> None:
    """Each distinct financial-dimensions value stored once, the customers refer to it."""
    op.execute(
        "CREATE TABLE dimension_sets (id INTEGER NOT NULL, value TEXT NOT NULL, "
        "PRIMARY KEY (id), UNIQUE (value))"
    )
    op.execute(
        "INSERT OR IGNORE INTO dimension_sets (value) SELECT DISTINCT "
        "coalesce(financial_dimensions, '{}') FROM customers"
    )
    # One rewrite of the customers rows: the dimensions' id and both timestamps as
    # 8-byte integers (microseconds since 1970 UTC).
    op.execute(
        "UPDATE customers SET financial_dimensions = (SELECT id FROM dimension_sets "
        "WHERE value = coalesce(customers.financial_dimensions, '{}')), "
        f"created_at = {_micros('created_at')}, updated_at = {_micros('updated_at')}"
    )


def upgrade() -> None:
    _contacts_by_customer()
    _dimensions_once()
    op.execute("DROP TABLE customer_search")
    op.execute(CUSTOMER_TERMS_VIEW)
    op.execute(SEARCH_SOURCE_VIEW)
    op.execute(SEARCH_TABLE)
    # Entries still in the backlog (a first download under way) are indexed from their
    # rows too: the terms an older version wrote there are not to be trusted.
    op.execute("UPDATE search_backlog SET terms = ''")
    raw = op.get_bind().connection.driver_connection
    assert raw is not None
    index_all_from_rows(raw)
    raw.execute("INSERT INTO customer_search (customer_search) VALUES ('optimize')")
    raw.execute(
        "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)",
        (TERMS_STATE_KEY, terms_fingerprint()),
    )


def downgrade() -> None:
    raise NotImplementedError("0009 has no downgrade: restore the backup taken before it")
