"""Analyses in child processes of their own, killed and replaced when they overrun.

A request never runs the NLP itself: it hands the article to one of the process's
``ANALYSIS_CONCURRENCY`` analysis children and waits on a pipe, holding no lock and no
CPU, so the other threads of the process keep serving reads. The children are forked
from the process that serves the requests, after the model is loaded, so they share its
pages; they run at a lower CPU priority (``ANALYSIS_NICE``), so that reads come first
when the cores are busy.

The limits hold whatever the text and whatever the rules inside the pipeline do:

- wall clock: a child that has not answered within ``ANALYSIS_TIMEOUT`` seconds is
  killed (SIGKILL) and replaced; the request gets ``AnalysisOverrun``;
- waiting: a request that finds no free child within ``ANALYSIS_QUEUE_WAIT`` seconds, or
  finds ``ANALYSIS_QUEUE`` requests waiting already, gets ``PoolBusy`` (503), so that
  requests waiting for an analysis never take every thread of the process;
- memory: a child is replaced after ``ANALYSIS_CHILD_MAX_JOBS`` analyses, or as soon as
  the memory it made its own since the fork (private dirty pages, not those it shares with
  its parent) exceeds ``ANALYSIS_CHILD_MAX_RSS_MB``, so that what one analysis grew is
  given back to the system.

The pool belongs to the process that made its children: after a fork (gunicorn forks its
workers from the master that created the application) the copy starts without children
and makes its own on first use, or in ``start``.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

log = logging.getLogger(__name__)

_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class PoolBusy(Exception):
    """No analysis child became free in time."""


class AnalysisOverrun(Exception):
    """An analysis ran past its wall-clock limit; its child was killed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"analysis took longer than {seconds:g} s")
        self.seconds = seconds


class AnalysisCrashed(Exception):
    """The child died during an analysis (killed from outside, out of memory)."""


class AnalysisFailed(Exception):
    """The work raised an exception in the child; ``kind`` is its class name."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"analysis failed: {kind}")
        self.kind = kind


@dataclass(frozen=True)
class PoolSettings:
    size: int = 1
    timeout: float = 30.0
    queue: int = 1
    queue_wait: float = 2.0
    max_jobs: int = 500
    max_rss_bytes: int = 1024 * 1024 * 1024
    nice: int = 10


class _Child:
    """One forked child serving jobs over a pipe."""

    def __init__(self, work: Callable, translate: Callable, nice: int) -> None:
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs, work, translate, nice),
                                       daemon=True, name="analysis")
        self.process.start()
        theirs.close()
        self.conn = ours
        self.jobs = 0

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def rss(self) -> int:
        """The memory this child made its own: pages it wrote since the fork (private,
        dirty), not the pages it still shares with its parent, which its resident size
        counts from the start."""
        try:
            with open(f"/proc/{self.process.pid}/smaps_rollup", "rb") as rollup:
                for line in rollup:
                    if line.startswith(b"Private_Dirty:"):
                        return int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            pass
        try:
            with open(f"/proc/{self.process.pid}/statm", "rb") as statm:
                fields = statm.read().split()
                return (int(fields[1]) - int(fields[2])) * _PAGE_SIZE  # resident - shared
        except (OSError, ValueError, IndexError):
            return 0

    def stop(self) -> None:
        """Kill the child and reap it (it may be in the middle of any work)."""
        with suppress(OSError, AttributeError, AssertionError):
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


def _serve(conn, work: Callable, translate: Callable, nice: int) -> None:
    """The child's loop: one job in, one ("ok", result) or (kind, detail) out."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when we stop
    _die_with_parent()
    if nice:
        with suppress(OSError):
            os.nice(nice)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = ("ok", work(job))
        except Exception as exc:  # sent to the parent, which raises it in the request
            answer = translate(exc)
            if answer is None:
                log.exception("analysis failed in child %d", os.getpid())
                answer = ("failed", type(exc).__name__)
        try:
            conn.send(answer)
        except (BrokenPipeError, OSError):
            return


def _die_with_parent() -> None:
    """Linux: the kernel kills this child when the process that forked it dies, even by
    SIGKILL (otherwise a child busy with a long analysis would outlive it)."""
    with suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _no_translation(_exc: Exception):
    return None


