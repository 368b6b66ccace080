"""The one fetcher: polite (User-Agent, robots.txt, per-host slots and delay), bounded
(timeouts, redirects, body and decompressed size, media types) and guarded (every hop's
address checked, the connection made to the checked address)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from service import __version__
from service.fetch.decode import Inflater, decode
from service.fetch.errors import FetchRefused, UpstreamError, UpstreamTimeout
from service.fetch.guard import Resolver, Target, check_url, system_resolver
from service.fetch.robots import RobotsCache, crawl_delay

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                        "application/xml", "text/xml", "application/feed+json",
                        "application/json", "application/x-rss+xml"})
GZIP_TYPES = frozenset({"application/gzip", "application/x-gzip"})
SOURCE_TYPES = PAGE_TYPES | FEED_TYPES | GZIP_TYPES
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    media_type: str
    body: bytes
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def text(self) -> str:
        return decode(self.body, self.charset)


@dataclass(frozen=True)
class Limits:
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_timeout: float = 30.0
    max_redirects: int = 5
    max_bytes: int = 8 * 1024 * 1024


class Fetcher:
    def __init__(self, config: Mapping, resolve: Resolver = system_resolver,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = Limits(config["FETCH_CONNECT_TIMEOUT"], config["FETCH_READ_TIMEOUT"],
                             config["FETCH_TOTAL_TIMEOUT"], config["FETCH_MAX_REDIRECTS"],
                             config["MAX_HTML_BODY_BYTES"])
        self.allow_hosts = frozenset(h.lower() for h in config["FETCH_ALLOW_HOSTS"])
        self.user_agent = f"article-api/{__version__} (+{config['FETCH_CONTACT']})"
        self.obey_robots = config["FETCH_OBEY_ROBOTS"]
        self.gate = HostGate(config["FETCH_HOST_CONCURRENCY"], config["FETCH_HOST_DELAY"])
        self.robots = RobotsCache(self._read_robots, clock)
        self._resolve, self._clock = resolve, clock
        self._clients: dict[int, httpx.Client] = {}

    @property
    def _client(self) -> httpx.Client:
        client = self._clients.get(os.getpid())
        if client is None:
            timeout = httpx.Timeout(self.limits.read_timeout,
                                    connect=self.limits.connect_timeout)
            client = self._clients[os.getpid()] = httpx.Client(
                timeout=timeout, follow_redirects=False, trust_env=False,
                limits=httpx.Limits(max_keepalive_connections=20))
        return client

    def close(self) -> None:
        if (client := self._clients.pop(os.getpid(), None)) is not None:
            client.close()

    def fetch(self, url: str, *, accept: Collection[str] = PAGE_TYPES,
              etag: str | None = None, last_modified: str | None = None) -> Fetched:
        deadline = self._clock() + self.limits.total_timeout
        for _hop in range(self.limits.max_redirects + 1):
            target = check_url(url, self._resolve, self.allow_hosts)
            delay = self._check_robots(target)
            with self.gate.slot(target.host, delay):
                fetched = self._get(target, accept, deadline, etag, last_modified)
            if fetched.status not in _REDIRECTS:
                return fetched
            url = urljoin(target.url, fetched.url)
        raise FetchRefused("redirects", f"More than {self.limits.max_redirects} redirects.")

    def _check_robots(self, target: Target) -> float | None:
        if not self.obey_robots:
            return None
        rules = self.robots.rules(f"{target.scheme}://{_netloc(target)}")
        if not rules.can_fetch(self.user_agent, target.url):
            raise FetchRefused("robots.txt", f"{target.host}'s robots.txt disallows "
                                             f"{urlsplit(target.url).path or '/'}.")
        return crawl_delay(rules, self.user_agent)

    def _read_robots(self, url: str) -> tuple[int, str]:
        deadline = self._clock() + self.limits.total_timeout
        target = check_url(url, self._resolve, self.allow_hosts)
        with self.gate.slot(target.host):
            try:
                fetched = self._get(target, None, deadline, None, None, max_bytes=512 * 1024)
            except FetchRefused:
                return 404, ""  # not a robots.txt (an HTML page, too large): none
        if fetched.status in _REDIRECTS:
            return 404, ""
        return fetched.status, fetched.text

    def _get(self, target: Target, accept: Collection[str] | None, deadline: float,
             etag: str | None, last_modified: str | None,
             max_bytes: int | None = None) -> Fetched:
        headers = {"User-Agent": self.user_agent, "Host": _netloc(target),
                   "Accept-Encoding": "gzip, deflate", "Accept": ", ".join(accept or ["*/*"]),
                   "If-None-Match": etag, "If-Modified-Since": last_modified}
        headers = {name: value for name, value in headers.items() if value}
        address = f"[{target.address}]" if ":" in target.address else target.address
        parts = urlsplit(target.url)
        connect_url = parts._replace(scheme=target.scheme,
                                     netloc=f"{address}:{target.port}").geturl()
        extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
        request = self._client.build_request("GET", connect_url, headers=headers,
                                             extensions=extensions)
        try:
            response = self._client.send(request, stream=True)
        except httpx.TimeoutException as exc:
            raise UpstreamTimeout("timeout", f"{target.host} did not answer in time.") from exc
        except httpx.HTTPError as exc:
            raise UpstreamError("unreachable", f"{target.host} could not be reached "
                                               f"({type(exc).__name__}).") from exc
        try:
            return self._read(target, response, accept, deadline, max_bytes)
        except httpx.TimeoutException as exc:
            raise UpstreamTimeout("timeout", f"{target.host} did not send the body in "
                                             "time.") from exc
        except httpx.HTTPError as exc:
            raise UpstreamError("broken answer", f"{target.host} broke off its answer "
                                                 f"({type(exc).__name__}).") from exc
        finally:
            response.close()

    def _read(self, target: Target, response: httpx.Response,
              accept: Collection[str] | None, deadline: float,
              max_bytes: int | None) -> Fetched:
        common = {"etag": response.headers.get("etag"),
                  "last_modified": response.headers.get("last-modified")}
        if response.status_code in _REDIRECTS:
            location = response.headers.get("location")
            if not location:
                raise UpstreamError("redirect", f"{target.host} redirected nowhere.")
            return Fetched(location, response.status_code, "", b"")
        if response.status_code == 304:
            return Fetched(target.url, 304, "", b"", **common)
        if response.status_code >= 400 and accept is not None:
            raise UpstreamError(f"http {response.status_code}",
                                f"{target.host} answered {response.status_code}.")
        media_type, charset = _media_type(response.headers.get("content-type", ""))
        if accept is not None and media_type not in accept and \
                not (media_type in GZIP_TYPES and GZIP_TYPES & set(accept)):
            raise FetchRefused("media type", f"{media_type or 'no media type'} is not "
                                             "fetched here.")
        cap = max_bytes or self.limits.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchRefused("too large", f"The body is larger than {cap} bytes.")
        body = Inflater(response.headers.get("content-encoding"), cap)
        raw = 0
        for chunk in response.iter_raw():
            raw += len(chunk)
            if raw > cap:
                raise FetchRefused("too large", f"The body is larger than {cap} bytes.")
            body.feed(chunk)
            if self._clock() > deadline:
                raise UpstreamTimeout("timeout", f"{target.host} took longer than "
                                                 f"{self.limits.total_timeout:g} s.")
        content = body.body()
        if media_type in GZIP_TYPES:
            inflated = Inflater("gzip", cap)
            inflated.feed(content)
            content = inflated.body()
        return Fetched(target.url, response.status_code, media_type, content, charset,
                       **common)


def _netloc(target: Target) -> str:
    host = f"[{target.host}]" if ":" in target.host else target.host
    default = 443 if target.scheme == "https" else 80
    return host if target.port == default else f"{host}:{target.port}"


def _media_type(header: str) -> tuple[str, str | None]:
    kind, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return kind.strip().lower(), charset


class HostGate:
    """Politeness per host: at most N requests at once, a minimum delay between starts."""

    def __init__(self, concurrency: int, min_delay: float,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.concurrency = max(1, concurrency)
        self.min_delay = max(0.0, min_delay)
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}
        self.held: dict[str, int] = {}
        self.most_held: dict[str, int] = {}  # the most slots of each host held at once

    def _slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._slots:
                self._slots[host] = threading.BoundedSemaphore(self.concurrency)
            return self._slots[host]

    def _wait_turn(self, host: str, delay: float) -> None:
        with self._lock:
            now = self._clock()
            start = max(now, self._next_start.get(host, now))
            self._next_start[host] = start + delay
        if start > now:
            self._sleep(start - now)

    @contextmanager
    def slot(self, host: str, delay: float | None = None) -> Iterator[None]:
        """Hold one of ``host``'s slots, started no sooner than the delay after the last."""
        semaphore = self._slot(host)
        semaphore.acquire()
        try:
            self._wait_turn(host, self.min_delay if delay is None else max(delay, 0.0))
            with self._lock:
                self.held[host] = self.held.get(host, 0) + 1
                self.most_held[host] = max(self.most_held.get(host, 0), self.held[host])
            try:
                yield
            finally:
                with self._lock:
                    self.held[host] -= 1
        finally:
            semaphore.release()
