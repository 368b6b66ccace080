"""What resolving one date expression knows (anchor, tense, the narrative's last full date)
and the choice of year for a date the text gives without one."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from service.nlp.dates.periods import ONE_DAY
from service.nlp.lexicon import COUNT_WORDS

# A yearless date starting more than this after publication is taken from the previous year.
_FUTURE_WINDOW = dt.timedelta(days=61)
# A yearless date in a future-tense clause ending this long before publication is next year's.
_PAST_GRACE = dt.timedelta(days=7)

ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
            "fourth": 4, "4th": 4, "final": 4, "last": 4}
RELATIVE = {"this": 0, "current": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}


class Unresolved(Exception):
    """The expression cannot be resolved (impossible date, not a date, ...)."""


class NeedsAnchor(Unresolved):
    """The expression is a date, but it says where it lies only relative to an anchor."""


@dataclass(frozen=True)
class Context:
    anchor: dt.date | None
    tense: str | None = None
    refer: dict | None = None
    year_hint: int | None = None
    # the full date the narrative last named, nearby: a month and day after "On December
    # 16, 2019" belong to 2019 ("By December 27"), whatever the anchor
    narrative: dt.date | None = None

    def need_anchor(self) -> dt.date:
        if self.anchor is None:
            raise NeedsAnchor
        return self.anchor


class Groups(dict):
    """Match groups; a group the matching form lacks reads as None."""

    def __missing__(self, key):
        return None


def pick_year(ctx: Context, year: str | int | None, bounds: Callable[[int], tuple]):
    """Bounds in ``year``, else in the year that the tense and publication date make plausible."""
    if year:
        return bounds(int(year))
    if ctx.narrative is not None and not (ctx.tense == "future" and ctx.anchor is not None):
        return _nearest(ctx.narrative, bounds)
    if ctx.year_hint:
        return bounds(ctx.year_hint)
    anchor = ctx.need_anchor()
    start, end = bounds(anchor.year)
    if ctx.tense == "future":
        return bounds(anchor.year + 1) if end < anchor - _PAST_GRACE else (start, end)
    limit = anchor + (ONE_DAY if ctx.tense == "past" else _FUTURE_WINDOW)
    return bounds(anchor.year - 1) if start > limit else (start, end)


def _nearest(day: dt.date, bounds: Callable[[int], tuple]) -> tuple:
    """The bounds, in the year before ``day``'s, its own or the next, nearest to ``day``."""
    found = []
    for year in (day.year, day.year - 1, day.year + 1):
        try:
            found.append(bounds(year))
        except ValueError:  # February 29
            continue
    if not found:
        raise Unresolved
    return min(found, key=lambda b: abs((b[0] - day).days))


def year_of(g: Groups, ctx: Context) -> int:
    """The year of a ``_YEAR_PART``: explicit, or relative to the publication year."""
    if g["year"]:
        return int(g["year"])
    return ctx.need_anchor().year + RELATIVE.get((g["yrel"] or "this").lower(), 0)


def count_of(word: str) -> int:
    return COUNT_WORDS.get(word.lower()) or int(re.match(r"\d+", word).group())
