"""Input that used to reach the analysis or the database unchecked: answered with a 4xx
problem on both stores, never a 500."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import assert_problem

ARTICLE = ("Council votes on bridge repairs\n\n"
           "The council voted on Tuesday to spend 3 million euros on bridge repairs.\n")


@pytest.mark.parametrize("published", ["9999-12-31", "0001-01-01", "1799-12-31", "2201-01-01"])
def test_a_publication_date_outside_the_sane_range_is_422(client, published):
    for path in ("/v1/analyze", "/v1/articles"):
        response = client.post(path, json={"text": ARTICLE, "published": published})
        body = assert_problem(response, 422)
        assert body["errors"] == {"published": ["Must be a date from 1800-01-01 to 2200-12-31."]}
    plain = client.post(f"/v1/analyze?published={published}", data=ARTICLE,
                        content_type="text/plain")
    assert assert_problem(plain, 422)["errors"] == {
        "published": ["Must be a date from 1800-01-01 to 2200-12-31."]}


def test_the_ends_of_the_sane_range_are_accepted(client):
    for published in ("1800-01-01", "2200-12-31"):
        response = client.post("/v1/analyze", json={"text": ARTICLE, "published": published})
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["published"]["date"] == published


@pytest.mark.parametrize("charset", ["unicode_escape", "undefined", "rot13", "utf-7",
                                     "base64", "no-such-codec", "punycode"])
def test_a_charset_outside_the_allow_list_is_415(client, charset):
    response = client.post("/v1/analyze", data=ARTICLE.encode(),
                           content_type=f"text/plain; charset={charset}")
    assert "charset" in assert_problem(response, 415)["detail"]


@pytest.mark.parametrize("charset,encoded", [
    ("utf-8", ARTICLE.encode("utf-8")), ("US-ASCII", ARTICLE.encode("ascii")),
    ("iso-8859-1", ARTICLE.encode("latin-1")), ("latin-1", ARTICLE.encode("latin-1")),
    ("windows-1252", ARTICLE.replace("euros", "\u20ac").encode("cp1252")),
    ("utf-16", ARTICLE.encode("utf-16")), ("utf-16le", ARTICLE.encode("utf-16-le")),
])
def test_the_allowed_charsets_are_read(client, charset, encoded):
    response = client.post("/v1/analyze", data=encoded,
                           content_type=f"text/plain; charset={charset}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["text"].startswith("Council votes on bridge repairs")


CONTROL_READS = [
    "/v1/articles?q=bridge%00", "/v1/articles?entity=Coun%00cil", "/v1/figures?unit=eur%00",
    "/v1/articles/some%00id", "/v1/articles/some-id/figures%00", "/v1/entities?q=a%01b",
    "/v1/articles?q=line%0Abreak", "/v1/figures?entity=%7F", "/v1/articles?q%00=x",
    "/v1/entities/na%00me/articles",
]


@pytest.mark.parametrize("path", CONTROL_READS)
def test_a_control_character_in_a_parameter_or_path_is_422_without_a_traceback(
        client, path, caplog):
    with caplog.at_level(logging.ERROR):
        response = client.get(path)
    body = assert_problem(response, 422)
    assert "control characters" in str(body["errors"])
    assert not [r for r in caplog.records if r.exc_info]


def test_a_control_character_in_the_id_of_a_delete_is_422(client, seed):
    response = client.delete(f"{seed['links']['self']}%00")
    assert_problem(response, 422)
    assert client.get(seed["links"]["self"]).status_code == 200
