"""A store that is read-only, full or unreachable: 503 with Retry-After on reads and writes,
found out before an analysis is spent; /readyz says so (both stores)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import event

from tests.conftest import assert_problem, create_test_app

TEXT = ("Museum reopens after repairs\n\n"
        "The city museum reopened on Saturday after repairs that cost 2 million dollars.\n")


def _analyses(client) -> float:
    metrics = client.get("/metrics").get_data(as_text=True)
    for line in metrics.splitlines():
        if line.startswith("article_analysis_duration_seconds_count"):
            return float(line.split()[-1])
    return 0.0


def _make_read_only(store) -> None:
    """Every new connection of the store is read-only, as on a read-only disk or server."""
    statement = ("PRAGMA query_only = ON" if store.dialect == "sqlite"
                 else "SET default_transaction_read_only = on")

    def read_only(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute(statement)
        cursor.close()
        if store.dialect == "postgresql":
            dbapi_connection.commit()

    event.listen(store.engine, "connect", read_only)
    store.engine.dispose()


def test_a_read_only_store_refuses_writes_with_503_before_analyzing(app, client, seed,
                                                                    caplog):
    _make_read_only(app.extensions["store"])
    before = _analyses(client)
    with caplog.at_level(logging.WARNING):
        response = client.post("/v1/articles", data=TEXT, content_type="text/plain")
    body = assert_problem(response, 503)
    assert "unavailable" in body["detail"]
    assert int(response.headers["Retry-After"]) >= 1
    assert _analyses(client) == before  # refused before the analysis
    assert not [r for r in caplog.records if r.exc_info]  # one line, no traceback
    assert client.get(seed["links"]["self"]).status_code == 200  # reads still served
    assert client.get("/v1/articles").get_json()["total"] == 1
    assert_problem(client.delete(seed["links"]["self"]), 503)
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["checks"]["store"] == "read-only"


def test_a_full_disk_refuses_writes_with_503_before_analyzing(migrated_url):
    app = create_test_app(migrated_url, DEV_MODE=True, STORE_MIN_FREE_BYTES=2**62)
    client = app.test_client()
    try:
        if app.extensions["store"].dialect != "sqlite":
            pytest.skip("the free space is checked beside a SQLite database")
        response = client.post("/v1/articles", data=TEXT, content_type="text/plain")
        assert "unavailable" in assert_problem(response, 503)["detail"]
        assert _analyses(client) == 0
        assert client.get("/readyz").get_json()["checks"]["store"] == "full"
        assert client.get("/v1/articles").get_json()["total"] == 0
    finally:
        app.extensions["store"].close()


@pytest.mark.parametrize("path", ["/v1/articles", "/v1/articles/some-id",
                                  "/v1/articles/some-id/figures", "/v1/entities",
                                  "/v1/figures?unit=percent", "/v1/articles?q=museum"])
def test_an_unreachable_postgresql_is_503_on_reads(path, caplog):
    app = create_test_app("postgresql://postgres@127.0.0.1:1/test", DEV_MODE=True)
    try:
        with caplog.at_level(logging.WARNING):
            response = app.test_client().get(path)
        assert int(assert_problem(response, 503).get("status")) == 503
        assert response.headers["Retry-After"]
        assert not [r for r in caplog.records if r.exc_info]
    finally:
        app.extensions["store"].close()


def test_an_unreachable_postgresql_is_503_on_writes_before_analyzing():
    app = create_test_app("postgresql://postgres@127.0.0.1:1/test", DEV_MODE=True)
    client = app.test_client()
    try:
        assert_problem(client.post("/v1/articles", data=TEXT, content_type="text/plain"), 503)
        assert _analyses(client) == 0
        ready = client.get("/readyz")
        assert ready.get_json()["checks"]["store"] == "unreachable"
    finally:
        app.extensions["store"].close()
