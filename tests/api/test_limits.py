"""Rate limits per key or address with RateLimit-* headers, and the analysis budget."""

from __future__ import annotations

import socket
import threading
import uuid

import pytest

from service.config import hash_key
from tests.conftest import assert_problem, create_test_app

KEY_A, KEY_B = "limits-key-a-0123456789abcdefghijklmnop", "limits-key-b-0123456789abcdefghijklmnop"


def make_app(migrated_url: str, **overrides):
    return create_test_app(migrated_url, **{
        "RATELIMIT_ENABLED": True, "RATE_LIMIT_READ": "3 per minute",
        "RATE_LIMIT_WRITE": "2 per minute",
        "API_KEY_HASHES": [hash_key(KEY_A), hash_key(KEY_B)], **overrides})


@pytest.fixture
def limited_app(migrated_url):
    app = make_app(migrated_url)
    yield app
    app.extensions["store"].close()


@pytest.fixture
def limited(limited_app):
    return limited_app.test_client()


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}




def test_each_answer_says_the_limit_what_remains_and_when_it_resets(limited):
    for remaining in (2, 1, 0):
        response = limited.get("/v1/articles")
        assert response.get_json()["total"] == 0
        assert response.headers["RateLimit-Limit"] == "3"
        assert response.headers["RateLimit-Remaining"] == str(remaining)
        assert 0 <= int(response.headers["RateLimit-Reset"]) <= 60
        assert "Retry-After" not in response.headers


def test_the_request_over_the_limit_is_a_429_problem_with_retry_after(limited):
    for _ in range(3):
        assert limited.get("/v1/entities").status_code == 200
    response = limited.get("/v1/entities")
    body = assert_problem(response, 429)
    assert body["title"] == "Too Many Requests"
    assert "3 per 1 minute" in body["detail"]
    assert body["instance"] == "/v1/entities"
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert response.headers["RateLimit-Remaining"] == "0"


def test_the_read_budget_is_shared_by_every_read_endpoint(limited):
    for path in ("/v1/articles", "/v1/entities", "/v1/figures"):
        assert limited.get(path).status_code == 200
    assert_problem(limited.get("/v1/articles/whatever"), 429)


def test_reads_and_writes_have_separate_budgets(limited):
    for _ in range(3):
        limited.get("/v1/articles")
    assert_problem(limited.get("/v1/articles"), 429)
    response = limited.post("/v1/analyze", json={"text": "Prices rose 5%.", "format": "plain"})
    assert response.status_code == 200
    assert response.get_json()["text"] == "Prices rose 5%."
    assert response.headers["RateLimit-Limit"] == "2"
    assert response.headers["RateLimit-Remaining"] == "1"


def test_each_key_has_its_own_budget_apart_from_the_address(limited):
    for _ in range(2):
        assert_problem(limited.delete("/v1/articles/nope", headers=bearer(KEY_A)), 404)
    assert_problem(limited.delete("/v1/articles/nope", headers=bearer(KEY_A)), 429)
    # Another key, and the anonymous address budget, are untouched.
    response = limited.delete("/v1/articles/nope", headers=bearer(KEY_B))
    assert assert_problem(response, 404)["detail"] == "No article with id 'nope'."
    assert response.headers["RateLimit-Remaining"] == "1"
    analyzed = limited.post("/v1/analyze", json={"text": "One.", "format": "plain"})
    assert analyzed.status_code == 200
    assert analyzed.headers["RateLimit-Remaining"] == "1"


def test_invented_keys_do_not_buy_fresh_budgets(limited):
    for _ in range(3):
        response = limited.get("/v1/articles", headers=bearer(uuid.uuid4().hex))
        assert response.status_code == 200
    assert_problem(limited.get("/v1/articles", headers=bearer(uuid.uuid4().hex)), 429)


def test_refused_writes_count_against_the_address(limited):
    for _ in range(2):
        assert_problem(limited.post("/v1/articles", json={"text": "x"}), 401)
    assert_problem(limited.post("/v1/articles", json={"text": "x"}), 429)


def test_operations_endpoints_are_not_limited(limited):
    for _ in range(5):
        response = limited.get("/healthz")
        assert response.get_json() == {"status": "ok"}
        assert "RateLimit-Limit" not in response.headers
    assert b"http_requests_total" in limited.get("/metrics").data


def test_limits_follow_the_configuration(migrated_url):
    app = make_app(migrated_url, RATE_LIMIT_READ="1 per second")
    client = app.test_client()
    assert client.get("/v1/articles").headers["RateLimit-Limit"] == "1"
    response = client.get("/v1/articles")
    assert_problem(response, 429)
    assert response.headers["Retry-After"] == "1"
    app.extensions["store"].close()


def _redis_up(port: int = 6379) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_the_workers_share_one_budget(migrated_url):
    prefix = f"article-api-test-{uuid.uuid4().hex}"
    settings = {"REDIS_URL": "redis://127.0.0.1:6379", "RATELIMIT_KEY_PREFIX": prefix}
    first, second = make_app(migrated_url, **settings), make_app(migrated_url, **settings)
    try:
        assert first.extensions["rate_limiter"].storage.check()
        for app in (first, second, first):
            assert app.test_client().get("/v1/articles").status_code == 200
        response = second.test_client().get("/v1/articles")
        assert_problem(response, 429)
        assert response.headers["RateLimit-Remaining"] == "0"
    finally:  # the keys, under a prefix of their own, expire with the window
        for app in (first, second):
            app.extensions["store"].close()