class AnalysisPool:
    """A bounded set of analysis children and the requests waiting for them."""

    def __init__(self, work: Callable, settings: PoolSettings,
                 translate: Callable[[Exception], tuple | None] = _no_translation,
                 restore: Callable[[str, object], Exception] | None = None) -> None:
        """``work(job)`` runs in a child; ``translate(exc)`` turns an exception raised
        there into a picklable ``(kind, detail)`` (None: an unexpected failure), which
        ``restore(kind, detail)`` raises again in the requesting thread."""
        self.work = work
        self.settings = settings
        self.translate = translate
        self.restore = restore
        self._reset()

    def _reset(self) -> None:
        self._owner = os.getpid()
        self._cond = threading.Condition()
        self._idle: list[_Child] = []
        self._free = max(1, self.settings.size)
        self._waiting = 0
        self.replaced = 0  # children killed on overrun or death (for tests and metrics)

    def _check_owner(self) -> None:
        if self._owner != os.getpid():  # a forked copy: the children are not ours
            self._reset()

    def start(self) -> None:
        """Fork the children now (gunicorn: in each worker before its threads start)."""
        self._check_owner()
        with self._cond:
            missing = self._free - len(self._idle)
            for _ in range(max(0, missing)):
                self._idle.append(self._spawn())

    def close(self) -> None:
        with self._cond:
            idle, self._idle = self._idle, []
        if self._owner == os.getpid():
            for child in idle:
                child.stop()

    def _spawn(self) -> _Child:
        return _Child(self.work, self.translate, self.settings.nice)

    def run(self, job, timeout: float | None = None):
        """The work's result for ``job``, within the pool's limits (``timeout`` seconds
        instead of the pool's for this job, when given)."""
        timeout = self.settings.timeout if timeout is None else timeout
        self._check_owner()
        child = self._acquire()
        keep = False
        try:
            if child is None or not child.process.is_alive():
                if child is not None:
                    child.stop()
                child = self._spawn()
            started = time.monotonic()
            try:
                child.conn.send(job)
                ready = child.conn.poll(timeout)
            except (BrokenPipeError, EOFError, OSError) as exc:
                self.replaced += 1
                raise AnalysisCrashed("the analysis process stopped") from exc
            if not ready:
                log.warning("analysis overran %.3g s in child %s: killed and replaced",
                            time.monotonic() - started, child.pid)
                self.replaced += 1
                raise AnalysisOverrun(timeout)
            try:
                kind, detail = child.conn.recv()
            except (EOFError, OSError) as exc:
                self.replaced += 1
                raise AnalysisCrashed("the analysis process stopped") from exc
            child.jobs += 1
            keep = child.jobs < self.settings.max_jobs and \
                child.rss() <= self.settings.max_rss_bytes
            if kind == "ok":
                return detail
            if kind == "failed" or self.restore is None:
                raise AnalysisFailed(str(detail))
            raise self.restore(kind, detail)
        finally:
            self._release(child, keep)

    def saturated(self) -> bool:
        """Whether a request arriving now would be refused at once (no free child, and
        as many requests waiting as may): checked before a request body is even read."""
        return self._owner == os.getpid() and self._free == 0 \
            and self._waiting >= self.settings.queue

    @contextmanager
    def reserve(self) -> Iterator[None]:
        """Hold one slot of the pool as an analysis would (PoolBusy when none is free)."""
        self._check_owner()
        child = self._acquire()
        try:
            yield
        finally:
            self._release(child, True)

    def _acquire(self) -> _Child | None:
        with self._cond:
            if self._free == 0 and self._waiting >= self.settings.queue:
                raise PoolBusy()
            self._waiting += 1
            try:
                if not self._cond.wait_for(lambda: self._free > 0, self.settings.queue_wait):
                    raise PoolBusy()
            finally:
                self._waiting -= 1
            self._free -= 1
            return self._idle.pop() if self._idle else None

    def _release(self, child: _Child | None, keep: bool) -> None:
        if child is not None and not keep:
            # Killed whether it may still be working (overrun) or is done (worn out), and
            # replaced now, so that the next request finds a child ready.
            child.stop()
            try:
                child = self._spawn()
            except OSError:
                log.exception("cannot start an analysis process")
                child = None
        with self._cond:
            if child is not None:
                self._idle.append(child)
            self._free += 1
            self._cond.notify()


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``AnalysisOverrun`` in this thread after ``seconds`` of wall clock.

    For the command line (bulk ingest, re-analysis), where the analysis runs in the main
    thread of its process: a signal interrupts pure Python and the regular expression
    engines (both check for signals while matching). No limit outside the main thread.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(_signum, _frame):
        raise AnalysisOverrun(seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
