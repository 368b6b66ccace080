"""Types decided from how a name is used, not only from how it is spelt.

A place name that acts is an organization in that mention: the government of a country
("Russia and Belarus pay special attention", "announced by Turkey", "Australia's response"),
the club of a city ("Barcelona beat Madrid"). The entity keeps its type as a place; the
mention says how the text used it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from service.nlp.entities import gazetteer
from service.nlp.entities.mentions import LOCATIVE, STREET_HEADS, Mention

# Verbs whose subject is a place as a place ("Iraq lies", "France borders Spain").
STATIVE_VERBS = frozenset({
    "be", "lie", "border", "remain", "become", "stretch", "cover", "sit", "neighbour",
    "neighbor", "surround", "extend", "straddle", "measure", "rank", "experience", "suffer",
    "see", "get", "have", "contain", "include", "span", "range", "rise", "fall", "grow",
})
# Passive participles that still make their subject an actor ("the UK is committed to").
STANCE_PARTICIPLES = frozenset({"commit", "determine", "prepare", "concern", "alarm",
                                "oblige", "dedicate", "resolve"})
# Matches and contests: both sides are teams ("Barcelona beat Madrid").
CONTEST_VERBS = frozenset({"beat", "defeat", "play", "draw", "tie", "edge", "thrash", "rout",
                           "overcome", "trounce", "eliminate", "knock", "outscore", "outplay"})
# What a government or an organization has: "Australia's response", "the UK's commitment".
ACTOR_NOUNS = frozenset({
    "response", "effort", "efforts", "commitment", "support", "decision", "position", "policy",
    "contribution", "assistance", "aid", "strategy", "approach", "view", "views", "proposal",
    "offer", "role", "engagement", "intervention", "ally", "allies", "partner", "partners",
    "partnership", "cooperation", "diplomacy", "diplomats", "delegation", "statement",
    "announcement", "demand", "demands", "plan", "plans", "sanctions", "stance", "pledge",
    "move", "bid", "refusal", "request", "call", "involvement", "mission",
    "withdrawal", "victory", "win", "defeat", "squad", "coach", "goal", "goals", "striker",
    "shares", "stock", "profit", "profits", "revenue", "earnings", "chairman", "spokesman",
    "spokeswoman", "spokesperson",
})
# Collectives of actors: "coalition nations include X, Y", "the international community,
# including X".
ACTOR_GROUPS = frozenset({"nations", "countries", "states", "members", "partners", "allies",
                          "community", "coalition", "governments", "powers", "backers",
                          "sponsors", "participants", "signatories", "donors"})
# Verbs whose object is a government or a side ("join X in an exercise", "urged X to").
ACTOR_OBJECT_VERBS = frozenset({"join", "urge", "thank", "accuse", "warn", "criticize",
                                "criticise", "persuade", "press", "sanction", "lobby"})
# What a government does, as a modifier: "UK support", "U.S. efforts".
POLICY_NOUNS = frozenset({"support", "effort", "efforts", "aid", "assistance", "policy",
                          "commitment", "involvement", "engagement", "intervention",
                          "sanctions", "diplomacy", "leadership", "pressure"})
# "shares of X", "a unit of X", "a spokesman for X": the name owns what comes before.
OWNER_NOUNS = frozenset({"shares", "stock", "unit", "subsidiary", "spokesman", "spokeswoman",
                         "spokesperson", "chairman", "shareholders", "owner", "owners"})
# A company's legal forms ("Inc", "Ltd", "GmbH").
_LEGAL_FORMS = r"Corp|Corporation|Inc|Incorporated|Ltd|Limited|plc|PLC|LLC|LLP|AG|SA|NV|GmbH|Co"
# Corporate suffixes: "X Corp", "X Inc", "X plc" name companies whatever X is.
COMPANY_SUFFIX = re.compile(
    rf"(?:{_LEGAL_FORMS}|"
    r"Company|Group|Holdings|Bancorp|Airlines|Airways|Motors|Industries|Enterprises|Labs|"
    r"Laboratories|Technologies|Ventures|Securities|Insights|Foods|Robotics|Pharmaceuticals|"
    r"Therapeutics|Analytics|Logistics|Networks|Software|Capital|Partners|Investments)\.?"
)
# A company's legal form after its name ("Northwind Robotics, Inc.", "Brightwater Mills Ltd.",
# "Harlow & Co."): the same company as the bare name.
LEGAL_FORM = re.compile(rf",?\s+(?:&\s+)?(?:{_LEGAL_FORMS})\.?$")
# Prepositions before a place ("in Storvik"), and the nouns after which "in" names a company
# rather than a place ("a stake in Greenmart").
PLACE_PREPOSITIONS = frozenset({"in", "near", "outside", "around", "throughout"})
MARKET_NOUNS = frozenset({"stake", "stakes", "share", "shares", "investment", "investments",
                          "interest", "holding", "holdings", "job", "jobs", "role", "career",
                          "position", "work", "trading", "confidence", "member", "members"})
# Prefixes of ship names ("USS Mahan", "HMS Daring"): a vessel is a product, no person.
SHIP_PREFIXES = frozenset({"USS", "HMS", "HMAS", "HMCS", "HMNZS", "FS", "INS", "USNS", "RFA",
                           "MV", "SS", "RMS", "ROKS", "JS", "TCG", "ITS", "ESPS", "HNLMS"})


def acts_as_organization(span: Span) -> bool:
    """True when the name in ``span`` does what organizations do in its sentence."""
    head = span.root
    before = span.doc[span.start - 1] if span.start > 0 else None
    # "Near Palmyra, one strike destroyed": a subject after a preposition is a misparse.
    located = before is not None and (before.pos_ == "ADP" or before.lower_ in LOCATIVE)
    token = head
    while token.dep_ == "conj" and token.head is not token and token.head.i < token.i:
        token = token.head
    verb = token.head
    if token.dep_ == "nsubj" and verb.pos_ in {"VERB", "AUX"}:
        lemma = verb.lemma_.lower()
        return not located and (lemma not in STATIVE_VERBS or any(
            c.dep_ in {"acomp", "xcomp"} and c.lemma_.lower() in STANCE_PARTICIPLES
            for c in verb.children))  # "X remains committed to"
    if token.dep_ == "nsubjpass":
        return not located and verb.lemma_.lower() in STANCE_PARTICIPLES
    if token.dep_ == "pobj" and verb.dep_ == "agent":
        return True
    if token.dep_ == "dobj" and verb.lemma_.lower() in CONTEST_VERBS | ACTOR_OBJECT_VERBS:
        return True
    if token.dep_ in {"compound", "nmod", "amod"} and verb.lower_ in POLICY_NOUNS \
            and verb.i > token.i:
        return True  # "UK support", "U.S. efforts"
    if _listed_among_actors(token):
        return True
    if token.dep_ == "poss" or _possessive(span):
        owner = verb if token.dep_ == "poss" else _after_possessive(span)
        return owner is not None and owner.lower_ in ACTOR_NOUNS
    # "shares of X", "a spokesman for X"
    return token.dep_ == "pobj" and verb.lower_ in {"of", "for"} and verb.head.lower_ in OWNER_NOUNS


def _listed_among_actors(token: Token) -> bool:
    """"Coalition nations include X", "the international community, including X"."""
    head = token.head
    if token.dep_ == "dobj" and head.lemma_ == "include":
        return any(c.dep_ == "nsubj" and c.lower_ in ACTOR_GROUPS for c in head.children)
    if token.dep_ == "pobj" and head.lower_ in {"including", "among"}:
        return head.head.lower_ in ACTOR_GROUPS
    return False


def _possessive(span: Span) -> bool:
    doc = span.doc
    return span.end < len(doc) and doc[span.end].tag_ == "POS"


def _after_possessive(span: Span) -> Token | None:
    doc = span.doc
    i = span.end + 1
    while i < len(doc) and i <= span.end + 3 and doc[i].pos_ in {"ADJ", "ADV", "NOUN"}:
        if doc[i].pos_ == "NOUN" and (i + 1 >= len(doc) or doc[i + 1].pos_ != "NOUN"):
            return doc[i]
        i += 1
    return None


def company_suffix(doc: Doc, start: int, end: int) -> bool:
    """True when the name ends in, or is followed by, a company suffix ("Acme Corp")."""
    last = doc[end - 1].text
    after = doc[end].text if end < len(doc) else ""
    return (end - start >= 2 and bool(COMPANY_SUFFIX.fullmatch(last))) or (
        bool(COMPANY_SUFFIX.fullmatch(after)) and after[:1].isupper() and after != "Co")


def ship_name(doc: Doc, start: int, end: int) -> bool:
    """True for a vessel's name: "USS Mahan", or a name just after such a prefix."""
    first = doc[start].text
    before = doc[start - 1].text if start > 0 else ""
    return (first in SHIP_PREFIXES and end - start >= 2) or before in SHIP_PREFIXES


