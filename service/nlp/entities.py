"""Named entities: spaCy mentions cleaned, retyped and merged into one entity per thing."""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from service.nlp import gazetteer
from service.nlp.types import Structure

SPACY_TYPES = {
    "PERSON": "PERSON",
    "ORG": "ORGANIZATION",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "NORP": "GROUP",
    "EVENT": "EVENT",
    "LAW": "LAW",
    "WORK_OF_ART": "WORK",
    "PRODUCT": "PRODUCT",
    "LANGUAGE": "OTHER",
}
# Ties in the type vote go to the more specific reading.
TYPE_PRIORITY = ["PERSON", "LOCATION", "ORGANIZATION", "GROUP", "LAW", "EVENT", "WORK", "PRODUCT"]
# Words that name a role rather than a thing; alone they are no entity.
TITLE_WORDS = frozenset(
    ["minister", "president", "secretary", "chairman", "chairwoman", "chair", "spokesman", "spokeswoman", "spokesperson", "counterpart", "chief", "head", "director", "ceo", "cfo", "coo", "governor", "mayor", "senator", "congressman", "congresswoman", "ambassador", "envoy", "general", "commander", "prime", "deputy", "foreign", "state", "king", "queen", "prince", "princess", "pope", "premier", "chancellor", "leader", "official", "representative", "adviser", "advisor", "officer", "captain", "colonel", "lieutenant", "sergeant", "major", "admiral", "commodore", "marshal", "judge", "justice", "attorney", "lawmaker", "mp", "speaker", "founder", "executive", "manager", "president-elect", "vice", "first", "lady", "sheikh", "emir", "mr", "mrs", "ms", "miss", "dr", "prof", "gen", "lt", "col", "capt", "sgt", "adm", "maj", "cpl", "pvt", "spc", "gov", "sen", "rep", "hon", "sir", "dame", "lord", "st", "mr.", "mrs.", "ms.", "dr.", "prof.", "gen.", "lt.", "col.", "capt.", "sgt.", "adm.", "maj.", "cpl.", "pvt.", "spc.", "gov.", "sen.", "rep.", "hon.", "st.", "rev", "rev.", "father", "brother", "sister"]
)
# Nouns that end an organisation's name; a person's name after one is a separate entity.
ORG_HEADS = frozenset(
    ["agency", "alliance", "army", "assembly", "association", "authority", "bank", "board", "bureau", "cabinet", "centre", "center", "chamber", "command", "commission", "committee", "company", "congress", "corporation", "council", "court", "department", "directorate", "federation", "force", "forces", "foundation", "fund", "government", "group", "guard", "institute", "league", "ministry", "navy", "office", "organization", "organisation", "parliament", "party", "police", "republic", "service", "society", "state", "treaty", "tribunal", "union", "university"]
)
LEADING_JUNK = frozenset(
    ["the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your", "near", "in", "at", "on", "from", "by", "with", "of", "for", "to", "into", "outside", "inside", "around", "across", "along", "amid", "among", "between", "within", "toward", "towards", "via", "after", "before", "during", "under", "over", "against", "and", "or", "but", "both", "either", "neither", "also", "according", "said", "says"]
)
FUNCTION_TAGS = frozenset({"DT", "PRP$", "CC", "TO", "WDT", "PDT", "WP$", "IN", "POS", "PRP"})
CALENDAR_WORDS = frozenset(
    w.lower() for w in [*calendar.day_name, *calendar.month_name, *calendar.day_abbr] if w
) | {m.lower() for m in calendar.month_abbr if m}
NON_ENTITY_LABELS = frozenset(
    {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
)
LOCATIVE = frozenset(
    ["in", "near", "at", "around", "outside", "inside", "into", "from", "across", "toward", "towards", "throughout", "within", "to"]
)
# The last word of a name tells its type whatever spaCy said: "Union State Treaty" is a LAW.
HEAD_TYPES = {
    **dict.fromkeys(
        """treaty act agreement agreements accord accords convention charter law protocol
        constitution resolution directive regulation amendment pact code""".split(), "LAW"),
    **dict.fromkeys(
        """summit conference war games olympics forum festival championship championships
        election elections referendum""".split(), "EVENT"),
}
# Prepositions after which a name is a place even without a gazetteer entry.
NEAR = frozenset({"near", "outside", "around", "inside", "throughout"})
ADMIN_UNITS = frozenset({"province", "district", "governorate", "county", "prefecture", "oblast"})
ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&.\-]*[A-Z0-9]\.?")
POSSESSIVE = re.compile(r"[’']s?$")
INITIAL = re.compile(r"[A-Z]\.")


