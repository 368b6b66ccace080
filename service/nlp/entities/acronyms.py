"""Acronyms: linked to the long form they abbreviate, or dropped when they name a kind of thing."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from service.nlp.entities.mentions import (
    ACRONYM,
    Mention,
)


def link_acronyms(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"Eurasian Economic Union (EAEU)": the acronym is a mention of the long form.

    A long form that spaCy cut up ("the Islamic State of Iraq" + "the Levant") is rebuilt
    from the capitalised words before the bracket, replacing the pieces it covers.
    """
    mentions = list(mentions)
    for i in _bracketed_acronyms(doc):
        acronym = doc[i + 1].text
        long_form = next((m for m in mentions if m.end == i), None)
        if long_form is None or not _abbreviates(acronym, long_form.text(doc)):
            long_form = _capitalised_long_form(doc, i, acronym)
            if long_form is None:
                continue
            pieces = [m for m in mentions if long_form.start <= m.start < i]
            kinds = {m.type for m in pieces} & {"ORGANIZATION", "EVENT", "LAW"}
            long_form.type = kinds.pop() if len(kinds) == 1 else "ORGANIZATION"
            mentions = [m for m in mentions if m not in pieces] + [long_form]
        own = next((m for m in mentions if m.start == i + 1), None)
        if own is None:
            own = Mention(i + 1, i + 2, long_form.type)
            mentions.append(own)
        own.long_form = long_form
    return mentions


def _bracketed_acronyms(doc: Doc) -> list[int]:
    """Token indices of "(" in "( ACRONYM )"."""
    return [
        i for i in range(1, len(doc) - 2)
        if doc[i].text == "(" and doc[i + 2].text == ")" and ACRONYM.fullmatch(doc[i + 1].text)
    ]


def common_noun_acronyms(doc: Doc) -> set[str]:
    """Acronyms of lower-case words ("improvised explosive device (IED)") name no entity."""
    found = set()
    for i in _bracketed_acronyms(doc):
        acronym = doc[i + 1].text
        letters = sum(c.isalpha() for c in acronym)
        words = [t.text for t in doc[max(0, i - 2 * letters):i] if t.is_alpha][-letters:]
        lower = words and all(w.islower() for w in words)
        if lower and _abbreviates(acronym, " ".join(words).title()):
            found.add(acronym)
    return found


def _capitalised_long_form(doc: Doc, i: int, acronym: str) -> Mention | None:
    """The shortest run of capitalised words (of/and/the/for inside) before ``i`` that fits."""
    a = i
    while a > 0 and (doc[a - 1].is_title or doc[a - 1].is_upper
                     or doc[a - 1].lower_ in {"of", "and", "the", "for", "on", "-", "–"}):
        a -= 1
    for start in range(i - 1, a - 1, -1):
        if doc[start].is_title and _abbreviates(acronym, doc[start:i].text):
            return Mention(start, i, "ORGANIZATION")
    return None


def _abbreviates(acronym: str, long_form: str) -> bool:
    """True when the acronym's letters follow the long form's initials in order."""
    letters = [c for c in acronym.upper() if c.isalpha()]
    words = [w for w in re.split(r"[\s\-–]+", long_form) if w and w[0].isupper()]
    if len(words) < 2 or not letters or letters[0] != words[0][0]:
        return False
    pool = " ".join(words).upper()
    pos = 0
    for c in letters:
        pos = pool.find(c, pos) + 1
        if pos == 0:
            return False
    return sum(w[0].upper() in letters for w in words) >= len(words) - 1
