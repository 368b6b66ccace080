"""gunicorn's threaded worker, its threads taking reads before writes and analyses.

In gunicorn's ``gthread`` worker every request waits in one first-come queue for a
thread. Under a flood of ``POST /v1/analyze`` (each answered quickly with 503 when no
analysis process is free, but each costing a thread for a moment) a read waits behind all
the posts queued before it. This worker keeps the queue in two ranks: a connection whose
next request starts with ``GET`` or ``HEAD`` (seen with ``MSG_PEEK``, nothing consumed) is
served before every connection whose request is something else; within a rank, in order
of arrival. Reads are cheap and bounded, so they cannot starve the rest for long.
"""

from __future__ import annotations

import heapq
import itertools
import socket
import threading
from collections.abc import Callable
from concurrent.futures import Future

from gunicorn.workers.gthread import ThreadWorker

READ = 0
OTHER = 1
_READ_METHODS = (b"GET ", b"HEAD")


def rank(conn) -> int:
    """READ for a connection whose next request is a read, or whose bytes have not come
    yet (it is waited for without holding the queue); OTHER otherwise."""
    try:
        head = conn.sock.recv(4, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except (OSError, ValueError):  # nothing to read yet, closed, or TLS (no peeking)
        return READ
    return READ if not head or head in _READ_METHODS else OTHER


class RankedPool:
    """Threads taking work by rank, then in order of arrival: the part of
    ``ThreadPoolExecutor`` that gunicorn's worker uses (``submit``, ``shutdown``)."""

    def __init__(self, threads: int, rank_of: Callable[..., int]) -> None:
        self._rank_of = rank_of
        self._queue: list = []
        self._arrival = itertools.count()
        self._changed = threading.Condition()
        self._open = True
        self._threads = [threading.Thread(target=self._serve, name=f"request-{n}", daemon=True)
                         for n in range(threads)]
        for thread in self._threads:
            thread.start()

    def submit(self, fn: Callable, *args) -> Future:
        future: Future = Future()
        entry = (self._rank_of(*args), next(self._arrival), future, fn, args)
        with self._changed:
            if not self._open:
                raise RuntimeError("cannot schedule new work after shutdown")
            heapq.heappush(self._queue, entry)
            self._changed.notify()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._changed:
            self._open = False
            if cancel_futures:
                for entry in self._queue:
                    entry[2].cancel()
                self._queue.clear()
            self._changed.notify_all()
        if wait:
            for thread in self._threads:
                thread.join()

    def _serve(self) -> None:
        while True:
            with self._changed:
                while self._open and not self._queue:
                    self._changed.wait()
                if not self._queue:
                    return
                _, _, future, fn, args = heapq.heappop(self._queue)
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(*args)
            except BaseException as exc:  # handed to the worker, as the executor does
                future.set_exception(exc)
            else:
                future.set_result(result)


class ReadFirstWorker(ThreadWorker):
    """``gthread`` with reads served first."""

    def get_thread_pool(self) -> RankedPool:
        return RankedPool(self.cfg.threads, rank)
