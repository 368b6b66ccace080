"""Fixtures: an application on a fresh database per test, its client and CLI runner.

The database is SQLite in a temporary folder, or a fresh schema on the PostgreSQL
server named by TEST_DATABASE_URL (dropped after the test).
"""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from service.app import create_app
from service.store.migrations import upgrade_database

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
SEED = FIXTURES / "tass-russia-belarus-diplomats.txt"
DATA = Path(__file__).resolve().parent / "data"


def _postgres_url(base: str, schema: str) -> str:
    base = base.replace("postgresql://", "postgresql+psycopg://", 1)
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}options=-csearch_path%3D{schema}"


def create_test_app(database_url: str, **overrides):
    """An application on ``database_url`` with test settings; ``overrides`` win."""
    # Analyses at normal priority and with room for a loaded machine; the tests of the
    # time limit set their own.
    # Each application its own embedded job queue: on PostgreSQL the default (VAR_DIR/jobs)
    # would be one queue for every test, its tasks taken by other tests' consumers.
    return create_app({"DATABASE_URL": database_url, "DEV_MODE": False, "TESTING": True,
                       "RATELIMIT_ENABLED": False, "FIXTURES_DIR": str(FIXTURES),
                       "ANALYSIS_NICE": 0, "ANALYSIS_TIMEOUT": 120.0,
                       "JOBS_DIR": os.path.join(tempfile.gettempdir(),
                                                f"article-api-jobs-{uuid.uuid4().hex}"),
                       **overrides})


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite file at the latest migration, copied for each test (migrating is slow)."""
    path = tmp_path_factory.mktemp("template") / "articles.sqlite3"
    upgrade_database(f"sqlite:///{path}")
    return path


@pytest.fixture
def database_url(tmp_path):
    """An empty database: a fresh SQLite file, or a fresh PostgreSQL schema."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'articles.sqlite3'}"
        return
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base.replace("postgresql://", "postgresql+psycopg://", 1),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _postgres_url(base, schema)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def analyses() -> dict:
    """Analyses already made in this test process, by structure (the pipeline is pure)."""
    return {}


@pytest.fixture
def migrated_url(database_url, migrated_sqlite) -> str:
    """``database_url`` at the latest migration."""
    if database_url.startswith("sqlite:///"):
        shutil.copyfile(migrated_sqlite, database_url.removeprefix("sqlite:///"))
    else:
        upgrade_database(database_url)
    return database_url


def remember_analyses(app, analyses: dict) -> None:
    """Make ``app``'s pipeline keep each analysis in ``analyses`` and answer a copy of it
    when the same structure comes again (patched before the runner forks its processes)."""
    pipeline = app.extensions["analyzer"].pipeline
    analyze_structures = pipeline.analyze_structures

    def remembered(structures, batch_size=16):
        for structure in structures:
            key = (repr(structure), repr(pipeline.provenance))
            if key not in analyses:
                analyses[key] = next(analyze_structures([structure]))
            yield copy.deepcopy(analyses[key])

    pipeline.analyze_structures = remembered


@pytest.fixture
def app(migrated_url, analyses):
    app = create_test_app(migrated_url, DEV_MODE=True)
    remember_analyses(app, analyses)
    yield app
    app.extensions["analyzer"].close()
    app.extensions["store"].close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def seed(client, seed_text) -> dict:
    """The seed article, stored through the API."""
    response = client.post("/v1/articles", data=seed_text.encode(),
                           content_type="text/plain; charset=utf-8")
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def assert_problem(response, status: int) -> dict:
    """The response is RFC 9457 problem+json with ``status``, leaking no internals."""
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.content_type == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["title"] and body["detail"] and body["instance"]
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "sqlalchemy" not in text.lower()
    return body
