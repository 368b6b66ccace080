"""Candidate entity mentions: spaCy's spans cleaned and split, plus those spaCy missed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from service.nlp.entities import gazetteer
from service.nlp.entities.span_repair import (
    citation_cut,
    given_name_before,
    person_start,
    split_parts,
)
from service.nlp.lexicon import MONTHS, WEEKDAYS
from service.nlp.types import Structure

SPACY_TYPES = {
    "PERSON": "PERSON", "ORG": "ORGANIZATION", "GPE": "LOCATION", "LOC": "LOCATION",
    "FAC": "LOCATION", "NORP": "GROUP", "EVENT": "EVENT", "LAW": "LAW", "WORK_OF_ART": "WORK",
    "PRODUCT": "PRODUCT", "LANGUAGE": "OTHER",
}
NON_ENTITY_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL",
                               "ORDINAL"})
# Words that name a role rather than a thing: alone they are no entity, before a name they
# describe the person.
TITLE_WORDS = frozenset({
    "minister", "president", "secretary", "chairman", "chairwoman", "chair", "spokesman",
    "spokeswoman", "spokesperson", "counterpart", "chief", "head", "director", "ceo", "cfo",
    "governor", "mayor", "senator", "congressman", "congresswoman", "ambassador", "envoy",
    "general", "commander", "prime", "deputy", "foreign", "state", "king", "queen", "prince",
    "princess", "pope", "premier", "chancellor", "leader", "official", "representative",
    "adviser", "advisor", "officer", "captain", "colonel", "lieutenant", "sergeant", "major",
    "admiral", "commodore", "marshal", "judge", "justice", "attorney", "lawmaker", "mp",
    "speaker", "founder", "executive", "manager", "vice", "first", "lady", "sheikh", "emir",
    "mr", "mrs", "ms", "miss", "dr", "prof", "gen", "lt", "col", "capt", "sgt", "adm", "maj",
    "cpl", "pvt", "spc", "gov", "sen", "rep", "hon", "sir", "dame", "lord", "rev", "mr.",
    "mrs.", "ms.", "dr.", "prof.", "gen.", "lt.", "col.", "capt.", "sgt.", "adm.", "maj.",
    "cpl.", "pvt.", "spc.", "gov.", "sen.", "rep.", "hon.", "rev.",
})
# Nouns that end an organisation's name: a capitalised name after one is a separate person.
ORG_HEADS = frozenset({
    "agency", "alliance", "army", "assembly", "association", "authority", "bank", "board",
    "bureau", "cabinet", "centre", "center", "chamber", "command", "commission", "committee",
    "company", "congress", "corporation", "council", "court", "department", "directorate",
    "federation", "force", "forces", "foundation", "fund", "government", "group", "guard",
    "institute", "league", "ministry", "navy", "office", "organization", "organisation",
    "parliament", "party", "police", "republic", "service", "society", "state", "treaty",
    "tribunal", "union", "university",
})
LEADING_JUNK = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our",
    "my", "your", "near", "in", "at", "on", "from", "by", "with", "of", "for", "to", "into",
    "outside", "inside", "around", "across", "along", "amid", "among", "between", "within",
    "toward", "towards", "via", "after", "before", "during", "under", "over", "against", "and",
    "or", "but", "both", "either", "neither", "also", "according", "said", "says",
})
FUNCTION_TAGS = frozenset({"DT", "PRP$", "CC", "TO", "WDT", "PDT", "WP$", "IN", "POS", "PRP"})
CALENDAR_WORDS = frozenset(
    form for w in (*WEEKDAYS, *MONTHS) for form in (w.lower(), w[:3].lower()))
LOCATIVE = frozenset({"in", "near", "at", "around", "outside", "inside", "into", "from",
                      "across", "toward", "towards", "throughout", "within", "to"})
# Parts of speech that close a noun phrase before them.
NP_ENDS = frozenset({"PUNCT", "VERB", "AUX", "ADP", "CCONJ", "SCONJ", "PART", "ADV"})
# Heads of a state's or a union's name, "<head> of <place> and <place>".
STATE_HEADS = frozenset({"state", "kingdom", "republic", "emirate", "emirates", "federation",
                         "union", "commonwealth", "principality", "islands", "territories"})
ADMIN_UNITS = frozenset({"province", "district", "governorate", "county", "prefecture", "oblast"})
ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&.\-]*[A-Z0-9]\.?")
POSSESSIVE = re.compile(r"[’']s?")
INITIAL = re.compile(r"[A-Z]\.")
# Common nouns, verbs and adverbs: capitalised only by their place at a sentence start.
COMMON_WORD_TAGS = frozenset({"NN", "NNS", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "RB"})
# A nationality or a name after a lower-case prefix: "pro-European", "post-Soviet".
PREFIXED_NAME = re.compile(r"[a-z]{2,8}-[A-Z][a-z]{2,30}")


@dataclass(eq=False)
class Mention:
    """Tokens ``start:end`` of the doc read as one name of type ``type``."""

    start: int
    end: int
    type: str
    key: str = ""
    fixed_type: bool = False  # set by a rule that knows better than the vote
    votes: bool = True  # propagated mentions repeat the decision, they do not vote on it
    long_form: Mention | None = None  # set on an acronym defined in brackets
    chars: tuple[int, int] | None = None  # when the name is only part of a token ("/TASS/.")
    _text: tuple | None = field(default=None, repr=False)  # text() of the last edges read

    def span(self, doc: Doc) -> tuple[int, int]:
        """Character offsets of the name."""
        if self.chars:
            return self.chars
        return doc[self.start].idx, doc[self.end - 1].idx + len(doc[self.end - 1])

    def text(self, doc: Doc) -> str:
        where = (self.start, self.end, self.chars)
        if self._text is not None and self._text[0] == where:
            return self._text[1]
        words = doc[self.start:self.end]
        text = words.text
        if self.chars is not None:
            offset = words.start_char
            text = text[self.chars[0] - offset:self.chars[1] - offset]
        self._text = (where, text)
        return text


def find_mentions(doc: Doc, structure: Structure) -> list[Mention]:
    """Every candidate mention outside section titles, acronyms linked to their long forms."""
    titles = title_ranges(structure)
    common = _common_noun_acronyms(doc)
    cased = any(t.text != t.lower_ for t in doc)
    found = [m for m in _from_spacy(doc, cased) if not _inside(m.span(doc)[0], titles)]
    found = _given_names_before(doc, found)
    found = _join_and_tail(doc, found)
    found = [m for m in found if m.text(doc) not in common]
    found += _dateline_mentions(doc, structure, found)
    found += _place_mentions(doc, found)
    found += _capitals_places(doc, found)
    found += _definite_names(doc, found)
    return _link_acronyms(doc, found)


def title_ranges(structure: Structure) -> list[tuple[int, int]]:
    """Character ranges of section titles: they label the article, they mention nothing."""
    return [(s.start, s.start + len(s.title)) for s in structure.sections if s.title]


def _inside(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in ranges)


def overlaps(a: int, b: int, mentions: list[Mention]) -> bool:
    return any(m.start < b and a < m.end for m in mentions)


def is_acronym(text: str) -> bool:
    return text.isupper() and len(text) >= 2 and not gazetteer.demonym_code(text.title())


# --- spaCy's spans, cleaned -----------------------------------------------------------------


def _from_spacy(doc: Doc, cased: bool) -> list[Mention]:
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
                a4, b4 = _trim(doc, a3, b3, kind2)
                if kind2 == "PERSON":
                    a4 = person_start(doc, a4, b4)
                if a4 < b4 and not _junk(doc[a4:b4], kind2, cased):
                    chars = citation_cut(doc, a4, b4)
                    b5 = b4 if chars else _extend_admin_unit(doc, b4, kind2)
                    parts.append(Mention(a4, b5, kind2, chars=chars))
    return parts


def _join_and_tail(doc: Doc, mentions: list[Mention]) -> list[Mention]:
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


def _given_names_before(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A surname-only person takes the given name just before it, from the name that had
    swallowed it ("Minister of Economic Development Dmitry | Volkov")."""
    ends = {m.end: m for m in mentions}
    dropped: set[int] = set()
    for m in mentions:
        if m.type != "PERSON" or m.chars or m.end - m.start != 1 \
                or not given_name_before(doc, m.start):
            continue
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
    if kind == "PERSON" or all(gazetteer.is_place(t) for t in texts):
        return parts
    if kind == "GROUP" and all(gazetteer.demonym_code(t) for t in texts):
        return parts
    return [(a, b)]


