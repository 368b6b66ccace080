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


def crawl_delay(rules: RobotFileParser, agent: str) -> float | None:
    delay = rules.crawl_delay(agent) or rules.crawl_delay("*")
    return min(float(delay), MAX_CRAWL_DELAY) if delay is not None else None


class RobotsCache:
    """Rules per origin (scheme, host, port); ``read(origin_url)`` gives (status, text)."""

    def __init__(self, read: Callable[[str], tuple[int, str]],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._read, self._clock = read, clock
        self._lock = threading.Lock()
        self._rules: dict[str, tuple[RobotFileParser, float]] = {}
        self._origin_locks: dict[str, threading.Lock] = {}

    def rules(self, origin: str) -> RobotFileParser:
        with self._lock:
            lock = self._origin_locks.setdefault(origin, threading.Lock())
        with lock:  # one read per origin at a time
            cached = self._rules.get(origin)
            if cached is not None and cached[1] > self._clock():
                return cached[0]
            rules, ttl = self._fetch(origin)
            self._rules[origin] = (rules, self._clock() + ttl)
            return rules

    def _fetch(self, origin: str) -> tuple[RobotFileParser, float]:
        # RFC 9309: a robots.txt that is absent (4xx) allows everything; one the server
        # fails to give (5xx) disallows everything until it can. A host that cannot be
        # reached at all fails the fetch itself (FetchError, raised on).
        status, text = self._read(origin + "/robots.txt")
        rules = RobotFileParser()
        if 400 <= status < 500:
            rules.allow_all = True
        elif status >= 500:
            rules.disallow_all = True
            return rules, FAILED_TTL
        else:
            rules.parse(text.splitlines())
        return rules, ROBOTS_TTL
