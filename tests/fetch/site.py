"""A made-up news site on a loopback HTTP server of the tests' own: routes by path, each
a function writing its answer, and a record of what was asked and how many at once."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]


def page(headline: str, body: str, *, canonical: str | None = None) -> str:
    """A made-up article page."""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    paragraphs = "".join(f"<p>{line}</p>" for line in body.split("\n") if line)
    return (f"<html><head><title>{headline} - Example Gazette</title>{link}</head><body>"
            f"<article><h1>{headline}</h1>{paragraphs}</article></body></html>")


def story(n: int) -> str:
    """The n-th made-up story of the site: distinct text for every n."""
    return page(f"Harbour {n} reopens after storm",
                f"The harbour of Eastport {n} reopened on Monday after a storm closed it "
                f"for {n % 7 + 2} days, the port authority said.\n"
                f"Traffic through the harbour rose {n % 40 + 3}% in the first week, and "
                f"the mayor, Alma Quist, said {n} ferries had resumed service.")


def answer(status: int = 200, body: bytes | str = b"", content_type: str = "text/html",
           headers: dict | None = None) -> Route:
    data = body.encode() if isinstance(body, str) else body

    def write(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
    return write


def html(text: str, charset: str = "utf-8") -> Route:
    return answer(body=text.encode(charset), content_type=f"text/html; charset={charset}")


def redirect(location: str, status: int = 302) -> Route:
    return answer(status, b"", "", {"Location": location})


def conditional(body: str, content_type: str, etag: str = '"v1"',
                last_modified: str = "Mon, 07 Dec 2026 10:00:00 GMT") -> Route:
    """An answer with validators: 304 and no body when the request carries them."""
    def write(handler: BaseHTTPRequestHandler) -> None:
        if handler.headers.get("If-None-Match") == etag or \
                handler.headers.get("If-Modified-Since") == last_modified:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.end_headers()
            return
        answer(body=body, content_type=content_type,
               headers={"ETag": etag, "Last-Modified": last_modified})(handler)
    return write


def slow(seconds: float) -> Route:
    def write(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        html(page("Late", "Too late."))(handler)
    return write


def endless(pause: float = 0.0) -> Route:
    """Chunks forever (until the client goes away), never ending the body."""
    def write(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        try:
            handler.wfile.write(b"<html><body>")
            while True:
                handler.wfile.write(b"<p>more</p>" * 100)
                if pause:
                    time.sleep(pause)
        except OSError:
            return
    return write


def gzip_bomb(size: int) -> Route:
    """A small gzip body that inflates to ``size`` bytes."""
    data = gzip.compress(b"<html>" + b" " * size, compresslevel=9)
    return answer(body=data, headers={"Content-Encoding": "gzip"})


class Site:
    """The server: ``routes`` by path (query ignored), ``hits`` by path, and the most
    requests it held at once."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.active = self.max_active = 0
        self._lock = threading.Lock()
        self.hold = 0.0  # seconds each request is held (to observe concurrency)
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                with site._lock:
                    site.hits[path] = site.hits.get(path, 0) + 1
                    site.active += 1
                    site.max_active = max(site.max_active, site.active)
                try:
                    if site.hold:
                        time.sleep(site.hold)
                    route = site.routes.get(path) or answer(404, "no such page", "text/plain")
                    route(self)
                finally:
                    with site._lock:
                        site.active -= 1

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.host = "127.0.0.1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def start(self) -> Site:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def rss(urls: list[str]) -> str:
    items = "".join(f"<item><title>Story {n}</title><link>{url}</link>"
                    f"<guid>{url}</guid></item>" for n, url in enumerate(urls))
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
            f"<title>Example Gazette</title><link>http://example.invalid/</link>"
            f"<description>News</description>{items}</channel></rss>")


def atom(urls: list[str]) -> str:
    entries = "".join(f"<entry><title>Story {n}</title><id>tag:gazette,{n}</id>"
                      f"<link rel='alternate' href='{url}'/>"
                      f"<updated>2026-12-07T10:00:00Z</updated></entry>"
                      for n, url in enumerate(urls))
    return ("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            "<title>Example Gazette</title><id>tag:gazette</id>"
            f"<updated>2026-12-07T10:00:00Z</updated>{entries}</feed>")


def json_feed(urls: list[str]) -> str:
    import json

    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Gazette",
                       "items": [{"id": str(n), "url": url, "title": f"Story {n}"}
                                 for n, url in enumerate(urls)]})


def sitemap(urls: list[str], news: bool = False) -> str:
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    extra = ("<news:news><news:publication><news:name>Gazette</news:name>"
             "<news:language>en</news:language></news:publication>"
             "<news:title>Story</news:title></news:news>") if news else ""
    entries = "".join(f"<url><loc>{url}</loc>{extra}</url>" for url in urls)
    return ("<?xml version='1.0' encoding='UTF-8'?><urlset "
            f"xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'{ns}>{entries}</urlset>")


def sitemap_index(urls: list[str]) -> str:
    entries = "".join(f"<sitemap><loc>{url}</loc></sitemap>" for url in urls)
    return ("<?xml version='1.0' encoding='UTF-8'?><sitemapindex "
            f"xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{entries}</sitemapindex>")


def homepage(feed_url: str, feed_type: str = "application/rss+xml") -> str:
    return (f"<html><head><title>Example Gazette</title><link rel='alternate' "
            f"type='{feed_type}' href='{feed_url}'></head><body><h1>Gazette</h1></body></html>")
