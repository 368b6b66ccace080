"""The forms a date expression takes, and the reading of one expression."""

from __future__ import annotations

import re
from collections.abc import Callable

from service.nlp.dates.context import ORDINALS, Context, Groups, NeedsAnchor, Unresolved
from service.nlp.dates.relative import (
    ago,
    day_word,
    duration,
    holiday,
    relative_month,
    relative_unit,
    same_period,
    weekday,
)
from service.nlp.dates.resolvers import (
    first_months,
    half_year,
    iso_date,
    month_day,
    month_range,
    quarter,
    season,
    whole_month,
    year_span,
)
from service.nlp.lexicon import (
    COUNT_WORDS,
    EASTER_HOLIDAYS,
    FIXED_HOLIDAYS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    NTH_WEEKDAY_HOLIDAYS,
    UNRESOLVED_HOLIDAYS,
    WEEKDAYS,
)


def _names(words) -> str:
    """Title-case and upper-case names, matched case-sensitively inside a case-blind pattern."""
    return "(?-i:" + "|".join([*words, *(w.upper() for w in words)]) + ")"


# Abbreviations with a full stop or not ("Sept." before "Sep."); "May" is a full name.
_ABBREVIATED = sorted((a.title() for a in MONTH_ABBREVIATIONS if a != "may"), key=len, reverse=True)
_MONTH = "(?:" + _names(MONTHS) + r"|(?-i:(?:" + "|".join(_ABBREVIATED) + r")\.?))"
_WEEKDAY = _names(WEEKDAYS)
_YEAR = r"(?P<year>1[6-9]\d\d|20\d\d)"
_DAY_NUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_NUM = r"(?:\d{1,2}|" + "|".join(COUNT_WORDS) + ")"
_QUAL = r"(?P<qual>(?:early|mid|late)(?:\s+|-)|(?:end|beginning|start|middle)\s+of\s+(?:the\s+)?)"
_YEAR_PART = rf"(?P<yp>{_YEAR}|(?:the\s+)?(?:(?P<yrel>this|last|next|current|coming)\s+)?year)"
_WEEKDAY_PREFIX = rf"(?:{_WEEKDAY},?\s+)?"

_FORMS: list[tuple[str, Callable]] = [
    (rf"{_YEAR}-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])", iso_date),
    (rf"{_WEEKDAY_PREFIX}(?:(?P<qual>early|late)\s+(?:on\s+)?)?(?P<month>{_MONTH})\s+"
     rf"(?P<day>{_DAY_NUM})(?:\s*(?:-|–|to|and)\s*(?P<day2>{_DAY_NUM}))?(?:,?\s+{_YEAR})?",
     month_day),
    (rf"{_WEEKDAY_PREFIX}(?P<day>{_DAY_NUM})(?:\s*[-–]\s*(?P<day2>{_DAY_NUM}))?\s+(?:of\s+)?"
     rf"(?P<month>{_MONTH})(?:,?\s+{_YEAR})?", month_day),
    (rf"{_QUAL}?(?P<month>{_MONTH})(?:,?\s+(?:of\s+)?{_YEAR})?", whole_month),
    (rf"(?P<month>{_MONTH})\s*(?:-|–|to|through)\s*(?P<month2>{_MONTH})(?:,?\s+{_YEAR})?",
     month_range),
    (rf"(?P<rel>last|next|this)\s+(?P<month>{_MONTH})", relative_month),
    (rf"{_QUAL}?(?:(?P<rel>this|last|next|current|coming|earlier\s+this|later\s+this)\s+)?"
     r"(?P<the>the\s+)?(?P<unit>week|weekend|month|quarter|year)", relative_unit),
    (rf"{_QUAL}?(?P<ord>{'|'.join(ORDINALS)})\s+quarter(?:(?:\s+(?:of|in))?\s+{_YEAR_PART})?",
     quarter),
    (rf"(?-i:Q)(?P<q>[1-4])(?:\s+(?:of\s+)?{_YEAR}|\s*'(?P<yy>\d\d))?", quarter),
    (rf"(?:(?P<half>first|second|1st|2nd)\s+half\s+of\s+|(?-i:H)(?P<h>[12])\s+){_YEAR_PART}",
     half_year),
    (rf"first\s+(?P<n>{_NUM})\s+months\s+of\s+{_YEAR_PART}", first_months),
    (rf"{_QUAL}?{_YEAR}(?:\s*[-–]\s*(?P<year2>\d{{4}}|\d\d))?", year_span),
    (rf"{_QUAL}?(?:(?P<rel>this|last|next)\s+)?(?P<season>spring|summer|autumn|fall|winter)"
     rf"(?:\s+(?:of\s+)?{_YEAR})?", season),
    (r"(?P<word>yesterday|today|tomorrow|tonight|last\s+night|this\s+(?:morning|afternoon|evening)"
     r"|day\s+before\s+yesterday|day\s+after\s+tomorrow)", day_word),
    (rf"(?P<n>{_NUM})\s+(?P<unit>day|week|month|year)s?\s+ago", ago),
    (r"same\s+(?:period|quarter|month|week|day|time)\s+(?:(?:of|in)\s+)?"
     rf"(?:{_YEAR}|last\s+year|(?:the\s+)?previous\s+year|a\s+year\s+(?:earlier|ago|before)"
     r"|the\s+year\s+before)", same_period),
    (rf"(?:(?P<rel>last|next|this|early|late)\s+(?:on\s+)?)?(?P<wd>{_WEEKDAY})", weekday),
]


