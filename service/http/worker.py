"""gunicorn's threaded worker, its threads taking reads before writes and analyses.

In gunicorn's ``gthread`` worker every request waits in one first-come queue for a
thread. Under a flood of ``POST /v1/analyze`` (each answered quickly with 503 when no
analysis process is free, but each costing a thread for a moment) a read waits behind all
the posts queued before it. This worker keeps the queue in two ranks: a connection whose
next request starts with ``GET`` or ``HEAD`` (seen with ``MSG_PEEK``, nothing consumed) is
served before every connection whose request is something else; within a rank, in order
of arrival. Reads are cheap and bounded, so they cannot starve the rest for long.

It also decides when the worker retires (``max_requests``, with its jitter): after that
many requests that did work (a refusal, 429 or 503, answered before any work is done,
does not count, so a flood of refused analyses does not make workers restart), and only
when no other worker of the same server is retiring: a retiring worker stops accepting
and finishes its requests, analyses included, so if every worker retired at once no one
would accept connections for as long as the longest analysis.

And it holds back clients that retry at once after a refusal (service/http/holding.py),
so that a flood of refused writes does not take the CPU that reads need.
"""

from __future__ import annotations

import fcntl
import functools
import heapq
import itertools
import selectors
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future

from gunicorn.workers.gthread import ThreadWorker

from service.http.holding import Held, peer