def _trim(doc: Doc, a: int, b: int, kind: str) -> tuple[int, int]:
    """Drop leading articles, prepositions ("Near Palmyra") and titles, a trailing "'s"."""
    opened = next((i for i in range(a, b) if doc[i].text == "("), None)
    if opened is not None and not any(doc[i].text == ")" for i in range(opened, b)):
        b = opened
    while a < b and (_leading_junk(doc[a]) or (kind == "PERSON" and doc[a].lower_ in TITLE_WORDS)):
        if a + 1 < b and _part_of_name(doc[a]):
            break
        a += 1
    while b > a and (doc[b - 1].tag_ == "POS" or POSSESSIVE.fullmatch(doc[b - 1].text)
                     or not any(c.isalnum() for c in doc[b - 1].text)):
        b -= 1
    return a, b


def _part_of_name(token: Token) -> bool:
    """A capitalised "The" inside a sentence belongs to the name ("in The Hague")."""
    if token.text != "The" or token.is_sent_start or token.i == 0:
        return False
    before = token.doc[token.i - 1]
    return not (before.is_punct and before.text not in {",", "(", ")"}) and "\n" not in before.text


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
            and span[0].tag_ in COMMON_WORD_TAGS and not gazetteer.demonym_code(text):
        return True  # a common word capitalised by its place: "Retailers cut prices"
    return kind == "GROUP" and text[:1].islower() and not PREFIXED_NAME.fullmatch(text)


