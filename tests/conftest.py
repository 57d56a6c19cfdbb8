"""Fixtures shared by every test: a real database (SQLite, or PostgreSQL when
MONITOR_TEST_DATABASE_URL names a server), the app, a client and a login helper.

The schema is built once per run through the migrations, as in production. Each test runs
inside a transaction that is rolled back, so tests see the shared base data and nothing of
each other.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, g, has_app_context
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.test import TestResponse

from monitor import create_app, database, migrate
from tests import factories

TEST_SERVER_URL = os.environ.get("MONITOR_TEST_DATABASE_URL", "")


class DatabaseFactory:
    """Makes empty databases of the backend under test and drops them at the end."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.created: list[str] = []

    @property
    def backend(self) -> str:
        return "postgresql" if TEST_SERVER_URL.startswith("postgresql") else "sqlite"

    def create(self, label: str) -> str:
        name = f"monitor_test_{label}_{uuid.uuid4().hex[:8]}"
        if self.backend == "sqlite":
            return f"sqlite:///{self.workdir / name}.sqlite3"
        server = make_url(TEST_SERVER_URL)
        admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        self.created.append(name)
        return server.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        if not self.created:
            return
        server = make_url(TEST_SERVER_URL)
        admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for name in self.created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("databases"))
    yield factory
    factory.drop_all()


class ClientWithFreshIdentity(FlaskClient):
    """A test client whose requests do not inherit the test's signed-in user.

    Requests reuse the app context the test pushed, and Flask-Login caches the user in
    ``g``; dropping that cache makes each request identify itself from its own cookie.
    """

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        if has_app_context():
            g.pop("_login_user", None)
        try:
            return super().open(*args, **kwargs)
        finally:
            if has_app_context():
                g.pop("_login_user", None)


def make_test_app(database_url: str, **overrides: Any) -> Flask:
    config = {"ENV": "testing", "DATABASE_URL": database_url, "SECRET_KEY": "test-secret"}
    config.update(overrides)
    app = create_app(config)
    app.config["WTF_CSRF_ENABLED"] = overrides.get("WTF_CSRF_ENABLED", False)
    app.test_client_class = ClientWithFreshIdentity
    return app


@pytest.fixture(scope="session")
def database_url(databases: DatabaseFactory) -> str:
    """The run's shared database, migrated to head and holding the base data."""
    url = databases.create("shared")
    migrate.upgrade(url)
    from tests import base_data

    app = make_test_app(url)
    with app.app_context():
        base_data.load()
        database.session.commit()
    database.state(app).engine.dispose()
    return url


@contextmanager
def rolled_back(app: Flask) -> Iterator[Flask]:
    """The app in its context, inside one transaction that is rolled back at the end."""
    engine = database.state(app).engine
    connection = engine.connect()
    outer = connection.begin()
    # Commits inside the app become savepoints of the outer transaction, rolled back after.
    database.state(app).session_factory = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    try:
        with app.app_context():
            yield app
    finally:
        outer.rollback()
        connection.close()
        engine.dispose()


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    with rolled_back(make_test_app(database_url)) as app:
        yield app


@pytest.fixture
def db(app: Flask) -> Session:
    return database.get_session()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


SignIn = Callable[..., TestResponse]


@pytest.fixture
def sign_in(client: FlaskClient) -> SignIn:
    """Sign ``client`` (or another client) in with a username and password."""

    def sign_in_with(
        username: str,
        password: str = factories.PASSWORD,
        *,
        on: FlaskClient | None = None,
        next_page: str | None = None,
    ) -> TestResponse:
        url = "/login" if next_page is None else f"/login?next={next_page}"
        return (on or client).post(url, data={"username": username, "password": password})

    return sign_in_with
