"""Articles given by URL: fetched, stored once per URL, refused with a reason."""

from __future__ import annotations

import pytest

from tests.conftest import assert_problem
from tests.fetch import site as s


def post_url(client, url: str, path: str = "/v1/articles", **extra):
    return client.post(path, json={"url": url, **extra})


def test_an_article_given_by_url_is_fetched_and_stored_with_its_final_url(client, site):
    site.routes["/old/story"] = s.redirect("/news/story.html", 301)
    site.routes["/news/story.html"] = s.html(s.page(
        "Ferry line to Westholm resumes", "The ferry line to Westholm resumed on Tuesday "
        "after repairs to the pier, the operator, Nordvik Lines, said.\nIts first crossing "
        "carried 212 passengers.", canonical="https://gazette.example/news/ferry"))
    response = post_url(client, site.url("/old/story?utm_source=x"))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["source_url"] == site.url("/news/story.html")
    assert body["canonical_url"] == "https://gazette.example/news/ferry"
    assert body["headline"] == "Ferry line to Westholm resumes"
    assert client.get(response.headers["Location"]).get_json()["canonical_url"] == \
        "https://gazette.example/news/ferry"


@pytest.mark.parametrize("again", [
    "/news/a.html", "/news/a.html#comments", "/news/a.html?utm_medium=email&utm_campaign=z",
    "/news/a.html?fbclid=abc#top"])
def test_the_same_url_twice_returns_the_stored_article_without_a_fetch(client, site, again):
    site.routes["/news/a.html"] = s.html(s.story(11))
    first = post_url(client, site.url("/news/a.html"))
    assert first.status_code == 201
    hits = site.hits["/news/a.html"]
    second = post_url(client, site.url(again).replace("http://", "HTTP://"))
    assert second.status_code == 200
    assert second.get_json()["id"] == first.get_json()["id"]
    assert site.hits["/news/a.html"] == hits


def test_a_url_whose_content_was_posted_as_html_is_recognised(client, site):
    text = s.story(12)
    direct = client.post("/v1/articles", json={"text": text, "format": "html"})
    assert direct.status_code == 201
    site.routes["/s12"] = s.html(text)
    by_url = post_url(client, site.url("/s12"))
    assert by_url.status_code == 200
    assert by_url.get_json()["id"] == direct.get_json()["id"]


def test_analyze_accepts_a_url_and_stores_nothing(client, site):
    site.routes["/a"] = s.html(s.story(13))
    response = post_url(client, site.url("/a"), path="/v1/analyze")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["source_url"] == site.url("/a")
    assert client.get("/v1/articles").get_json()["total"] == 0


def test_text_bodies_are_read_as_before(client):
    response = client.post("/v1/articles", json={"text": "LONDON, May 3 - The council of "
                           "Eastbridge approved a new library on Friday, its leader said."})
    assert response.status_code == 201


@pytest.mark.parametrize(("url", "reason"), [
    ("http://10.0.0.1/story", "private address"),
    ("http://169.254.169.254/latest/meta-data/", "link-local address"),
    ("http://[::1]:8080/", "loopback address"),
    ("http://user:pw@example.org/", "user-info"),
    ("http://2130706433/", "loopback address")])
def test_private_targets_are_refused_with_their_reason(client, url, reason):
    body = assert_problem(post_url(client, url), 422)
    assert body["reason"] == reason


def test_the_site_is_refused_without_the_allow_list(app, client, site):
    app.extensions["fetcher"].allow_hosts = frozenset()
    site.routes["/story.html"] = s.html(s.story(14))
    body = assert_problem(post_url(client, site.url("/story.html")), 422)
    assert body["reason"] == "loopback address"
    assert site.hits == {}


def test_a_scheme_other_than_http_is_a_validation_problem(client):
    assert_problem(post_url(client, "ftp://example.org/a"), 422)


@pytest.mark.parametrize(("route", "status"), [
    (s.answer(500, "down"), 502), (s.answer(404, "gone"), 502), (s.slow(2.5), 504),
    (s.answer(body=b"PNG", content_type="image/png"), 422)])
def test_upstream_failures_are_502_or_504_never_500(client, site, route, status):
    site.routes["/x"] = route
    body = assert_problem(post_url(client, site.url("/x")), status)
    assert body["reason"]


def test_fetching_by_url_needs_a_key(app, client, site):
    app.config["DEV_MODE"] = False
    site.routes["/k"] = s.html(s.story(15))
    assert_problem(post_url(client, site.url("/k")), 401)
    assert site.hits == {}
