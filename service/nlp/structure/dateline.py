"""Datelines: where, when and by whom a story was filed, at its start or as a sign-off.

The opening grammar, read left to right with bounded steps (every pattern is anchored
and its repeats are bounded, so a block is read in time linear in its length)::

    dateline  := PLACE ("," REGION){0,2} [","] [DATE] [AGENCY] SEPARATOR
               | [DATE] AGENCY SEPARATOR       (no place: "(Bloomberg) --", "Aug. 7 (UPI) --")
    PLACE     := up to four words joined by spaces, hyphens or a slash ("SEOUL/BEIJING"),
                 all capitals unless an agency follows, or unless a comma, a date and a
                 separator before a capital follow ("Paris, October 27: The ...")
    REGION    := a state, province or country ("Russia", "Calif.")
    DATE      := "Oct 22" | "Oct. 22" | "22 October", optionally ", 2024" | "1996-12-06"
    AGENCY    := "(Reuters)" | ", (Xinhua)" | ". /TASS/." | " /PRNewswire/" | "--(BUSINESS WIRE)"
                 a name the lexicon knows, or one of an agency's form: up to four
                 capitalised words, or a short lower-case acronym ("(dpa)")
    SEPARATOR := a dash with or without a space after it ("-", "--", "–", "—")
               | ":" (after a date, an agency, or a place in capitals: "NEW DELHI: The ...")
               | nothing, after a slashed agency ("MINSK, June 3. /TASS/. The ...")
               | nothing, when a capitalised place and a date are followed by a
                 capitalised word ("MOSCOW Nov 25 Gas producer ...": terminal style)
                 or by the end of the block ("LONDON 1996-12-06" on a line of its own)

A sign-off names the agency at the end of the story: "... on Tuesday. (AFP)", "— AP"
(agencies, by name or by form, are read in ``agencies``).
``find_dateline`` reads both and gives the finished ``Dateline`` of an article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from service.nlp.lexicon import MONTH_PATTERN, month_number
from service.nlp.structure.agencies import (
    AGENCIES,
    credited_agency,
    is_agency,
    match_sign_off,
    normalize_agency,
    opens_story,
)
from service.nlp.structure.days import iso_date
from service.nlp.types import Dateline, Paragraph

_LETTER = r"[^\W\d_]"
_WORD = rf"{_LETTER}(?:{_LETTER}|['’.]){{0,30}}"
_PLACE_WORD = re.compile(rf"[ \-/]?{_WORD}")
_REGION_WORD = rf"[A-Z](?:{_LETTER}|\.){{0,30}}"
_REGION = re.compile(rf",[ \t]{{0,3}}({_REGION_WORD}(?:[ \-]{_REGION_WORD})?)"
                     r"(?=[ \t]{0,3}[,(/\-–—:]|[ \t])")
_DATE = re.compile(
    rf",?[ \t]{{0,3}}(?:(?P<month>{MONTH_PATTERN})\.?[ \t]{{1,3}}(?P<day>\d{{1,2}})"
    rf"|(?P<day2>\d{{1,2}})[ \t]{{1,3}}(?P<month2>{MONTH_PATTERN})\.?)(?!\w)"
    r"(?:,?[ \t]{1,3}(?P<year>\d{4})(?!\w))?"
    r"|,?[ \t]{1,3}(?P<iso>\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))(?![\w\-])"
)
_AGENCY = re.compile(r"\.?[ \t]{0,3}/(?P<slashed>[^/\s][^/\n]{0,20})/\.?"
                     r"|,?[ \t]{0,3}\((?P<paren>[^()\n]{2,30})\)"
                     r"|[ \t]{0,3}-{1,2}\((?P<wired>[^()\n]{2,30})\)")
_DASH = re.compile(r"[ \t]{0,3}(?:[-–—]{1,3}|:)(?=[ \t]|$|[\"“‘'A-Z])")
_SPACED_DASH = re.compile(r"[ \t]{1,3}-{1,3}(?=[ \t]|$)|[ \t]{0,3}[–—]{1,2}(?=[ \t]|$)")
_DATED_SEPARATOR = re.compile(r"[ \t]{0,3}:(?=[ \t])|(?=[ \t]{1,3}[\"“‘]?[A-Z])|[ \t]*$")
# A separator that a sentence follows: what a place in mixed case needs after its date.
_SEPARATOR_BEFORE_SENTENCE = re.compile(
    r"[ \t]{0,3}(?:[-–—]{1,3}|:)[ \t]{1,3}(?=[\"“‘]?[A-Z0-9])")
_PLACE_COLON = re.compile(r"[ \t]{0,2}:[ \t]{1,3}(?=[\"“‘]?[A-Z0-9])")
# Words in capitals before a colon that label a story rather than name a place.
_KICKERS = frozenset(re.findall(r"\S+", """
update updated breaking exclusive watch analysis opinion editorial correction clarification
note editor's editors' factbox explainer live video photos photo review interview commentary
warning alert urgent flash bulletin podcast quiz poll column letter letters obituary sponsored
advertisement summary recap transcript q&a fact check
"""))
_ACRONYM = re.compile(r"[A-Z]{2,6}")
# A place in mixed case ("Paris") is a dateline's only with this much of a sentence after.
_MIN_SENTENCE_WORDS = 6


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
    # Only a colon after a place in capitals: speaker turns of a transcript have this form.
    weak: bool = False


def match_opening(block: str) -> DatelineMatch | None:
    """The dateline opening ``block``, or None when the block starts with prose."""
    ends = _place_ends(block)
    for end in reversed(ends):  # the longest place that makes a dateline
        found = _opening_after(block, block[:end], end)
        if found is not None:
            return found
    return _placeless(block)


def _placeless(block: str) -> DatelineMatch | None:
    """An agency with no place, after a date or alone: "(Bloomberg) --", "Aug. 7 (UPI) --"."""
    date = _DATE.match(block, 0)
    if date is not None and date["iso"]:
        date = None
    agency = _AGENCY.match(block, date.end() if date else 0)
    dash = _DASH.match(block, agency.end()) if agency is not None else None
    if dash is None:
        return None
    agency, end = agency[agency.lastgroup], dash.end()
    if not is_agency(agency):
        return None
    if date is None and agency.lower() not in AGENCIES and not (
            _ACRONYM.fullmatch(agency) and agency.lower() not in _KICKERS
            and block[dash.start():end].strip() != ":"):
        # a parenthesis opening prose is an agency only by name, or as an acronym before
        # a dash ("(XYZ) -- The ...")
        return None
    return _match(end, None, [], date, agency)


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
    if end is None and date is None and agency is None and _names_place(text):
        colon = _PLACE_COLON.match(block, pos)  # "NEW DELHI: The ..."
        if colon is not None and _sentence_follows(block, colon.end()):
            return replace(_match(colon.end(), text, regions, None, None), weak=True)
    if end is None:
        return None
    if agency is not None and not is_agency(agency):
        return None
    # A mixed-case opening ("On May 17 -") is prose unless an agency follows it, or a
    # comma, a date and a sentence ("Paris, October 27: The ...").
    if not (text.isupper() or agency):
        end = _mixed_case_dated(block, text, date, pos)
        if end is None:
            return None
    return _match(end, text, regions, date, agency)


def _match(end: int, place: str | None, regions: list[str], date: re.Match | None,
           agency: str | None) -> DatelineMatch:
    month, day, year = None, None, None
    if date is not None and date["iso"]:
        year, month, day = int(date["iso"][:4]), date["iso"][5:7], int(date["iso"][8:])
    elif date is not None:
        month, day = date["month"] or date["month2"], int(date["day"] or date["day2"])
        year = int(date["year"]) if date["year"] else None
    return DatelineMatch(end, place, ", ".join(regions) or None,
                         normalize_agency(agency), month, day, year)


def _names_place(text: str) -> bool:
    """Capitals that may name a place, not a label such as "UPDATE" or "EXCLUSIVE"."""
    return text.isupper() and not any(w.lower() in _KICKERS for w in re.split(r"[ /]", text))


def _mixed_case_dated(block: str, text: str, date: re.Match | None, pos: int) -> int | None:
    """Where the dateline of a place in mixed case ends: after a comma, a date and a
    separator that a sentence follows."""
    if date is None or not block[date.start():date.end()].lstrip().startswith(","):
        return None
    if not all(w[:1].isupper() for w in re.split(r"[ \-/]", text) if w):
        return None
    separator = _SEPARATOR_BEFORE_SENTENCE.match(block, pos)
    if separator is None or not _sentence_follows(block, separator.end()):
        return None
    return separator.end()


def _sentence_follows(block: str, pos: int) -> bool:
    return len(block[pos:pos + 200].split()) >= _MIN_SENTENCE_WORDS


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


def find_dateline(paragraphs: list[Paragraph], credits: list[str] = ()) -> Dateline | None:
    """The article's dateline: the opening of its lead, or of its second paragraph when
    that one names an agency or a date (a press release after a line of contacts or a
    summary); its agency, when it names none, from a sign-off at the end of the story or
    an agency credit after it. A sign-off alone is the dateline of an article without one;
    a credit line after the story is not."""
    if not paragraphs:
        return None
    dateline = _opening_dateline(paragraphs[0], paragraphs[1:2])
    if dateline is None and len(paragraphs) > 1:
        dateline = _opening_dateline(paragraphs[1], [paragraphs[0], *paragraphs[2:3]])
        if dateline is not None and not ((dateline.agency or dateline.month) and opens_story(
                match_opening(paragraphs[1].text), [paragraphs[0].text])):
            dateline = None
    sign_off = _sign_off(paragraphs[-1])
    if dateline is None:
        return sign_off
    agency = sign_off.agency if sign_off else next(
        (agency for agency in map(credited_agency, credits) if agency), None)
    if dateline.agency is None:
        dateline.agency = agency
    return dateline


def _opening_dateline(paragraph: Paragraph, following: list[Paragraph]) -> Dateline | None:
    match = match_opening(paragraph.text)
    if match is None or (match.weak and any(speaker_turn(p.text) for p in following)):
        return None
    raw = paragraph.text[: match.end].rstrip()
    month = None
    if match.month:
        month = int(match.month) if match.month.isdigit() else month_number(match.month)
    day = match.day if month else None
    return Dateline(
        raw=raw,
        place=_title_place(match.place) if match.place else None,
        date=iso_date(match.year, month, day),
        agency=match.agency,
        start=paragraph.start,
        end=paragraph.start + len(raw),
        month=month,
        day=day,
        region=match.region,
    )


def speaker_turn(block: str) -> bool:
    """Whether ``block`` opens with a name in capitals and a colon, as a dateline of the
    form "NEW DELHI: ..." does and as every turn of a transcript does."""
    match = match_opening(block)
    return match is not None and match.weak


def _sign_off(paragraph: Paragraph) -> Dateline | None:
    """An agency named at the end of the story ("... on Tuesday. (AFP)", "— AP")."""
    found = match_sign_off(paragraph.text)
    if found is None:
        return None
    start, agency = found
    raw = paragraph.text[start:].strip()
    return Dateline(raw=raw, place=None, date=None, agency=agency,
                    start=paragraph.end - len(raw), end=paragraph.end)


def _title_place(place: str) -> str:
    """"NEW YORK" -> "New York", "SEOUL/BEIJING" -> "Seoul/Beijing"; mixed case as written."""
    if not place.isupper():
        return place
    return re.sub(r"[^\W\d_][^\s\-/]*", lambda m: m[0].capitalize(), place)
