"""The database: declarative base, engine per app, and a session per app context."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, cast

from flask import Flask, current_app, g
from sqlalchemy import BigInteger, DateTime, Engine, Integer, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator
from werkzeug.local import LocalProxy

log = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: A 64-bit key on PostgreSQL; SQLite only autoincrements a plain INTEGER primary key.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class DatabaseState:
    """What the app keeps of its database: the engine and the session factory."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.session_factory: sessionmaker[Session] = sessionmaker(
            bind=engine, expire_on_commit=False
        )


def make_engine(url: str) -> Engine:
    options: dict[str, Any] = {"future": True}
    if url.startswith("sqlite"):
        options["connect_args"] = {"timeout": 30}
    else:
        options["pool_pre_ping"] = True
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Python's sqlite3 module opens and commits transactions on its own guesses, which breaks
    # SAVEPOINT; turn that off and let SQLAlchemy emit BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def init_app(app: Flask) -> None:
    app.extensions["monitor.database"] = DatabaseState(make_engine(app.config["DATABASE_URL"]))
    app.teardown_appcontext(_close_session)


def state(app: Flask | None = None) -> DatabaseState:
    return cast(DatabaseState, (app or current_app).extensions["monitor.database"])


def get_session() -> Session:
    """The session of the current app context, opened on first use."""
    if "db_session" not in g:
        g.db_session = state().session_factory()
    return cast(Session, g.db_session)


def _close_session(_exc: BaseException | None) -> None:
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.close()


#: The current app context's session; import this rather than calling get_session().
session = cast(Session, LocalProxy(get_session))


@contextmanager
def transaction() -> Iterator[Session]:
    """Commit what the block did, or roll all of it back if the block raises."""
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