def _extend_admin_unit(doc: Doc, b: int, kind: str) -> int:
    """"Mosul district", "Ninewa province": the unit word is part of the place's name."""
    if kind == "LOCATION" and b < len(doc) and doc[b].lower_ in ADMIN_UNITS:
        return b + 1
    return b


# --- what spaCy missed ----------------------------------------------------------------------


def _dateline_mentions(doc: Doc, structure: Structure, known: list[Mention]) -> list[Mention]:
    """The dateline's agency ("/TASS/") and place ("MOSCOW") are entities spaCy may miss."""
    line = structure.dateline
    if line is None:
        return []
    raw = structure.text[line.start:line.end].lower()
    found = []
    for value, kind in ((line.agency, "ORGANIZATION"), (line.place, "LOCATION")):
        at = raw.find(value.lower()) if value else -1
        if at < 0:
            continue
        a, b = line.start + at, line.start + at + len(value)
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is not None and not overlaps(span.start, span.end, known):
            found.append(Mention(span.start, span.end, kind, fixed_type=True, chars=(a, b)))
    return found


def _place_mentions(doc: Doc, known: list[Mention]) -> list[Mention]:
    """Gazetteer places spaCy left unlabelled after a locative preposition ("in Sinjar")."""
    found = []
    for i in range(len(doc) - 1):
        first = doc[i + 1]
        if doc[i].lower_ not in LOCATIVE or first.ent_type_ or first.tag_ != "NNP":
            continue
        end = i + 1
        while end < len(doc) and end - i <= 3 and doc[end].is_title and not doc[end].ent_type_:
            end += 1
        stop = next((s for s in range(end, i + 1, -1)
                     if gazetteer.is_place(doc[i + 1:s].text)), None)
        if stop and not overlaps(i + 1, stop, known):
            found.append(Mention(i + 1, stop, "LOCATION"))
    return found


def _capitals_places(doc: Doc, known: list[Mention]) -> list[Mention]:
    """Countries and cities in a line written in capitals ("FLOODS HIT NORTHERN KENYA"),
    where the model reads names poorly: one to three words whose title case is a place."""
    found: list[Mention] = []
    offset = 0
    for line in doc.text.split("\n"):
        letters = [c for c in line if c.isalpha()]
        if len(line.split()) >= 2 and len(letters) >= 8 and all(c.isupper() for c in letters):
            span = doc.char_span(offset, offset + len(line), alignment_mode="contract")
            if span is not None:
                found += _places_in(doc, span.start, span.end, known + found)
        offset += len(line) + 1
    return found


def _places_in(doc: Doc, a: int, b: int, known: list[Mention]) -> list[Mention]:
    found, i = [], a
    while i < b:
        stop = next((s for s in range(min(i + 3, b), i, -1)
                     if doc[i:s].text.isupper() and len(doc[i:s].text) > 3
                     and gazetteer.is_place(doc[i:s].text.title())), None)
        if stop and not overlaps(i, stop, known):
            found.append(Mention(i, stop, "LOCATION"))
            i = stop
        else:
            i += 1
    return found


def _definite_names(doc: Doc, known: list[Mention]) -> list[Mention]:
    """A capitalised word spaCy left unlabelled after "the" mid-sentence ("the Coalition")."""
    found = []
    for t in doc[1:-1]:
        nxt = doc[t.i + 1]
        if (doc[t.i - 1].text != "the" or t.ent_type_ or not t.is_title or t.tag_ != "NNP"
                or t.is_sent_start or nxt.pos_ not in NP_ENDS or nxt.text == "-"
                or t.lower_ in TITLE_WORDS or t.lower_ in CALENDAR_WORDS
                or gazetteer.demonym_code(t.text) or overlaps(t.i, t.i + 1, known)):
            continue
        found.append(Mention(t.i, t.i + 1,
                             "LOCATION" if gazetteer.is_place(t.text) else "ORGANIZATION"))
    return found


# --- acronyms ---------------------------------------------------------------------------------


def _link_acronyms(doc: Doc, mentions: list[Mention]) -> list[Mention]:
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


def _common_noun_acronyms(doc: Doc) -> set[str]:
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