def test_an_unreachable_redis_does_not_take_the_api_down(migrated_url, caplog):
    app = make_app(migrated_url, REDIS_URL="redis://127.0.0.1:1",
                   RATELIMIT_STORAGE_OPTIONS={"socket_connect_timeout": 0.2})
    response = app.test_client().get("/v1/articles")
    assert response.status_code == 200
    assert response.get_json()["total"] == 0
    assert "RateLimit-Limit" not in response.headers
    assert any("rate limit" in r.getMessage().lower() for r in caplog.records)
    app.extensions["store"].close()


def test_openapi_documents_429_with_retry_after_on_the_api(client):
    paths = client.get("/openapi.json").get_json()["paths"]
    for path in ("/v1/articles", "/v1/articles/{article_id}/entities", "/v1/figures"):
        answer = paths[path]["get"]["responses"]["429"]
        assert "application/problem+json" in answer["content"]
        assert "Retry-After" in answer["headers"]
    assert "503" in paths["/v1/analyze"]["post"]["responses"]
    assert "429" not in paths["/healthz"]["get"]["responses"]


# -- the analysis budget -------------------------------------------------------------------

@pytest.fixture
def budget_app(migrated_url):
    app = make_app(migrated_url, RATELIMIT_ENABLED=False, DEV_MODE=True,
                   ANALYSIS_TIMEOUT=1, ANALYSIS_CHARS_PER_SECOND=1000)
    yield app
    app.extensions["analyzer"].close()
    app.extensions["store"].close()


def test_a_text_too_long_for_the_time_budget_is_422(budget_app):
    text = "Officials met on Monday. " * 50  # 1,250 characters: 1.25 s at 1,000/s
    response = budget_app.test_client().post("/v1/analyze", data=text,
                                             content_type="text/plain")
    body = assert_problem(response, 422)
    assert body["errors"] == {"text": [
        "text is too long to analyze within 1 s (at most about 1000 characters)"]}


def test_html_is_sized_by_its_text_not_its_markup(migrated_url):
    app = make_app(migrated_url, RATELIMIT_ENABLED=False, DEV_MODE=True,
                   ANALYSIS_TIMEOUT=10, ANALYSIS_CHARS_PER_SECOND=100)
    page = ("<html><head><style>" + "p{color:red}" * 200 + "</style></head><body><article>"
            "<h1>Ministers meet</h1><p>Ministers met in Paris on Monday to talk.</p>"
            "</article></body></html>")
    assert len(page) > 10 * 100
    response = app.test_client().post("/v1/analyze", data=page, content_type="text/html")
    app.extensions["store"].close()
    assert response.status_code == 200, response.get_json()
    assert "Ministers met in Paris" in response.get_json()["text"]


def test_a_busy_process_answers_503_with_retry_after(budget_app):
    runner = budget_app.extensions["analyzer"]
    with runner.admitted():  # another request holds the process's only slot
        response = budget_app.test_client().post("/v1/analyze",
                                                 json={"text": "A short text.", "format": "plain"})
    body = assert_problem(response, 503)
    assert "busy" in body["detail"]
    assert response.headers["Retry-After"] == "1"
    again = budget_app.test_client().post("/v1/analyze",
                                          json={"text": "A short text.", "format": "plain"})
    assert again.status_code == 200
    assert again.get_json()["text"] == "A short text."


def test_a_request_waits_for_a_free_analysis_process_a_short_time(budget_app):
    runner = budget_app.extensions["analyzer"]
    held = threading.Event()
    done = threading.Event()

    def hold():
        with runner.admitted():
            held.set()
            done.wait(0.3)

    threading.Thread(target=hold).start()
    assert held.wait(5)
    response = budget_app.test_client().post("/v1/analyze",
                                             json={"text": "Wait a moment.", "format": "plain"})
    assert response.status_code == 200
    assert response.get_json()["text"] == "Wait a moment."


def test_the_slot_is_given_back_when_the_text_is_refused(budget_app):
    client = budget_app.test_client()
    refused = client.post("/v1/analyze", json={"text": "x\u0000", "format": "plain"})
    assert assert_problem(refused, 422)["errors"] == {"text": ["text contains NUL characters"]}
    empty_html = client.post("/v1/analyze", data="<html><body></body></html>",
                             content_type="text/html")
    assert_problem(empty_html, 422)
    runner = budget_app.extensions["analyzer"]
    with runner.admitted():
        pass  # the only slot is free again


def test_analysis_time_is_recorded_in_the_metrics(budget_app):
    client = budget_app.test_client()
    client.post("/v1/analyze", json={"text": "Rates rose 2%.", "format": "plain"})
    metrics = client.get("/metrics").get_data(as_text=True)
    assert "article_analysis_duration_seconds_count 1.0" in metrics
