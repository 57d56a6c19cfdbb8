"""Fixtures for the account tests: an app with CSRF checks on."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from tests.conftest import make_test_app, rolled_back


@pytest.fixture
def csrf_app(database_url: str) -> Iterator[Flask]:
    """Like ``app``, with CSRF checks on as in production."""
    with rolled_back(make_test_app(database_url, WTF_CSRF_ENABLED=True)) as app:
        yield app


def csrf_token(page: TestResponse) -> str:
    """The CSRF token a page's form carries."""
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text)
    if found is None:
        found = re.search(r'type="hidden" name="csrf_token" value="([^"]+)"', page.text)
    assert found is not None, "the page has no CSRF token"
    return found.group(1)
