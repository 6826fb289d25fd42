"""PostgreSQL: a sequence per counter, so writers of different stores stop queueing
behind one counter row (SQLite: nothing changes).

Until now every write transaction advanced a row of ``counters`` (``feed``; ``account``
and ``loyalty`` for new customers and cards) and held its row lock until commit, so all
the chain's writes queued behind one another. From here on PostgreSQL takes account
numbers, loyalty card numbers and feed sequences from the sequences ``hq_account_seq``,
``hq_loyalty_seq`` and ``hq_feed_seq`` (``nextval`` never waits), and orders each store's
feed with a per-store lock instead (:mod:`hq_stub.feed`). Each sequence continues after
its counter's value, so numbers stay unique and the feed cursors terminals hold stay
valid (a store's sequences keep increasing). The ``counters`` rows are left as they were
(downgrade writes the sequences' values back into them).

Upgrading: stop every HQ process of the older version before the first one of this
version migrates; an older process still running would keep numbering from the stale
``counters`` rows (duplicate account numbers are refused by the unique index, but its
feed sequences would not be ordered with the new ones).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

NAMES = ("account", "feed", "loyalty")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in NAMES:
        op.execute(f"CREATE SEQUENCE hq_{name}_seq AS bigint")
        # The next nextval() returns the counter's value + 1.
        op.execute(f"SELECT setval('hq_{name}_seq', greatest(value, 1), value > 0) "
                   f"FROM counters WHERE name = '{name}'")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in NAMES:
        op.execute(f"UPDATE counters SET value = (SELECT CASE WHEN is_called THEN "
                   f"last_value ELSE last_value - 1 END FROM hq_{name}_seq) "
                   f"WHERE name = '{name}'")
        op.execute(f"DROP SEQUENCE hq_{name}_seq")
