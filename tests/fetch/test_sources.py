"""Sources through the API and their polls: new items only, conditional requests, URLs
shared with direct posts, and a poll cut short by a dying worker."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import replace

import pytest

from schemas.sources import SourceSchema
from service.feeds import poll
from service.feeds.repository import SourceView
from tests.conftest import assert_problem
from tests.fetch import site as s

_DAYS = itertools.count(1)  # each poll a day after the last, so that the source is due
RFC3339_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z")
ENVELOPE = {"items", "page", "per_page", "total", "total_exact"}


def serve_stories(site, numbers) -> list[str]:
    for n in numbers:
        site.routes[f"/news/{n}.html"] = s.html(s.story(n))
    return [site.url(f"/news/{n}.html") for n in numbers]


def register(client, url: str, kind: str = "auto", interval: int = 60):
    return client.post("/v1/sources", json={"url": url, "kind": kind, "interval": interval})


def poll_now(app, source_id: str) -> dict:
    """Poll the source as the worker's periodic task does, as if it were due."""
    poller = poll.poller(app)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=next(_DAYS))
    poller.clock = lambda: later
    assert poller.poll_due() >= 1
    return app.test_client().get(f"/v1/sources/{source_id}").get_json()


@pytest.mark.parametrize(("path", "make", "content_type", "kind"), [
    ("/rss.xml", s.rss, "application/rss+xml", "feed"),
    ("/atom.xml", s.atom, "application/atom+xml", "feed"),
    ("/feed.json", s.json_feed, "application/feed+json", "feed"),
    ("/sitemap.xml", s.sitemap, "application/xml", "sitemap"),
    ("/rss.xml", s.rss, "application/rss+xml", "auto")])
def test_a_registered_source_is_polled_and_its_items_stored(app, client, site, path, make,
                                                            content_type, kind):
    urls = serve_stories(site, [1, 2])
    site.routes[path] = s.answer(body=make(urls), content_type=content_type)
    response = register(client, site.url(path), kind)
    assert response.status_code == 201, response.get_json()
    source = response.get_json()
    assert source["format"] == ("sitemap" if path == "/sitemap.xml" else "feed")
    assert source["links"]["self"] == response.headers["Location"]
    polled = poll_now(app, source["id"])
    assert polled["items"] == {"seen": 2, "ingested": 2, "skipped": 0, "failed": 0,
                               "pending": 0}
    assert polled["last_status"] == "ok" and polled["last_poll_at"]
    articles = client.get(f"/v1/sources/{source['id']}/articles").get_json()
    assert sorted(item["url"] for item in articles["items"]) == sorted(urls)
    stored = client.get("/v1/articles").get_json()
    assert {item["source_url"] for item in stored["items"]} == set(urls)
    assert stored["total"] == 2


def test_auto_finds_the_feed_a_homepage_links(client, site):
    serve_stories(site, [3])
    site.routes["/"] = s.html(s.homepage("/feeds/all.xml"))
    site.routes["/feeds/all.xml"] = s.answer(body=s.rss([site.url("/news/3.html")]),
                                             content_type="application/rss+xml")
    source = register(client, site.url("/")).get_json()
    assert source["poll_url"] == site.url("/feeds/all.xml")
    assert source["kind"] == "auto" and source["url"] == site.url("/")


def test_a_sitemap_index_with_a_news_sitemap_is_followed(app, client, site):
    urls = serve_stories(site, [4, 5])
    site.routes["/sitemap_index.xml"] = s.answer(
        body=s.sitemap_index([site.url("/sitemap-news.xml")]), content_type="text/xml")
    site.routes["/sitemap-news.xml"] = s.answer(body=s.sitemap(urls, news=True),
                                                content_type="application/xml")
    source = register(client, site.url("/sitemap_index.xml"), "sitemap").get_json()
    assert poll_now(app, source["id"])["items"]["ingested"] == 2


def test_a_second_poll_ingests_only_new_items_and_transfers_no_body(app, client, site):
    urls = serve_stories(site, [6, 7, 8])
    site.routes["/rss.xml"] = s.conditional(s.rss(urls[:2]), "application/rss+xml")
    source = register(client, site.url("/rss.xml"), "feed").get_json()
    poll_now(app, source["id"])
    fetches = {path: site.hits.get(path, 0) for path in ("/news/6.html", "/news/7.html")}
    again = poll_now(app, source["id"])
    assert again["last_status"] == "not modified"
    assert {path: site.hits[path] for path in fetches} == fetches
    site.routes["/rss.xml"] = s.conditional(s.rss(urls), "application/rss+xml", etag='"v2"',
                                            last_modified="Tue, 08 Dec 2026 10:00:00 GMT")
    third = poll_now(app, source["id"])
    assert third["items"]["ingested"] == 3 and third["items"]["seen"] == 3
    assert site.hits["/news/6.html"] == fetches["/news/6.html"]
    assert client.get("/v1/articles").get_json()["total"] == 3


