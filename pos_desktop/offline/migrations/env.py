"""Alembic environment: runs on the connection the terminal passes in."""

from alembic import context

from pos_desktop.offline.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
