"""A fair share of analysis: each client may spend ``ANALYSIS_SECONDS_PER_MINUTE`` seconds
of analysis in any minute (a moving window of ``limits``), so that a few expensive requests
cannot starve everyone else. An analysis is charged after it ran, so it may overdraw once.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

from flask import g
from limits import RateLimitItemPerMinute
from limits.storage import MovingWindowSupport, Storage
from limits.strategies import MovingWindowRateLimiter

from service.analysis.runner import SPENT
from service.web.errors import Problem

log = logging.getLogger(__name__)

ANALYSES = frozenset({("POST", "/v1/analyze"), ("POST", "/v1/articles")})
UNIT_SECONDS = 0.1  # the budget is counted in tenths of a second


class AnalysisBudget:
    def __init__(self, storage: Storage, seconds_per_minute: float, prefix: str,
                 failed: Callable[[], None]) -> None:
        self.enabled = seconds_per_minute > 0 and isinstance(storage, MovingWindowSupport)
        self.item = RateLimitItemPerMinute(max(1, round(seconds_per_minute / UNIT_SECONDS)))
        self.seconds = seconds_per_minute
        self.storage = storage
        self.strategy = MovingWindowRateLimiter(storage) if self.enabled else None
        self.prefix = prefix
        self._failed = failed

    def check(self, client: str) -> None:
        """429 when ``client`` has spent its analysis seconds of the last minute; else the
        request's analyses are metered for ``charge``."""
        try:
            allowed = self.strategy.test(self.item, self.prefix, "analysis", client)
            reset = None if allowed else self.strategy.get_window_stats(
                self.item, self.prefix, "analysis", client).reset_time
        except Exception:  # an unreachable storage must not take the API down
            self._failed()
            return
        if not allowed:
            raise Problem(429, f"Too much analysis: each client may use {self.seconds:g} s "
                               "of analysis a minute, and this one has. Retry after the "
                               "number of seconds in Retry-After.",
                          headers={"Retry-After": str(max(1, math.ceil(reset - time.time())))})
        SPENT.set([])
        g.analysis_client = client

    def charge(self) -> None:
        spent, client = SPENT.get(), g.get("analysis_client")
        if not spent or client is None:  # no analysis metered for this request: most requests
            return
        SPENT.set(None)
        units = math.ceil(sum(spent) / UNIT_SECONDS)
        key = self.item.key_for(self.prefix, "analysis", client)
        try:
            left = self.strategy.get_window_stats(self.item, self.prefix, "analysis",
                                                  client).remaining
            if min(units, left) > 0:
                self.storage.acquire_entry(key, self.item.amount, self.item.get_expiry(),
                                           min(units, left))
        except Exception:
            self._failed()
