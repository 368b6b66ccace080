"""Every error is RFC 9457 problem+json with the right status."""

from __future__ import annotations

import pytest

from tests.conftest import assert_problem


def test_malformed_json_is_400(client):
    response = client.post("/v1/articles", data=b'{"text": "abc"', content_type="application/json")
    assert "JSON" in assert_problem(response, 400)["detail"]


def test_unknown_article_is_404(client):
    assert "nope" in assert_problem(client.get("/v1/articles/nope"), 404)["detail"]


@pytest.mark.parametrize("path", ["/v1/nothing-here", "/v2/articles", "/v1/articles/x/nope"])
def test_unknown_route_is_404(client, path):
    assert_problem(client.get(path), 404)


def test_wrong_method_is_405_with_allow(client):
    response = client.put("/v1/articles")
    assert_problem(response, 405)
    assert "POST" in response.headers["Allow"]


def test_unsupported_media_type_is_415(client):
    response = client.post("/v1/articles", data=b"a,b", content_type="text/csv")
    assert_problem(response, 415)


def test_body_over_the_limit_is_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/v1/articles", data=b"x" * 2000, content_type="text/plain")
    assert_problem(response, 413)


@pytest.mark.parametrize("body", [{"text": ""}, {"text": "   \n\t "}])
def test_empty_or_whitespace_text_is_422_with_field_error(client, body):
    problem = assert_problem(client.post("/v1/articles", json=body), 422)
    assert "text" in problem["errors"]


def test_whitespace_plain_text_is_422(client):
    problem = assert_problem(client.post("/v1/analyze", data=" \n ", content_type="text/plain"),
                             422)
    assert problem["errors"] == {"text": ["text is empty"]}


def test_missing_text_and_unknown_field_are_422(client):
    problem = assert_problem(client.post("/v1/articles", json={"body": "x"}), 422)
    assert set(problem["errors"]) == {"text", "body"}


def test_invalid_format_and_date_are_422(client):
    problem = assert_problem(client.post("/v1/analyze", json={
        "text": "x", "format": "pdf", "published": "yesterday"}), 422)
    assert set(problem["errors"]) == {"format", "published"}


def test_plain_format_cannot_be_stored(client):
    problem = assert_problem(client.post("/v1/articles", json={"text": "x y", "format": "plain"}),
                             422)
    assert "format" in problem["errors"]


def test_json_that_is_not_an_object_is_422(client):
    assert_problem(client.post("/v1/articles", json=["text"]), 422)


def test_invalid_utf8_is_400(client):
    response = client.post("/v1/articles", data=b"caf\xe9 au lait",
                           content_type="text/plain; charset=utf-8")
    assert_problem(response, 400)


@pytest.mark.parametrize("query", ["per_page=0", "per_page=101", "page=0", "page=-1",
                                   "page=abc", "bogus=1", "published_from=notadate"])
def test_bad_list_parameters_are_422(client, query):
    problem = assert_problem(client.get(f"/v1/articles?{query}"), 422)
    assert problem["errors"]
