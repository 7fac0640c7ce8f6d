"""Alembic environment: run by db.migrate with a live connection, never from alembic.ini."""

from alembic import context

import db.models  # noqa: F401  (registers every table)
from db.base import Base, UTCDateTime

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Migrations run through db.migrate.upgrade(), which passes a connection.")


def render_item(type_, obj, autogen_context):
    # Migrations stay frozen: write the portable storage type, not our decorator.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things: batch mode rebuilds the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    render_item=render_item,
)
with context.begin_transaction():
    context.run_migrations()
