"""Politeness per host: at most N requests at a time, and a minimum delay between starts."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class HostGate:
    """Slots per host shared by every thread of a process."""

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
        """Take the next start time of ``host``, then sleep until it."""
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
