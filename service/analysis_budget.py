"""The analysis budget: the application's analyzer, holding every analysis to a time limit.

Every analysis of a request runs in an analysis child process of the worker
(service/analysis_pool.py), which is killed and replaced when it overruns
``ANALYSIS_TIMEOUT`` seconds, whatever the text makes the rules do:

- a text whose estimated analysis time alone exceeds the limit (from its size and a
  calibrated throughput, ``ANALYSIS_CHARS_PER_SECOND``) is refused before any work
  (``InvalidText``: a property of the text under this configuration, retrying cannot help);
- an analysis that runs past the limit anyway is stopped (``AnalysisOverrun``);
- each process analyzes at most ``ANALYSIS_CONCURRENCY`` articles at once; a request
  that cannot start its analysis within ``ANALYSIS_QUEUE_WAIT`` seconds, or finds
  ``ANALYSIS_QUEUE`` requests already waiting, gets ``AnalysisBusy``: the same request can
  succeed later.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace

from service.analysis_pool import (
    AnalysisFailed,
    AnalysisOverrun,
    AnalysisPool,
    PoolBusy,
    PoolSettings,
    time_limit,
)
from service.errors import AnalysisBusy
from service.nlp.pipeline import Analyzer, InvalidText, Request
from service.nlp.types import Structure

log = logging.getLogger(__name__)


class AnalysisBudget:
    """Admission control for analyses: a size estimate against the time limit."""

    def __init__(self, timeout: float, chars_per_second: float) -> None:
        self.timeout = float(timeout)
        self.chars_per_second = float(chars_per_second)

    @property
    def max_chars(self) -> int:
        return int(self.timeout * self.chars_per_second)

    def estimate(self, chars: int) -> float:
        return chars / self.chars_per_second

    def check_size(self, chars: int) -> None:
        """``InvalidText`` for a text that cannot be analyzed within the budget even on an
        idle core."""
        if self.estimate(chars) > self.timeout:
            raise InvalidText(f"text is too long to analyze within {self.timeout:g} s "
                              f"(at most about {self.max_chars} characters)")

    def busy(self, chars: int) -> AnalysisBusy:
        return AnalysisBusy(retry_after=max(1, math.ceil(self.estimate(chars))))


def _translate(exc: Exception) -> tuple | None:
    """An exception of the analysis child as picklable data (None: unexpected)."""
    if isinstance(exc, InvalidText):
        return "invalid", (str(exc), exc.field)
    if isinstance(exc, AnalysisOverrun):
        return "overrun", exc.seconds
    return None


def _restore(kind: str, detail) -> Exception:
    if kind == "invalid":
        return InvalidText(*detail)
    return AnalysisOverrun(detail)


def _ignore(_seconds: float) -> None:
    return None


class BudgetedAnalyzer:
    """The application's analyzer: ``analyze`` runs each analysis in the process's
    analysis pool under a hard wall-clock limit, ``analyze_in_process`` in the calling
    process limited by a timer signal (the command line).

    Both return the analysis shaped as the API documents it (``shapes``): the shaping is
    done by the analysis child too, so that a request's thread only waits.
    ``observe(seconds)`` is told the duration of each analysis.
    """

    shapes = True

    def __init__(self, inner: Analyzer, budget: AnalysisBudget, settings: PoolSettings,
                 observe: Callable[[float], None] = _ignore) -> None:
        self.inner = inner
        self.budget = budget
        self.observe = observe
        self.pool = AnalysisPool(self._work, settings, translate=_translate,
                                 restore=_restore)
        # Job batches: one child of their own, made on the first batch; batches wait for
        # it as long as it takes (the job consumers are few and bounded).
        self.batches = AnalysisPool(self._analyze_batch, replace(
            settings, size=1, queue=1_000_000, queue_wait=24 * 3600.0))

    @property
    def provenance(self) -> dict:
        return self.inner.provenance

    def structure(self, request: Request) -> Structure:
        return self.inner.structure(request)

    def analyze_structures(self, structures: Iterable[Structure],
                           batch_size: int = 16) -> Iterator[dict]:
        return self.inner.analyze_structures(structures, batch_size)

    def _work(self, article_request: Request) -> dict:
        """The whole analysis of one article, in the analysis child."""
        from service.articles import shape

        structure = self.inner.structure(article_request)
        self.budget.check_size(len(structure.text))
        return shape(next(self.inner.analyze_structures([structure])))

    def admit(self) -> None:
        """``AnalysisBusy`` at once when the pool is saturated: before the request's body
        is read."""
        if self.pool.saturated():
            raise self.budget.busy(0)

    def analyze(self, article_request: Request) -> dict:
        started = time.monotonic()
        # HTML shrinks a lot once its markup is gone: only plain text is sized up front,
        # and a text over MAX_TEXT_CHARS is left to the pipeline, which says so.
        raw_chars = 0 if article_request.format == "html" else len(article_request.text)
        if raw_chars > self.inner.limits.max_chars:
            raw_chars = 0  # refused by the pipeline's first check, at no cost
        self.budget.check_size(raw_chars)
        try:
            analysis = self.pool.run(article_request)
        except PoolBusy:
            raise self.budget.busy(raw_chars) from None
        self.observe(time.monotonic() - started)
        return analysis

    def analyze_each(self, labelled: list) -> list:
        """What ``analyze_each`` gives, each article held to ``ANALYSIS_TIMEOUT`` in a
        child process of the batches' own pool: job workers run in threads, where no
        signal can stop an analysis, and their batches must not take the requests' slots."""
        return analyze_each(self._run_batch, labelled, self.budget.timeout)

    def _run_batch(self, structures: list[Structure], seconds: float) -> list[dict]:
        return self.batches.run(structures, timeout=seconds)

    def _analyze_batch(self, structures: list[Structure]) -> list[dict]:
        """The analyses of a batch, in a child of the batches' pool."""
        return list(self.inner.analyze_structures(structures))

    def close(self) -> None:
        """Stop the analysis processes of both pools."""
        self.pool.close()
        self.batches.close()

    def analyze_in_process(self, article_request: Request) -> dict:
        started = time.monotonic()
        with time_limit(self.budget.timeout):
            analysis = self._work(article_request)
        self.observe(time.monotonic() - started)
        return analysis