@dataclass(eq=False)
class Mention:
    start: int  # token index
    end: int
    type: str
    key: str = ""
    fixed_type: bool = False  # set by a rule that knows better than the vote
    votes: bool = True  # propagated mentions repeat a decision, they do not vote on it
    long_form: Mention | None = None
    chars: tuple[int, int] | None = None  # when the name is only part of a token ("/TASS/.")


@dataclass(eq=False)
class Cluster:
    mentions: list[Mention] = field(default_factory=list)
    acronym_of: Cluster | None = None


def extract_entities(doc: Doc, structure: Structure, *, articles: bool = True) -> list[dict]:
    """Entities of ``structure.text`` (parsed as ``doc``), most salient first.

    An ORGANIZATION or LOCATION mention starts at the "the" of its noun phrase ("the United
    Nations"), as the text refers to it; ``articles=False`` leaves it out. Names and aliases
    never include it, and no mention includes a possessive "'s".
    """
    blocked = _blocked_ranges(doc, structure)
    common = _common_noun_acronyms(doc)
    mentions = [m for m in _candidates(doc) if not _in_ranges(doc, m, blocked)]
    mentions = [m for m in mentions if _surface(doc, m) not in common]
    mentions += _dateline_mentions(doc, structure, mentions)
    mentions += _place_mentions(doc, mentions)
    mentions = _acronym_mentions(doc, mentions)
    clusters = _cluster(doc, mentions)
    _propagate(doc, clusters, blocked)
    entities = [_entity(doc, structure, c, articles) for c in clusters if not _common_noun(doc, c)]
    return _finish([e for e in entities if e])


# --- candidate mentions -------------------------------------------------------------------


def _candidates(doc: Doc) -> list[Mention]:
    found: list[Mention] = []
    for ent in doc.ents:
        kind = SPACY_TYPES.get(ent.label_)
        if kind:
            found.extend(_clean(doc, ent.start, ent.end, kind))
    return found


def _clean(doc: Doc, start: int, end: int, kind: str) -> list[Mention]:
    parts: list[Mention] = []
    for a, b in _split_lines(doc, start, end):
        for a2, b2, k in _split_person_tail(doc, a, b, kind):
            for a3, b3 in _split_coordination(doc, a2, b2, k):
                a4, b4 = _trim(doc, a3, b3, k)
                if a4 < b4 and not _junk(doc, a4, b4, k):
                    parts.append(Mention(a4, _extend_admin_unit(doc, b4, k), k))
    return parts


