"""A mention: tokens read as one name, and the words that tell names from other words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from service.nlp.entities import gazetteer
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
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "gen", "lt", "col", "capt", "sgt",
    "adm", "maj", "cpl", "pvt", "spc", "gov", "sen", "rep", "hon", "sir", "dame", "lord", "rev",
    "mr.",
    "mrs.", "ms.", "dr.", "prof.", "gen.", "lt.", "col.", "capt.", "sgt.", "adm.", "maj.",
    "cpl.", "pvt.", "spc.", "gov.", "sen.", "rep.", "hon.", "rev.",
})
# Prefixes of a hyphenated role ("co-founder", "vice-chairman", "ex-husband"): never a name.
ROLE_PREFIXES = frozenset({"co", "vice", "ex"})
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
# Last words of a street's name: a place after a locative word or a house number ("at 12
# Mill Lane", "on Kings Crescent"); "Penny Lane" alone may be a person.
STREET_HEADS = frozenset({"lane", "close", "grove", "crescent", "drive", "terrace", "way",
                          "place", "gardens", "row", "square", "road", "street", "avenue"})
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
# Endings of abstract common nouns ("Attendance", "Entertainment", "Possession"): such a word
# alone at a sentence start is no person, whatever its tag.
COMMON_NOUN_ENDING = re.compile(r"(?:ance|ence|ment|tion|sion|ness|ity|ship|ism)$")
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


def title_ranges(structure: Structure) -> list[tuple[int, int]]:
    """Character ranges of section titles: they label the article, they mention nothing."""
    return [(s.start, s.start + len(s.title)) for s in structure.sections if s.title]


def overlaps(a: int, b: int, mentions: list[Mention]) -> bool:
    return any(m.start < b and a < m.end for m in mentions)


def is_acronym(text: str) -> bool:
    return text.isupper() and len(text) >= 2 and not gazetteer.demonym_code(text.title())


