"""The publication date: the caller's, the dateline's or the page's, or inferred from the text."""

from __future__ import annotations

import datetime
import re

from service.nlp.dates.anchor import story_years
from service.nlp.lexicon import MONTH_PATTERN, MONTHS, WEEKDAY_PATTERN, WEEKDAYS, month_number
from service.nlp.structure.chrome import (
    is_noise,
)
from service.nlp.structure.days import iso_date, safe_date
from service.nlp.types import Dateline, Published

_FULL_DATE = re.compile(
    rf"(?P<month>{MONTH_PATTERN})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>{MONTH_PATTERN})\.?,?\s+(?P<year2>\d{{4}})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})"
)
_WEEKDAY_IN_TEXT = re.compile(rf"\b({WEEKDAY_PATTERN})\b")

_FUTURE_SLACK = datetime.timedelta(days=3)


def publication(
    given: datetime.date | None,
    dateline: Dateline | None,
    page_date: str | None,
    paragraphs: list[str],
    today: datetime.date | None,
    guessed: str | None = None,
) -> Published:
    """The caller's date, else the dateline's full date, else a date line of the article's
    own, else the day the page's markup suggests (``guessed``), else a year inferred for the
    dateline's month and day."""
    if given is not None:
        return from_caller(given)
    if dateline is not None and dateline.date:
        return Published(dateline.date, False, "The dateline gives the full date.")
    if page_date is not None:
        return Published(page_date, False, "A date line on the page gives the full date.")
    if guessed is not None:
        return Published(guessed, False, "The page's markup suggests the date.")
    if dateline is not None and dateline.month and dateline.day:
        return _infer_year(dateline.month, dateline.day, paragraphs, today)
    return Published(None, False, "no date in the text or request")


def from_caller(given: datetime.date | None) -> Published:
    if given is None:
        return Published(None, False, "no date in the text or request")
    return Published(given.isoformat(), False, "given by the caller")


def page_date(chrome: list[str]) -> str | None:
    """The first full date on a dropped timestamp line (e.g. "May 17, 2023 10:15 AM")."""
    for piece in chrome:
        match = _FULL_DATE.search(piece) if is_noise(piece) else None
        if match is None:
            continue
        if match["iso"]:
            year, month, day = (int(x) for x in match["iso"].split("-"))
        else:
            year = int(match["year"] or match["year2"])
            month = month_number(match["month"] or match["month2"])
            day = int(match["day"] or match["day2"])
        iso = iso_date(year, month, day)
        if iso:
            return iso
    return None


def _infer_year(month: int, day: int, paragraphs: list[str],
                today: datetime.date | None) -> Published:
    """Pick the year for a dateline's month and day from the years and weekday the text names,
    none after ``today``, the day of analysis."""
    given = f"The dateline gives {MONTHS[month - 1]} {day} without a year"
    if today is None:
        return Published(None, False, f"{given} and no day of analysis bounds the year")
    # the years the story is told in: not targets ("by 2030"), not notes about the author
    years = [y for y in story_years(paragraphs) if y <= today.year]
    if not years:
        # The server's clock is no evidence of when a story was written.
        return Published(None, False, f"{given} and the text names no year")
    latest = max(years)
    order = [latest + d for d in (0, 1, -1, 2, -2)]
    reason = f"{given}; {latest} is the latest year named in the text"
    dates = [
        d
        for d in (safe_date(y, month, day) for y in order)
        if d is not None and d <= today + _FUTURE_SLACK
    ]
    if not dates:
        return Published(None, False, f"{given} and no year fits it")
    weekday = _lead_weekday(paragraphs)
    chosen = next((d for d in dates if WEEKDAYS[d.weekday()] == weekday), None)
    result = chosen or dates[0]
    basis = _year_basis(reason, latest, result, weekday, chosen is not None)
    return Published(result.isoformat(), True, basis)


def _year_basis(
    reason: str, latest: int, result: datetime.date, weekday: str | None, matched: bool
) -> str:
    def long(d: datetime.date) -> str:
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"

    if matched and result.year == latest:
        return f"{reason}, and {long(result)} is a {weekday}, the weekday the lead names."
    if matched:
        return f"{reason}, but {long(result)} is the {weekday} the lead names."
    if result.year != latest:
        reason += f"; {long(result)} is the nearest such date not in the future"
    if weekday:
        reason += f"; no nearby year puts it on the {weekday} the lead names"
    return f"{reason}."



def _lead_weekday(paragraphs: list[str]) -> str | None:
    match = _WEEKDAY_IN_TEXT.search(" ".join(paragraphs[:2]))
    return match[1] if match else None