def street_name(doc: Doc, start: int, end: int) -> bool:
    """Two or more words ending in a street's head word after a locative word or a house
    number ("on Kings Crescent", "12 Mill Lane"), or beside another street's name
    ("Church Lane and Station Road"); "went to Ellen Close" stays a person."""
    if end - start < 2 or start == 0 or doc[end - 1].lower_ not in STREET_HEADS:
        return False
    before = doc[start - 1]
    return before.like_num or before.lower_ in LOCATIVE - {"to"} | {"on", "along", "off"} \
        or _street_beside(doc, start - 2, -1) or _street_beside(doc, end + 1, 1)


def _street_beside(doc: Doc, i: int, step: int) -> bool:
    """A street's head word at ``i`` (or up to two words on), joined by "and" or a comma."""
    joint = i - step
    if not (0 <= joint < len(doc) and 0 <= i < len(doc)) or doc[joint].lower_ not in {"and", ","}:
        return False
    words = [doc[j] for j in range(i, i + 3 * step, step) if 0 <= j < len(doc)]
    for t in words:
        if not t.is_title:
            return False
        if t.lower_ in STREET_HEADS:
            return True
    return False


def located_in(doc: Doc, start: int, end: int) -> bool:
    """True for a name right after "in" (or another place preposition), or joined by "and"
    to one, that is no company's market ("a stake in X", "shares in X"): "voters in Storvik
    and Lundby"."""
    if _possessive(doc[start:end]):
        return False
    if start > 0 and doc[start - 1].lower_ in PLACE_PREPOSITIONS:
        prep = doc[start - 1]
    else:
        token = doc[start:end].root
        if token.dep_ != "conj":
            return False
        while token.dep_ == "conj" and token.head.i < token.i:
            token = token.head
        prep = token.head
        if token.dep_ != "pobj" or prep.lower_ not in PLACE_PREPOSITIONS:
            return False
    return prep.head.lower_ not in MARKET_NOUNS


def proper_group(doc: Doc, m: Mention) -> bool:
    """A group or a work that is no known nationality: "Coinpath, the payments start-up"."""
    return m.type in {"GROUP", "WORK"} and not gazetteer.demonym_code(m.text(doc))


def unknown_word(doc: Doc, mentions: list[Mention]) -> bool:
    """Every mention one capitalised word, no acronym, no known given name, no company."""
    return all(m.end - m.start == 1 and doc[m.start].is_title and doc[m.start].is_alpha
               and not gazetteer.is_given_name(doc[m.start].text)
               and not company_suffix(doc, m.start, m.end) for m in mentions)
