"""Fixtures for the account tests: an app with CSRF checks on, and a way to sign in."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import sessionmaker
from werkzeug.test import TestResponse

from monitor import database
from tests import factories
from tests.conftest import make_test_app

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


@pytest.fixture
def csrf_app(database_url: str) -> Iterator[Flask]:
    """Like ``app``, with CSRF checks on as in production."""
    app = make_test_app(database_url, WTF_CSRF_ENABLED=True)
    engine = database.state(app).engine
    connection = engine.connect()
    outer = connection.begin()
    database.state(app).session_factory = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    with app.app_context():
        yield app
    outer.rollback()
    connection.close()
    engine.dispose()


def csrf_token(page: TestResponse) -> str:
    """The CSRF token a page's form carries."""
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text)
    if found is None:
        found = re.search(r'type="hidden" name="csrf_token" value="([^"]+)"', page.text)
    assert found is not None, "the page has no CSRF token"
    return found.group(1)
