"""Jobs inside the store's guards and bounds: refused with 503 and Retry-After when the
store is read-only or the disk (the database's or the spool's) is full, as POST
/v1/articles is; at most JOBS_MAX_LINES lines (413 naming the bound); failure reasons of
bounded length; finished jobs removed after their retention; each job seen only by the key
that made it (both stores)."""

from __future__ import annotations

import errno
import json
import os
import time
from collections import namedtuple

import pytest

from service.config import hash_key
from tests.conftest import assert_problem, create_test_app
from tests.hostile.test_store_faults import _make_read_only
from tests.jobs.articles import article, jsonl
from tests.jobs.test_jobs_api import wait_for

NDJSON = "application/x-ndjson"
KEY, OTHER = "job-owner-key-1", "job-owner-key-2"
Stats = namedtuple("Stats", "f_bavail f_frsize")


def _auth(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def _wait(client, location: str, headers=None) -> dict:
    return wait_for(client, location, timeout=60, headers=headers)


@pytest.fixture
def keyed(migrated_url):
    app = create_test_app(migrated_url, LOAD_MODEL=False,
                          API_KEY_HASHES=[hash_key(KEY), hash_key(OTHER)])
    yield app
    app.extensions["store"].close()


def test_a_read_only_store_refuses_a_job_with_503_before_reading_it(app, client):
    _make_read_only(app.extensions["store"])
    response = client.post("/v1/jobs", data=jsonl([article(1)]), content_type=NDJSON)
    assert "unavailable" in assert_problem(response, 503)["detail"]
    assert int(response.headers["Retry-After"]) >= 1


@pytest.mark.parametrize("body", [jsonl([article(2)]), json.dumps([article(2)]).encode()])
def test_a_full_disk_refuses_a_job_with_503_as_it_refuses_an_article(migrated_url, body):
    app = create_test_app(migrated_url, DEV_MODE=True, LOAD_MODEL=False,
                          STORE_MIN_FREE_BYTES=2**62)
    client = app.test_client()
    try:
        content_type = NDJSON if body.startswith(b"{") else "application/json"
        response = client.post("/v1/jobs", data=body, content_type=content_type)
        assert_problem(response, 503)
        assert int(response.headers["Retry-After"]) >= 1
        assert client.get("/v1/jobs").get_json()["total"] == 0
    finally:
        app.extensions["store"].close()


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EDQUOT])
def test_a_spool_that_cannot_be_written_is_503_not_500(client, monkeypatch, code):
    from service.jobs import submit as jobs

    def failing(stream, path, max_bytes):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(jobs, "spool", failing)
    response = client.post("/v1/jobs", data=jsonl([article(3)]), content_type=NDJSON)
    assert_problem(response, 503)
    assert int(response.headers["Retry-After"]) >= 1


@pytest.mark.parametrize("free", [0, 4096, 1024 * 1024 - 1])
def test_readyz_is_not_ready_on_a_full_disk_whatever_the_guard(migrated_url, monkeypatch,
                                                               free):
    from service.store import engine

    app = create_test_app(migrated_url, LOAD_MODEL=False, STORE_MIN_FREE_BYTES=0)
    try:
        if app.extensions["store"].dialect != "sqlite":
            pytest.skip("the free space is checked beside a SQLite database")
        monkeypatch.setattr(engine.os, "statvfs", lambda _path: Stats(free, 1))
        assert app.test_client().get("/readyz").get_json()["checks"]["store"] == "full"
        monkeypatch.setattr(engine.os, "statvfs", lambda _path: Stats(2**40, 1))
        assert app.test_client().get("/readyz").get_json()["checks"]["store"] == "ok"
    finally:
        app.extensions["store"].close()


@pytest.mark.parametrize(("lines", "blank"), [(6, 0), (7, 3), (50, 0)])
@pytest.mark.parametrize("shape", ["jsonl", "array"])
def test_a_job_over_its_line_bound_is_413_naming_it_and_makes_nothing(migrated_url, lines,
                                                                      blank, shape):
    app = create_test_app(migrated_url, DEV_MODE=True, LOAD_MODEL=False, JOBS_MAX_LINES=5)
    client = app.test_client()
    try:
        records = [article(n) for n in range(lines)]
        if shape == "jsonl":
            body, content_type = jsonl(records) + b"\n" * blank, NDJSON
        else:
            body, content_type = json.dumps(records).encode(), "application/json"
        problem = assert_problem(client.post("/v1/jobs", data=body,
                                             content_type=content_type), 413)
        assert problem["max_lines"] == 5 and "5" in problem["detail"]
        assert client.get("/v1/jobs").get_json()["total"] == 0
        # Blank lines are not articles: five articles among them are taken.
        taken = client.post("/v1/jobs", data=jsonl(records[:5]) + b"\n" * 9,
                            content_type=NDJSON)
        assert taken.status_code == 202, taken.get_json()
    finally:
        app.extensions["store"].close()


def test_failure_reasons_are_bounded(client, app):
    queue = app.extensions["jobs"]
    queue.start_consumer()
    try:
        body = jsonl([{"text": "x", "published": "y" * 50_000}, "1", "[" + "0," * 20_000 + "0]"])
        response = client.post("/v1/jobs", data=body, content_type=NDJSON)
        job = _wait(client, response.headers["Location"])
    finally:
        queue.stop_consumer()
    assert job["failed_count"] == 3
    assert all(len(failure["reason"]) <= 300 for failure in job["failed"])


def test_finished_jobs_are_removed_after_their_retention(app, client):
    queue = app.extensions["jobs"]
    queue.start_consumer()
    try:
        done = client.post("/v1/jobs", data=jsonl([article(4)]), content_type=NDJSON)
        _wait(client, done.headers["Location"])
    finally:
        queue.stop_consumer()
    waiting = client.post("/v1/jobs", data=jsonl([article(5)]), content_type=NDJSON)
    assert queue.prune() == 0  # within the retention
    queue.retention_seconds = 0
    time.sleep(0.01)
    assert queue.prune() == 1
    assert_problem(client.get(done.headers["Location"]), 404)
    assert client.get(waiting.headers["Location"]).status_code == 200  # not ended: kept
    assert client.get("/v1/jobs").get_json()["total"] == 1


def test_a_job_is_seen_only_by_the_key_that_made_it(keyed):
    client = keyed.test_client()
    made = client.post("/v1/jobs", data=jsonl([article(6), "not json"]),
                       content_type=NDJSON, headers=_auth(KEY))
    assert made.status_code == 202, made.get_json()
    location = made.headers["Location"]
    assert client.get(location, headers=_auth(KEY)).status_code == 200
    assert client.get("/v1/jobs", headers=_auth(KEY)).get_json()["total"] == 1
    for headers in (_auth(OTHER),):
        assert_problem(client.get(location, headers=headers), 404)
        assert_problem(client.get(f"{location}/articles", headers=headers), 404)
        assert_problem(client.delete(location, headers=headers), 404)
        assert client.get("/v1/jobs", headers=headers).get_json()["total"] == 0
    for headers in ({}, _auth("not-a-key"), {"Authorization": "Basic eDp5"}):
        assert client.get(location, headers=headers).status_code == 401
        assert client.get("/v1/jobs", headers=headers).status_code == 401
    assert client.get(location, headers=_auth(KEY)).get_json()["status"] == "queued"
