"""Feeds benchmark: a source of N items on a local server, polled by the service,
against `article-api ingest` of the same pages from files; and the most requests the
server answered at once.

    .venv/bin/python bench/feeds.py -n 1000
    .venv/bin/python bench/feeds.py -n 200 --rounds 4 --processes 2 --host-concurrency 4

The pages are ``generate.py`` articles written as HTML files, served by a threaded HTTP
server in this process that counts the requests it answers at once. The feed grows by
N/rounds items a round, as a real one does; each round the ingest command's code stores
that round's pages from files and the service polls the feed once (its new items only),
so that the two sides share the machine's load alike (it may be shared). Both store into
a fresh SQLite database each and analyze with the same number of processes
(``--processes``). A poll is timed from its start (the feed's fetch) to its end,
politeness included: robots.txt, at most ``--host-concurrency`` requests at once,
``--host-delay`` seconds between their starts. Figures, not a test.
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


def write_site(directory: Path, count: int, seed: int, base: str, rounds: int) -> list[list[str]]:
    """``count`` article pages, in ``rounds`` folders ``news/<round>/``; their URLs by round.
    The feed is written by ``write_feed``."""
    urls: list[list[str]] = [[] for _ in range(rounds)]
    for n, article in enumerate(generate(count, seed)):
        folder = directory / "news" / str(n * rounds // count)
        folder.mkdir(parents=True, exist_ok=True)
        headline, _, body = article["text"].partition("\n\n")
        paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in body.split("\n\n") if p)
        (folder / f"{n}.html").write_text(
            f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(headline)}"
            f"</title></head><body><article><h1>{html.escape(headline)}</h1>\n{paragraphs}"
            "</article></body></html>\n", encoding="utf-8")
        urls[n * rounds // count].append(f"{base}/news/{folder.name}/{n}.html")
    return urls


def write_feed(directory: Path, base: str, urls: list[str]) -> None:
    """``feed.xml`` listing ``urls``, newest first, as a growing feed does."""
    items = "".join(f"<item><title>{n}</title><link>{url}</link></item>"
                    for n, url in reversed(list(enumerate(urls))))
    (directory / "feed.xml").write_text(
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Bench"
        f"</title><link>{base}/</link><description>b</description>{items}</channel></rss>",
        encoding="utf-8")


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

            def do_GET(self) -> None:  # noqa: N802 - the handler's own name
                with lock:
                    server.active += 1
                    server.requests += 1
                    server.max_active = max(server.max_active, server.active)
                try:
                    super().do_GET()
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


class IngestSide:
    """``article-api ingest``'s code on the pages of each round, from files."""

    def __init__(self, directory: Path, processes: int) -> None:
        from service.analysis.runner import Runner

        self.app = _app(directory, "ingest", {"ANALYSIS_CONCURRENCY": processes})
        runner = self.app.extensions["analyzer"]
        self.runner = Runner(runner.pipeline, replace(runner.settings, processes=processes))
        self.processes = processes
        self.ingested = 0

    def round(self, pages: Path) -> float:
        from service.articles.bulk import ingest_paths

        started = time.perf_counter()
        summary = ingest_paths([pages], runner=self.runner, store=self.app.extensions["store"],
                               workers=self.processes, progress=False)
        self.ingested += summary.ingested
        return time.perf_counter() - started

    def close(self) -> None:
        self.runner.close()
        self.app.extensions["analyzer"].close()


class PollSide:
    """The service polling the feed once a round, from the feed's fetch to the last item
    stored, politeness included."""

    def __init__(self, directory: Path, server: CountingServer, args) -> None:
        from service.feeds import poll as feed_polls
        from service.feeds.sources import register

        self.app = _app(directory, "poll", {
            "ANALYSIS_CONCURRENCY": args.processes, "FETCH_ALLOW_HOSTS": ["127.0.0.1"],
            "FETCH_HOST_CONCURRENCY": args.host_concurrency, "FETCH_HOST_DELAY": args.host_delay,
            "FEEDS_MAX_ITEMS": args.n})
        with self.app.app_context():
            self.source = register(self.app.extensions["sources"], self.app.extensions["fetcher"],
                                   f"{server.base}/feed.xml", "feed", 3600, 60)
            self.poller = feed_polls.poller(self.app)
        self.rounds = 0

    def round(self) -> float:
        self.rounds += 1  # each round an interval later, so that the source is due
        later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=3601 * self.rounds)
        self.poller.clock = lambda: later
        with self.app.app_context():
            started = time.perf_counter()
            assert self.poller.poll_due() == 1
            return time.perf_counter() - started

    def items(self) -> dict:
        items = self.app.extensions["sources"].get(self.source.id).items
        items["most_requests_held_by_the_fetcher"] = max(
            self.app.extensions["fetcher"].gate.most_held.values())
        return items

    def close(self) -> None:
        self.app.extensions["analyzer"].close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="items of the source")
    parser.add_argument("--rounds", type=int, default=10,
                        help="the feed gains n/rounds items a round; the two sides alternate")
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
        urls = write_site(site, args.n, args.seed, server.base, args.rounds)
        write_feed(site, server.base, [])
        ingest, poll = IngestSide(directory, args.processes), PollSide(directory, server, args)
        ingest_seconds = poll_seconds = 0.0
        listed: list[str] = []
        for number, new in enumerate(urls):
            listed += new
            write_feed(site, server.base, listed)
            ingest_seconds += ingest.round(site / "news" / str(number))
            poll_seconds += poll.round()
        items = poll.items()
        ingest.close()
        poll.close()
        server.stop()
    assert ingest.ingested == args.n and items["ingested"] == args.n, (ingest.ingested, items)
    report = {
        "items": args.n, "rounds": args.rounds, "processes": args.processes,
        "host_concurrency": args.host_concurrency, "host_delay": args.host_delay,
        "ingest_items_per_s": round(args.n / ingest_seconds, 2),
        "poll_items_per_s": round(args.n / poll_seconds, 2),
        "ratio": round(ingest_seconds / poll_seconds, 3),
        # Requests the server was answering at once (from the request read to the answer
        # written), robots.txt and the feed included.
        "max_concurrent_requests_at_the_server": server.max_active,
        "requests": server.requests, "source_items": items}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
