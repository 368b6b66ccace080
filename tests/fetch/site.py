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
