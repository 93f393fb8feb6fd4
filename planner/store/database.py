"""Opening the store: which database, its migrations, and one transaction per change.

The database is named by ``--db`` or ``PLANNER_DATABASE_URL`` (a
SQLAlchemy URL); without either it is the SQLite file ``planner.db`` in
the working folder, so a new user has nothing to set up. PostgreSQL is
reached as ``postgresql+psycopg://...`` (psycopg 3).

Opening runs the Alembic migrations that ship inside the package, so an
upgraded planner upgrades its database on first use.

Two people changing one order at once must not lose either change: every
change runs in one transaction that first locks the order's row. On
PostgreSQL that is ``SELECT ... FOR UPDATE``; SQLite has no row locks, so
its transactions start with ``BEGIN IMMEDIATE``, which takes the write
lock up front and makes writers take turns (see ``Database`` for the
threads of one process). Reads (``Database.reading``) take no lock: in
WAL mode they see the last commit while a writer goes on.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

URL_VARIABLE = "PLANNER_DATABASE_URL"
DEFAULT_FILE = "planner.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: Seconds a SQLite writer waits for another writer's turn before giving up.
SQLITE_WAIT_SECONDS = 30
#: Execution option of a connection that only reads (``Database.reading``): on SQLite it takes no write lock.
READ_ONLY = "planner_read_only"


def database_url(given: str | None = None) -> str:
    """``--db`` first, then ``PLANNER_DATABASE_URL``, else ``planner.db`` in the working folder."""
    return given or os.environ.get(URL_VARIABLE) or f"sqlite:///{Path.cwd() / DEFAULT_FILE}"


def describe(url: str) -> str:
    """The URL as it may be printed: without a password."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_turns(engine: Engine) -> None:
    """Let SQLAlchemy, not the driver, begin transactions, and begin them IMMEDIATE (see the module's note)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL still never corrupts nor half-applies a transaction; a power cut may only
        # lose the last commits. FULL would wait for the disk at every status update.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        connection.exec_driver_sql("BEGIN" if connection.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the store's connection habits."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": SQLITE_WAIT_SECONDS, "check_same_thread": False})
        _sqlite_turns(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config() -> Config:
    """Alembic's configuration pointing at the migrations inside the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema (nothing happens when it already is).

    ``heads``: migrations added side by side from one revision are all applied.
    """
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")


@dataclass
class Database:
    """An open store: its engine and a factory of sessions.

    On SQLite the threads of one process also take turns on a lock of
    their own before the database's: SQLite's wait for a busy database
    sleeps in steps of up to 100 ms, which twenty phones reporting at once
    would spend mostly asleep; a lock hands over at once.
    """

    engine: Engine
    sessions: sessionmaker[Session]
    turns: threading.Lock | None = None

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One session in one transaction: committed when the block ends, rolled back on any error."""
        if self.turns is None:
            with self.sessions.begin() as session:
                yield session
            return
        with self.turns, self.sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """One session that only reads, in one transaction, rolled back when the block ends.

        On SQLite it neither waits for the writers' turns nor takes the
        write lock: in WAL mode a reader sees the last commit while a
        writer goes on, so a dispatch board reading every order does not
        hold up the phones' status updates meanwhile.
        """
        with self.sessions() as session:
            session.connection(execution_options={READ_ONLY: True})
            yield session

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()


def open_database(url: str | None = None) -> Database:
    """Open (and migrate) the store named by ``url`` or by the rules of ``database_url``."""
    engine = make_engine(database_url(url))
    upgrade(engine)
    turns = threading.Lock() if engine.dialect.name == "sqlite" else None
    return Database(engine, sessionmaker(engine, expire_on_commit=False), turns)
