"""Feeds benchmark: a source of N items on a local server, polled by the service, against
`article-api ingest` of the same pages from files; and the most connections the server
saw at once.

    .venv/bin/python bench/feeds.py -n 1000
    .venv/bin/python bench/feeds.py -n 200 --processes 2 --host-concurrency 4

The pages are ``generate.py`` articles written as HTML files, served by a threaded HTTP
server in this process that counts the requests it holds at once, with an RSS feed listing
them all. Both runs start on a fresh SQLite database and analyze with the same number of
processes (``--processes``; the poller's analyses run one batch at a time, the ingest
command's in that many processes). The poll is timed from its start (the feed's fetch)
to its end, politeness included: robots.txt, at most ``--host-concurrency`` requests at
once, ``--host-delay`` seconds between their starts. Figures, not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import sys
import tempfile
import threading
import time
from dataclasses import replace
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from generate import generate  # noqa: E402


def write_site(directory: Path, count: int, seed: int, base: str) -> list[str]:
    """``count`` article pages and ``feed.xml`` listing them; their URLs."""
    (directory / "news").mkdir(parents=True)
    urls = []
    for n, article in enumerate(generate(count, seed)):
        headline, _, body = article["text"].partition("\n\n")
        paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in body.split("\n\n") if p)
        (directory / "news" / f"{n}.html").write_text(
            f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(headline)}"
            f"</title></head><body><article><h1>{html.escape(headline)}</h1>\n{paragraphs}"
            "</article></body></html>\n", encoding="utf-8")
        urls.append(f"{base}/news/{n}.html")
    items = "".join(f"<item><title>{n}</title><link>{url}</link></item>"
                    for n, url in enumerate(urls))
    (directory / "feed.xml").write_text(
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Bench"
        f"</title><link>{base}/</link><description>b</description>{items}</channel></rss>",
        encoding="utf-8")
    return urls


class CountingServer:
    """A static file server counting the requests it holds at once."""

    def __init__(self, directory: Path) -> None:
        self.active = self.max_active = self.requests = 0
        lock = threading.Lock()
        server = self

        class Handler(SimpleHTTPRequestHandler):
            extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                              ".xml": "application/rss+xml"}

            def log_message(self, *args) -> None:
                pass

            def handle_one_request(self) -> None:
                with lock:
                    server.active += 1
                    server.requests += 1
                    server.max_active = max(server.max_active, server.active)
                try:
                    super().handle_one_request()
                finally:
                    with lock:
                        server.active -= 1

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0),
                                         partial(Handler, directory=str(directory)))
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()


def _app(directory: Path, name: str, overrides: dict):
    from service.app import create_app
    from service.store.migrations import upgrade_database

    url = f"sqlite:///{directory / name / 'articles.sqlite3'}"
    (directory / name).mkdir()
    upgrade_database(url)
    return create_app({"DATABASE_URL": url, "LOG_LEVEL": "WARNING", "DEV_MODE": True,
                       "JOBS_DIR": str(directory / name / "jobs"), **overrides})


def run_ingest(directory: Path, pages: Path, count: int, processes: int) -> float:
    from service.analysis.runner import Runner
    from service.ingest import ingest_paths

    app = _app(directory, "ingest", {"ANALYSIS_CONCURRENCY": processes})
    runner = app.extensions["analyzer"]
    runner = Runner(runner.pipeline, replace(runner.settings, processes=processes))
    started = time.perf_counter()
    summary = ingest_paths([pages], runner=runner, store=app.extensions["store"],
                           workers=processes, progress=False)
    elapsed = time.perf_counter() - started
    runner.close()
    assert summary.ingested == count, summary.describe()
    return elapsed


def run_poll(directory: Path, server: CountingServer, count: int, args) -> tuple[float, dict]:
    from service.feeds import schedule
    from service.feeds.sources import register

    app = _app(directory, "poll", {
        "ANALYSIS_CONCURRENCY": args.processes, "FETCH_ALLOW_HOSTS": ["127.0.0.1"],
        "FETCH_HOST_CONCURRENCY": args.host_concurrency, "FETCH_HOST_DELAY": args.host_delay,
        "FEEDS_MAX_ITEMS": count})
    with app.app_context():
        source = register(app.extensions["sources"], app.extensions["fetcher"],
                          f"{server.base}/feed.xml", "feed", 3600, 60)
        server.max_active = 0
        poller = schedule.poller(app)
        poller.clock = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
        started = time.perf_counter()
        assert poller.poll_due() == 1
        elapsed = time.perf_counter() - started
        items = app.extensions["sources"].get(source.id).items
        items["most_requests_held_by_the_fetcher"] = max(
            app.extensions["fetcher"].gate.most_held.values())
    app.extensions["analyzer"].close()
    assert items["ingested"] == count, items
    return elapsed, items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="items of the source")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--processes", type=int, default=1,
                        help="analysis processes of both runs")
    parser.add_argument("--host-concurrency", type=int, default=2)
    parser.add_argument("--host-delay", type=float, default=0.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-feeds-") as tmp:
        directory = Path(tmp)
        site = directory / "site"
        server = CountingServer(site)
        write_site(site, args.n, args.seed, server.base)
        ingest_seconds = run_ingest(directory, site / "news", args.n, args.processes)
        poll_seconds, items = run_poll(directory, server, args.n, args)
        server.stop()
    report = {
        "items": args.n, "processes": args.processes,
        "host_concurrency": args.host_concurrency, "host_delay": args.host_delay,
        "ingest_items_per_s": round(args.n / ingest_seconds, 2),
        "poll_items_per_s": round(args.n / poll_seconds, 2),
        "ratio": round(ingest_seconds / poll_seconds, 3),
        # The server counts a request until its handler returns, a little after the
        # client has read the answer and freed its slot.
        "max_concurrent_connections": server.max_active,
        "requests": server.requests, "source_items": items}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
