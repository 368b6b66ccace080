"""Hostile and malformed input gets the documented 4xx problem, never a 500 or a leak."""

from __future__ import annotations

import json

import pytest

from service.app import create_app
from tests.conftest import FIXTURES, assert_problem

TEN_MIB = 10 * 1024 * 1024




# -- bodies ------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, message", [
    (b'{"text": "abc"', "unexpected end of data"),
    (b"", "empty document"),
    (b"{'text': 'single quotes'}", "The body is not valid JSON"),
    (b"[" * 5000 + b"]" * 5000, "depth limit exceeded"),
])
def test_malformed_json_is_400(client, body, message):
    problem = assert_problem(client.post("/v1/articles", data=body,
                                         content_type="application/json"), 400)
    assert problem["detail"].startswith("The body is not valid JSON")
    assert message in problem["detail"]


@pytest.mark.parametrize("content_type", [None, "text/csv", "application/xml",
                                          "multipart/form-data; boundary=x",
                                          "application/x-www-form-urlencoded",
                                          "application/octet-stream"])
@pytest.mark.parametrize("path", ["/v1/articles", "/v1/analyze"])
def test_unsupported_content_types_are_415(client, path, content_type):
    response = client.post(path, data=b"text=abc", content_type=content_type)
    problem = assert_problem(response, 415)
    assert problem["detail"] == "Send the article as text/plain, text/html or application/json."


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", "text/html"])
def test_ten_mib_bodies_are_413(client, content_type):
    response = client.post("/v1/articles", data=b"a" * TEN_MIB, content_type=content_type)
    problem = assert_problem(response, 413)
    assert problem["detail"] == "The request body is larger than the service accepts."
    assert client.get("/v1/articles").get_json()["total"] == 0


def test_invalid_utf8_text_is_400(client):
    response = client.post("/v1/analyze", data=b"Prices \xff\xfe rose.",
                           content_type="text/plain; charset=utf-8")
    assert assert_problem(response, 400)["detail"] == "The body is not valid utf-8 text."


def test_an_unknown_charset_is_415(client):
    response = client.post("/v1/analyze", data=b"abc", content_type="text/plain; charset=x-nope")
    assert "charset" in assert_problem(response, 415)["detail"]


def test_invalid_utf8_json_is_400(client):
    response = client.post("/v1/analyze", data=b'{"text": "abc \xff"}',
                           content_type="application/json")
    assert "not valid UTF-8" in assert_problem(response, 400)["detail"]


@pytest.mark.parametrize("send", [
    lambda c: c.post("/v1/analyze", data=b"Prices\x00 rose.", content_type="text/plain"),
    lambda c: c.post("/v1/analyze", json={"text": "Prices\u0000 rose."}),
    lambda c: c.post("/v1/articles", json={"text": "Prices\u0000 rose."}),
])
def test_nul_bytes_are_422(client, send):
    problem = assert_problem(send(client), 422)
    assert problem["errors"] == {"text": ["text contains NUL characters"]}


@pytest.mark.parametrize("body, field", [
    ({"text": 5}, "text"), ({"text": ["a"]}, "text"), ({"text": "x", "published": 20230517},
                                                        "published"),
    ({"text": "x", "source_url": {"a": 1}}, "source_url"), ({"text": "x", "extra": 1}, "extra"),
])
def test_wrongly_typed_fields_are_422_naming_the_field(client, body, field):
    problem = assert_problem(client.post("/v1/analyze", json=body), 422)
    assert field in problem["errors"]


def test_a_text_with_100k_paragraphs_is_422(client):
    text = "Word.\n\n" * 100_000
    problem = assert_problem(client.post("/v1/analyze", data=text, content_type="text/plain"),
                             422)
    assert problem["errors"] == {"text": ["text is longer than 200000 characters"]}


def test_too_many_paragraphs_within_the_size_limit_is_422(migrated_url):
    app = create_app({"DATABASE_URL": migrated_url, "DEV_MODE": True, "TESTING": True,
                      "RATELIMIT_ENABLED": False, "FIXTURES_DIR": str(FIXTURES),
                      "MAX_PARAGRAPHS": 50})
    text = "".join(f"Paragraph {i} says something.\n\n" for i in range(60))
    problem = assert_problem(app.test_client().post("/v1/analyze", data=text,
                                                    content_type="text/plain"), 422)
    assert problem["errors"] == {"text": ["text has more than 50 paragraphs"]}
    app.extensions["store"].close()


# -- query strings -------------------------------------------------------------------------------

