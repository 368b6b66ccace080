"""Calendar arithmetic: months, weeks, quarters and holidays, and the fields of a resolved range."""

from __future__ import annotations

import calendar
import datetime as dt

ONE_DAY = dt.timedelta(days=1)
ONE_WEEK = dt.timedelta(weeks=1)


def month_span(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    """From the first day of month ``first`` to the last of ``last`` (may run past December)."""
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return dt.date(year, first, 1), dt.date(end_year, end_month,
                                            calendar.monthrange(end_year, end_month)[1])


def add_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def week_of(day: dt.date, shift: int = 0) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday()) + shift * ONE_WEEK
    return monday, monday + dt.timedelta(days=6)


def shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def quarter_number(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def _granularity(start: dt.date, end: dt.date) -> str:
    """The smallest calendar unit holding the whole range (the start's year if none does)."""
    if start == end:
        return "day"
    if (start.year, start.month) == (end.year, end.month):
        return "month"
    if (start.year, quarter_number(start)) == (end.year, quarter_number(end)):
        return "quarter"
    return "year"


def period_value(start: dt.date, granularity: str) -> str:
    if granularity == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return {"day": start.isoformat(), "month": f"{start.year}-{start.month:02d}",
            "quarter": f"{start.year}-Q{quarter_number(start)}",
            "year": str(start.year)}[granularity]


def qualifier_of(text: str | None) -> str | None:
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
        return first, (first + ONE_DAY if third < 2 else end)
    step = 4 if unit == "year" else 1
    first = start.month + step * third
    return month_span(start.year, first, first + step - 1)


def resolved_fields(start: dt.date, end: dt.date, unit: str | None = None, qual: str | None = None):
    """The API fields of a resolved date; ``unit`` is the period the text names, if any."""
    if unit == "weekend":
        unit = "week"
    granularity = (unit if unit in ("day", "week", "month", "quarter", "year")
                   else _granularity(start, end))
    value = period_value(start, granularity)
    start, end = _narrow(start, end, unit, qual)
    return {"value": value, "granularity": granularity, "start_date": start.isoformat(),
            "end_date": end.isoformat(), "qualifier": qual, "resolved": True}


def shift_by(day: dt.date, count: int, unit: str) -> dt.date:
    if unit in ("day", "week"):
        return day + dt.timedelta(days=count * (7 if unit == "week" else 1))
    if unit in ("year", "decade"):
        return shift_year(day, count)
    year, month = add_months(day, count)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def easter(year: int) -> dt.date:
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


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    if n < 0:
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
