"""News agencies by name or by form: in a dateline, a sign-off or a credit after the story."""

from __future__ import annotations

import re

from service.nlp.lexicon import AGENCY_LONG_NAMES, NEWS_AGENCIES
from service.nlp.structure.shape import ends_sentence, word_count

# An agency by its form: up to four capitalised words, or a short lower-case acronym.
_AGENCY_FORM = re.compile(r"[A-Z][\w&.\-]{0,24}(?:[ \t][A-Z][\w&.\-]{0,24}){0,3}|[a-z]{2,4}")
_SIGN_OFF = re.compile(
    r"(?:[ \t]{0,3}\((?P<paren>[A-Za-z][\w\-]{1,15}(?:[ \t][A-Z][\w\-]{1,15}){0,2})\)"
    r"|[ \t]{1,3}[–—-]{1,2}[ \t]{0,2}(?P<dash>[A-Z][\w\-]{1,15}(?:[ \t][A-Z][\w\-]{1,15}){0,2}))"
    r"[ \t]{0,3}$"
)
_CREDIT = re.compile(r"[–—\-]{0,2}[ \t]{0,2}[(/]?(?P<name>[A-Za-z][\w\-]{1,15}"
                     r"(?:[ \t][A-Z][\w\-]{1,15}){0,2})[)/]?\.?")

_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]?\s+[\"“‘(]?[A-Z]")
# A block of this many words ending a sentence is a paragraph; one of more words, or of
# two sentences, is too long for a dek: the story has begun.
MIN_PROSE_WORDS = 20
MAX_DEK_WORDS = 30

AGENCIES = {name.lower(): name for name in NEWS_AGENCIES} | {
    name.lower(): short for name, short in AGENCY_LONG_NAMES.items()}


def credited_agency(block: str) -> str | None:
    """The agency a credit line after the story names, and nothing else: "(AFP)",
    "— Reuters", "/TASS/"."""
    match = _CREDIT.fullmatch(block.strip())
    if match is None:
        return None
    name = match["name"]
    return normalize_agency(name) if name.lower() in AGENCIES else None


def match_sign_off(block: str) -> tuple[int, str] | None:
    """Where an agency sign-off starts at the end of the last block, and the agency."""
    match = _SIGN_OFF.search(block[-60:])
    if match is None:
        return None
    agency = match["paren"] or match["dash"]
    if agency.lower() not in AGENCIES:
        return None
    return max(len(block) - 60, 0) + match.start(), normalize_agency(agency)


def is_agency_name(text: str) -> bool:
    """A news agency the lexicon names ("AFP", "Reuters")."""
    return text.strip().lower() in AGENCIES


def is_agency(text: str) -> bool:
    """A name the lexicon knows, or one of an agency's form ("(dpa)", "(Example Wire)"),
    or two of them joined by a slash ("dpa/tmn")."""
    parts = text.strip().split("/")  # "dpa/tmn": an agency and its service
    return len(parts) <= 2 and all(
        part.lower() in AGENCIES or _AGENCY_FORM.fullmatch(part) for part in parts)


def normalize_agency(agency: str | None) -> str | None:
    if agency is None:
        return None
    agency = agency.strip()
    return AGENCIES.get(agency.lower(), agency)


def opens_story(match, before: list[str]) -> bool:
    """Whether a dateline ``match`` after the blocks ``before`` opens the story: one of
    only an agency's form ("(EU) -", no place, no date, no agency the lexicon names) does
    not after the story has begun (two paragraphs, or one too long for a dek)."""
    if match is None:
        return False
    if match.place is not None or match.month is not None or is_agency_name(match.agency or ""):
        return True
    prose = [b for b in before if word_count(b) >= MIN_PROSE_WORDS and ends_sentence(b)]
    return not (len(prose) > 1 or any(word_count(b) > MAX_DEK_WORDS
                                       or _SENTENCE_BREAK.search(b) for b in prose))
