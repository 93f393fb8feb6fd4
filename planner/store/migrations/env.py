"""Alembic's environment for the store: migrations run on the connection the store hands over.

The store upgrades its database itself when it is opened
(``planner.store.database.upgrade``), so a department never runs a
separate migration command; ``alembic`` from the command line works too
with ``-x url=...``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from planner.store import models_web  # noqa: F401  (its tables belong to the metadata too)
from planner.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    """Write the SQL instead of running it (``alembic upgrade --sql``)."""
    context.configure(
        url=context.get_x_argument(as_dictionary=True).get("url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Migrate on the store's own connection, or on one made from ``-x url=...``."""
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(context.get_x_argument(as_dictionary=True)["url"])
        with engine.begin() as own:
            _run(own)
        return
    _run(connection)


def _run(connection) -> None:
    # Batch mode lets later migrations alter SQLite tables (which cannot ALTER most things).
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
