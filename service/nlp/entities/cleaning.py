"""spaCy's entity spans as names: split at line breaks, numbers and "and", trimmed, joined."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from service.nlp.entities import gazetteer
from service.nlp.entities.mentions import (
    ADMIN_UNITS,
    CALENDAR_WORDS,
    COMMON_NOUN_ENDING,
    COMMON_WORD_TAGS,
    FUNCTION_TAGS,
    INITIAL,
    LEADING_JUNK,
    ORG_HEADS,
    POSSESSIVE,
    PREFIXED_NAME,
    ROLE_PREFIXES,
    SPACY_TYPES,
    STATE_HEADS,
    STREET_HEADS,
    TITLE_WORDS,
    Mention,
)
from service.nlp.entities.span_repair import (
    citation_cut,
    given_name_before,
    person_start,
    split_parts,
    titled_kind,
)
from service.nlp.entities.words import common_noun_phrase


def spacy_mentions(doc: Doc, cased: bool) -> list[Mention]:
    found: list[Mention] = []
    for ent in doc.ents:
        kind = SPACY_TYPES.get(ent.label_)
        if kind:
            found.extend(_clean(doc, ent.start, ent.end, kind, cased))
    return found


def _clean(doc: Doc, start: int, end: int, kind: str, cased: bool) -> list[Mention]:
    parts: list[Mention] = []
    pieces = [p for a, b in _split_lines(doc, start, end) for p in split_parts(doc, a, b, kind)]
    for a, b in pieces:
        for a2, b2, kind2 in _split_person_tail(doc, a, b, kind):
            for a3, b3 in _split_coordination(doc, a2, b2, kind2):
                kind3 = titled_kind(doc, a3, b3, kind2)  # "Dr Anna" read as an organisation
                a4, b4 = _trim(doc, a3, b3, kind3)
                if kind3 == "PERSON":
                    a4 = person_start(doc, a4, b4)
                if a4 < b4 and not _junk(doc[a4:b4], kind3, cased):
                    chars = citation_cut(doc, a4, b4)
                    b5 = b4 if chars else _extend_admin_unit(doc, b4, kind3)
                    parts.append(Mention(a4, b5, kind3, chars=chars))
    return parts


def join_and_tail(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"Islamic State of Iraq" + "and the Levant", "United Kingdom of Great Britain" + "and
    Northern Ireland": a state's name "of" one place "and" another is one name, when the
    model ended it at the "and" and the words after it are a place."""
    starts = {m.start: m for m in mentions}
    dropped: set[int] = set()
    for m in mentions:
        if m.type != "ORGANIZATION" and m.type != "LOCATION" or m.chars:
            continue
        words = doc[m.start:m.end]
        of = next((t.i for t in words if t.lower_ == "of"), None)
        if of is None or of == m.start or doc[of - 1].lower_ not in STATE_HEADS:
            continue
        i = m.end
        if i + 1 >= len(doc) or doc[i].lower_ != "and":
            continue
        i += 2 if doc[i + 1].lower_ == "the" else 1
        end = i
        while end < len(doc) and end - i < 3 and doc[end].is_title and doc[end].pos_ == "PROPN":
            end += 1
        if end == i or not (gazetteer.is_place(doc[i:end].text)
                            or doc[i].ent_type_ in {"LOC", "GPE"}):
            continue
        for j in range(m.end, end):
            if (other := starts.get(j)) is not None and other.end <= end:
                dropped.add(id(other))
        m.end = end
    return [m for m in mentions if id(m) not in dropped]


