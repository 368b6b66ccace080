"""Date expressions in an article, resolved against an anchor the text or the caller gives.

The anchor is the caller's publication date, the dateline's or the page metadata's date;
without one, a year the text names anchors months and days that lack a year, and every
relative expression (a weekday, "last week", "yesterday") is kept as said, unresolved.
Nothing here reads the clock.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from service.nlp.lexicon import (
    EASTER_HOLIDAYS,
    FIXED_HOLIDAYS,
    MONTHS,
    NTH_WEEKDAY_HOLIDAYS,
    UNRESOLVED_HOLIDAYS,
    WEEKDAYS,
)
from service.nlp.types import Structure

_ONE_DAY = dt.timedelta(days=1)
_ONE_WEEK = dt.timedelta(weeks=1)
# A yearless date starting more than this after publication is taken from the previous year.
_FUTURE_WINDOW = dt.timedelta(days=61)
# A yearless date in a future-tense clause ending this long before publication is next year's.
_PAST_GRACE = dt.timedelta(days=7)

_MONTHS, _WEEKDAYS = MONTHS, WEEKDAYS
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
             "fourth": 4, "4th": 4, "final": 4, "last": 4}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11),
            "winter": (12, 14)}
_RELATIVE = {"this": 0, "current": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}
_DAY_WORDS = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "last night": -1,
              "this morning": 0, "this afternoon": 0, "this evening": 0,
              "day before yesterday": -2, "day after tomorrow": 2}


_YEAR_IN_TEXT = re.compile(r"(?<![\w.,/-])((?:19|20)\d\d)(?![\w/-]|[.,]\d)")
# A year after these is a target ("by 2030"), not the time the story is told in.
_TARGET_BEFORE_YEAR = re.compile(r"(?:by|until|till|to|through|before)\s+$", re.I)


class _Unresolved(Exception):
    """The expression cannot be resolved (impossible date, not a date, ...)."""


class _NeedsAnchor(_Unresolved):
    """The expression is a date, but it says where it lies only relative to an anchor."""


@dataclass(frozen=True)
class _Context:
    anchor: dt.date | None
    tense: str | None = None
    refer: dict | None = None
    year_hint: int | None = None

    def need_anchor(self) -> dt.date:
        if self.anchor is None:
            raise _NeedsAnchor
        return self.anchor


class _Groups(dict):
    """Match groups; a group the matching form lacks reads as None."""

    def __missing__(self, key):
        return None


# --- calendar arithmetic -------------------------------------------------------------------

def _months(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    """From the first day of month ``first`` to the last of ``last`` (may run past December)."""
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return dt.date(year, first, 1), dt.date(end_year, end_month,
                                            calendar.monthrange(end_year, end_month)[1])


def _add_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _week(day: dt.date, shift: int = 0) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday()) + shift * _ONE_WEEK
    return monday, monday + dt.timedelta(days=6)


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _quarter(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def _granularity(start: dt.date, end: dt.date) -> str:
    """The smallest calendar unit holding the whole range (the start's year if none does)."""
    if start == end:
        return "day"
    if (start.year, start.month) == (end.year, end.month):
        return "month"
    if (start.year, _quarter(start)) == (end.year, _quarter(end)):
        return "quarter"
    return "year"


def _value(start: dt.date, granularity: str) -> str:
    if granularity == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return {"day": start.isoformat(), "month": f"{start.year}-{start.month:02d}",
            "quarter": f"{start.year}-Q{_quarter(start)}", "year": str(start.year)}[granularity]


def _qualifier(text: str | None) -> str | None:
    if not text:
        return None
    word = text.lower()
    if word.startswith(("early", "beginning", "start")):
        return "early"
    return "mid" if word.startswith("mid") else "late"


def _narrow(start: dt.date, end: dt.date, unit: str | None, qualifier: str | None):
    """The early, mid or late third of a month (days 1-10, 11-20, 21-end), quarter, year or week."""
    if qualifier is None or unit not in ("month", "quarter", "year", "week"):
        return start, end
    third = ("early", "mid", "late").index(qualifier)
    if unit == "month":
        first = start.replace(day=1 + 10 * third)
        return first, (first.replace(day=10 + 10 * third) if third < 2 else end)
    if unit == "week":
        first = start + dt.timedelta(days=2 * third)
        return first, (first + _ONE_DAY if third < 2 else end)
    step = 4 if unit == "year" else 1
    first = start.month + step * third
    return _months(start.year, first, first + step - 1)


def _result(start: dt.date, end: dt.date, unit: str | None = None, qual: str | None = None):
    """The API fields of a resolved date; ``unit`` is the period the text names, if any."""
    if unit == "weekend":
        unit = "week"
    granularity = (unit if unit in ("day", "week", "month", "quarter", "year")
                   else _granularity(start, end))
    value = _value(start, granularity)
    start, end = _narrow(start, end, unit, qual)
    return {"value": value, "granularity": granularity, "start_date": start.isoformat(),
            "end_date": end.isoformat(), "qualifier": qual, "resolved": True}


def _pick_year(ctx: _Context, year: str | int | None, bounds: Callable[[int], tuple]):
    """Bounds in ``year``, else in the year that the tense and publication date make plausible."""
    if year:
        return bounds(int(year))
    if ctx.year_hint:
        return bounds(ctx.year_hint)
    anchor = ctx.need_anchor()
    start, end = bounds(anchor.year)
    if ctx.tense == "future":
        return bounds(anchor.year + 1) if end < anchor - _PAST_GRACE else (start, end)
    limit = anchor + (_ONE_DAY if ctx.tense == "past" else _FUTURE_WINDOW)
    return bounds(anchor.year - 1) if start > limit else (start, end)


def _year(g: _Groups, ctx: _Context) -> int:
    """The year of a ``_YEAR_PART``: explicit, or relative to the publication year."""
    if g["year"]:
        return int(g["year"])
    return ctx.need_anchor().year + _RELATIVE.get((g["yrel"] or "this").lower(), 0)


def _month_number(name: str) -> int:
    return [m[:3] for m in _MONTHS].index(name[:3].title()) + 1


def _count(word: str) -> int:
    return _NUMBERS.get(word.lower()) or int(re.match(r"\d+", word).group())


# --- one handler per form ------------------------------------------------------------------

def _iso(g, ctx):
    day = dt.date(int(g["year"]), int(g["month"]), int(g["day"]))
    return _result(day, day, "day")


def _month_day(g, ctx):
    month, first = _month_number(g["month"]), _count(g["day"])
    last = _count(g["day2"]) if g["day2"] else first
    if last < first:
        raise _Unresolved
    bounds = _pick_year(ctx, g["year"], lambda y: (dt.date(y, month, first),
                                                   dt.date(y, month, last)))
    return _result(*bounds, "day" if last == first else None, _qualifier(g["qual"]))


def _month(g, ctx):
    month = _month_number(g["month"])
    bounds = _pick_year(ctx, g["year"], lambda y: _months(y, month, month))
    return _result(*bounds, "month", _qualifier(g["qual"]))


def _month_range(g, ctx):
    first, last = _month_number(g["month"]), _month_number(g["month2"])
    last += 12 if last < first else 0
    return _result(*_pick_year(ctx, g["year"], lambda y: _months(y, first, last)))


def _relative_month(g, ctx):
    anchor, month, rel = ctx.need_anchor(), _month_number(g["month"]), g["rel"].lower()
    year = anchor.year
    if rel == "last" and month >= anchor.month:
        year -= 1
    elif rel == "next" and month <= anchor.month:
        year += 1
    return _result(*_months(year, month, month), "month")


def _quarter_of(g, ctx):
    if g["q"]:
        number, year = int(g["q"]), g["year"] or (g["yy"] and "20" + g["yy"])
    else:
        number = _ORDINALS[g["ord"].lower()]
        if g["ord"].lower() == "last" and not g["yp"]:
            raise _Unresolved  # "last quarter" is the previous one, not the fourth
        year = _year(g, ctx) if g["yp"] else None
    bounds = _pick_year(ctx, year, lambda y: _months(y, 3 * number - 2, 3 * number))
    return _result(*bounds, "quarter", _qualifier(g["qual"]))


def _half(g, ctx):
    second = (g["half"] or g["h"]).lower() in ("second", "2nd", "2")
    return _result(*_months(_year(g, ctx), 7 if second else 1, 12 if second else 6))


def _first_months(g, ctx):
    count = _count(g["n"])
    if not 0 < count <= 12:
        raise _Unresolved
    return _result(*_months(_year(g, ctx), 1, count))


def _year_of(g, ctx):
    year, other = int(g["year"]), g["year2"]
    if other is None:
        return _result(*_months(year, 1, 12), "year", _qualifier(g["qual"]))
    last = int(other) if len(other) == 4 else year // 100 * 100 + int(other)
    if last <= year or g["qual"]:
        raise _Unresolved
    return _result(dt.date(year, 1, 1), dt.date(last, 12, 31), "year")


def _season(g, ctx):
    first, last = _SEASONS[g["season"].lower()]
    if g["year"]:
        year = int(g["year"])
    elif g["rel"]:
        anchor, rel = ctx.need_anchor(), g["rel"].lower()
        year = anchor.year - (first == 12 and anchor.month <= 2)
        start, end = _months(year, first, last)
        if rel == "last" and end >= anchor:
            year -= 1
        elif rel == "next" and start <= anchor:
            year += 1
    else:
        raise _Unresolved
    return _result(*_months(year, first, last), None, _qualifier(g["qual"]))


def _day_word(g, ctx):
    day = ctx.need_anchor() + dt.timedelta(days=_DAY_WORDS[" ".join(g["word"].lower().split())])
    return _result(day, day, "day")


def _weekend(ctx: _Context, rel: str) -> tuple[dt.date, dt.date]:
    anchor = ctx.need_anchor()
    # "over the weekend" is the latest one, or the coming one in a future-tense clause
    latest = 0 if anchor.weekday() >= 5 or ctx.tense == "future" else -1
    shift = _RELATIVE[rel] if rel else latest
    sunday = _week(anchor, shift)[1]
    return sunday - _ONE_DAY, sunday


def _relative_unit(g, ctx):
    rel, unit = " ".join((g["rel"] or "").lower().split()), g["unit"].lower()
    if not (rel or g["qual"] or (g["the"] and unit == "weekend")):
        raise _Unresolved
    anchor, shift = ctx.need_anchor(), _RELATIVE.get(rel.split()[-1] if rel else "this", 0)
    if unit == "weekend":
        return _result(*_weekend(ctx, rel), "weekend", _qualifier(g["qual"]))
    if unit == "week":
        start, end = _week(anchor, shift)
    elif unit == "month":
        start, end = _months(*_add_months(anchor, shift), _add_months(anchor, shift)[1])
    elif unit == "quarter":
        year, month = _add_months(anchor.replace(month=3 * _quarter(anchor) - 2), 3 * shift)
        start, end = _months(year, month, month + 2)
    else:
        start, end = _months(anchor.year + shift, 1, 12)
    if rel.startswith("earlier"):
        end = max(start, anchor)
    elif rel.startswith("later"):
        start = min(end, anchor)
    return _result(start, end, unit, _qualifier(g["qual"]))


def _ago(g, ctx):
    anchor, count, unit = ctx.need_anchor(), _count(g["n"]), g["unit"].lower()
    if unit == "day":
        day = anchor - dt.timedelta(days=count)
        return _result(day, day, "day")
    if unit == "week":
        return _result(*_week(anchor, -count), "week")
    if unit == "month":
        year, month = _add_months(anchor, -count)
        return _result(*_months(year, month, month), "month")
    return _result(*_months(anchor.year - count, 1, 12), "year")


def _same_period(g, ctx):
    """"The same period in 2022": the period referred back to, moved to that year."""
    ref = ctx.refer
    if ref is None:  # nothing to refer back to: the year is all we know
        year = int(g["year"]) if g["year"] else ctx.need_anchor().year - 1
        return _result(*_months(year, 1, 12), "year")
    start, end = dt.date.fromisoformat(ref["start_date"]), dt.date.fromisoformat(ref["end_date"])
    years = int(g["year"]) - start.year if g["year"] else -1
    start, end = _shift_year(start, years), _shift_year(end, years)
    return {"value": _value(start, ref["granularity"]), "granularity": ref["granularity"],
            "start_date": start.isoformat(), "end_date": end.isoformat(),
            "qualifier": ref["qualifier"], "resolved": True}


def _weekday(g, ctx):
    anchor, target = ctx.need_anchor(), _WEEKDAYS.index(g["wd"].title())
    rel = (g["rel"] or "").lower()
    same = anchor + dt.timedelta(days=target - anchor.weekday())
    if rel == "last":
        day = anchor - dt.timedelta(days=(anchor.weekday() - target - 1) % 7 + 1)
    elif rel == "next":
        day = anchor + dt.timedelta(days=(target - anchor.weekday() - 1) % 7 + 1)
    elif rel == "this":
        day = same
    elif ctx.tense == "past":
        day = same if same <= anchor else same - _ONE_WEEK
    elif ctx.tense in ("future", "present"):
        day = same if same >= anchor else same + _ONE_WEEK
    else:
        day = min((same - _ONE_WEEK, same, same + _ONE_WEEK), key=lambda d: abs(d - anchor))
    return _result(day, day, "day", rel if rel in ("early", "late") else None)


_DURATION_UNITS = {"hour": "H", "day": "D", "week": "W", "month": "M", "year": "Y",
                   "decade": "Y"}
_VAGUE_COUNTS = frozenset({"several", "few", "a few", "many", "some"})


def _duration(g, ctx):
    """A length of time: its ISO 8601 value, and its days when it ends or starts at the anchor."""
    unit, word = g["unit"].lower(), " ".join((g["n"] or "one").lower().split())
    if word in _VAGUE_COUNTS or (g["n"] is None and g["plural"]):  # "in past years"
        raise _NeedsAnchor
    count = float(word) if word[:1].isdigit() else _NUMBERS[word]
    count *= 10 if unit == "decade" else 1
    number = f"{count:g}"
    value = f"PT{number}H" if unit == "hour" else f"P{number}{_DURATION_UNITS[unit]}"
    start = end = None
    rel = (g["rel"] or "").lower()
    if rel and ctx.anchor is not None and unit != "hour" and count == int(count):
        sign = 1 if rel in ("next", "coming") else -1
        other = _shift(ctx.anchor, sign * int(count), unit)
        start, end = sorted((ctx.anchor, other))
    return {"value": value, "granularity": "duration",
            "start_date": start and start.isoformat(), "end_date": end and end.isoformat(),
            "qualifier": None, "resolved": True}


def _shift(day: dt.date, count: int, unit: str) -> dt.date:
    if unit in ("day", "week"):
        return day + dt.timedelta(days=count * (7 if unit == "week" else 1))
    if unit in ("year", "decade"):
        return _shift_year(day, count)
    year, month = _add_months(day, count)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    if n < 0:
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _holiday_key(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).lower()


_HOLIDAY_DAYS: dict[str, Callable[[int], dt.date]] = {
    **{_holiday_key(n): (lambda y, md=md: dt.date(y, *md)) for n, md in FIXED_HOLIDAYS.items()},
    **{_holiday_key(n): (lambda y, r=r: _nth_weekday(y, *r))
       for n, r in NTH_WEEKDAY_HOLIDAYS.items()},
    **{_holiday_key(n): (lambda y, k=k: _easter(y) + dt.timedelta(days=k))
       for n, k in EASTER_HOLIDAYS.items()},
}


def _holiday(g, ctx):
    """A named day: its date in the year named, or the one the anchor and tense make likely."""
    day_of = _HOLIDAY_DAYS.get(_holiday_key(g["holiday"]))
    if day_of is None:  # lunar calendars and days that differ by country
        raise _NeedsAnchor
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
    return {**_result(day, day, "day"), "granularity": "holiday"}


# --- the forms -----------------------------------------------------------------------------

def _names(words) -> str:
    """Title-case and upper-case names, matched case-sensitively inside a case-blind pattern."""
    return "(?-i:" + "|".join([*words, *(w.upper() for w in words)]) + ")"


_MONTH = "(?:" + _names(_MONTHS) + r"|(?-i:(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?))"
_WEEKDAY = _names(_WEEKDAYS)
_YEAR = r"(?P<year>1[6-9]\d\d|20\d\d)"
_DAY_NUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_NUM = r"(?:\d{1,2}|" + "|".join(_NUMBERS) + ")"
_QUAL = r"(?P<qual>(?:early|mid|late)(?:\s+|-)|(?:end|beginning|start|middle)\s+of\s+(?:the\s+)?)"
_YEAR_PART = rf"(?P<yp>{_YEAR}|(?:the\s+)?(?:(?P<yrel>this|last|next|current|coming)\s+)?year)"
_WEEKDAY_PREFIX = rf"(?:{_WEEKDAY},?\s+)?"

_FORMS: list[tuple[str, Callable]] = [
    (rf"{_YEAR}-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])", _iso),
    (rf"{_WEEKDAY_PREFIX}(?:(?P<qual>early|late)\s+(?:on\s+)?)?(?P<month>{_MONTH})\s+"
     rf"(?P<day>{_DAY_NUM})(?:\s*(?:-|–|to|and)\s*(?P<day2>{_DAY_NUM}))?(?:,?\s+{_YEAR})?",
     _month_day),
    (rf"{_WEEKDAY_PREFIX}(?P<day>{_DAY_NUM})(?:\s*[-–]\s*(?P<day2>{_DAY_NUM}))?\s+(?:of\s+)?"
     rf"(?P<month>{_MONTH})(?:,?\s+{_YEAR})?", _month_day),
    (rf"{_QUAL}?(?P<month>{_MONTH})(?:,?\s+(?:of\s+)?{_YEAR})?", _month),
    (rf"(?P<month>{_MONTH})\s*(?:-|–|to|through)\s*(?P<month2>{_MONTH})(?:,?\s+{_YEAR})?",
     _month_range),
    (rf"(?P<rel>last|next|this)\s+(?P<month>{_MONTH})", _relative_month),
    (rf"{_QUAL}?(?:(?P<rel>this|last|next|current|coming|earlier\s+this|later\s+this)\s+)?"
     r"(?P<the>the\s+)?(?P<unit>week|weekend|month|quarter|year)", _relative_unit),
    (rf"{_QUAL}?(?P<ord>{'|'.join(_ORDINALS)})\s+quarter(?:(?:\s+(?:of|in))?\s+{_YEAR_PART})?",
     _quarter_of),
    (rf"(?-i:Q)(?P<q>[1-4])(?:\s+(?:of\s+)?{_YEAR}|\s*'(?P<yy>\d\d))?", _quarter_of),
    (rf"(?:(?P<half>first|second|1st|2nd)\s+half\s+of\s+|(?-i:H)(?P<h>[12])\s+){_YEAR_PART}",
     _half),
    (rf"first\s+(?P<n>{_NUM})\s+months\s+of\s+{_YEAR_PART}", _first_months),
    (rf"{_QUAL}?{_YEAR}(?:\s*[-–]\s*(?P<year2>\d{{4}}|\d\d))?", _year_of),
    (rf"{_QUAL}?(?:(?P<rel>this|last|next)\s+)?(?P<season>spring|summer|autumn|fall|winter)"
     rf"(?:\s+(?:of\s+)?{_YEAR})?", _season),
    (r"(?P<word>yesterday|today|tomorrow|tonight|last\s+night|this\s+(?:morning|afternoon|evening)"
     r"|day\s+before\s+yesterday|day\s+after\s+tomorrow)", _day_word),
    (rf"(?P<n>{_NUM})\s+(?P<unit>day|week|month|year)s?\s+ago", _ago),
    (r"same\s+(?:period|quarter|month|week|day|time)\s+(?:(?:of|in)\s+)?"
     rf"(?:{_YEAR}|last\s+year|(?:the\s+)?previous\s+year|a\s+year\s+(?:earlier|ago|before)"
     r"|the\s+year\s+before)", _same_period),
    (rf"(?:(?P<rel>last|next|this|early|late)\s+(?:on\s+)?)?(?P<wd>{_WEEKDAY})", _weekday),
]
def _holiday_names() -> str:
    names = sorted({*FIXED_HOLIDAYS, *NTH_WEEKDAY_HOLIDAYS, *EASTER_HOLIDAYS,
                    *UNRESOLVED_HOLIDAYS}, key=len, reverse=True)
    escaped = (re.escape(n).replace("'", "['’]").replace(r"\ ", r"\s") for n in names)
    return "(?-i:" + "|".join(escaped) + ")"


_DURATION_COUNT = (r"(?:\d{1,3}(?:\.\d{1,2})?|a\s+few|several|few|many|some|"
                   + "|".join(w for w in _NUMBERS if w not in ("a", "an")) + r"|an?)")
_FORMS += [
    (r"(?:(?:nearly|almost|about|around|roughly|some|over|under|more\s+than|less\s+than"
     r"|at\s+least|up\s+to|just|only)\s+)?(?:(?:the|its|their|his|her)\s+)?"
     r"(?:(?P<rel>past|last|next|coming|previous)\s+)?"
     rf"(?:(?P<n>{_DURATION_COUNT})\s+|(?<=past\s)|(?<=past\s\s))"  # "the past week"
     r"(?P<unit>hour|day|week|month|year|decade)(?P<plural>s)?"
     r"(?!\s+(?:old|older|younger|of\s+age|ago|earlier|later|before|after)\b)", _duration),
    (rf"(?:(?P<rel>last|next|this)\s+)?(?P<holiday>{_holiday_names()})(?:,?\s+(?:of\s+)?{_YEAR})?",
     _holiday),
]
# What an expression that needs an anchor says, when there is none: a weekday, a duration
# or a holiday; anything else ("last week", "May 17" with no year anywhere) is relative.
_KIND = {_weekday: "weekday", _duration: "duration", _holiday: "holiday"}
_COMPILED = [(re.compile(rf"\b(?<![$€£.,/-])(?:{p})(?![\w%])", re.I), h) for p, h in _FORMS]
_LEAD = re.compile(r"^(?:(?:the(?!\s+weekend)|on|in|at|during|since|by|from)\s+)+", re.I)
# A month or year standing alone is only a date where the context says so ("May", "2000 troops").
_WEEKDAY_ONLY = re.compile(rf"(?:on\s+)?{_WEEKDAY}", re.I)
_BARE = re.compile(rf"{_MONTH}|\d{{4}}(?:\s*[-–]\s*\d\d(?:\d\d)?)?", re.I)


def resolve(text: str, anchor: dt.date | None, *, tense: str | None = None,
            refer: dict | None = None, year_hint: int | None = None) -> dict | None:
    """Resolve one date expression against the anchor date ``anchor``.

    Returns value, granularity, start_date, end_date, qualifier and resolved, or None.
    ``tense`` ("past", "present" or "future") of the clause steers yearless dates and weekdays;
    ``refer`` is the resolved date that "the same period in 2022" points back to. Weeks
    ("last week", "two weeks ago", weekends) have granularity ``week`` and an ISO week
    value ("2023-W20"); other periods the API has no granularity for (day or month ranges,
    halves, seasons) take the smallest calendar unit holding them, their exact range in
    start_date..end_date. Durations ("nearly four years") have granularity ``duration``
    and an ISO 8601 duration value ("P4Y"); named days ("Thanksgiving Day") have
    granularity ``holiday`` and their date as value. Without an anchor only expressions
    that carry their own year resolve. ``year_hint``, when given, is the year a month or
    day without a year takes (callers pass a year the text names when they have no anchor).
    """
    return _read(text, _Context(anchor, tense, refer, year_hint))[0]


def _read(text: str, ctx: _Context) -> tuple[dict | None, str | None]:
    """The resolved fields, or None and what the expression says when it needs an anchor."""
    text = _LEAD.sub("", text.strip())
    needs = None
    for pattern, handler in _COMPILED:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        try:
            return handler(_Groups(match.groupdict()), ctx), None
        except _NeedsAnchor:
            needs = needs or _KIND.get(handler, "relative")
        except (_Unresolved, ValueError):
            continue
    return None, needs


def _unresolved(kind: str) -> dict:
    return {"value": None, "granularity": kind, "start_date": None, "end_date": None,
            "qualifier": None, "resolved": False}


def timeline(dates: list[dict]) -> list[dict]:
    """Dates in calendar order; durations and unresolved dates after them, in text order."""
    def key(d):
        placed = d["start_date"] is not None and d["granularity"] != "duration"
        return (not placed, d["start_date"] or "", d["end_date"] or "", d["start"])

    return sorted(dates, key=key)


# --- dates in a parsed article -------------------------------------------------------------

_DATE_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL"})
_DATE_PREPOSITIONS = frozenset({
    "in", "since", "by", "until", "till", "from", "to", "through", "during", "before", "after",
    "of", "for", "between", "and", "or", "throughout", "early", "late", "mid", "around"})
# A date after these names a target, which may lie after publication even in a past-tense clause.
_TARGET_PREPOSITIONS = frozenset({"to", "for", "until", "till", "by", "before"})
_CLOSERS = frozenset('"”’»)')
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_FUTURE_HEADS = frozenset({"expect", "schedule", "plan", "set", "due", "intend", "slate", "go"})


class Sentences:
    """The sentence around an offset, kept within its paragraph and after the dateline."""

    def __init__(self, doc, structure: Structure) -> None:
        self.text = structure.text
        self.spans = [(s.start_char, s.end_char) for s in doc.sents]
        self.starts = [s for s, _ in self.spans]
        dateline = structure.dateline
        self.dateline = (dateline.start, dateline.end) if dateline else None

    def index(self, offset: int) -> int:
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def around(self, start: int, end: int) -> str:
        if self.dateline and self.dateline[0] <= start < self.dateline[1]:
            start = end = self.dateline[1] + 1  # the dateline's date opens the next sentence
        lo = self.spans[self.index(start)][0]
        hi = self.spans[self.index(max(end - 1, start))][1]
        block_lo, block_hi = _block(self.text, start)
        lo = max(lo, block_lo, self.dateline[1] if self.dateline else 0)
        hi = min(hi, block_hi)
        while hi < block_hi and self.text[hi] in _CLOSERS:  # spaCy leaves a closing quote behind
            hi += 1
        return self.text[lo:hi].strip()


def _block(text: str, offset: int) -> tuple[int, int]:
    """The bounds of the "\\n\\n"-separated block holding ``offset``."""
    before = text.rfind("\n\n", 0, offset + 1)
    after = text.find("\n\n", offset)
    return (0 if before < 0 else before + 2), (len(text) if after < 0 else after)


def _candidates(text: str) -> list[tuple[int, int]]:
    """Every span some form matches within one line, longest first."""
    spans: set[tuple[int, int]] = set()
    for pattern, _ in _COMPILED:
        for m in pattern.finditer(text):
            if "\n" not in m.group():
                spans.add(m.span())
                continue
            # no date runs across a line or paragraph break: read each line it touched
            lo = text.rfind("\n", 0, m.start()) + 1
            while lo <= m.end():
                hi = text.find("\n", lo)
                hi = len(text) if hi < 0 else hi
                spans.update(n.span() for n in pattern.finditer(text, lo, hi))
                lo = hi + 1
    return sorted(spans, key=lambda s: (s[0] - s[1], s[0]))


def _is_date_context(doc, start: int, end: int) -> bool:
    """Whether spaCy calls the span a date, or a date preposition introduces it."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if any(t.ent_type_ == "DATE" for t in span):
        return True
    if span.root.tag_ == "MD" or span.root.pos_ == "VERB" or span.root.dep_ == "nummod":
        return False
    before = doc[span.start - 1] if span.start else None
    return before is not None and before.lower_ in _DATE_PREPOSITIONS


def _inside_name(names: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether the span is part of a longer non-date entity ("the 2022 World Cup")."""
    i = bisect.bisect_right(names, (start, end))
    nearby = names[max(i - 1, 0):i + 2]  # spaCy entities never overlap
    return any(a < end and start < b and b - a > end - start for a, b in nearby)


def _verb_tense(verb) -> str | None:
    for _ in range(4):
        aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if any(c.lower_ in _FUTURE_AUX for c in aux):
            return "future"
        if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux):
            return "past"
        if verb.tag_ == "VBN" and any(c.lemma_ == "have" for c in aux):
            return "past"
        if verb.tag_ in ("VBZ", "VBP") and not aux:
            return "present"  # "the tournament ends on Sunday": a schedule
        if not (verb.tag_ == "VB" and any(c.tag_ == "TO" for c in aux)) or verb.head is verb:
            return None
        verb = verb.head  # "is expected to meet on Monday": the tense is the head's
        if verb.lemma_ in _FUTURE_HEADS:
            return "future"
    return None


