"""Datelines: where, when and by whom a story was filed, at its start or as a sign-off.

The opening grammar, read left to right with bounded steps (every pattern is anchored
and its repeats are bounded, so a block is read in time linear in its length)::

    dateline  := PLACE ("," REGION){0,2} [","] [DATE] [AGENCY] SEPARATOR
    PLACE     := up to four words, all capitals unless an agency follows ("NEW YORK")
    REGION    := a state, province or country ("Russia", "Calif.")
    DATE      := "Oct 22" | "Oct. 22" | "22 October", optionally ", 2024"
    AGENCY    := "(Reuters)" | ", (Xinhua)" | ". /TASS/."
    SEPARATOR := a dash with or without a space after it ("-", "--", "–", "—")
               | ":" (after a date or an agency)
               | nothing, after a slashed agency ("MINSK, June 3. /TASS/. The ...")
               | nothing, when a capitalised place and a date are followed by a
                 capitalised word ("MOSCOW Nov 25 Gas producer ...": terminal style)

A sign-off names the agency at the end of the story: "... on Tuesday. (AFP)", "— AP".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.nlp.lexicon import AGENCY_LONG_NAMES, MONTH_PATTERN, NEWS_AGENCIES

_LETTER = r"[^\W\d_]"
_WORD = rf"{_LETTER}(?:{_LETTER}|['’.]){{0,30}}"
_PLACE_WORD = re.compile(rf"[ \-]?{_WORD}")
_REGION_WORD = rf"[A-Z](?:{_LETTER}|\.){{0,30}}"
_REGION = re.compile(rf",[ \t]{{0,3}}({_REGION_WORD}(?:[ \-]{_REGION_WORD})?)"
                     r"(?=[ \t]{0,3}[,(/\-–—:]|[ \t])")
_DATE = re.compile(
    rf",?[ \t]{{0,3}}(?:(?P<month>{MONTH_PATTERN})\.?[ \t]{{1,3}}(?P<day>\d{{1,2}})"
    rf"|(?P<day2>\d{{1,2}})[ \t]{{1,3}}(?P<month2>{MONTH_PATTERN})\.?)(?!\w)"
    r"(?:,?[ \t]{1,3}(?P<year>\d{4})(?!\w))?"
)
_AGENCY = re.compile(r"\.?[ \t]{0,3}/(?P<slashed>[^/\s][^/\n]{0,20})/\.?"
                     r"|,?[ \t]{0,3}\((?P<paren>[^()\n]{2,30})\)")
_DASH = re.compile(r"[ \t]{0,3}(?:[-–—]{1,3}|:)(?=[ \t]|$|[\"“‘'A-Z])")
_SPACED_DASH = re.compile(r"[ \t]{1,3}-{1,3}(?=[ \t]|$)|[ \t]{0,3}[–—]{1,2}(?=[ \t]|$)")
_DATED_SEPARATOR = re.compile(r"[ \t]{0,3}:(?=[ \t])|(?=[ \t]{1,3}[\"“‘]?[A-Z])")
_SIGN_OFF = re.compile(
    r"(?:[ \t]{0,3}\((?P<paren>[A-Za-z][\w\-]{1,15}(?:[ \t][A-Z][\w\-]{1,15}){0,2})\)"
    r"|[ \t]{1,3}[–—-]{1,2}[ \t]{0,2}(?P<dash>[A-Z][\w\-]{1,15}(?:[ \t][A-Z][\w\-]{1,15}){0,2}))"
    r"[ \t]{0,3}$"
)

AGENCIES = {name.lower(): name for name in NEWS_AGENCIES} | {
    name.lower(): short for name, short in AGENCY_LONG_NAMES.items()}


@dataclass(frozen=True)
class DatelineMatch:
    """A dateline at the start of a block: ``end`` is where it stops in the block."""

    end: int
    place: str | None
    region: str | None
    agency: str | None
    month: str | None
    day: int | None
    year: int | None


def match_opening(block: str) -> DatelineMatch | None:
    """The dateline opening ``block``, or None when the block starts with prose."""
    ends = _place_ends(block)
    for end in reversed(ends):  # the longest place that makes a dateline
        found = _opening_after(block, block[:end], end)
        if found is not None:
            return found
    return None


def _place_ends(block: str) -> list[int]:
    """Where each of the block's first four words ends (candidate place ends)."""
    ends, pos = [], 0
    for i in range(4):
        word = _PLACE_WORD.match(block, pos)
        if word is None or (i == 0 and word.group().startswith((" ", "-"))):
            break
        pos = word.end()
        ends.append(pos)
    return ends


def _opening_after(block: str, text: str, pos: int) -> DatelineMatch | None:
    if len(text) < 2:
        return None
    regions = []
    for _ in range(2):
        region = _REGION.match(block, pos)
        if region is None or re.fullmatch(MONTH_PATTERN + r"\.?", region[1]):
            break
        regions.append(region[1])
        pos = region.end()
    date = _DATE.match(block, pos)
    if date is not None:
        pos = date.end()
    agency, end = _agency_and_separator(block, pos, date is not None)
    if end is None:
        return None
    if agency is not None and not _is_agency(agency):
        return None
    # A mixed-case opening ("On May 17 -") is prose unless an agency follows it.
    if not (text.isupper() or agency):
        return None
    month = (date["month"] or date["month2"]) if date else None
    day = int(date["day"] or date["day2"]) if date else None
    year = int(date["year"]) if date and date["year"] else None
    return DatelineMatch(end, text, ", ".join(regions) or None,
                         normalize_agency(agency), month, day, year)


def _agency_and_separator(block: str, pos: int, dated: bool) -> tuple[str | None, int | None]:
    agency = _AGENCY.match(block, pos)
    if agency is not None:
        name, after = agency[agency.lastgroup], _DASH.match(block, agency.end())
        if after is not None:
            return name, after.end()
        return name, agency.end() if agency["slashed"] else None  # "(Reuters)" wants a dash
    dash = _SPACED_DASH.match(block, pos)
    if dash is not None:
        return None, dash.end()
    if dated:
        separator = _DATED_SEPARATOR.match(block, pos)
        if separator is not None:
            return None, separator.end()
    return None, None


def match_sign_off(block: str) -> tuple[int, str] | None:
    """Where an agency sign-off starts at the end of the last block, and the agency."""
    match = _SIGN_OFF.search(block[-60:])
    if match is None:
        return None
    agency = match["paren"] or match["dash"]
    if agency.lower() not in AGENCIES:
        return None
    return max(len(block) - 60, 0) + match.start(), normalize_agency(agency)


def _is_agency(text: str) -> bool:
    return text[0].isupper() and len(text.split()) <= 4 and not any(c.isdigit() for c in text)


def normalize_agency(agency: str | None) -> str | None:
    if agency is None:
        return None
    agency = agency.strip()
    return AGENCIES.get(agency.lower(), agency)
