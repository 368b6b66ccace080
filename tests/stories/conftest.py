"""A store of the stories tests on the test database (SQLite, or the server named by
TEST_DATABASE_URL), and an application over it without the model."""

from __future__ import annotations

import pytest

from service.store.repository import Store
from tests.conftest import create_test_app


@pytest.fixture
def store(database_url):
    made = Store.from_url(database_url)
    made.create_schema()
    yield made
    made.close()


@pytest.fixture
def client(store, database_url):
    return create_test_app(database_url, LOAD_MODEL=False).test_client()