def _split_lines(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    parts, a = [], start
    for i in range(start, end):
        if "\n" in doc[i].text:
            parts.append((a, i))
            a = i + 1
    parts.append((a, end))
    return [(x, y) for x, y in parts if x < y]


def _split_person_tail(doc: Doc, a: int, b: int, kind: str) -> list[tuple[int, int, str]]:
    """Split "the Union State Dmitry Mezentsev" (one ORG to spaCy) into ORG + PERSON."""
    if kind != "ORGANIZATION" or b - a < 3:
        return [(a, b, kind)]
    for size in (2, 3):
        cut = b - size
        if size == 3 and not INITIAL.fullmatch(doc[b - 2].text):
            continue
        if cut - a < 1 or not _looks_like_name(doc[cut:b]):
            continue
        before = doc[cut - 1]
        if before.lower_ in ORG_HEADS or _after_title_preposition(doc, a):
            return [(a, cut, kind), (cut, b, "PERSON")]
    return [(a, b, kind)]


def _looks_like_name(span: Span) -> bool:
    return all(
        INITIAL.fullmatch(t.text) or t.tag_ == "NNP" and t.text[:1].isupper() and not t.is_upper
        and t.lower_ not in ORG_HEADS and t.lower_ not in TITLE_WORDS
        and not gazetteer.is_place(t.text)
        for t in span
    ) and not gazetteer.is_place(span.text)


def _after_title_preposition(doc: Doc, a: int) -> bool:
    """True for "Minister for [the Middle East ...]": the span follows a title and of/for."""
    i = a - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i >= 1 and doc[i].lower_ in {"of", "for"} and doc[i - 1].lower_ in TITLE_WORDS


def _split_coordination(doc: Doc, a: int, b: int, kind: str) -> list[tuple[int, int]]:
    """Split "Lavrov and Aleynik"; keep "Bosnia and Herzegovina" unless its parts are places."""
    joints = {"and", "&", "or", ","} | ({"-", "–", "/"} if kind == "GROUP" else set())
    cuts = [i for i in range(a, b) if doc[i].lower_ in joints]
    if not cuts:
        return [(a, b)]
    bounds = [a, *[c for c in cuts], b]
    parts = [(bounds[0], bounds[1])] + [(c + 1, n) for c, n in zip(cuts, bounds[2:], strict=True)]
    parts = [(x, y) for x, y in parts if x < y]
    texts = [_strip_text(doc, x, y) for x, y in parts]
    if kind == "PERSON" or all(gazetteer.is_place(t) for t in texts):
        return parts
    if kind == "GROUP" and all(gazetteer.demonym_code(t) for t in texts):
        return parts
    return [(a, b)]


def _strip_text(doc: Doc, a: int, b: int) -> str:
    x, y = _trim(doc, a, b, "")
    return doc[x:y].text if x < y else ""


def _trim(doc: Doc, a: int, b: int, kind: str) -> tuple[int, int]:
    opened = next((i for i in range(a, b) if doc[i].text == "("), None)
    if opened is not None and not any(doc[i].text == ")" for i in range(opened, b)):
        b = opened
    while a < b and (_leading_junk(doc[a]) or (kind == "PERSON" and _title_token(doc[a]))):
        a += 1
    while b > a and (doc[b - 1].is_punct or doc[b - 1].tag_ == "POS"
                     or POSSESSIVE.fullmatch(doc[b - 1].text)):
        b -= 1
    return a, b


def _leading_junk(token) -> bool:
    return (
        token.lower_ in LEADING_JUNK
        or token.tag_ in FUNCTION_TAGS
        or token.is_punct
        or token.is_space
    )


def _title_token(token) -> bool:
    return token.lower_ in TITLE_WORDS


def _junk(doc: Doc, a: int, b: int, kind: str) -> bool:
    span = doc[a:b]
    text = span.text
    if "\n" in text or not any(c.isalpha() for c in text):
        return True
    if not any(c.isupper() for c in text) and any(c.isupper() for c in doc.text):
        return True
    if all(t.lower_ in TITLE_WORDS or t.is_punct for t in span):
        return True
    if b - a == 1 and span[0].lower_.rstrip(".") in CALENDAR_WORDS:
        return True
    return kind == "GROUP" and text[:1].islower()


def _extend_admin_unit(doc: Doc, b: int, kind: str) -> int:
    """"Mosul district", "Ninewa province": the unit word is part of the place's name."""
    if kind == "LOCATION" and b < len(doc) and doc[b].lower_ in ADMIN_UNITS:
        return b + 1
    return b


def _blocked_ranges(doc: Doc, structure: Structure) -> list[tuple[int, int]]:
    """Character ranges of section titles: they label the article, they mention nothing."""
    return [(s.start, s.start + len(s.title)) for s in structure.sections if s.title]


def _in_ranges(doc: Doc, m: Mention, ranges: list[tuple[int, int]]) -> bool:
    start = doc[m.start].idx
    return any(a <= start < b for a, b in ranges)


def _dateline_mentions(doc: Doc, structure: Structure, known: list[Mention]) -> list[Mention]:
    """The dateline's agency ("/TASS/") and place ("MOSCOW") are entities spaCy may miss."""
    line = structure.dateline
    if line is None:
        return []
    raw = structure.text[line.start:line.end]
    found = []
    for value, kind in ((line.agency, "ORGANIZATION"), (line.place, "LOCATION")):
        if not value:
            continue
        at = raw.lower().find(value.lower())
        if at < 0:
            continue
        a, b = line.start + at, line.start + at + len(value)
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is not None and not _overlaps(span.start, span.end, known):
            found.append(Mention(span.start, span.end, kind, fixed_type=True, chars=(a, b)))
    return found


def _place_mentions(doc: Doc, known: list[Mention]) -> list[Mention]:
    """Gazetteer places spaCy left unlabelled after a locative preposition ("in Sinjar")."""
    found = []
    for i in range(len(doc) - 1):
        if doc[i].lower_ not in LOCATIVE or doc[i + 1].ent_type_ or not doc[i + 1].is_title:
            continue
        end = i + 1
        while end < len(doc) and end - i <= 3 and doc[end].is_title and not doc[end].ent_type_:
            end += 1
        for stop in range(end, i + 1, -1):
            if doc[i + 1].tag_ == "NNP" and gazetteer.is_place(doc[i + 1:stop].text):
                if not _overlaps(i + 1, stop, known):
                    found.append(Mention(i + 1, stop, "LOCATION"))
                break
    return found


def _overlaps(a: int, b: int, mentions: list[Mention]) -> bool:
    return any(m.start < b and a < m.end for m in mentions)


# --- acronyms -----------------------------------------------------------------------------


def _acronym_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"Eurasian Economic Union (EAEU)": the acronym is a mention of the long form.

    A long form that spaCy cut up ("the Islamic State of Iraq" + "the Levant") is rebuilt
    from the capitalised words before the bracket, replacing the pieces it covers.
    """
    mentions = list(mentions)
    for i in _bracketed_acronyms(doc):
        acronym = doc[i + 1].text
        long_form = next((m for m in mentions if m.end == i), None)
        if long_form is None or not _abbreviates(acronym, _surface(doc, long_form)):
            long_form = _capitalised_long_form(doc, i, acronym)
            if long_form is None:
                continue
            kind = next((m.type for m in mentions if long_form.start <= m.start < i), None)
            long_form.type = kind if kind in {"ORGANIZATION", "EVENT", "LAW"} else "ORGANIZATION"
            mentions = [m for m in mentions if not (long_form.start <= m.start < i)]
            mentions.append(long_form)
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
    """Acronyms defined by lower-case words ("improvised explosive device (IED)") name no entity."""
    found = set()
    for i in _bracketed_acronyms(doc):
        acronym = doc[i + 1].text
        letters = sum(c.isalpha() for c in acronym)
        words = [t.text for t in doc[max(0, i - 2 * letters):i] if t.is_alpha][-letters:]
        if words and all(w.islower() for w in words) and _abbreviates(acronym, " ".join(words).title()):
            found.add(acronym)
    return found


def _capitalised_long_form(doc: Doc, i: int, acronym: str) -> Mention | None:
    """The shortest run of capitalised words (of/and/the/for inside) before i that fits."""
    a = i
    while a > 0 and (doc[a - 1].is_title or doc[a - 1].is_upper or (
            doc[a - 1].lower_ in {"of", "and", "the", "for", "on", "-", "–"} and a > 1)):
        a -= 1
    for start in range(i - 1, a - 1, -1):
        if doc[start].is_title and _abbreviates(acronym, doc[start:i].text):
            return Mention(start, i, "ORGANIZATION")
    return None


def _abbreviates(acronym: str, long_form: str) -> bool:
    """True when the acronym's letters follow the long form's initials in order."""
    letters = [c for c in acronym.upper() if c.isalpha()]
    words = [w for w in re.split(r"[\s\-–]+", long_form) if w and w[0].isupper()]
    if not letters or not words or letters[0] != words[0][0]:
        return False
    pool = " ".join(words).upper()
    pos = 0
    for c in letters:
        pos = pool.find(c, pos)
        if pos < 0:
            return False
        pos += 1
    return len(words) >= 2 and sum(w[0].upper() in letters for w in words) >= len(words) - 1


# --- merging ------------------------------------------------------------------------------


def _chars(doc: Doc, m: Mention) -> tuple[int, int]:
    if m.chars:
        return m.chars
    return doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])


def _surface(doc: Doc, m: Mention) -> str:
    a, b = _chars(doc, m)
    return doc.text[a:b]


def _norm_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace(".", "")
    return " ".join(text.casefold().split())


def _key(doc: Doc, m: Mention) -> str:
    text = _surface(doc, m)
    if m.type in {"LOCATION", "ORGANIZATION", "PERSON"} and (code := gazetteer.country_code(text)):
        return "country:" + code
    if m.type == "GROUP" and (code := gazetteer.demonym_code(text)):
        return "people:" + code
    return _norm_key(text)


def _cluster(doc: Doc, mentions: list[Mention]) -> list[Cluster]:
    mentions = sorted(mentions, key=lambda m: m.start)
    surnames = _surname_index(doc, mentions)
    clusters: dict[str, Cluster] = {}
    for m in mentions:
        m.key = _key(doc, m)
    for m in mentions:
        if m.long_form is not None:
            continue
        owner = _surname_owner(doc, m, surnames)
        if owner is not None:
            m.type, m.fixed_type, m.key = "PERSON", True, owner.key
        clusters.setdefault(m.key, Cluster()).mentions.append(m)
    for m in mentions:
        if m.long_form is not None:
            target = clusters[m.long_form.key]
            clusters.setdefault(m.key, Cluster()).acronym_of = target
            clusters[m.key].mentions.append(m)
    for key, c in list(clusters.items()):
        if c.acronym_of is not None:
            c.acronym_of.mentions.extend(c.mentions)
            c.mentions = []
            clusters[key] = c.acronym_of
    unique = {id(c): c for c in clusters.values() if c.mentions}
    for c in unique.values():
        c.mentions.sort(key=lambda m: m.start)
    return list(unique.values())


def _surname_index(doc: Doc, mentions: list[Mention]) -> dict[str, list[Mention]]:
    """Last word of every full PERSON name -> the mentions that carry it."""
    index: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.type == "PERSON" and m.end - m.start >= 2:
            index.setdefault(doc[m.end - 1].text, []).append(m)
    return index


def _surname_owner(doc: Doc, m: Mention, surnames: dict[str, list[Mention]]) -> Mention | None:
    if m.end - m.start != 1 or m.type not in {"PERSON", "ORGANIZATION", "PRODUCT", "OTHER"}:
        return None
    text = doc[m.start].text
    full = surnames.get(text)
    if not full or gazetteer.country_code(text) or gazetteer.demonym_code(text):
        return None
    before = [f for f in full if f.start < m.start]
    return before[-1] if before else full[0]


def _propagate(doc: Doc, clusters: list[Cluster], blocked: list[tuple[int, int]]) -> None:
    """Occurrences of a known name or alias that spaCy left unlabelled are mentions too."""
    forms: dict[str, Cluster] = {}
    for c in clusters:
        for m in c.mentions:
            text = _surface(doc, m)
            if len(text) > 1 and any(ch.isupper() for ch in text) and "\n" not in text:
                forms.setdefault(text, c)
    if not forms:
        return
    taken = sorted(
        [(m.start, m.end) for c in clusters for m in c.mentions]
        + [(e.start, e.end) for e in doc.ents if e.label_ in NON_ENTITY_LABELS]
    )
    pattern = re.compile(
        r"(?<![\w\-])(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        + r")(?![\w]|-\w)"
    )
    occupied = [False] * (len(doc) + 1)
    for a, b in taken:
        for i in range(a, b):
            occupied[i] = True
    for match in pattern.finditer(doc.text):
        span = doc.char_span(match.start(), match.end())
        if span is None or any(occupied[i] for i in range(span.start, span.end)):
            continue
        if any(a <= match.start() < b for a, b in blocked):
            continue
        cluster = forms[match.group()]
        kind = cluster.mentions[0].type
        cluster.mentions.append(Mention(span.start, span.end, kind, votes=False))
        for i in range(span.start, span.end):
            occupied[i] = True
    for c in clusters:
        c.mentions.sort(key=lambda m: m.start)


def _common_noun(doc: Doc, c: Cluster) -> bool:
    """An acronym used with "a"/"an" or in the plural ("a VBIED", "VBIEDs") names a kind of thing."""
    forms = {_surface(doc, m) for m in c.mentions}
    if not all(_acronym(f) for f in forms):
        return False
    for m in c.mentions:
        last = doc[m.end - 1]
        modifier = last.head.i > last.i and last.head.pos_ in {"NOUN", "PROPN"}
        if m.start > 0 and doc[m.start - 1].lower_ in {"a", "an"} and not modifier:
            return True
    return any(re.search(rf"\b{re.escape(f)}s\b", doc.text) for f in forms)


# --- entity -------------------------------------------------------------------------------


def _entity(doc: Doc, structure: Structure, c: Cluster, articles: bool) -> dict | None:
    forms = [_surface(doc, m) for m in c.mentions]
    kind = _decide_type(doc, c)
    name = _canonical(doc, c, forms, kind)
    if not name:
        return None
    aliases = list(dict.fromkeys(f for f in forms if f != name))
    mentions = [_mention_dict(doc, structure, m, kind, articles) for m in c.mentions]
    return {
        "id": "",
        "name": name,
        "type": kind,
        "salience": 0.0,
        "aliases": aliases,
        "descriptions": _descriptions(doc, c) if kind == "PERSON" else [],
        "mention_count": len(mentions),
        "mentions": mentions,
    }


def _decide_type(doc: Doc, c: Cluster) -> str:
    fixed = [m.type for m in c.mentions if m.fixed_type]
    if fixed:
        return Counter(fixed).most_common(1)[0][0]
    votes = Counter()
    for m in c.mentions:
        votes[m.type] += m.votes
    kind = max(votes, key=lambda k: (votes[k], -_priority(k)))
    texts = {_surface(doc, m) for m in c.mentions}
    if any(gazetteer.country_code(t) for t in texts) and kind in {"ORGANIZATION", "GROUP"}:
        return "LOCATION"
    if kind != "GROUP" and all(gazetteer.demonym_code(t) for t in texts):
        return "GROUP"
    place = any(_place(t) for t in texts)
    if kind == "GROUP" and place and not any(gazetteer.demonym_code(t) for t in texts):
        return "LOCATION"
    if kind in {"ORGANIZATION", "PERSON"} and place:
        if votes["LOCATION"] or any(_locative(doc, m, LOCATIVE | {"of"}) for m in c.mentions):
            return "LOCATION"
    voting = [m for m in c.mentions if m.votes]
    if kind == "PERSON" and sum(_locative(doc, m, NEAR) for m in voting) * 2 > len(voting):
        return "LOCATION"
    if kind in {"LOCATION", "GROUP", "PRODUCT"} and not place and all(_acronym(t) for t in texts):
        return "ORGANIZATION"
    if kind in {"ORGANIZATION", "LOCATION", "PRODUCT", "WORK", "OTHER"} and not place:
        head = _canonical(doc, c, [_surface(doc, m) for m in c.mentions], kind).split()[-1].lower()
        return HEAD_TYPES.get(head, kind)
    return kind


def _place(text: str) -> bool:
    """A known place, also in capitals ("BAGHDAD") when too long to be an acronym."""
    return gazetteer.is_place(text) or (text.isupper() and len(text) > 4
                                        and gazetteer.is_place(text.title()))


def _acronym(text: str) -> bool:
    return text.isupper() and len(text) >= 2 and not gazetteer.demonym_code(text.title())


def _priority(kind: str) -> int:
    return TYPE_PRIORITY.index(kind) if kind in TYPE_PRIORITY else len(TYPE_PRIORITY)


def _locative(doc: Doc, m: Mention, words: frozenset[str]) -> bool:
    possessive = m.end < len(doc) and doc[m.end].tag_ == "POS"
    return m.start > 0 and doc[m.start - 1].lower_ in words and not possessive


def _canonical(doc: Doc, c: Cluster, forms: list[str], kind: str) -> str:
    long_forms = [_surface(doc, m) for m in c.mentions if _is_long_form(c, m)]
    if long_forms:
        return long_forms[0]
    mixed = [f for f in forms if not f.isupper()] or forms
    counts = Counter(mixed)
    if kind == "PERSON":
        return max(mixed, key=lambda f: (len(f.split()), counts[f]))
    best = max(mixed, key=lambda f: (counts[f], len(f)))
    if best.isupper() and len(best) > 1 and gazetteer.is_place(best.title()):
        return best.title()
    return best


def _is_long_form(c: Cluster, m: Mention) -> bool:
    return any(other.long_form is m for other in c.mentions)


def _mention_dict(doc: Doc, structure: Structure, m: Mention, kind: str, articles: bool) -> dict:
    start, end = _chars(doc, m)
    if articles and kind in {"ORGANIZATION", "LOCATION"} and m.start > 0:
        before = doc[m.start - 1]
        after = doc[m.end] if m.end < len(doc) else None
        heads_np = after is None or (after.pos_ not in {"NOUN", "PROPN"} and after.text != "-")
        if before.lower_ == "the" and heads_np:
            start = before.idx
    section, paragraph = structure.locate(start)
    return {"start": start, "end": end, "text": structure.text[start:end],
            "section": section, "paragraph": paragraph}


# --- descriptions -------------------------------------------------------------------------


def _descriptions(doc: Doc, c: Cluster) -> list[str]:
    found: list[str] = []
    for m in c.mentions:
        for text in (_title_before(doc, m.start), _apposition(doc, m)):
            if text and text not in found:
                found.append(text)
    return found


def _title_before(doc: Doc, s: int) -> str | None:
    """"Russian Foreign Minister [Sergey Lavrov]", "his Belarusian counterpart [Sergey Aleynik]"."""
    i, start, bridged = s - 1, s, False
    while i >= 0:
        t = doc[i]
        if _title_part(t):
            start, i = i, i - 1
            continue
        j = i - 1 if t.lower_ == "the" else i
        if j >= 1 and doc[j].lower_ in {"of", "for"} and _title_part(doc[j - 1]) and start < s:
            start, i, bridged = j - 1, j - 2, True
            continue
        break
    if start == s:
        return None
    words = doc[start:s]
    last = words[-1]
    if last.pos_ not in {"NOUN", "PROPN"}:
        return None
    if last.ent_type_ in {"ORG", "GPE", "NORP", "LOC", "FAC"} and not bridged:
        if last.lower_ not in TITLE_WORDS:
            return None
    if not any(t.lower_ in TITLE_WORDS or t.is_lower for t in words):
        return None
    return words.text


def _title_part(t) -> bool:
    if t.ent_type_ in NON_ENTITY_LABELS or t.ent_type_ == "PERSON" or t.is_punct:
        return False
    if t.pos_ in {"DET", "ADP", "PRON", "VERB", "AUX", "CCONJ", "SCONJ", "PART", "NUM"}:
        return False
    if t.text[:1].isupper():
        return t.pos_ in {"PROPN", "NOUN", "ADJ"}
    return (t.pos_ == "NOUN" and t.tag_ == "NN") or t.pos_ == "ADJ"


def _apposition(doc: Doc, m: Mention) -> str | None:
    """"[John Smith], the chief executive of Acme," -> "chief executive of Acme"."""
    root = doc[m.start:m.end].root
    if m.end >= len(doc) or doc[m.end].text != ",":
        return None
    for child in root.rights:
        if child.dep_ == "appos" and child.i > m.end and child.ent_type_ != "PERSON":
            return _phrase(doc, child)
    return None


def _phrase(doc: Doc, head) -> str | None:
    a = head.left_edge.i
    while a < head.i and doc[a].pos_ in {"DET", "PRON"}:
        a += 1
    b = head.i + 1
    for t in head.rights:
        if t.dep_ in {"relcl", "acl", "punct", "cc", "conj", "appos"}:
            break
        b = t.right_edge.i + 1
    end = next((i for i in range(a, b) if doc[i].text in {",", ";", "(", "—", "–"}), b)
    words = doc[a:end]
    if not words or len(words) > 10 or any(t.pos_ == "VERB" for t in words):
        return None
    return words.text


# --- finishing ----------------------------------------------------------------------------


def _finish(entities: list[dict]) -> list[dict]:
    """Salience, ids and order.

    Salience: each mention scores 2 in the headline or subheadline, 1.5 in the lead paragraph,
    1 elsewhere; an entity adds 0.5 per extra paragraph it appears in. Scores are divided by
    their sum over the article, so saliences add up to 1 and compare across entities.
    """
    scores = [_score(e) for e in entities]
    total = sum(scores) or 1.0
    for e, s in zip(entities, scores, strict=True):
        e["salience"] = round(s / total, 4)
    entities.sort(key=lambda e: (-e["salience"], e["mentions"][0]["start"]))
    used: Counter = Counter()
    for e in entities:
        base = _slug(e["name"])
        used[base] += 1
        e["id"] = base if used[base] == 1 else f"{base}-{used[base]}"
    return entities


def _score(entity: dict) -> float:
    score = 0.0
    for m in entity["mentions"]:
        if m["section"] is None:
            score += 2.0
        elif m["section"] == 0 and m["paragraph"] == 0:
            score += 1.5
        else:
            score += 1.0
    paragraphs = {(m["section"], m["paragraph"]) for m in entity["mentions"]}
    return score + 0.5 * (len(paragraphs) - 1)


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "entity"
