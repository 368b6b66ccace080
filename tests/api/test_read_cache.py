"""Repeated article reads are answered from memory, exactly as the application answers."""

from __future__ import annotations

import re

import pytest

from service.http import read_cache
from service.http.read_cache import Answer, Answers, ReadCache
from service.store.repository import Store
from tests.conftest import assert_problem, create_test_app

PER_REQUEST = {"x-request-id", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"}


class Counting:
    """Counts the requests that reach the application behind the read cache."""

    def __init__(self, app) -> None:
        self.cache: ReadCache = app.wsgi_app
        assert isinstance(self.cache, ReadCache)
        inner = self.cache.wsgi_app
        self.calls = 0

        def counted(environ, start_response):
            self.calls += 1
            return inner(environ, start_response)

        self.cache.wsgi_app = counted


@pytest.fixture
def counting(app):
    return Counting(app)


def article_paths(seed: dict) -> list[str]:
    base = seed["links"]["self"]
    return [base, f"{base}?offsets=utf16", f"{base}/entities", f"{base}/entities?per_page=2",
            f"{base}/figures", f"{base}/sections", f"{base}/sections/0", f"{base}/dates",
            f"{base}/quotes", f"{base}/sections/0/entities"]


def comparable(response) -> tuple:
    headers = sorted((name.lower(), value) for name, value in response.headers
                     if name.lower() not in PER_REQUEST)
    return response.status_code, headers, response.get_data()


@pytest.mark.parametrize("encoding", [None, "gzip", "br"])
def test_a_repeated_read_is_answered_from_memory_with_the_same_bytes(
        client, seed, counting, encoding):
    headers = {"Accept-Encoding": encoding} if encoding else {}
    for path in article_paths(seed):
        first = client.get(path, headers=headers)
        calls = counting.calls
        second = client.get(path, headers=headers)
        assert counting.calls == calls, f"{path} reached the application again"
        assert first.status_code == 200, path
        assert comparable(second) == comparable(first), path
        if encoding and len(first.get_data()) > 1024:
            assert second.headers["Content-Encoding"] == encoding
        assert re.fullmatch(r"[0-9a-f]{32}", second.headers["X-Request-ID"])
        assert second.headers["X-Request-ID"] != first.headers["X-Request-ID"]


def test_the_answers_equal_those_of_the_application_without_the_cache(seed, migrated_url,
                                                                         client):
    plain = create_test_app(migrated_url, READ_CACHE_BYTES=0)
    try:
        assert not isinstance(plain.wsgi_app, ReadCache)
        other = plain.test_client()
        for path in article_paths(seed):
            client.get(path)
            assert comparable(client.get(path)) == comparable(other.get(path)), path
    finally:
        plain.extensions["store"].close()


def test_the_client_request_id_is_echoed_from_memory_too(client, seed, counting):
    path = seed["links"]["self"]
    client.get(path)
    response = client.get(path, headers={"X-Request-ID": "trace-42.a_b"})
    assert counting.calls == 1
    assert response.headers["X-Request-ID"] == "trace-42.a_b"
    insane = client.get(path, headers={"X-Request-ID": "no spaces allowed"})
    assert re.fullmatch(r"[0-9a-f]{32}", insane.headers["X-Request-ID"])


def test_head_is_answered_from_memory_without_a_body(client, seed, counting):
    path = seed["links"]["self"]
    get = client.get(path)
    head = client.head(path)
    assert counting.calls == 1
    assert head.status_code == 200
    assert head.get_data() == b""
    assert head.headers["Content-Length"] == str(len(get.get_data()))
    assert head.headers["ETag"] == get.headers["ETag"]


def test_a_reanalysis_by_another_process_is_seen_at_once(app, client, seed, counting,
                                                         migrated_url):
    path = f"{seed['links']['self']}/entities"
    before = client.get(path)
    client.get(path)
    assert counting.calls == 1
    other = Store.from_url(migrated_url)  # another process's store: its own connections
    try:
        document = other.get(seed["id"])
        document["entities"] = document["entities"][:1]
        other.replace(seed["id"], document)
    finally:
        other.close()
    after = client.get(path)
    assert counting.calls == 2
    assert after.get_json()["total"] == 1 != before.get_json()["total"]
    assert after.headers["ETag"] != before.headers["ETag"]
    assert client.get(path).get_json()["total"] == 1
    assert counting.calls == 2  # the new answer is the one kept


def test_a_deleted_article_is_gone_at_once(client, seed, counting, migrated_url):
    path = seed["links"]["self"]
    client.get(path)
    other = Store.from_url(migrated_url)
    try:
        assert other.delete(seed["id"])
    finally:
        other.close()
    assert_problem(client.get(path), 404)
    assert_problem(client.get(f"{path}/figures"), 404)


def test_conditional_and_credentialed_reads_go_to_the_application(client, seed, counting):
    path = seed["links"]["self"]
    etag = client.get(path).headers["ETag"]
    calls = counting.calls
    response = client.get(path, headers={"If-None-Match": etag})
    assert response.status_code == 304
    client.get(path, headers={"Authorization": "Bearer not-a-key"})
    assert counting.calls == calls + 2


def test_only_successful_answers_about_a_stored_article_are_kept(client, seed, counting):
    base = seed["links"]["self"]
    for path in (f"{base}/sections/999", f"{base}/figures?per_page=0",
                 f"{base}/entities?unknown=1", "/v1/articles/no-such-article"):
        first = client.get(path)
        assert first.status_code in {404, 422}, path
        calls = counting.calls
        assert client.get(path).status_code == first.status_code
        assert counting.calls == calls + 1, path
    assert len(counting.cache.answers) == 0


def test_cors_answers_are_kept_per_origin(migrated_url, seed):
    app = create_test_app(migrated_url, LOAD_MODEL=False, CORS_ORIGINS=["https://a.example"])
    try:
        client = app.test_client()
        counting = Counting(app)
        path = f"{seed['links']['self']}/dates"
        for origin, allowed in (("https://a.example", True), ("https://b.example", False)):
            for _ in range(2):
                response = client.get(path, headers={"Origin": origin})
                assert response.status_code == 200
                granted = response.headers.get("Access-Control-Allow-Origin")
                assert granted == (origin if allowed else None)
                assert "Origin" in response.headers["Vary"]
        assert counting.calls == 2
    finally:
        app.extensions["store"].close()


def test_reads_from_memory_count_against_the_rate_limit(migrated_url, seed):
    app = create_test_app(migrated_url, LOAD_MODEL=False, RATELIMIT_ENABLED=True,
                          RATE_LIMIT_READ="3 per minute")
    try:
        client = app.test_client()
        counting = Counting(app)
        path = f"{seed['links']['self']}/quotes"
        remaining = [client.get(path).headers["RateLimit-Remaining"] for _ in range(3)]
        assert remaining == ["2", "1", "0"]
        assert counting.calls == 1
        refused = client.get(path)
        body = assert_problem(refused, 429)
        assert "3 per 1 minute" in body["detail"]
        assert refused.headers["RateLimit-Remaining"] == "0"
        assert counting.calls == 2  # the application wrote the 429, counted once
        assert client.get("/v1/articles").status_code == 429
    finally:
        app.extensions["store"].close()


def test_reads_from_memory_are_in_the_metrics(client, seed, counting):
    path = f"{seed['links']['self']}/figures"
    for _ in range(4):
        client.get(path)
    assert counting.calls == 1
    metrics = client.get("/metrics").get_data(as_text=True)
    line = re.search(r'http_requests_total\{method="GET",'
                     r'route="/v1/articles/<article_id>/figures",status="200"\} (\S+)', metrics)
    assert line is not None and float(line[1]) == 4
    histogram = re.search(r'http_request_duration_seconds_count\{method="GET",'
                          r'route="/v1/articles/<article_id>/figures"\} (\S+)', metrics)
    assert histogram is not None and float(histogram[1]) == 4


def test_a_failing_database_is_reported_by_the_application(client, seed, app, counting,
                                                           monkeypatch):
    path = seed["links"]["self"]
    client.get(path)

    def broken(article_id):
        raise ConnectionError("database is down")

    monkeypatch.setattr(read_cache, "RECHECK_SECONDS", 0.0)  # every read checks
    monkeypatch.setattr(app.extensions["store"], "revision", broken)
    monkeypatch.setattr(app.extensions["store"], "get", broken)
    response = client.get(path)
    assert response.status_code >= 500
    assert counting.calls == 2


def test_on_sqlite_reads_check_the_database_only_after_a_change(app, client, seed, counting,
                                                                monkeypatch, migrated_url):
    store = app.extensions["store"]
    if store.changes() is None:
        pytest.skip("PostgreSQL reads the revision on every request")
    checks = []
    revision = store.revision
    monkeypatch.setattr(store, "revision", lambda id_: checks.append(id_) or revision(id_))
    path = f"{seed['links']['self']}/quotes"
    assert client.get(path).status_code == 200
    filled = len(checks)  # the cache's read and the application's own
    assert filled >= 1
    for _ in range(4):
        assert client.get(path).status_code == 200
    assert len(checks) == filled and counting.calls == 1
    other = Store.from_url(migrated_url)  # another process: its commit moves the counter
    try:
        before = other.changes()
        other.replace(seed["id"], {**other.get(seed["id"]), "quotes": []})
        assert other.changes() == before + 1 == store.changes()
    finally:
        other.close()
    assert client.get(path).get_json()["total"] == 0
    assert len(checks) == 2 * filled and counting.calls == 2


def test_a_write_that_was_not_counted_is_seen_within_the_recheck_time(
        app, client, seed, counting, monkeypatch, migrated_url):
    path = f"{seed['links']['self']}/dates"
    total = client.get(path).get_json()["total"]
    other = Store.from_url(migrated_url)
    monkeypatch.setattr(other, "_changed", lambda: None)  # died between commit and count
    try:
        other.replace(seed["id"], {**other.get(seed["id"]), "dates": []})
    finally:
        other.close()
    stale = client.get(path).get_json()["total"]
    if app.extensions["store"].changes() is None:
        assert stale == 0  # PostgreSQL: every read checks
    else:
        assert stale == total
        monkeypatch.setattr(read_cache, "RECHECK_SECONDS", 0.0)  # the time has passed
        assert client.get(path).get_json()["total"] == 0


def test_the_map_keeps_within_its_byte_budget_dropping_the_least_recent():
    answers = Answers(max_bytes=8 * 1024)

    def answer(size: int) -> Answer:
        return Answer((1, 1), None, 0.0, "200 OK", (), b"x" * size, "/r")

    for number in range(20):
        answers.put(("k", number), answer(400))
        assert answers.bytes <= answers.max_bytes
    assert answers.get(("k", 0)) is None
    assert answers.get(("k", 19)) is not None
    answers.put(("big",), answer(answers.max_entry))  # over one eighth: not kept
    assert answers.get(("big",)) is None
    answers.put(("k", 19), answer(10))  # replaced, not added
    assert answers.bytes == sum(a.size for a in answers._items.values())
