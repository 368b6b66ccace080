"""Reading sources: item URLs of feeds and sitemaps, and the feed a homepage links."""

from __future__ import annotations

import pytest

from service.feeds import parse
from service.fetch.client import Fetched
from tests.fetch import site as s

BASE = "http://gazette.example/"
URLS = [f"http://gazette.example/news/{n}.html" for n in range(3)]


def fetched(body: str, media_type: str, url: str = BASE + "feed") -> Fetched:
    return Fetched(url, 200, media_type, body.encode(), "utf-8")


@pytest.mark.parametrize(("body", "media_type"), [
    (s.rss(URLS), "application/rss+xml"), (s.rss(URLS), "text/xml"),
    (s.atom(URLS), "application/atom+xml"), (s.json_feed(URLS), "application/feed+json"),
    (s.json_feed(URLS), "application/json")])
def test_feeds_list_their_entries_links_in_order(body, media_type):
    document = fetched(body, media_type)
    assert parse.format_of(document) == "feed"
    assert parse.feed_items(document).urls == URLS


def test_relative_links_are_resolved_against_the_feed():
    document = fetched(s.rss(["/news/a.html", "b.html"]), "application/rss+xml",
                       BASE + "feeds/main.xml")
    assert parse.feed_items(document).urls == [BASE + "news/a.html", BASE + "feeds/b.html"]


@pytest.mark.parametrize("news", [False, True])
def test_sitemaps_list_their_locations(news):
    document = fetched(s.sitemap(URLS, news=news), "application/xml")
    assert parse.format_of(document) == "sitemap"
    assert parse.sitemap_items(document) == parse.Listing(URLS, [])


def test_a_sitemap_index_lists_its_sitemaps():
    maps = [BASE + "sitemap-1.xml", BASE + "sitemap-news.xml"]
    document = fetched(s.sitemap_index(maps), "text/xml")
    assert parse.sitemap_items(document) == parse.Listing([], maps)


def test_an_xml_entity_is_not_expanded_from_the_disk():
    body = ("<?xml version='1.0'?><!DOCTYPE u [<!ENTITY x SYSTEM 'file:///etc/hostname'>]>"
            "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            "<url><loc>http://gazette.example/&x;</loc></url></urlset>")
    listing = parse.sitemap_items(fetched(body, "application/xml"))
    assert all("/etc/" not in url and len(url) < 60 for url in listing.urls)


@pytest.mark.parametrize("feed_type", ["application/rss+xml", "application/atom+xml",
                                       "application/feed+json"])
def test_a_homepage_names_its_feed(feed_type):
    page = fetched(s.homepage("/feed.xml", feed_type), "text/html", BASE)
    assert parse.format_of(page) == "page"
    assert parse.linked_feed(page) == BASE + "feed.xml"


def test_a_page_without_a_feed_link_names_none():
    assert parse.linked_feed(fetched(s.story(1), "text/html", BASE)) is None


def test_a_document_that_is_no_feed_is_refused():
    with pytest.raises(parse.NotASource):
        parse.feed_items(fetched("<<<not xml at all", "application/xml"))