def analyze_each(run: Callable[[list, float], list], labelled: list, seconds: float) -> list:
    """The analysis of each (label, structure), or the reason it failed, in order.

    ``run(structures, seconds)`` analyzes a batch within that many seconds (0: no limit).
    The batch runs at once, with as many seconds as it has articles; if that overruns or
    fails, each article runs alone, so that only a bad one fails."""
    structures = [structure for _, structure in labelled]
    try:
        return run(structures, seconds * len(structures))
    except Exception as exc:
        log.warning("analyzing a batch failed (%s); analyzing its articles one by one", exc,
                    exc_info=True)
    results = []
    for label, structure in labelled:
        try:
            results.append(run([structure], seconds)[0])
        except (AnalysisOverrun, AnalysisFailed) as exc:
            results.append(str(exc))
        except Exception as exc:
            log.exception("analysis failed for %s", label)
            results.append(f"analysis failed: {type(exc).__name__}")
    return results


def pool_settings(config: Mapping) -> PoolSettings:
    size = max(1, config["ANALYSIS_CONCURRENCY"])
    return PoolSettings(size=size, timeout=float(config["ANALYSIS_TIMEOUT"]),
                        queue=max(0, config["ANALYSIS_QUEUE"]),
                        queue_wait=float(config["ANALYSIS_QUEUE_WAIT"]),
                        max_jobs=max(1, config["ANALYSIS_CHILD_MAX_JOBS"]),
                        max_rss_bytes=config["ANALYSIS_CHILD_MAX_RSS_MB"] * 1024 * 1024,
                        nice=config["ANALYSIS_NICE"])


def budgeted(inner: Analyzer, config: Mapping,
             observe: Callable[[float], None] = _ignore) -> BudgetedAnalyzer:
    """``inner`` under the budget and pool that ``config`` sets."""
    budget = AnalysisBudget(config["ANALYSIS_TIMEOUT"], config["ANALYSIS_CHARS_PER_SECOND"])
    return BudgetedAnalyzer(inner, budget, pool_settings(config), observe)
