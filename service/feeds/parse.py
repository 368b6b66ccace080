"""What a fetched source lists: item URLs of RSS, Atom and JSON feeds (feedparser), of XML
sitemaps and sitemap indexes (news sitemaps included), and the feed a homepage links."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser
import orjson
from lxml import etree, html

from service.fetch.client import PAGE_TYPES, Fetched

FEED_LINK_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json",
                   "application/json")
_SITEMAP_ROOTS = {"urlset": "urls", "sitemapindex": "sitemaps"}


class NotASource(ValueError):
    pass


@dataclass(frozen=True)
class Listing:
    urls: list[str]
    sitemaps: list[str]


def format_of(fetched: Fetched) -> str:
    if fetched.media_type in PAGE_TYPES:
        return "page"
    root = _xml_root(fetched.body)
    if root is not None and etree.QName(root).localname in _SITEMAP_ROOTS:
        return "sitemap"
    return "feed"


def feed_items(fetched: Fetched) -> Listing:
    if fetched.body.lstrip()[:1] == b"{":
        return _json_feed_items(fetched)
    parsed = feedparser.parse(fetched.body, response_headers={
        "content-type": fetched.media_type or "application/xml",
        "content-location": fetched.url})
    if not parsed.entries and parsed.bozo and not parsed.get("version"):
        raise NotASource("the document is not a feed that can be read")
    urls = []
    for entry in parsed.entries:
        link = entry.get("link") or _url_id(entry.get("id"))
        if link:
            urls.append(urljoin(fetched.url, link))
    return Listing(_unique(urls), [])


def _json_feed_items(fetched: Fetched) -> Listing:
    """JSON Feed (jsonfeed.org), which feedparser does not read."""
    try:
        feed = orjson.loads(fetched.body)
    except orjson.JSONDecodeError as exc:
        raise NotASource("the document is not valid JSON") from exc
    if not isinstance(feed, dict) or not str(feed.get("version", "")).startswith(
            "https://jsonfeed.org/version/") or not isinstance(feed.get("items"), list):
        raise NotASource("the document is not a JSON Feed")
    urls = [urljoin(fetched.url, link) for item in feed["items"] if isinstance(item, dict)
            for link in [item.get("url") or item.get("external_url")]
            if isinstance(link, str) and link]
    return Listing(_unique(urls), [])


def sitemap_items(fetched: Fetched) -> Listing:
    root = _xml_root(fetched.body)
    if root is None or etree.QName(root).localname not in _SITEMAP_ROOTS:
        raise NotASource("the document is not a sitemap")
    locs = [urljoin(fetched.url, (loc.text or "").strip())
            for loc in root.iter("{*}loc", "loc")
            if loc.getparent() is not None and
            etree.QName(loc.getparent()).localname in {"url", "sitemap"} and loc.text]
    if etree.QName(root).localname == "sitemapindex":
        return Listing([], _unique(locs))
    return Listing(_unique(locs), [])


def linked_feed(fetched: Fetched) -> str | None:
    try:
        tree = html.fromstring(fetched.text)
    except (etree.ParserError, ValueError):
        return None
    for wanted in FEED_LINK_TYPES:
        for link in tree.iter("link"):
            rel = (link.get("rel") or "").lower().split()
            if "alternate" in rel and (link.get("type") or "").lower() == wanted \
                    and link.get("href"):
                return urljoin(fetched.url, link.get("href").strip())
    return None


def _xml_root(body: bytes):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True,
                             huge_tree=False)
    try:
        return etree.fromstring(body.lstrip(), parser)
    except etree.XMLSyntaxError:
        return None


def _url_id(value: str | None) -> str | None:
    return value if value and value.startswith(("http://", "https://")) else None


def _unique(urls: list[str]) -> list[str]:
    return list(dict.fromkeys(urls))
