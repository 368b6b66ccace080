"""Writes need an API key unless the service runs in its local development mode."""

from __future__ import annotations

import logging

import pytest

from service.config import hash_key, parse_key_hashes
from service.web.security import warn_about_write_access
from tests.conftest import assert_problem, create_test_app

KEY = "test-key-0123456789abcdefghijklmnopqrstuvwxyz"
OTHER_KEY = "another-key-9876543210zyxwvutsrqponmlkjihgfedcba"
BEARER = {"Authorization": f"Bearer {KEY}"}


def make_app(migrated_url: str, **overrides):
    return create_test_app(migrated_url, **{
        "API_KEY_HASHES": [hash_key(KEY), hash_key(OTHER_KEY)], **overrides})


@pytest.fixture
def secure_app(migrated_url):
    app = make_app(migrated_url)
    yield app
    app.extensions["store"].close()


@pytest.fixture
def secure(secure_app):
    return secure_app.test_client()




def stored_total(client) -> int:
    return client.get("/v1/articles").get_json()["total"]


def test_ingest_without_a_key_is_401_with_a_bearer_challenge(secure, seed_text):
    response = secure.post("/v1/articles", data=seed_text.encode(), content_type="text/plain")
    body = assert_problem(response, 401)
    assert "API key" in body["detail"]
    assert body["instance"] == "/v1/articles"
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="article-api"'
    assert stored_total(secure) == 0


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Token abc",
                                    "Bearer two words", f"{KEY}"])
def test_malformed_credentials_are_401_invalid_request(secure, header):
    response = secure.post("/v1/articles", json={"text": "Some text."},
                           headers={"Authorization": header})
    body = assert_problem(response, 401)
    assert "Bearer" in body["detail"]
    assert response.headers["WWW-Authenticate"] == \
        'Bearer realm="article-api", error="invalid_request"'


def test_an_unknown_key_is_403_and_stores_nothing(secure, seed_text):
    response = secure.post("/v1/articles", data=seed_text.encode(), content_type="text/plain",
                           headers={"Authorization": "Bearer not-a-configured-key"})
    body = assert_problem(response, 403)
    assert body["detail"] == "The API key is not valid for this service."
    assert "WWW-Authenticate" not in response.headers
    assert stored_total(secure) == 0


def test_a_configured_key_can_ingest_and_delete(secure, seed_text):
    created = secure.post("/v1/articles", data=seed_text.encode(), content_type="text/plain",
                          headers=BEARER)
    assert created.status_code == 201
    article = created.get_json()
    assert article["headline"].startswith("Top Russian, Belarusian diplomats")
    assert stored_total(secure) == 1

    refused = secure.delete(f"/v1/articles/{article['id']}")
    assert_problem(refused, 401)
    assert secure.get(f"/v1/articles/{article['id']}").status_code == 200

    deleted = secure.delete(f"/v1/articles/{article['id']}",
                            headers={"Authorization": f"Bearer {OTHER_KEY}"})
    assert deleted.status_code == 204
    assert deleted.data == b""
    assert stored_total(secure) == 0


def test_the_scheme_name_is_case_insensitive(secure):
    response = secure.post("/v1/articles", json={"text": "Plain words.", "format": "plain"},
                           headers={"Authorization": f"bearer {KEY}"})
    # Past authentication: the body itself is refused (plain is for /v1/analyze only).
    assert assert_problem(response, 422)["errors"] == {
        "format": ["format 'plain' is for /v1/analyze only"]}


def test_delete_of_an_unknown_article_without_a_key_is_401_not_404(secure):
    assert_problem(secure.delete("/v1/articles/no-such-article"), 401)


def test_reads_are_public_and_ignore_a_wrong_key(secure, seed_text):
    secure.post("/v1/articles", data=seed_text.encode(), content_type="text/plain",
                headers=BEARER)
    anonymous = secure.get("/v1/articles")
    wrong_key = secure.get("/v1/articles", headers={"Authorization": "Bearer wrong"})
    assert anonymous.status_code == wrong_key.status_code == 200
    assert anonymous.get_json()["total"] == wrong_key.get_json()["total"] == 1


