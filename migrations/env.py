"""Alembic environment. Run programmatically by ``discovery.store.db.upgrade`` (a connection is
passed in ``config.attributes``) or from the command line: ``alembic -c migrations/alembic.ini``
with ``DISCOVERY_DB_URL`` or ``DISCOVERY_HOME`` set."""

from __future__ import annotations

from alembic import context
from sqlalchemy import pool

from discovery.config import Settings
from discovery.store.db import make_engine
from discovery.store.models import Base

config = context.config
target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    # The FTS5 index (documents_fts and its shadow tables) is created by hand in 0001, not by
    # the models: autogenerate must not propose to drop it.
    return not (type_ == "table" and name and name.startswith("documents_fts"))


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or Settings.from_env().database_url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True, include_object=include_object)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True, include_object=include_object)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_url())
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True, include_object=include_object)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