def _tense(doc, start: int, end: int) -> str | None:
    """Past or future for the clause governing the date, when the parse tells."""
    root = doc.char_span(start, end, alignment_mode="expand").root
    if root.head.pos_ == "ADP" and root.head.lower_ in _TARGET_PREPOSITIONS:
        return None
    verb = next((t for t in (root, *root.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    return _verb_tense(verb) if verb is not None else None


def _year_named(text: str) -> int | None:
    """The latest year the text names other than as a target ("by 2030"): the year a month
    or day without a year takes when nothing else anchors the text."""
    years = [int(m[1]) for m in _YEAR_IN_TEXT.finditer(text)
             if not _TARGET_BEFORE_YEAR.search(text, max(0, m.start() - 8), m.start())]
    return max(years, default=None)


def _anchor(structure: Structure) -> tuple[dt.date | None, int | None]:
    """The anchor and, without one, the year a yearless date takes. The anchor is the
    caller's, the dateline's or the page's date; a dateline's month and day without a year
    take the year the text names (a year inferred from the day of analysis anchors nothing)."""
    published = structure.published
    if published is not None and published.date and not published.inferred:
        return dt.date.fromisoformat(published.date[:10]), None
    year, dateline = _year_named(structure.text), structure.dateline
    if dateline is None or not (dateline.month and dateline.day and year):
        return None, year
    try:
        return dt.date(year, dateline.month, dateline.day), None
    except ValueError:
        return None, year


_LOOSE_ARTICLE = re.compile(r"an?\s", re.I)
_DURATION_INTRO = frozenset({"for", "in", "within", "after", "over", "than", "nearly", "almost",
                             "about", "around", "past", "last", "next", "of", "under"})


def _loose_duration(text: str, start: int) -> bool:
    """"a month" in "$500 a month" is a rate; "for a month" is a duration."""
    if not _LOOSE_ARTICLE.match(text, start):
        return False
    before = text[max(0, start - 12):start].split()
    return not before or before[-1].lower() not in _DURATION_INTRO


def extract_dates(doc, structure: Structure) -> list[dict]:
    """Every date expression of the article in text order (ids d1, d2, ...): resolved
    against the anchor, or kept as said with ``value`` None and ``resolved`` False."""
    text = structure.text
    anchor, hint = _anchor(structure)
    names = [(e.start_char, e.end_char) for e in doc.ents if e.label_ not in _DATE_LABELS]
    chosen: list[tuple[int, int, str | None]] = []
    for start, end in _candidates(text):
        if any(start < e and s < end for s, e, _ in chosen):
            continue
        if _BARE.fullmatch(text[start:end]) and not _is_date_context(doc, start, end):
            continue
        if _inside_name(names, start, end) or _loose_duration(text, start):
            continue
        tense = _tense(doc, start, end)
        fields, needs = _read(text[start:end], _Context(anchor, tense, None, hint))
        if fields is not None or needs:
            chosen.append((start, end, tense))
    sentences = Sentences(doc, structure)
    dates: list[dict] = []
    said: dict[str, dict] = {}  # one weekday named twice is one day
    for start, end, tense in sorted(chosen):
        sentence = sentences.index(start)
        refer = next((d for d in reversed(dates) if d["_sentence"] >= sentence - 1
                      and d["resolved"] and d["granularity"] not in ("duration", "holiday")),
                     None)
        expression = " ".join(text[start:end].lower().split())
        fields, needs = _read(text[start:end], _Context(anchor, tense, refer, hint))
        if fields is None:
            fields = _unresolved(needs)
        elif _WEEKDAY_ONLY.fullmatch(" ".join(text[start:end].split())):
            fields = said.setdefault(expression, fields)
        section, paragraph = structure.locate(start)
        dates.append({"id": f"d{len(dates) + 1}", "text": text[start:end], **fields,
                      "sentence": sentences.around(start, end), "start": start, "end": end,
                      "section": section, "paragraph": paragraph, "_sentence": sentence})
    for date in dates:
        del date["_sentence"]
    return dates