@pytest.mark.parametrize("query, field, message", [
    ("page=-1", "page", "Must be greater than or equal to 1"),
    ("page=0", "page", "Must be greater than or equal to 1"),
    ("page=" + "9" * 40, "page", "less than or equal to 1000000"),
    ("page=abc", "page", "Not a valid integer."),
    ("per_page=0", "per_page", "Must be greater than or equal to 1"),
    ("per_page=101", "per_page", "less than or equal to 100"),
    ("per_page=-5", "per_page", "Must be greater than or equal to 1"),
    ("per_page=1.5", "per_page", "Not a valid integer."),
    ("per_page=1e400", "per_page", "Not a valid integer."),
])
@pytest.mark.parametrize("path", ["/v1/articles", "/v1/entities", "/v1/figures"])
def test_bad_pagination_is_422_naming_the_parameter(client, path, query, field, message):
    problem = assert_problem(client.get(f"{path}?{query}"), 422)
    assert list(problem["errors"]) == [field]
    assert message in problem["errors"][field][0]


def test_bad_pagination_on_an_article_list_is_422(client, seed):
    problem = assert_problem(client.get(f"/v1/articles/{seed['id']}/entities?per_page=1000"),
                             422)
    assert "per_page" in problem["errors"]


@pytest.mark.parametrize("path", ["/v1/articles?foo=bar", "/v1/entities?limit=5",
                                  "/v1/figures?kind=money&sort=desc"])
def test_unknown_query_parameters_are_422(client, path):
    problem = assert_problem(client.get(path), 422)
    [field] = problem["errors"]
    assert problem["errors"][field] == ["Unknown field."]


def test_unknown_query_parameters_on_an_article_are_422(client, seed):
    problem = assert_problem(client.get(f"/v1/articles/{seed['id']}?fields=text"), 422)
    assert problem["errors"] == {"fields": ["Unknown field."]}


@pytest.mark.parametrize("query", ["min_value=nan", "min_value=1e999", "max_value=-inf"])
def test_non_finite_numbers_are_422(client, query):
    problem = assert_problem(client.get(f"/v1/figures?{query}"), 422)
    assert "Special numeric values" in json.dumps(problem["errors"])


# -- paths and ids -------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/v1/articles/..%2F..%2Fetc%2Fpasswd",
                                  "/v1/articles/%2e%2e/%2e%2e/etc/passwd",
                                  "/v1/articles/..%252F..%252Fetc%252Fpasswd",
                                  "/static/../../../etc/passwd",
                                  "/static/swagger-ui/..%2F..%2F..%2Fconfig.py"])
def test_path_traversal_finds_nothing(client, path):
    response = client.get(path)
    problem = assert_problem(response, 404)
    assert "root:" not in response.get_data(as_text=True)
    assert "No " in problem["detail"]


@pytest.mark.parametrize("bad_id", ["1' OR '1'='1", "1; DROP TABLE articles; --",
                                    '" OR ""="', "%' OR 1=1 --"])
def test_sql_looking_ids_are_plain_404s(client, seed, bad_id):
    problem = assert_problem(client.get("/v1/articles/" + bad_id.replace("%", "%25")), 404)
    assert problem["detail"] == f"No article with id {bad_id!r}."
    nested = client.get(f"/v1/articles/{seed['id']}/entities/" + bad_id.replace("%", "%25"))
    assert "has no entity" in assert_problem(nested, 404)["detail"]
    assert_problem(client.get("/v1/entities/" + bad_id.replace("%", "%25")), 404)
    assert client.get("/v1/articles").get_json()["total"] == 1


@pytest.mark.parametrize("query", ["q=' OR '1'='1", "q=\" OR 1=1 --", "q=a AND NOT b NEAR(c)*",
                                   "q=\"unterminated", "entity=' OR 1=1 --",
                                   "entity=%25", "q=%25%25%25"])
def test_sql_and_search_syntax_in_filters_match_nothing(client, seed, query):
    response = client.get(f"/v1/articles?{query}")
    assert response.status_code == 200
    assert response.get_json() == {"items": [], "page": 1, "per_page": 20, "total": 0,
                                   "total_exact": True}


@pytest.mark.parametrize("query", ["q=%' OR 1=1 --", "q=_", "type=PERSON' OR '1'='1"])
def test_sql_in_archive_filters_is_rejected_or_matches_nothing(client, seed, query):
    response = client.get(f"/v1/entities?{query}")
    if response.status_code == 422:
        assert "type" in assert_problem(response, 422)["errors"]
    else:
        assert response.status_code == 200
        assert response.get_json()["total"] == 0


def test_a_huge_section_index_is_404(client, seed):
    problem = assert_problem(client.get(f"/v1/articles/{seed['id']}/sections/" + "9" * 40), 404)
    assert "has no section" in problem["detail"]