def test_a_url_posted_directly_is_not_fetched_again_by_a_source(app, client, site):
    urls = serve_stories(site, [9, 10])
    assert client.post("/v1/articles", json={"url": urls[0]}).status_code == 201
    site.routes["/rss.xml"] = s.answer(body=s.rss([urls[0] + "?utm_source=rss", urls[1]]),
                                       content_type="application/rss+xml")
    source = register(client, site.url("/rss.xml"), "feed").get_json()
    polled = poll_now(app, source["id"])
    assert polled["items"]["skipped"] == 1 and polled["items"]["ingested"] == 1
    assert site.hits["/news/9.html"] == 1
    assert client.get("/v1/articles").get_json()["total"] == 2


def test_failed_items_are_counted_with_their_reasons(app, client, site):
    urls = serve_stories(site, [11])
    site.routes["/robots.txt"] = s.answer(body="User-agent: *\nDisallow: /private/\n",
                                          content_type="text/plain")
    bad = [site.url("/private/a.html"), site.url("/image.png"), "http://10.1.1.1/x"]
    site.routes["/image.png"] = s.answer(body=b"PNG", content_type="image/png")
    site.routes["/rss.xml"] = s.answer(body=s.rss(urls + bad),
                                       content_type="application/rss+xml")
    source = register(client, site.url("/rss.xml"), "feed").get_json()
    polled = poll_now(app, source["id"])
    assert polled["items"]["ingested"] == 1 and polled["items"]["failed"] == 3
    reasons = sorted(error["reason"].split(":")[0] for error in polled["last_errors"])
    assert reasons == ["media type", "private address", "robots.txt"]
    listed = client.get("/v1/sources").get_json()["items"][0]
    for answer in (polled, listed):
        instants = [answer[key] for key in ("created_at", "last_poll_at", "next_poll_at")]
        instants += [error["at"] for error in answer["last_errors"]]
        assert len(instants) == 6 and all(RFC3339_Z.fullmatch(value) for value in instants)


