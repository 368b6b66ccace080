"""Connections held back after a refusal, released when their time comes.

A client refused with 503 (no analysis free, store unavailable) or 429 (rate limited)
is told when to come back (Retry-After). One that retries at once gets its next request
read only after ``seconds``: on the same connection after any refusal, and on a new
connection from the same address after a 503 (a refusal every client would get then).
A held connection holds no thread, and a read is never held: the worker looks at the
next request's method before holding it.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable

MAX_PEERS = 4096  # addresses remembered; the oldest are forgotten first


class Held:
    """Held connections, each with its time of release and what releasing it does; and
    the addresses recently refused with a 503, with the end of their hold."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._queue: list = []
        self._order = itertools.count()
        self._peers: OrderedDict = OrderedDict()
        self._peers_lock = threading.Lock()  # refusals are noted by the request threads

    def hold(self, conn, until: float, release: Callable[[], None]) -> None:
        conn.held = True
        heapq.heappush(self._queue, (until, next(self._order), conn, release))

    def due(self, now: float, everything: bool = False) -> list[tuple]:
        """The connections to release now, each with what releasing it does, less those
        let go early (``held`` false)."""
        released = []
        while self._queue and (everything or self._queue[0][0] <= now):
            _, _, conn, release = heapq.heappop(self._queue)
            if conn.held:
                conn.held = False
                released.append((conn, release))
        return released

    def wait(self, now: float) -> float | None:
        """Seconds until the next release, None when nothing is held."""
        return max(0.0, self._queue[0][0] - now) if self._queue else None

    def refused(self, peer, now: float) -> None:
        if not peer or self.seconds <= 0:
            return
        with self._peers_lock:
            self._peers[peer] = now + self.seconds
            self._peers.move_to_end(peer)
            while len(self._peers) > MAX_PEERS:
                self._peers.popitem(last=False)

    def peer_until(self, peer, now: float) -> float | None:
        """When the hold on ``peer`` ends, if it is held now."""
        with self._peers_lock:
            until = self._peers.get(peer)
            if until is not None and until <= now:
                del self._peers[peer]
                return None
            return until


def peer(conn):
    """The connection's remote address (None on a Unix socket)."""
    client = getattr(conn, "client", None)
    return client[0] if isinstance(client, tuple) and client else None
