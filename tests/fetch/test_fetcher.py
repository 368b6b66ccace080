"""The fetcher against the made-up site: limits, redirects, robots, validators, charsets."""

from __future__ import annotations

import gzip
import threading
import time

import pytest

from service.fetch.client import FEED_TYPES, Fetcher
from service.fetch.errors import FetchRefused, UpstreamError, UpstreamTimeout
from tests.fetch import site as s
from tests.servers import free_port


@pytest.fixture
def make_fetcher(fetch_config):
    """Fetchers with some settings changed from the test configuration; all closed after."""
    made = []

    def make(resolve=None, **settings) -> Fetcher:
        made.append(Fetcher({**fetch_config, **settings},
                            **({"resolve": resolve} if resolve else {})))
        return made[-1]

    yield make
    for fetcher in made:
        fetcher.close()


@pytest.fixture
def fetcher(make_fetcher):
    return make_fetcher()


def _fetch_at_once(fetcher, site, prefix: str, count: int) -> None:
    """Fetch ``count`` stories of the site from as many threads at once."""
    for n in range(count):
        site.routes[f"/{prefix}{n}"] = s.html(s.story(n))
    threads = [threading.Thread(target=fetcher.fetch, args=(site.url(f"/{prefix}{n}"),))
               for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_a_page_is_fetched_with_the_service_user_agent(site, fetcher):
    seen = {}

    def write(handler):
        seen["agent"] = handler.headers["User-Agent"]
        s.html(s.story(1))(handler)

    site.routes["/story"] = write
    fetched = fetcher.fetch(site.url("/story"))
    assert "Harbour 1 reopens" in fetched.text
    assert seen["agent"].startswith("article-api/") and "mailto:ops@example.org" in seen["agent"]


def test_redirects_are_followed_and_the_final_url_kept(site, fetcher):
    site.routes["/a"] = s.redirect("/b", 301)
    site.routes["/b"] = s.redirect(site.url("/c"), 307)
    site.routes["/c"] = s.html(s.story(2))
    assert fetcher.fetch(site.url("/a")).url == site.url("/c")


def test_more_than_five_redirects_are_refused(site, fetcher):
    for n in range(7):
        site.routes[f"/r{n}"] = s.redirect(f"/r{n + 1}")
    site.routes["/r7"] = s.html(s.story(3))
    assert fetcher.fetch(site.url("/r2")).url == site.url("/r7")
    with pytest.raises(FetchRefused) as caught:
        fetcher.fetch(site.url("/r0"))
    assert caught.value.reason == "redirects"


@pytest.mark.parametrize("location", ["http://10.0.0.1/x", "http://[::1]/x",
                                      "http://169.254.169.254/latest/meta-data",
                                      "file:///etc/passwd", "http://2130706433/"])
def test_a_redirect_to_a_private_address_is_refused_at_its_hop(site, fetcher, location):
    site.routes["/jump"] = s.redirect(location)
    with pytest.raises(FetchRefused):
        fetcher.fetch(site.url("/jump"))


def test_the_site_itself_is_refused_when_not_allowed(site, make_fetcher):
    fetcher = make_fetcher(FETCH_ALLOW_HOSTS=[])
    site.routes["/story"] = s.html(s.story(4))
    with pytest.raises(FetchRefused) as caught:
        fetcher.fetch(site.url("/story"))
    assert caught.value.reason == "loopback address"
    assert site.hits == {}


def test_a_slow_answer_times_out(site, fetcher):
    site.routes["/slow"] = s.slow(2.5)
    with pytest.raises(UpstreamTimeout):
        fetcher.fetch(site.url("/slow"))


def test_an_endless_body_stops_at_the_size_cap(site, fetcher):
    site.routes["/endless"] = s.endless()
    with pytest.raises(FetchRefused) as caught:
        fetcher.fetch(site.url("/endless"))
    assert caught.value.reason == "too large"


def test_a_dripping_body_stops_at_the_total_time_limit(site, fetch_config, make_fetcher):
    fetcher = make_fetcher(MAX_HTML_BODY_BYTES=10**9)
    site.routes["/drip"] = s.endless(pause=0.2)
    started = time.monotonic()
    with pytest.raises(UpstreamTimeout):
        fetcher.fetch(site.url("/drip"))
    assert time.monotonic() - started < fetch_config["FETCH_TOTAL_TIMEOUT"] + 2


def test_a_page_over_the_size_cap_is_refused_by_its_length(site, fetcher):
    site.routes["/big"] = s.html(s.page("Big", "word " * 60_000))
    with pytest.raises(FetchRefused) as caught:
        fetcher.fetch(site.url("/big"))
    assert caught.value.reason == "too large"


def test_a_gzip_bomb_stops_at_the_decompressed_cap(site, fetcher):
    site.routes["/bomb"] = s.gzip_bomb(50 * 1024 * 1024)
    with pytest.raises(FetchRefused) as caught:
        fetcher.fetch(site.url("/bomb"))
    assert caught.value.reason == "too large"


def test_a_gzip_page_under_the_cap_is_read(site, fetcher):
    body = gzip.compress(s.story(5).encode())
    site.routes["/z"] = s.answer(body=body, headers={"Content-Encoding": "gzip"})
    assert "Harbour 5" in fetcher.fetch(site.url("/z")).text


@pytest.mark.parametrize("content_type", ["image/png", "application/pdf", "text/plain", ""])
def test_a_wrong_media_type_is_refused(site, fetcher, content_type):
    site.routes["/x"] = s.answer(body=b"\x89PNG....", content_type=content_type)
    with pytest.raises(FetchRefused) as caught:
        fetcher.fetch(site.url("/x"))
    assert caught.value.reason == "media type"


@pytest.mark.parametrize("status", [404, 500, 503])
def test_an_error_answer_is_an_upstream_error(site, fetcher, status):
    site.routes["/e"] = s.answer(status, "no")
    with pytest.raises(UpstreamError) as caught:
        fetcher.fetch(site.url("/e"))
    assert caught.value.reason == f"http {status}"


def test_an_unreachable_port_is_an_upstream_error(site, fetcher):
    with pytest.raises(UpstreamError):
        fetcher.fetch(f"http://127.0.0.1:{free_port()}/x")


def test_robots_txt_disallowing_a_path_is_obeyed_and_read_once(site, fetcher):
    site.routes["/robots.txt"] = s.answer(body="User-agent: *\nDisallow: /private/\n",
                                          content_type="text/plain")
    site.routes["/private/story"] = s.html(s.story(6))
    site.routes["/public/story"] = s.html(s.story(7))
    with pytest.raises(FetchRefused) as caught:
        fetcher.fetch(site.url("/private/story"))
    assert caught.value.reason == "robots.txt"
    fetcher.fetch(site.url("/public/story"))
    assert "/private/story" not in site.hits
    assert site.hits["/robots.txt"] == 1


def test_robots_txt_naming_the_service_applies_to_it(site, fetcher):
    site.routes["/robots.txt"] = s.answer(
        body="User-agent: article-api\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
        content_type="text/plain")
    site.routes["/story"] = s.html(s.story(8))
    with pytest.raises(FetchRefused):
        fetcher.fetch(site.url("/story"))


def test_a_failing_robots_txt_disallows_everything(site, fetcher):
    site.routes["/robots.txt"] = s.answer(503, "down", "text/plain")
    site.routes["/story"] = s.html(s.story(9))
    with pytest.raises(FetchRefused):
        fetcher.fetch(site.url("/story"))


def test_the_second_conditional_request_transfers_no_body(site, fetcher):
    site.routes["/feed.xml"] = s.conditional("<rss version='2.0'><channel/></rss>",
                                             "application/rss+xml")
    first = fetcher.fetch(site.url("/feed.xml"), accept=FEED_TYPES)
    assert first.body and first.etag == '"v1"' and first.last_modified
    second = fetcher.fetch(site.url("/feed.xml"), accept=FEED_TYPES, etag=first.etag)
    assert second.not_modified and second.body == b""
    third = fetcher.fetch(site.url("/feed.xml"), accept=FEED_TYPES,
                          last_modified=first.last_modified)
    assert third.not_modified


@pytest.mark.parametrize(("raw", "content_type", "expected"), [
    ("Zürich café".encode("latin-1"), "text/html; charset=iso-8859-1", "Zürich café"),
    ('<meta charset="windows-1252"><p>“Quoted” Zürich</p>'.encode("cp1252"), "text/html",
     "“Quoted” Zürich"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>Москва</p>'
     .encode("koi8_r"), "text/html", "Москва"),
    ("<p>Straße in München</p>".encode(), "text/html", "Straße in München"),
])
def test_the_charset_comes_from_headers_then_the_page_then_detection(
        site, fetcher, raw, content_type, expected):
    site.routes["/c"] = s.answer(body=raw, content_type=content_type)
    assert expected in fetcher.fetch(site.url("/c")).text


def test_no_more_than_the_host_limit_at_once(site, make_fetcher):
    fetcher = make_fetcher(FETCH_HOST_CONCURRENCY=2)
    site.hold = 0.2
    _fetch_at_once(fetcher, site, "s", 8)
    assert site.max_active == 2
    assert all(site.hits[f"/s{n}"] == 1 for n in range(8))


def test_requests_to_a_host_are_spaced_by_the_minimum_delay(site, make_fetcher):
    fetcher = make_fetcher(FETCH_HOST_DELAY=0.3)
    for n in range(3):
        site.routes[f"/d{n}"] = s.html(s.story(n))
    started = time.monotonic()
    for n in range(3):
        fetcher.fetch(site.url(f"/d{n}"))
    assert time.monotonic() - started >= 0.6 + 0.3  # robots.txt counts as a request


def test_the_connection_goes_to_the_address_checked_with_the_host_named(site, make_fetcher):
    answers = iter([["127.0.0.1"], ["10.9.9.9"], ["10.9.9.9"]])  # a rebinding resolver
    calls = []

    def resolve(host, port):
        calls.append(host)
        return next(answers)

    fetcher = make_fetcher(resolve, FETCH_ALLOW_HOSTS=["gazette.test"], FETCH_OBEY_ROBOTS=False)
    seen = {}

    def write(handler):
        seen["host"] = handler.headers["Host"]
        s.html(s.story(20))(handler)

    site.routes["/story"] = write
    fetched = fetcher.fetch(f"http://gazette.test:{site.port}/story")
    assert fetched.url == f"http://gazette.test:{site.port}/story"
    assert seen["host"] == f"gazette.test:{site.port}"
    assert calls == ["gazette.test"]


def test_the_gate_records_the_most_requests_held_at_once(site, make_fetcher):
    fetcher = make_fetcher(FETCH_HOST_CONCURRENCY=3)
    site.hold = 0.2
    _fetch_at_once(fetcher, site, "g", 9)
    assert fetcher.gate.most_held[site.host] == 3 == site.max_active