def test_a_worker_killed_mid_poll_loses_nothing_and_stores_nothing_twice(
        app, client, site, monkeypatch):
    urls = serve_stories(site, [12, 13, 14])
    site.routes["/rss.xml"] = s.answer(body=s.rss(urls), content_type="application/rss+xml")
    source = register(client, site.url("/rss.xml"), "feed").get_json()
    sources = app.extensions["sources"]
    settle = sources.settle
    calls = []

    def dies_on_second(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:  # the article is stored; the worker dies before saying so
            raise SystemExit("worker killed")
        return settle(*args, **kwargs)

    monkeypatch.setattr(sources, "settle", dies_on_second)
    with pytest.raises(SystemExit):
        poll_now(app, source["id"])
    monkeypatch.setattr(sources, "settle", settle)
    cut = client.get(f"/v1/sources/{source['id']}").get_json()
    assert cut["items"]["pending"] == 2 and cut["items"]["ingested"] == 1
    polled = poll_now(app, source["id"])
    assert polled["items"] == {"seen": 3, "ingested": 3, "skipped": 0, "failed": 0,
                               "pending": 0}
    assert client.get("/v1/articles").get_json()["total"] == 3


def test_a_source_that_cannot_be_fetched_records_why(app, client, site):
    site.routes["/rss.xml"] = s.answer(body=s.rss([]), content_type="application/rss+xml")
    source = register(client, site.url("/rss.xml"), "feed").get_json()
    site.routes["/rss.xml"] = s.answer(503, "down", "text/plain")
    polled = poll_now(app, source["id"])
    assert polled["last_status"] == "http 503" and "503" in polled["last_error"]
    assert polled["next_poll_at"] > polled["last_poll_at"]


@pytest.mark.parametrize(("body", "reason"), [
    ({"url": "http://10.0.0.1/rss.xml"}, "private address"),
    ({"url": "http://[fe80::1]/rss.xml", "kind": "feed"}, "link-local address")])
def test_registering_a_private_source_is_refused(client, body, reason):
    assert assert_problem(client.post("/v1/sources", json=body), 422)["reason"] == reason


def test_registration_checks_the_kind_and_interval(client, site):
    serve_stories(site, [15])
    site.routes["/rss.xml"] = s.answer(body=s.rss([]), content_type="application/rss+xml")
    assert_problem(register(client, site.url("/rss.xml"), "sitemap"), 422)
    assert_problem(register(client, site.url("/news/15.html"), "auto"), 422)
    assert_problem(register(client, site.url("/rss.xml"), "feed", interval=5), 422)
    assert_problem(client.post("/v1/sources", json={"url": site.url("/rss.xml"),
                                                    "kind": "crawl"}), 422)


def test_sources_are_listed_read_and_deleted(client, site):
    site.routes["/rss.xml"] = s.answer(body=s.rss([]), content_type="application/rss+xml")
    source = register(client, site.url("/rss.xml"), "feed").get_json()
    listing = client.get("/v1/sources").get_json()
    assert [item["id"] for item in listing["items"]] == [source["id"]]
    assert listing["total"] == 1
    assert client.delete(f"/v1/sources/{source['id']}").status_code == 204
    assert_problem(client.get(f"/v1/sources/{source['id']}"), 404)
    assert_problem(client.delete(f"/v1/sources/{source['id']}"), 404)
    assert_problem(client.get(f"/v1/sources/{source['id']}/articles"), 404)


def test_sources_need_a_key_to_change(app, client, site):
    app.config["DEV_MODE"] = False
    assert_problem(register(client, site.url("/rss.xml"), "feed"), 401)
    assert client.get("/v1/sources").status_code == 200


def test_the_job_workers_periodic_task_polls_the_due_sources(app, client, site):
    urls = serve_stories(site, [16])
    site.routes["/rss.xml"] = s.answer(body=s.rss(urls), content_type="application/rss+xml")
    source = register(client, site.url("/rss.xml"), "feed").get_json()
    queue = app.extensions["jobs"]
    huey = queue.huey
    queue._schedule(huey)
    task = huey.dequeue()
    assert task is not None and task.name == poll.TASK_NAME
    huey.execute(task)
    polled = client.get(f"/v1/sources/{source['id']}").get_json()
    assert polled["items"]["ingested"] == 1 and polled["last_status"] == "ok"
    queue._schedule(huey)  # once a minute, not at every turn of the loop
    assert huey.pending_count() == 0


def _zone(hours: float) -> dt.timezone:
    return dt.timezone(dt.timedelta(hours=hours))


@pytest.mark.parametrize(("value", "written"), [
    (dt.datetime(2031, 4, 2, 11, 30, tzinfo=_zone(2)), "2031-04-02T09:30:00Z"),
    (dt.datetime(2029, 12, 31, 22, 15, 7, 585108, tzinfo=_zone(-5.5)),
     "2030-01-01T03:45:07.585108Z"),
    (dt.datetime(2027, 6, 1, 0, 0, 0, 1, tzinfo=dt.UTC), "2027-06-01T00:00:00.000001Z"),
])
def test_every_instant_of_a_source_is_rfc_3339_in_utc(value, written):
    later = value + dt.timedelta(minutes=15)
    view = SourceView(id="s-1", url="https://news.example.org/", kind="auto",
                      poll_url="https://news.example.org/rss.xml", format="feed",
                      interval=900, created_at=value, last_poll_at=value,
                      next_poll_at=later, last_status="ok", last_error=None,
                      items={"seen": 1, "ingested": 0, "skipped": 0, "failed": 1,
                             "pending": 0},
                      last_errors=[{"url": "https://news.example.org/a", "reason": "timeout",
                                    "at": value}])
    dumped = SourceSchema().dump(view)
    assert dumped["created_at"] == dumped["last_poll_at"] == written
    assert dumped["last_errors"][0]["at"] == written
    assert RFC3339_Z.fullmatch(dumped["next_poll_at"])
    assert dt.datetime.fromisoformat(dumped["next_poll_at"]) == later
    assert SourceSchema().dump(replace(view, last_poll_at=None))["last_poll_at"] is None


def test_source_lists_are_paged_with_a_link_header(app, client, site):
    urls = serve_stories(site, [17, 18, 19])
    ids = []
    for path in ("/rss.xml", "/world.xml", "/sport.xml"):
        site.routes[path] = s.answer(body=s.rss(urls), content_type="application/rss+xml")
        ids.append(register(client, site.url(path), "feed").get_json()["id"])

    first = client.get("/v1/sources?per_page=2")
    body = first.get_json()
    assert set(body) == ENVELOPE and (body["page"], body["per_page"], body["total"]) == (1, 2, 3)
    assert [item["id"] for item in body["items"]] == ids[:0:-1]
    assert '</v1/sources?page=2&per_page=2>; rel="next"' in first.headers["Link"]
    assert '</v1/sources?page=2&per_page=2>; rel="last"' in first.headers["Link"]
    second = client.get("/v1/sources?page=2&per_page=2")
    assert [item["id"] for item in second.get_json()["items"]] == ids[:1]
    assert 'rel="prev"' in second.headers["Link"] and 'rel="next"' not in second.headers["Link"]
    assert second.get_json()["items"][0]["links"] == {
        "self": f"/v1/sources/{ids[0]}", "articles": f"/v1/sources/{ids[0]}/articles"}

    poll_now(app, ids[0])
    path = f"/v1/sources/{ids[0]}/articles"
    page = client.get(f"{path}?per_page=1&page=2")
    body = page.get_json()
    assert set(body) == ENVELOPE and (body["page"], body["total"]) == (2, 3)
    assert f'<{path}?page=3&per_page=1>; rel="next"' in page.headers["Link"]
    assert f'<{path}?page=1&per_page=1>; rel="prev"' in page.headers["Link"]
    assert f'<{path}?page=3&per_page=1>; rel="last"' in page.headers["Link"]
    item = body["items"][0]
    assert item["url"] in urls and item["outcome"] == "ingested"
    assert item["links"]["self"] == f"/v1/articles/{item['id']}"
    assert client.get(item["links"]["self"]).get_json()["source_url"] == item["url"]