READ = 0
OTHER = 1
_READ_METHODS = (b"GET ", b"HEAD")
# Answers given without doing the work asked for: rate limited, or no analysis free.
REFUSALS = ("429", "503")
HOLD_SECONDS = 1.0


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
    ``ThreadPoolExecutor`` that gunicorn's worker uses (``submit``, ``shutdown``).

    ``reserved`` threads take reads only (one fewer if that would leave none for the
    rest), so that a read never waits for a thread behind writes, whatever comes."""

    def __init__(self, threads: int, rank_of: Callable[..., int], reserved: int = 1) -> None:
        self._rank_of = rank_of
        self._queue: list = []
        self._arrival = itertools.count()
        self._changed = threading.Condition()
        self._open = True
        self._others_at_most = max(1, threads - reserved)
        self._others_running = 0
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

    def _take(self):
        """The next entry this thread may run (waiting for one), None once shut down
        and drained. Called holding the condition."""
        while True:
            if self._queue and (self._queue[0][0] == READ
                                or self._others_running < self._others_at_most):
                entry = heapq.heappop(self._queue)
                if entry[0] != READ:
                    self._others_running += 1
                return entry
            if not self._open and not self._queue:
                return None
            self._changed.wait()

    def _serve(self) -> None:
        while True:
            with self._changed:
                entry = self._take()
            if entry is None:
                return
            kind, _, future, fn, args = entry
            try:
                if future.set_running_or_notify_cancel():
                    self._run(future, fn, args)
            finally:
                if kind != READ:
                    with self._changed:
                        self._others_running -= 1
                        self._changed.notify()

    @staticmethod
    def _run(future: Future, fn: Callable, args) -> None:
        try:
            result = fn(*args)
        except BaseException as exc:  # handed to the worker, as the executor does
            future.set_exception(exc)
        else:
            future.set_result(result)


class Retirement:
    """When a worker retires: once ``after`` requests that were not refused have been
    answered, and its turn is free.

    The turn is a POSIX lock on a file the server made before forking its workers: one
    process holds it at a time, and it is let go when that process exits, however it
    exits."""

    def __init__(self, after: int, turns) -> None:
        self.after = after
        self.worked = 0
        self._turns = turns

    def count(self, status: str) -> None:
        if not refused(status):
            self.worked += 1

    def due(self) -> bool:
        return self.worked >= self.after

    def take_turn(self) -> bool:
        try:
            fcntl.lockf(self._turns.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True


def refused(status: str) -> bool:
    return status.startswith(REFUSALS)


class Answers:
    """The WSGI application, the status of each answer counted by ``retirement`` and kept
    for the thread that serves it (``last``); ``unavailable`` is told the client's
    address of every 503 before the answer leaves."""

    def __init__(self, application: Callable, retirement: Retirement,
                 unavailable: Callable[[str], None] = lambda address: None) -> None:
        self.application = application
        self._retirement = retirement
        self._unavailable = unavailable
        self._threads = threading.local()

    def last(self) -> str:
        return getattr(self._threads, "status", "")

    def __call__(self, environ, start_response):
        def noted_start(status, headers, exc_info=None):
            self._threads.status = status
            self._retirement.count(status)
            if status.startswith("503"):
                self._unavailable(environ.get("REMOTE_ADDR"))
            return start_response(status, headers, exc_info)

        self._threads.status = ""
        return self.application(environ, noted_start)


def application(worker):
    """The application a worker serves, under its ``Answers`` wrapper if it has one."""
    wsgi = getattr(worker, "wsgi", None)
    return getattr(wsgi, "application", wsgi)


class ReadFirstWorker(ThreadWorker):
    """``gthread`` with reads served first, refused clients held, retiring in turn."""

    _turns = None  # made in the server process, inherited by every worker it forks

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if ReadFirstWorker._turns is None:
            # open for the server's lifetime; unlinked already, it leaves nothing behind
            ReadFirstWorker._turns = tempfile.TemporaryFile(  # noqa: SIM115
                prefix="article-api-turns-")
        self.retirement = Retirement(self.max_requests, ReadFirstWorker._turns)
        self.max_requests = sys.maxsize  # gunicorn's own count is replaced by ours
        self.held = Held(HOLD_SECONDS)  # gunicorn.conf.py sets REFUSED_HOLD

    def load_wsgi(self) -> None:
        super().load_wsgi()
        self.wsgi = Answers(self.wsgi, self.retirement,
                            lambda address: self.held.refused(address, time.monotonic()))

    def get_thread_pool(self) -> RankedPool:
        return RankedPool(self.cfg.threads, rank)

    def handle_request(self, req, conn):
        keep_alive = super().handle_request(req, conn)
        conn.refused = refused(self.wsgi.last())
        if self.alive and self.retirement.due() and self.retirement.take_turn():
            self.log.info("Autorestarting worker after %d requests",
                          self.retirement.worked)
            self.alive = False
            self.method_queue.defer(lambda: None)  # wake the loop that stops the worker
        return keep_alive

    # The methods below run in the worker's main thread, as gunicorn's own do.

    def finish_request(self, conn, fs) -> None:
        """After a refusal the connection's next request is read only after the hold
        (service/http/holding.py), unless it is a read."""
        was_refused, conn.refused = getattr(conn, "refused", False), False
        if not was_refused or self.held.seconds <= 0 or not self.alive or fs.cancelled() \
                or fs.exception() is not None or fs.result() is not True:
            super().finish_request(conn, fs)  # closed, or not kept alive
            return
        release = functools.partial(ThreadWorker.finish_request, self, conn, fs)
        self._hold(conn, time.monotonic() + self.held.seconds, release,
                   watch=not conn.parser.unreader.buf.getvalue())

    def enqueue_req(self, conn) -> None:
        """A new connection from an address refused with a 503 a moment ago waits for
        the rest of that hold, unless its first request is a read."""
        screened, conn.screened = getattr(conn, "screened", False), True
        until = None if screened or conn.initialized or conn.data_ready or not self.alive \
            else self.held.peer_until(peer(conn), time.monotonic())
        if until is None:
            super().enqueue_req(conn)
            return
        self._hold(conn, until, functools.partial(ThreadWorker.enqueue_req, self, conn))

    def _hold(self, conn, until: float, release, watch: bool = True) -> None:
        self.held.hold(conn, until, release)
        if watch:  # to let a read through as soon as it comes
            self.poller.register(conn.sock, selectors.EVENT_READ,
                                 functools.partial(self._on_held_readable, conn, release))
            conn.watched = True

    def _on_held_readable(self, conn, release, _sock) -> None:
        self._unwatch(conn)
        if rank(conn) == READ:  # a read, or the client closed: no reason to wait
            conn.held = False
            release()
        # otherwise it stays held until its time

    def _unwatch(self, conn) -> None:
        if getattr(conn, "watched", False):
            self.poller.unregister(conn.sock)
            conn.watched = False

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        self._release()
        wait = self.held.wait(time.monotonic())
        super().wait_for_and_dispatch_events(timeout if wait is None else min(timeout, wait))
        self._release()

    def _release(self) -> None:
        for conn, release in self.held.due(time.monotonic(), everything=not self.alive):
            self._unwatch(conn)
            release()
