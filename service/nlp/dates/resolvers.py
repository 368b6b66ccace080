"""One resolver per form of date expression, against the anchor and tense of its context."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from service.nlp.dates.periods import (
    ONE_DAY,
    ONE_WEEK,
    add_months,
    easter,
    month_span,
    nth_weekday,
    period_value,
    qualifier_of,
    quarter_number,
    resolved_fields,
    shift_by,
    shift_year,
    week_of,
)
from service.nlp.lexicon import (
    COUNT_WORDS,
    EASTER_HOLIDAYS,
    FIXED_HOLIDAYS,
    NTH_WEEKDAY_HOLIDAYS,
    WEEKDAYS,
    month_number,
)

# A yearless date starting more than this after publication is taken from the previous year.
_FUTURE_WINDOW = dt.timedelta(days=61)
# A yearless date in a future-tense clause ending this long before publication is next year's.
_PAST_GRACE = dt.timedelta(days=7)

ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
            "fourth": 4, "4th": 4, "final": 4, "last": 4}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11),
            "winter": (12, 14)}
_RELATIVE = {"this": 0, "current": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}
_DAY_WORDS = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "last night": -1,
              "this morning": 0, "this afternoon": 0, "this evening": 0,
              "day before yesterday": -2, "day after tomorrow": 2}


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


def _pick_year(ctx: Context, year: str | int | None, bounds: Callable[[int], tuple]):
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


def _year(g: Groups, ctx: Context) -> int:
    """The year of a ``_YEAR_PART``: explicit, or relative to the publication year."""
    if g["year"]:
        return int(g["year"])
    return ctx.need_anchor().year + _RELATIVE.get((g["yrel"] or "this").lower(), 0)


def _count(word: str) -> int:
    return COUNT_WORDS.get(word.lower()) or int(re.match(r"\d+", word).group())


def iso_date(g, ctx):
    day = dt.date(int(g["year"]), int(g["month"]), int(g["day"]))
    return resolved_fields(day, day, "day")


def month_day(g, ctx):
    month, first = month_number(g["month"]), _count(g["day"])
    last = _count(g["day2"]) if g["day2"] else first
    if last < first:
        raise Unresolved
    bounds = _pick_year(ctx, g["year"], lambda y: (dt.date(y, month, first),
                                                   dt.date(y, month, last)))
    return resolved_fields(*bounds, "day" if last == first else None, qualifier_of(g["qual"]))


def whole_month(g, ctx):
    month = month_number(g["month"])
    bounds = _pick_year(ctx, g["year"], lambda y: month_span(y, month, month))
    return resolved_fields(*bounds, "month", qualifier_of(g["qual"]))


def month_range(g, ctx):
    first, last = month_number(g["month"]), month_number(g["month2"])
    last += 12 if last < first else 0
    return resolved_fields(*_pick_year(ctx, g["year"], lambda y: month_span(y, first, last)))


def relative_month(g, ctx):
    anchor, month, rel = ctx.need_anchor(), month_number(g["month"]), g["rel"].lower()
    year = anchor.year
    if rel == "last" and month >= anchor.month:
        year -= 1
    elif rel == "next" and month <= anchor.month:
        year += 1
    return resolved_fields(*month_span(year, month, month), "month")


def quarter(g, ctx):
    if g["q"]:
        number, year = int(g["q"]), g["year"] or (g["yy"] and "20" + g["yy"])
    else:
        number = ORDINALS[g["ord"].lower()]
        if g["ord"].lower() == "last" and not g["yp"]:
            raise Unresolved  # "last quarter" is the previous one, not the fourth
        year = _year(g, ctx) if g["yp"] else None
    bounds = _pick_year(ctx, year, lambda y: month_span(y, 3 * number - 2, 3 * number))
    return resolved_fields(*bounds, "quarter", qualifier_of(g["qual"]))


def half_year(g, ctx):
    second = (g["half"] or g["h"]).lower() in ("second", "2nd", "2")
    return resolved_fields(*month_span(_year(g, ctx), 7 if second else 1, 12 if second else 6))


def first_months(g, ctx):
    count = _count(g["n"])
    if not 0 < count <= 12:
        raise Unresolved
    return resolved_fields(*month_span(_year(g, ctx), 1, count))


def year_span(g, ctx):
    year, other = int(g["year"]), g["year2"]
    if other is None:
        return resolved_fields(*month_span(year, 1, 12), "year", qualifier_of(g["qual"]))
    last = int(other) if len(other) == 4 else year // 100 * 100 + int(other)
    if last <= year or g["qual"]:
        raise Unresolved
    return resolved_fields(dt.date(year, 1, 1), dt.date(last, 12, 31), "year")


def season(g, ctx):
    first, last = _SEASONS[g["season"].lower()]
    if g["year"]:
        year = int(g["year"])
    elif g["rel"]:
        anchor, rel = ctx.need_anchor(), g["rel"].lower()
        year = anchor.year - (first == 12 and anchor.month <= 2)
        start, end = month_span(year, first, last)
        if rel == "last" and end >= anchor:
            year -= 1
        elif rel == "next" and start <= anchor:
            year += 1
    else:
        raise Unresolved
    return resolved_fields(*month_span(year, first, last), None, qualifier_of(g["qual"]))


def day_word(g, ctx):
    day = ctx.need_anchor() + dt.timedelta(days=_DAY_WORDS[" ".join(g["word"].lower().split())])
    return resolved_fields(day, day, "day")


def _weekend(ctx: Context, rel: str) -> tuple[dt.date, dt.date]:
    anchor = ctx.need_anchor()
    # "over the weekend" is the latest one, or the coming one in a future-tense clause
    latest = 0 if anchor.weekday() >= 5 or ctx.tense == "future" else -1
    shift = _RELATIVE[rel] if rel else latest
    sunday = week_of(anchor, shift)[1]
    return sunday - ONE_DAY, sunday


def relative_unit(g, ctx):
    rel, unit = " ".join((g["rel"] or "").lower().split()), g["unit"].lower()
    if not (rel or g["qual"] or (g["the"] and unit == "weekend")):
        raise Unresolved
    anchor, shift = ctx.need_anchor(), _RELATIVE.get(rel.split()[-1] if rel else "this", 0)
    if unit == "weekend":
        return resolved_fields(*_weekend(ctx, rel), "weekend", qualifier_of(g["qual"]))
    if unit == "week":
        start, end = week_of(anchor, shift)
    elif unit == "month":
        start, end = month_span(*add_months(anchor, shift), add_months(anchor, shift)[1])
    elif unit == "quarter":
        year, month = add_months(anchor.replace(month=3 * quarter_number(anchor) - 2), 3 * shift)
        start, end = month_span(year, month, month + 2)
    else:
        start, end = month_span(anchor.year + shift, 1, 12)
    if rel.startswith("earlier"):
        end = max(start, anchor)
    elif rel.startswith("later"):
        start = min(end, anchor)
    return resolved_fields(start, end, unit, qualifier_of(g["qual"]))


def ago(g, ctx):
    anchor, count, unit = ctx.need_anchor(), _count(g["n"]), g["unit"].lower()
    if unit == "day":
        day = anchor - dt.timedelta(days=count)
        return resolved_fields(day, day, "day")
    if unit == "week":
        return resolved_fields(*week_of(anchor, -count), "week")
    if unit == "month":
        year, month = add_months(anchor, -count)
        return resolved_fields(*month_span(year, month, month), "month")
    return resolved_fields(*month_span(anchor.year - count, 1, 12), "year")


def same_period(g, ctx):
    """"The same period in 2022": the period referred back to, moved to that year."""
    ref = ctx.refer
    if ref is None:  # nothing to refer back to: the year is all we know
        year = int(g["year"]) if g["year"] else ctx.need_anchor().year - 1
        return resolved_fields(*month_span(year, 1, 12), "year")
    start, end = dt.date.fromisoformat(ref["start_date"]), dt.date.fromisoformat(ref["end_date"])
    years = int(g["year"]) - start.year if g["year"] else -1
    start, end = shift_year(start, years), shift_year(end, years)
    return {"value": period_value(start, ref["granularity"]), "granularity": ref["granularity"],
            "start_date": start.isoformat(), "end_date": end.isoformat(),
            "qualifier": ref["qualifier"], "resolved": True}


def weekday(g, ctx):
    anchor, target = ctx.need_anchor(), WEEKDAYS.index(g["wd"].title())
    rel = (g["rel"] or "").lower()
    same = anchor + dt.timedelta(days=target - anchor.weekday())
    if rel == "last":
        day = anchor - dt.timedelta(days=(anchor.weekday() - target - 1) % 7 + 1)
    elif rel == "next":
        day = anchor + dt.timedelta(days=(target - anchor.weekday() - 1) % 7 + 1)
    elif rel == "this":
        day = same
    elif ctx.tense == "past":
        day = same if same <= anchor else same - ONE_WEEK
    elif ctx.tense in ("future", "present"):
        day = same if same >= anchor else same + ONE_WEEK
    else:
        day = min((same - ONE_WEEK, same, same + ONE_WEEK), key=lambda d: abs(d - anchor))
    return resolved_fields(day, day, "day", rel if rel in ("early", "late") else None)


_DURATION_UNITS = {"hour": "H", "day": "D", "week": "W", "month": "M", "year": "Y",
                   "decade": "Y"}
_VAGUE_COUNTS = frozenset({"several", "few", "a few", "many", "some"})


def duration(g, ctx):
    """A length of time: its ISO 8601 value, and its days when it ends or starts at the anchor."""
    unit, word = g["unit"].lower(), " ".join((g["n"] or "one").lower().split())
    if word in _VAGUE_COUNTS or (g["n"] is None and g["plural"]):  # "in past years"
        raise NeedsAnchor
    count = float(word) if word[:1].isdigit() else COUNT_WORDS[word]
    count *= 10 if unit == "decade" else 1
    number = f"{count:g}"
    value = f"PT{number}H" if unit == "hour" else f"P{number}{_DURATION_UNITS[unit]}"
    start = end = None
    rel = (g["rel"] or "").lower()
    if rel and ctx.anchor is not None and unit != "hour" and count == int(count):
        sign = 1 if rel in ("next", "coming") else -1
        other = shift_by(ctx.anchor, sign * int(count), unit)
        start, end = sorted((ctx.anchor, other))
    return {"value": value, "granularity": "duration",
            "start_date": start and start.isoformat(), "end_date": end and end.isoformat(),
            "qualifier": None, "resolved": True}


def _holiday_key(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).lower()


_HOLIDAY_DAYS: dict[str, Callable[[int], dt.date]] = {
    **{_holiday_key(n): (lambda y, md=md: dt.date(y, *md)) for n, md in FIXED_HOLIDAYS.items()},
    **{_holiday_key(n): (lambda y, r=r: nth_weekday(y, *r))
       for n, r in NTH_WEEKDAY_HOLIDAYS.items()},
    **{_holiday_key(n): (lambda y, k=k: easter(y) + dt.timedelta(days=k))
       for n, k in EASTER_HOLIDAYS.items()},
}


def holiday(g, ctx):
    """A named day: its date in the year named, or the one the anchor and tense make likely."""
    day_of = _HOLIDAY_DAYS.get(_holiday_key(g["holiday"]))
    if day_of is None:  # lunar calendars and days that differ by country
        raise NeedsAnchor
    rel = (g["rel"] or "").lower()
    if rel and not g["year"]:
        anchor = ctx.need_anchor()
        this = day_of(anchor.year)
        if rel == "last":
            day = this if this < anchor else day_of(anchor.year - 1)
        elif rel == "next":
            day = this if this > anchor else day_of(anchor.year + 1)
        else:
            day = this
    else:
        day = _pick_year(ctx, g["year"], lambda y: (day_of(y), day_of(y)))[0]
    return {**resolved_fields(day, day, "day"), "granularity": "holiday"}