def test_analyze_stores_nothing_so_needs_no_key(secure):
    response = secure.post("/v1/analyze", json={"text": "Sales rose 22% in May.",
                                                "format": "plain"})
    assert response.status_code == 200
    assert response.get_json()["text"] == "Sales rose 22% in May."
    assert stored_total(secure) == 0


def test_readyz_reports_that_dev_mode_is_off(secure):
    assert secure.get("/readyz").get_json()["dev_mode"] is False


def test_dev_mode_accepts_writes_without_a_key_and_says_so(client, seed_text):
    response = client.post("/v1/articles", data=seed_text.encode(), content_type="text/plain")
    assert response.status_code == 201
    assert response.get_json()["id"].startswith("2023-05-17-")
    assert client.get("/readyz").get_json()["dev_mode"] is True


def test_dev_mode_announces_itself_at_start_up(migrated_url, caplog):
    with caplog.at_level(logging.WARNING, logger="service.web.security"):
        app = make_app(migrated_url, DEV_MODE=True)
        warn_about_write_access(app)
    app.extensions["store"].close()
    assert any("DEV_MODE is on" in r.getMessage() for r in caplog.records)


def test_without_keys_every_write_is_refused_and_start_up_warns(migrated_url, caplog):
    with caplog.at_level(logging.WARNING, logger="service.web.security"):
        app = make_app(migrated_url, API_KEY_HASHES=[])
        warn_about_write_access(app)
    assert any("no API_KEY_HASHES" in r.getMessage() for r in caplog.records)
    response = app.test_client().post("/v1/articles", json={"text": "x"}, headers=BEARER)
    assert_problem(response, 403)
    app.extensions["store"].close()


@pytest.mark.parametrize("bad", ["md5:abc", "sha256:xyz", "sha256:" + "a" * 63, KEY])
def test_a_malformed_key_hash_stops_start_up(migrated_url, bad):
    with pytest.raises(ValueError, match="API_KEY_HASHES entry 2"):
        make_app(migrated_url, API_KEY_HASHES=[hash_key(KEY), bad])


def test_key_hashes_come_from_a_comma_separated_environment_value():
    line = f"{hash_key(KEY)}, {hash_key(OTHER_KEY).upper().replace('SHA256', 'sha256')}"
    assert len(parse_key_hashes(line)) == 2


def test_create_key_prints_a_key_once_and_the_hash_that_makes_it_work(runner, migrated_url):
    result = runner.invoke(args=["create-key"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    key = lines[0].rsplit(" ", 1)[1]
    hash_line = lines[-1]
    assert len(key) >= 43
    assert hash_line == hash_key(key)
    assert result.output.count(key) == 1

    app = make_app(migrated_url, API_KEY_HASHES=[hash_line])
    response = app.test_client().delete("/v1/articles/nothing",
                                        headers={"Authorization": f"Bearer {key}"})
    assert assert_problem(response, 404)["detail"] == "No article with id 'nothing'."
    app.extensions["store"].close()


def test_two_runs_of_create_key_make_different_keys(runner):
    first = runner.invoke(args=["create-key"]).output
    second = runner.invoke(args=["create-key"]).output
    assert first.splitlines()[-1] != second.splitlines()[-1]


def test_openapi_documents_the_bearer_scheme_on_writes_only(client):
    spec = client.get("/openapi.json").get_json()
    scheme = spec["components"]["securitySchemes"]["bearerAuth"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    paths = spec["paths"]
    assert paths["/v1/articles"]["post"]["security"] == [{"bearerAuth": []}]
    assert paths["/v1/articles/{article_id}"]["delete"]["security"] == [{"bearerAuth": []}]
    assert "security" not in paths["/v1/analyze"]["post"]
    assert "security" not in paths["/v1/articles"]["get"]
    assert "security" not in spec
    for status in ("401", "403"):
        assert "application/problem+json" in paths["/v1/articles"]["post"]["responses"][
            status]["content"]
