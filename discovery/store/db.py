"""Engine, sessions and migrations.

SQLite (the default, one file per library) is opened in WAL mode with foreign keys on and a
busy timeout, so a reader never blocks the writer and a killed ingest leaves the last committed
state intact. Any other SQLAlchemy URL (PostgreSQL) is used as given.

The schema is owned by Alembic (``migrations/`` at the project root): :func:`upgrade` brings a
database to the newest revision and is called whenever a library opens.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from discovery.config import PROJECT_ROOT
from discovery.errors import DiscoveryError

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
#: how long a writer waits for another one (e.g. a demo build) before giving up
SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("DISCOVERY_SQLITE_BUSY_MS", "30000"))


def is_sqlite(engine_or_url: Engine | str) -> bool:
    url = engine_or_url if isinstance(engine_or_url, str) else str(engine_or_url.url)
    return url.startswith("sqlite")


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # Python's sqlite3 opens its own implicit transactions; we let SQLAlchemy drive BEGIN so that
    # one ingest really is one transaction (see the "begin" listener below).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    _switch_to_wal(cur)
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: a crash loses no committed state
    cur.close()


def _switch_to_wal(cur) -> None:
    # Switching a rollback-journal file to WAL needs an exclusive lock, and SQLite does not call the
    # busy handler when another connection holds a write lock (waiting could deadlock): the pragma
    # fails at once with "database is locked". Two processes creating the same new library hit
    # this, so we wait here ourselves, for as long as the busy timeout allows.
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    pause = 0.01
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.5)


def _sqlite_begin(conn) -> None:
    # Readers use a plain (deferred) BEGIN so they never wait for a long ingest (WAL). Writers ask
    # for ``execution_options(sqlite_immediate=True)``: BEGIN IMMEDIATE takes the write lock up
    # front, so two writers queue on busy_timeout instead of failing half-way with "database is
    # locked" when a read transaction tries to become a write transaction.
    immediate = conn.get_execution_options().get("sqlite_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str, echo: bool = False) -> Engine:
    """Create an engine for ``url``; SQLite files get WAL, foreign keys and a busy timeout.

    The parent folder of a SQLite file is created when missing.
    """
    if is_sqlite(url):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error (Ctrl-C included)."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(engine: Engine):
    """An Alembic ``Config`` pointing at the project's ``migrations/`` folder."""
    from alembic.config import Config

    if not (MIGRATIONS_DIR / "env.py").is_file():
        raise DiscoveryError(f"migrations not found at {MIGRATIONS_DIR} (is the package installed from a checkout?)")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", str(engine.url).replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Apply migrations up to ``revision``; returns the revision the database is at afterwards."""
    from alembic import command

    cfg = alembic_config(engine)
    if revision == "head":
        # A plain read first: opening a library while another process ingests (a long write
        # transaction) must not wait for the write lock when there is nothing to migrate.
        current, head = current_revision(engine), head_revision(engine)
        if current is not None and current == head:
            return current
    with engine.connect() as conn:
        # BEGIN IMMEDIATE on SQLite: two processes opening a new library migrate one at a time.
        conn = conn.execution_options(sqlite_immediate=True)
        with conn.begin():
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    return current_revision(engine)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def table_names(engine: Engine) -> list[str]:
    return inspect(engine).get_table_names()
