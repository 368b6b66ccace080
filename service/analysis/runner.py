"""The analysis runner: every analysis runs in a child process of a pebble pool, killed
and replaced past ``ANALYSIS_TIMEOUT``. Children are forked after the model is loaded (they
share its pages), replaced after ``ANALYSIS_CHILD_MAX_JOBS`` analyses, run at a lower
priority (reads first) and die with their parent.

Requests enter through ``admitted`` before their body is read: at most
``ANALYSIS_CONCURRENCY + ANALYSIS_QUEUE`` wait on analyses, so that other threads stay free
for reads; beyond, or after ``ANALYSIS_QUEUE_WAIT``, ``AnalysisBusy``.
"""

from __future__ import annotations

import contextvars
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from itertools import islice

from pebble import ProcessExpired, ProcessPool

from service.errors import AnalysisBusy
from service.nlp.pipeline import Analyzer, InvalidText, Request
from service.nlp.types import Structure

log = logging.getLogger(__name__)
# The seconds of analysis run for the current request, when the web layer counts them.
SPENT: contextvars.ContextVar[list[float] | None] = contextvars.ContextVar(
    "analysis_spent", default=None)


class AnalysisOverrun(Exception):
    """An analysis ran past its wall-clock limit; its process was killed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"analysis took longer than {seconds:g} s")
        self.seconds = seconds

    def __reduce__(self):
        return type(self), (self.seconds,)


class AnalysisCrashed(Exception):
    """The analysis process died (killed from outside, out of memory)."""


@dataclass(frozen=True)
class Budget:
    """A text whose estimated analysis time (``ANALYSIS_CHARS_PER_SECOND``) exceeds the
    limit is refused before any work: retrying cannot change it."""

    timeout: float
    chars_per_second: float

    def check(self, chars: int) -> None:
        if chars / self.chars_per_second > self.timeout:
            raise InvalidText(f"text is too long to analyze within {self.timeout:g} s "
                              f"(at most about {int(self.timeout * self.chars_per_second)} "
                              f"characters)")

    def check_request(self, request: Request, max_chars: int) -> None:
        """Plain text sized up front; HTML, and text over ``max_chars`` (refused by the
        pipeline anyway), once structured."""
        if request.format != "html" and len(request.text) <= max_chars:
            self.check(len(request.text))


@dataclass(frozen=True)
class Settings:
    processes: int = 1
    timeout: float = 30.0
    queue: int = 1
    queue_wait: float = 2.0
    max_tasks: int = 500
    nice: int = 10
    chars_per_second: float = 7_000.0

    @classmethod
    def from_config(cls, config: Mapping) -> Settings:
        processes = max(1, config["ANALYSIS_CONCURRENCY"])
        return cls(processes=processes, timeout=float(config["ANALYSIS_TIMEOUT"]),
                   queue=max(0, config["ANALYSIS_QUEUE"]),
                   queue_wait=float(config["ANALYSIS_QUEUE_WAIT"]),
                   max_tasks=max(1, config["ANALYSIS_CHILD_MAX_JOBS"]),
                   nice=config["ANALYSIS_NICE"],
                   chars_per_second=float(config["ANALYSIS_CHARS_PER_SECOND"]))


_pipeline: Analyzer | None = None


def _start_child(pipeline: Analyzer, nice: int) -> None:
    """A new analysis process: the parent's pipeline, a lower priority, and (Linux) an end
    when the thread that forked it ends, even one killed by SIGKILL (the first thread to
    run an analysis, or pebble's manager thread: both as long-lived as the runner)."""
    global _pipeline
    _pipeline = pipeline
    if nice:
        with suppress(OSError):
            os.nice(nice)
    with suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _call(function: Callable, args: tuple):
    return function(_pipeline, *args)


def _structure_each(pipeline: Analyzer, requests: list[Request]) -> list[Structure | str]:
    found = []
    for request in requests:
        try:
            found.append(pipeline.structure(request))
        except InvalidText as exc:
            found.append(str(exc))
    return found


def _analyze_each(pipeline: Analyzer, structured: list[Structure]) -> list[dict]:
    return list(pipeline.analyze_structures(structured))


class Runner:
    """The process's analysis processes and the requests waiting on them;
    ``observe(seconds)`` is told the duration of each run."""

    def __init__(self, pipeline: Analyzer, settings: Settings,
                 observe: Callable[[float], None] = lambda _seconds: None) -> None:
        self.pipeline = pipeline
        self.settings = settings
        self.budget = Budget(settings.timeout, settings.chars_per_second)
        self.observe = observe
        self._lock = threading.Lock()
        self._pool: ProcessPool | None = None
        self._owner: int | None = None
        self._slots_owner: int | None = None

    @property
    def provenance(self) -> dict:
        return self.pipeline.provenance

    @contextmanager
    def admitted(self) -> Iterator[None]:
        with self._lock:
            if self._slots_owner != os.getpid():  # new, or a forked copy: none is held
                self._places = threading.BoundedSemaphore(
                    self.settings.processes + self.settings.queue)
                self._slots = threading.BoundedSemaphore(self.settings.processes)
                self._slots_owner = os.getpid()
            places, slots = self._places, self._slots
        if not places.acquire(blocking=False):
            raise AnalysisBusy(retry_after=1)
        try:
            if not slots.acquire(timeout=self.settings.queue_wait):
                raise AnalysisBusy(retry_after=1)  # a process may free at any time
            try:
                yield
            finally:
                slots.release()
        finally:
            places.release()

    def run(self, function: Callable, *args, timeout: float | None = None):
        """``function(pipeline, *args)`` in an analysis process (a module-level function,
        sent by name), killed after ``timeout`` seconds (0: none): ``AnalysisOverrun``,
        or ``AnalysisCrashed`` when the process died."""
        seconds = self.settings.timeout if timeout is None else timeout
        started = time.monotonic()
        future = self._processes().schedule(_call, args=(function, args),
                                            timeout=seconds or None)
        try:
            result = future.result()
        except TimeoutError:
            log.warning("analysis overran %g s: its process was killed and replaced", seconds)
            raise AnalysisOverrun(seconds) from None
        except ProcessExpired as exc:
            raise AnalysisCrashed("the analysis process stopped") from exc
        finally:
            if (spent := SPENT.get()) is not None:  # what the request's client is charged
                spent.append(time.monotonic() - started)
        self.observe(time.monotonic() - started)
        return result

    def each(self, function: Callable, items: list) -> list:
        """``function(pipeline, items)`` for all at once; if that fails, each item alone,
        so that only a bad one fails: its result, or why it failed (a string)."""
        if not items:
            return []
        try:
            return self.run(function, items, timeout=self.settings.timeout * len(items))
        except Exception as exc:
            log.warning("a batch of %d failed (%s); running its items one by one",
                        len(items), exc)
        results = []
        for item in items:
            try:
                results.append(self.run(function, [item])[0])
            except (InvalidText, AnalysisOverrun, AnalysisCrashed) as exc:
                results.append(str(exc))
            except Exception as exc:
                log.exception("analysis failed")
                results.append(f"analysis failed: {type(exc).__name__}")
        return results

    def structures(self, requests: list[Request]) -> list[Structure | str]:
        return self.each(_structure_each, requests)

    def analyses(self, structured: list[Structure]) -> list[dict | str]:
        return self.each(_analyze_each, structured)

    def _processes(self) -> ProcessPool:
        with self._lock:
            if self._pool is None or self._owner != os.getpid():
                self._pool = ProcessPool(
                    max_workers=self.settings.processes, max_tasks=self.settings.max_tasks,
                    initializer=_start_child,
                    initargs=(self.pipeline, self.settings.nice),
                    context=multiprocessing.get_context("fork"))
                self._owner = os.getpid()
            return self._pool

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None and self._owner == os.getpid():
            pool.stop()
            pool.join(timeout=10)


def chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
