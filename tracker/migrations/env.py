"""Alembic's environment: migrate the connection the store hands over (tracker.migrations.upgrade), or, for
``python -m tracker.migrations revision``, a scratch database at the head compared with tracker.store.metadata."""

from alembic import context

from tracker.store import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("tracker.migrations runs on a connection it is given: see tracker/migrations/__init__.py")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True, compare_type=True)
with context.begin_transaction():  # inside the caller's transaction: no commit here
    context.run_migrations()
