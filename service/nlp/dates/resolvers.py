"""Resolvers of the date forms that name their period: a day, a month, a quarter, a half,
a year or a season, with or without the year."""

from __future__ import annotations

import datetime as dt

from service.nlp.dates.context import ORDINALS, Unresolved, count_of, pick_year, year_of
from service.nlp.dates.periods import month_span, qualifier_of, resolved_fields
from service.nlp.lexicon import month_number

_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11),
            "winter": (12, 14)}

def iso_date(g, ctx):
    day = dt.date(int(g["year"]), int(g["month"]), int(g["day"]))
    return resolved_fields(day, day, "day")


def month_day(g, ctx):
    month, first = month_number(g["month"]), count_of(g["day"])
    last = count_of(g["day2"]) if g["day2"] else first
    if last < first:
        raise Unresolved
    bounds = pick_year(ctx, g["year"], lambda y: (dt.date(y, month, first),
                                                   dt.date(y, month, last)))
    return resolved_fields(*bounds, "day" if last == first else None, qualifier_of(g["qual"]))


def whole_month(g, ctx):
    month = month_number(g["month"])
    bounds = pick_year(ctx, g["year"], lambda y: month_span(y, month, month))
    return resolved_fields(*bounds, "month", qualifier_of(g["qual"]))


def month_range(g, ctx):
    first, last = month_number(g["month"]), month_number(g["month2"])
    last += 12 if last < first else 0
    return resolved_fields(*pick_year(ctx, g["year"], lambda y: month_span(y, first, last)))


def quarter(g, ctx):
    if g["q"]:
        number, year = int(g["q"]), g["year"] or (g["yy"] and "20" + g["yy"])
    else:
        number = ORDINALS[g["ord"].lower()]
        if g["ord"].lower() == "last" and not g["yp"]:
            raise Unresolved  # "last quarter" is the previous one, not the fourth
        year = year_of(g, ctx) if g["yp"] else None
    bounds = pick_year(ctx, year, lambda y: month_span(y, 3 * number - 2, 3 * number))
    return resolved_fields(*bounds, "quarter", qualifier_of(g["qual"]))


def half_year(g, ctx):
    second = (g["half"] or g["h"]).lower() in ("second", "2nd", "2")
    return resolved_fields(*month_span(year_of(g, ctx), 7 if second else 1, 12 if second else 6))


def first_months(g, ctx):
    count = count_of(g["n"])
    if not 0 < count <= 12:
        raise Unresolved
    return resolved_fields(*month_span(year_of(g, ctx), 1, count))


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
