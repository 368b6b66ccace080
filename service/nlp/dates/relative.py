"""Resolvers of the date forms that lie relative to the anchor: "last March", "yesterday",
"next week", "two years ago", "the same period in 2022", weekdays, durations, holidays."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from service.nlp.dates.context import (
    RELATIVE,
    Context,
    NeedsAnchor,
    Unresolved,
    count_of,
    pick_year,
)
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

_DAY_WORDS = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "last night": -1,
              "this morning": 0, "this afternoon": 0, "this evening": 0,
              "day before yesterday": -2, "day after tomorrow": 2}

def relative_month(g, ctx):
    anchor, month, rel = ctx.need_anchor(), month_number(g["month"]), g["rel"].lower()
    year = anchor.year
    if rel == "last" and month >= anchor.month:
        year -= 1
    elif rel == "next" and month <= anchor.month:
        year += 1
    return resolved_fields(*month_span(year, month, month), "month")


def day_word(g, ctx):
    day = ctx.need_anchor() + dt.timedelta(days=_DAY_WORDS[" ".join(g["word"].lower().split())])
    return resolved_fields(day, day, "day")


def _weekend(ctx: Context, rel: str) -> tuple[dt.date, dt.date]:
    anchor = ctx.need_anchor()
    # "over the weekend" is the latest one, or the coming one in a future-tense clause
    latest = 0 if anchor.weekday() >= 5 or ctx.tense == "future" else -1
    shift = RELATIVE[rel] if rel else latest
    sunday = week_of(anchor, shift)[1]
    return sunday - ONE_DAY, sunday


def relative_unit(g, ctx):
    rel, unit = " ".join((g["rel"] or "").lower().split()), g["unit"].lower()
    if not (rel or g["qual"] or (g["the"] and unit == "weekend")):
        raise Unresolved
    anchor, shift = ctx.need_anchor(), RELATIVE.get(rel.split()[-1] if rel else "this", 0)
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
    anchor, count, unit = ctx.need_anchor(), count_of(g["n"]), g["unit"].lower()
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
        day = pick_year(ctx, g["year"], lambda y: (day_of(y), day_of(y)))[0]
    return {**resolved_fields(day, day, "day"), "granularity": "holiday"}
