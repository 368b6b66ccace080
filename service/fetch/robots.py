"""robots.txt, read once per host (and again after a while), through the guarded fetcher."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from urllib.robotparser import RobotFileParser

# How long a host's robots.txt is trusted; a failed read is retried sooner.
ROBOTS_TTL = 3600.0
FAILED_TTL = 300.0
MAX_CRAWL_DELAY = 10.0


class Rules:
    """One host's robots.txt as read; ``None`` parser: everything allowed."""

    def __init__(self, parser: RobotFileParser | None, disallow_all: bool = False) -> None:
        self.parser = parser
        self.disallow_all = disallow_all

    def allows(self, agent: str, url: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or self.parser.can_fetch(agent, url)

    def crawl_delay(self, agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent) or self.parser.crawl_delay("*")
        return min(float(delay), MAX_CRAWL_DELAY) if delay is not None else None


def parse(text: str) -> Rules:
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    return Rules(parser)


class RobotsCache:
    """Rules per origin (scheme, host, port); ``read(origin_url)`` gives (status, text)."""

    def __init__(self, read: Callable[[str], tuple[int, str]],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._read, self._clock = read, clock
        self._lock = threading.Lock()
        self._rules: dict[str, tuple[Rules, float]] = {}
        self._origin_locks: dict[str, threading.Lock] = {}

    def rules(self, origin: str) -> Rules:
        with self._lock:
            lock = self._origin_locks.setdefault(origin, threading.Lock())
        with lock:  # one read per origin at a time
            cached = self._rules.get(origin)
            if cached is not None and cached[1] > self._clock():
                return cached[0]
            rules, ttl = self._fetch(origin)
            self._rules[origin] = (rules, self._clock() + ttl)
            return rules

    def _fetch(self, origin: str) -> tuple[Rules, float]:
        # RFC 9309: a robots.txt that is absent (4xx) allows everything; one the server
        # fails to give (5xx) disallows everything until it can. A host that cannot be
        # reached at all fails the fetch itself (FetchError, raised on).
        status, text = self._read(origin + "/robots.txt")
        if 400 <= status < 500:
            return Rules(None), ROBOTS_TTL
        if status >= 500:
            return Rules(None, disallow_all=True), FAILED_TTL
        return parse(text), ROBOTS_TTL
