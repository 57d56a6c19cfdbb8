"""Fixtures for the account tests: an app with CSRF checks on."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy.orm import sessionmaker
from werkzeug.test import TestResponse

from monitor import database
from tests.conftest import make_test_app


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
