"""The one anchor of an article's dates: the publication day that ``published`` gives
(the caller's, the dateline's, the page's, or the one inferred from the text), and without
it the year that the story's own text names."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from service.nlp.preceding import Preceding
from service.nlp.types import Structure

_YEAR_IN_TEXT = re.compile(r"(?<![\w.,/-])((?:19|20)\d\d)(?![\w/-]|[.,]\d)")
# A year after these is a target ("by 2030") or the end of a forecast period ("the year to
# March 2027"), not the time the story is told in.
_TARGET_BEFORE_YEAR = Preceding(
    r"(?i)\b(?:by|until|till|to|through|before|ending|ended|fiscal|FY)\s+"
    r"(?:(?-i:[A-Z][a-z]{2,8})\.?\s+(?:\d{1,2},?\s+)?)?$", 32)
# Page furniture left in the body: a note about the author ("Jane Roe is a reporter for
# the paper; until November 2021 she covered ...") tells when the writer worked, not when
# the story happened.
_BIO = re.compile(
    r"^(?:about\s+the\s+(?:authors?|writers?)\b"
    r"|(?!(?:The|A|An|This|That|It|They|We)\b)(?-i:[A-Z][\w.'’-]*\s+){1,4}"
    r"(?:is|was|has\s+been|joined|covers|writes)\b[^\n]{0,160}?"
    r"\b(?:reporter|correspondent|editor|journalist|writer|columnist|contributor|author"
    r"|producer|photographer|fellow)s?\b)", re.I)
_LONGEST_BIO = 600


def year_named(text: str) -> int | None:
    """The latest year the text names other than as a target ("by 2030"): the year a month
    or day without a year takes when nothing else anchors the text."""
    return max(_years(text), default=None)


def story_years(paragraphs: Iterable[str]) -> list[int]:
    """The years the paragraphs name as the time of the story: not targets or the ends of
    forecast periods, not years in notes about the author."""
    return [year for p in paragraphs if len(p) > _LONGEST_BIO or not _BIO.match(p)
            for year in _years(p)]


def _years(text: str) -> list[int]:
    return [int(m[1]) for m in _YEAR_IN_TEXT.finditer(text)
            if not _TARGET_BEFORE_YEAR.before(text, m.start())]


def _story_year(structure: Structure) -> int | None:
    heads = [span.text for span in (structure.headline, structure.subheadline) if span]
    years = [y for h in heads for y in _years(h)]
    years += story_years(p.text for _, p in structure.paragraphs())
    return max(years, default=None)


def anchor_of(structure: Structure) -> tuple[dt.date | None, int | None]:
    """The anchor and, without one, the year a yearless date takes.

    The anchor is the publication day ``published`` gives, inferred or not, so that the
    timeline and the article's date never disagree. Without one, a dateline's month and
    day take the year the story names, and that year is the one a yearless date takes.
    """
    published = structure.published
    if published is not None and published.date:
        return dt.date.fromisoformat(published.date[:10]), None
    year, dateline = _story_year(structure), structure.dateline
    if dateline is None or not (dateline.month and dateline.day and year):
        return None, year
    try:
        return dt.date(year, dateline.month, dateline.day), None
    except ValueError:
        return None, year