def _holiday_names() -> str:
    names = sorted({*FIXED_HOLIDAYS, *NTH_WEEKDAY_HOLIDAYS, *EASTER_HOLIDAYS,
                    *UNRESOLVED_HOLIDAYS}, key=len, reverse=True)
    escaped = (re.escape(n).replace("'", "['’]").replace(r"\ ", r"\s") for n in names)
    return "(?-i:" + "|".join(escaped) + ")"


_DURATION_COUNT = (r"(?:\d{1,3}(?:\.\d{1,2})?|a\s+few|several|few|many|some|"
                   + "|".join(w for w in COUNT_WORDS if w not in ("a", "an")) + r"|an?)")

_FORMS += [
    (r"(?:(?:nearly|almost|about|around|roughly|some|over|under|more\s+than|less\s+than"
     r"|at\s+least|up\s+to|just|only)\s+)?(?:(?:the|its|their|his|her)\s+)?"
     r"(?:(?P<rel>past|last|next|coming|previous)\s+)?"
     rf"(?:(?P<n>{_DURATION_COUNT})\s+|(?<=past\s)|(?<=past\s\s))"  # "the past week"
     r"(?P<unit>hour|day|week|month|year|decade)(?P<plural>s)?"
     r"(?!\s+(?:old|older|younger|of\s+age|ago|earlier|later|before|after)\b)", duration),
    (rf"(?:(?P<rel>last|next|this)\s+)?(?P<holiday>{_holiday_names()})(?:,?\s+(?:of\s+)?{_YEAR})?",
     holiday),
]
# What an expression that needs an anchor says, when there is none: a weekday, a duration,
# a holiday, a day or a month whose year the text does not give ("Sept. 20", "August");
# anything else ("last week", "yesterday") is relative.
_KIND = {weekday: "weekday", duration: "duration", holiday: "holiday", month_day: "day",
         whole_month: "month", month_range: "month"}
COMPILED_FORMS = [(re.compile(rf"\b(?<![$€£.,/-])(?:{p})(?![\w%])", re.I), h) for p, h in _FORMS]
_LEAD = re.compile(r"^(?:(?:the(?!\s+weekend)|on|in|at|during|since|by|from)\s+)+", re.I)
# A month or year standing alone is only a date where the context says so ("May", "2000 troops").
WEEKDAY_ONLY = re.compile(rf"(?:on\s+)?{_WEEKDAY}", re.I)
BARE = re.compile(rf"{_MONTH}|\d{{4}}(?:\s*[-–]\s*\d\d(?:\d\d)?)?", re.I)


def read_expression(text: str, ctx: Context) -> tuple[dict | None, str | None]:
    """The resolved fields, or None and what the expression says when it needs an anchor."""
    text = _LEAD.sub("", text.strip())
    needs = None
    for pattern, handler in COMPILED_FORMS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        try:
            return handler(Groups(match.groupdict()), ctx), None
        except NeedsAnchor:
            needs = needs or _KIND.get(handler, "relative")
        except (Unresolved, ValueError):
            continue
    return None, needs


def unresolved_fields(kind: str) -> dict:
    return {"value": None, "granularity": kind, "start_date": None, "end_date": None,
            "qualifier": None, "resolved": False}