def given_names_before(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A surname-only person takes the given name just before it, from the name that had
    swallowed it ("Minister of Economic Development Dmitry | Volkov"); a surname read as
    another name after a role and a given name is a person ("chief financial officer Ana
    | Costa")."""
    ends = {m.end: m for m in mentions}
    dropped: set[int] = set()
    for m in mentions:
        if m.chars or m.end - m.start != 1 or not given_name_before(doc, m.start):
            continue
        if m.type != "PERSON":
            if m.start < 2 or doc[m.start - 2].lower_ not in TITLE_WORDS \
                    or doc[m.start - 1].ent_type_ or m.start in ends:
                continue
            m.type = "PERSON"
        other = ends.get(m.start)
        if other is not None:
            if other.chars or (other.type == "PERSON" and other.end - other.start > 2):
                continue
            other.end -= 1
            if other.end <= other.start or other.type == "PERSON" \
                    or _junk(doc[other.start:other.end], other.type, True):
                dropped.add(id(other))  # a person's remainder is a title's tail
        elif doc[m.start - 1].ent_type_:
            continue
        m.start -= 1
    return [m for m in mentions if id(m) not in dropped]


def _split_lines(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """A span across a paragraph break is two spans (or junk at one end)."""
    parts, a = [], start
    for i in range(start, end):
        if "\n" in doc[i].text:
            parts.append((a, i))
            a = i + 1
    parts.append((a, end))
    return [(x, y) for x, y in parts if x < y]


def _split_person_tail(doc: Doc, a: int, b: int, kind: str) -> list[tuple[int, int, str]]:
    """Split "the Union State Dmitry Mezentsev" (one ORG to spaCy) into ORG + PERSON.

    The tail must look like a given and family name (optionally with an initial) and follow
    an organisation head noun ("State", "Council") or a title's "of"/"for" ("Minister for
    the Middle East Tobias Ellwood").
    """
    if kind != "ORGANIZATION" or b - a < 3:
        return [(a, b, kind)]
    for size in (3, 2):
        cut = b - size
        if cut - a >= 1 and doc[cut - 1].lower_ in ORG_HEADS and _looks_like_name(doc[cut:b]):
            return [(a, cut, kind), (cut, b, "PERSON")]
    cut = b - 2
    if cut - a >= 1 and _after_title_preposition(doc, a) and _looks_like_name(doc[cut:b]):
        return [(a, cut, kind), (cut, b, "PERSON")]
    return [(a, b, kind)]


def _looks_like_name(span: Span) -> bool:
    return not gazetteer.is_place(span.text) and all(
        INITIAL.fullmatch(t.text) or (
            t.tag_ == "NNP" and t.text[:1].isupper() and not t.is_upper
            and t.lower_ not in ORG_HEADS and t.lower_ not in TITLE_WORDS)
        for t in span
    )


def _after_title_preposition(doc: Doc, a: int) -> bool:
    """True when the span follows "<title> of/for (the)"."""
    i = a - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i >= 1 and doc[i].lower_ in {"of", "for"} and doc[i - 1].lower_ in TITLE_WORDS


def _split_coordination(doc: Doc, a: int, b: int, kind: str) -> list[tuple[int, int]]:
    """Split "Lavrov and Aleynik", "Russia and Belarus", "Russian-Belarusian" into names.

    Other names with "and" stay whole ("Bosnia and Herzegovina" is no two known places).
    """
    joints = {"and", "&", "or", ","} | ({"-", "–", "/"} if kind == "GROUP" else set())
    cuts = [i for i in range(a, b) if doc[i].lower_ in joints]
    if not cuts:
        return [(a, b)]
    edges = [a - 1, *cuts, b]
    parts = [(x + 1, y) for x, y in zip(edges, edges[1:], strict=False) if x + 1 < y]
    texts = [doc[x:y].text for x, y in (_trim(doc, x, y, kind) for x, y in parts) if x < y]
    if kind == "PERSON" or all(gazetteer.is_place(t) or (
            " " in t and t.split()[-1].lower() in STREET_HEADS) for t in texts):
        return parts  # "Russia and Belarus", "Church Lane and Station Road"
    if kind == "GROUP" and all(gazetteer.demonym_code(t) for t in texts):
        return parts
    return [(a, b)]


def _trim(doc: Doc, a: int, b: int, kind: str) -> tuple[int, int]:
    """Drop leading articles, prepositions ("Near Palmyra") and titles, a trailing "'s"."""
    opened = next((i for i in range(a, b) if doc[i].text == "("), None)
    if opened is not None and not any(doc[i].text == ")" for i in range(opened, b)):
        b = opened
    while a < b and (_leading_junk(doc[a]) or (kind == "PERSON" and doc[a].lower_ in TITLE_WORDS)):
        if a + 1 < b and (_part_of_name(doc[a]) or (kind == "PERSON" and _given_name(doc[a]))):
            break
        a += 1
    while b > a and (doc[b - 1].tag_ == "POS" or POSSESSIVE.fullmatch(doc[b - 1].text)
                     or not any(c.isalnum() for c in doc[b - 1].text)
                     or _role_prefix(doc, b - 1)):
        b -= 1
    return a, b


def _hyphen_after(doc: Doc, i: int) -> Token | None:
    """The word joined to token ``i`` by a hyphen with no space ("co" -> "founder")."""
    if i + 2 >= len(doc) or doc[i].whitespace_ or doc[i + 1].text != "-" \
            or doc[i + 1].whitespace_:
        return None
    return doc[i + 2]


def _role_prefix(doc: Doc, i: int) -> bool:
    """Token ``i`` begins a hyphenated role that runs on past it ("co" of "co-owner", "Vice"
    of "Vice-Chairman"), or ends one with a title ("Founder" of "Co-Founder"): no part of a
    name ("Co-op" whole stays one)."""
    if (after := _hyphen_after(doc, i)) is not None:
        return doc[i].lower_ in ROLE_PREFIXES or after.lower_ in TITLE_WORDS
    return i >= 2 and _hyphen_after(doc, i - 2) is not None and doc[i].lower_ in TITLE_WORDS


def _common_compound(span: Span) -> bool:
    """A hyphenated common noun with a lower-case part ("Kick-off", "Half-time"), in the
    span or running on past its end, whose capitalised words are tagged as common words:
    no name, though a name may come before a hyphen ("Obama-era")."""
    doc = span.doc
    end = span.end
    while (after := _hyphen_after(doc, end - 1)) is not None:
        end = after.i + 1
    words = doc[span.start:end]
    lower = any(t.i >= 2 and t.is_lower and _hyphen_after(doc, t.i - 2) is not None
                for t in words)
    return lower and not any(t.tag_ in {"NNP", "NNPS"} for t in words if t.is_title)


def _part_of_name(token: Token) -> bool:
    """A capitalised "The" inside a sentence belongs to the name ("in The Hague")."""
    if token.text != "The" or token.is_sent_start or token.i == 0:
        return False
    before = token.doc[token.i - 1]
    return not (before.is_punct and before.text not in {",", "(", ")"}) and "\n" not in before.text


def _given_name(token: Token) -> bool:
    """A given name that is also a function word ("Per" of "Per Nes", "PER NES" in a line of
    capitals) starts the name."""
    text = token.text.title() if token.is_upper else token.text
    return token.lower_ not in LEADING_JUNK and gazetteer.is_given_name(text)


def _leading_junk(token: Token) -> bool:
    return (token.lower_ in LEADING_JUNK or token.tag_ in FUNCTION_TAGS
            or not any(c.isalnum() for c in token.text))


def _junk(span: Span, kind: str, cased: bool) -> bool:
    """Not a name: no letters, all lower case (in a cased text), only titles, a weekday."""
    text = span.text
    if "\n" in text or not any(c.isalpha() for c in text):
        return True
    if cased and text == text.lower():
        return True
    if all(t.lower_ in TITLE_WORDS or t.is_punct for t in span):
        return True
    if len(span) == 1 and span[0].lower_.rstrip(".") in CALENDAR_WORDS:
        return True
    if cased and len(span) == 1 and span[0].is_sent_start and not span[0].is_upper \
            and (span[0].tag_ in COMMON_WORD_TAGS or _abstract_noun(text, kind)) \
            and not gazetteer.demonym_code(text):
        return True  # a common word capitalised by its place: "Retailers cut prices"
    if kind == "PERSON" and _common_compound(span) or cased and common_noun_phrase(span, kind):
        return True  # "Kick-off", "showed great Spirit"
    if cased and len(span) == 1 and _abstract_noun(text, kind) and not (
            kind == "ORGANIZATION" and span.start > 0 and span.doc[span.start - 1].lower_ == "the"):
        return True  # "an Attendance of 9,210", "her team's Determination"
    return kind == "GROUP" and text[:1].islower() and not PREFIXED_NAME.fullmatch(text)


def _abstract_noun(text: str, kind: str) -> bool:
    """"Attendance", "Entertainment": a long word with an abstract noun's ending, read as a
    person or an organisation, that is no first name, no place ("Lawrence", "Florence" stay)
    and no organisation's head word ("Commission")."""
    return kind in {"PERSON", "ORGANIZATION"} and len(text) >= 8 and text.isalpha() \
        and text.lower() not in ORG_HEADS \
        and bool(COMMON_NOUN_ENDING.search(text.lower())) \
        and not gazetteer.is_given_name(text) and not gazetteer.is_place(text)


def _extend_admin_unit(doc: Doc, b: int, kind: str) -> int:
    """"Mosul district", "Ninewa province": the unit word is part of the place's name."""
    if kind == "LOCATION" and b < len(doc) and doc[b].lower_ in ADMIN_UNITS:
        return b + 1
    return b
