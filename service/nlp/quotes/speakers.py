"""Who said a quote: the entity the speech verb's subject names, or a pronoun stands for."""

from __future__ import annotations

import bisect
import functools
import re

from service.nlp.heads import children
from service.nlp.preceding import Preceding
from service.nlp.quotes.mentions import (
    Index,
    class_index,
    description_words,
    latest,
    latest_of,
    mentioned_between,
    names_of,
    starts_by_entity,
    word_index,
)
from service.nlp.sentences import SentenceIndex
from service.nlp.types import Structure

PRONOUNS = {"he": "PERSON", "she": "PERSON", "they": "PERSON", "it": "ORGANIZATION"}
_DROPPED_DEPS = frozenset({"relcl", "appos", "acl", "punct", "cc", "conj", "advcl", "parataxis"})

_TYPE_RANK = {"PERSON": 0, "ORGANIZATION": 1, "GROUP": 2}

_LONGEST_MENTION = 200
_LONGEST_PHRASE = 64  # tokens of a speaker's noun phrase

# A source the text does not name: "One, who asked not to be named, said", "an official
# speaking on condition of anonymity", "someone close to the talks".
_UNNAMED_WORDS = frozenset({"one", "someone", "somebody", "another", "anyone"})
_ANONYMOUS_RE = re.compile(
    r"(?i)\b(?:anonym\w*|unnamed|not\s+(?:to\s+)?be\s+(?:named|identified)"
    r"|not\s+authori[sz]ed|(?:declined|refused)\s+to\s+be\s+(?:named|identified))")
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def _phrase_bounds(head) -> tuple[int, int]:
    """Character bounds of the noun phrase headed by ``head``, without clauses or appositions."""
    tokens, stack = [], [head]
    while stack and len(tokens) < _LONGEST_PHRASE:
        token = stack.pop()
        tokens.append(token)
        stack += [c for c in children(token) if c.dep_ not in _DROPPED_DEPS]
    tokens.sort(key=lambda t: t.i)
    while len(tokens) > 1 and tokens[0].dep_ in ("det", "predet"):
        tokens.pop(0)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _mentions(entities: list[dict]) -> list[tuple[int, int, dict]]:
    found = [(m["start"], m["end"], e) for e in entities for m in e["mentions"]]
    return sorted(found, key=lambda m: m[:2])


def _named(entity: dict) -> dict:
    return {"name": entity["name"], "entity_id": entity["id"]}


_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m",
                   "she": "f", "her": "f", "hers": "f", "herself": "f"}
_HONORIFIC = Preceding(r"\b(Mr|Mrs|Ms|Miss|Sir|Dame|Lady|Lord|Madam|Mme|Mister)\.?\s{1,3}$", 12)
_HONORIFIC_GENDER = {"mr": "m", "sir": "m", "lord": "m", "mister": "m", "mrs": "f", "ms": "f",
                     "miss": "f", "dame": "f", "lady": "f", "madam": "f", "mme": "f"}
_GENDERED_NOUNS = {
    "chairman": "m", "chairwoman": "f", "spokesman": "m", "spokeswoman": "f", "king": "m",
    "queen": "f", "prince": "m", "princess": "f", "actor": "m", "actress": "f",
    "businessman": "m", "businesswoman": "f", "congressman": "m", "congresswoman": "f",
    "father": "m", "mother": "f", "son": "m", "daughter": "f", "brother": "m", "sister": "f",
    "husband": "m", "wife": "f", "widow": "f", "widower": "m", "duke": "m", "duchess": "f",
    "emperor": "m", "empress": "f", "policeman": "m", "policewoman": "f", "grandfather": "m",
    "grandmother": "f", "uncle": "m", "aunt": "f", "nephew": "m", "niece": "f", "man": "m",
    "woman": "f", "boy": "m", "girl": "f", "countess": "f", "baroness": "f", "baron": "m"}


def _genders(doc, text: str, entities: list[dict], mentions,
             sentences: SentenceIndex) -> dict[str, str]:
    """A person's grammatical gender as the text shows it: an honorific before a mention
    ("Mrs"), a gendered title among its descriptions ("spokeswoman"), and the he/she words
    of the sentences that name that person and no other."""
    votes: dict[str, dict[str, int]] = {}
    people = {e["id"] for e in entities if e["type"] == "PERSON"}
    for entity in entities:
        if entity["id"] not in people:
            continue
        tally = votes.setdefault(entity["id"], {"m": 0, "f": 0})
        for mention in entity["mentions"]:
            hit = _HONORIFIC.before(text, mention["start"])
            if hit:
                tally[_HONORIFIC_GENDER[hit.group(1).lower()]] += 3
        for description in entity.get("descriptions", []):
            for word in description.lower().split():
                if word in _GENDERED_NOUNS:
                    tally[_GENDERED_NOUNS[word]] += 3
    starts = [m[0] for m in mentions]
    for k in range(len(sentences)):
        sent_start, sent_end = sentences.chars(k)
        lo = bisect.bisect_left(starts, sent_start)
        hi = bisect.bisect_left(starts, sent_end)
        named = {e["id"] for _, _, e in mentions[lo:hi] if e["id"] in people}
        if len(named) != 1:
            continue
        first = mentions[lo][0]
        tally = votes[named.pop()]
        first_token, end_token = sentences.tokens(k, k)
        for token in doc[first_token:end_token]:
            if token.idx > first and token.lower_ in _PRONOUN_GENDER:
                tally[_PRONOUN_GENDER[token.lower_]] += 1
    return {key: ("m" if v["m"] > v["f"] else "f") for key, v in votes.items() if v["m"] != v["f"]}


class Speakers:
    """What the speaker resolution knows of the article: mentions, genders, last speaker."""

    def __init__(self, doc, structure: Structure, entities: list[dict],
                 sentences: SentenceIndex) -> None:
        self.doc = doc
        self.structure = structure
        self.sentences = sentences
        self.entities = entities
        self.mentions = _mentions(entities)
        self.starts = [m[0] for m in self.mentions]
        self.paragraph_starts = [p.start for _, p in structure.paragraphs()]
        self.last: str | None = None  # the entity id of the latest quote's speaker
        self._subjects: dict[int, object] = {}
        self._runs: dict[tuple[int, str], int] = {}

    def window_start(self, offset: int) -> int:
        """The start of the paragraph before the one holding ``offset``: how far back a
        pronoun looks."""
        k = bisect.bisect_right(self.paragraph_starts, offset)
        return self.paragraph_starts[max(k - 2, 0)] if k else 0

    def named_at(self, offset: int) -> dict | None:
        """The person or other entity whose mention holds ``offset``, if any."""
        k = bisect.bisect_right(self.starts, offset)
        while k > 0 and self.starts[k - 1] > offset - _LONGEST_MENTION:
            k -= 1
            start, end, entity = self.mentions[k]
            if start <= offset < end:
                return entity
        return None

    def subject(self, k: int):
        """The subject of sentence ``k``'s main verb, if any (each sentence read once)."""
        if k not in self._subjects:
            first, end = self.sentences.tokens(k, k)
            self._subjects[k] = next((t for t in self.doc[first:end] if t.dep_ in _SUBJECT_DEPS
                                      and t.head.dep_ == "ROOT"), None)
        return self._subjects[k]

    def before_pronoun_run(self, k: int, pronoun: str) -> int:
        """The last sentence up to ``k`` whose subject is not ``pronoun`` (-1 if none): a
        run of "he said" sentences is walked once, however many quotes look back over it."""
        walked = []
        while k >= 0 and (k, pronoun) not in self._runs:
            subject = self.subject(k)
            if subject is None or subject.lower_ != pronoun:
                break
            walked.append(k)
            k -= 1
        found = self._runs.get((k, pronoun), k)
        for j in walked:
            self._runs[j, pronoun] = found
        return found

    @functools.cached_property
    def by_name(self) -> Index:
        """The people's mentions by name, surname and alias (lower case)."""
        return word_index(self.mentions, names_of)

    @functools.cached_property
    def by_description(self) -> Index:
        """The entities' mentions by each word of their descriptions."""
        return word_index(self.mentions, description_words)

    @functools.cached_property
    def by_class(self) -> Index:
        """The mentions by what a pronoun may stand for: ("PERSON", "m"), ("PERSON", "f"),
        ("PERSON", None) for a person of unknown gender, (type, None) for other types."""
        genders = self.genders
        return class_index(self.mentions, lambda e: (
            e["type"], genders.get(e["id"]) if e["type"] == "PERSON" else None))

    @functools.cached_property
    def starts_of(self) -> dict[str, list[int]]:
        return starts_by_entity(self.mentions)

    @functools.cached_property
    def by_id(self) -> dict[str, dict]:
        return {e["id"]: e for e in self.entities}

    @functools.cached_property
    def genders(self) -> dict[str, str]:
        return _genders(self.doc, self.structure.text, self.entities, self.mentions,
                        self.sentences)


def _antecedent(pronoun, known: Speakers) -> dict | None:
    """The entity a pronoun stands for, in this or the previous paragraph: of the pronoun's
    type (a person for "he" and "she", never an organization) and gender, the subject of
    the sentences before it, else the latest speaker, else the latest one whose gender the
    text shows, else the latest whose gender is unknown."""
    kind, offset = PRONOUNS[pronoun.lower_], pronoun.idx
    window = known.window_start(offset)
    gender = _PRONOUN_GENDER.get(pronoun.lower_)
    if gender is None:
        keys = [(kind, None), (kind, "m"), (kind, "f")]
        found = latest_of(known.by_class, keys, offset - 1, window)
        return _named(found) if found is not None else None
    sure = latest(known.by_class, (kind, gender), offset - 1, window)
    unsure = latest(known.by_class, (kind, None), offset - 1, window)
    if sure is None and unsure is None:
        return None

    def agrees(entity: dict | None) -> bool:
        return (entity is not None and entity["type"] == kind
                and known.genders.get(entity["id"], gender) == gender
                and mentioned_between(known.starts_of[entity["id"]], window, offset))

    subject = _previous_subject(pronoun, known, agrees, window)
    if subject is not None:
        return _named(subject)
    speaker = known.by_id.get(known.last) if known.last is not None else None
    if agrees(speaker):
        return _named(speaker)
    return _named(sure or unsure)


def _previous_subject(pronoun, known: Speakers, agrees, window: int) -> dict | None:
    """The candidate that is the subject of the sentences before the pronoun's, read
    back past sentences whose subject is the same pronoun ("Anna Berg runs the bakery.
    She learned the trade from Otto Kranz. ... she said": Anna Berg), within ``window``."""
    k = known.before_pronoun_run(known.sentences.of_token(pronoun.i) - 1, pronoun.lower_)
    if k < 0 or known.sentences.chars(k)[1] <= window:
        return None
    subject = known.subject(k)
    if subject is None:
        return None
    entity = known.named_at(subject.idx)
    return entity if agrees(entity) else None


def _described(subject, known: Speakers) -> dict | None:
    """"Auchincloss said": the person with that alias or surname; "the president said":
    the entity the text describes with that noun. The latest before the quote wins."""
    word, offset = subject.lower_, subject.idx
    named = latest(known.by_name, word, offset) if subject.text[:1].isupper() else None
    best = named or latest(known.by_description, word, offset)
    return _named(best) if best is not None else None


def _unnamed(subject, text: str) -> bool:
    """"One, who asked not to be named": a source that the text does not name."""
    if subject.lower_ in _UNNAMED_WORDS:
        return True
    # its words, and those up to its verb ("A diplomat, speaking on condition of anonymity,")
    end = subject.right_edge.idx + len(subject.right_edge)
    if subject.head.i > subject.i:
        end = max(end, subject.head.idx)
    # near the subject only: in a run-on text its edges may lie anywhere
    start = max(subject.left_edge.idx, subject.idx - _LONGEST_MENTION)
    return bool(_ANONYMOUS_RE.search(text, start, min(end, subject.idx + _LONGEST_MENTION)))


def speaker_of(subject, known: Speakers) -> dict | None:
    if subject.lower_ in PRONOUNS:
        return _antecedent(subject, known)
    if subject.pos_ == "PRON" or _unnamed(subject, known.structure.text):
        return None
    mentions = known.mentions
    lo, hi = _phrase_bounds(subject)
    # "The task force commander, Lt. Gen. Stephen Townsend, said": the apposition names him
    ranges = [(lo, hi)] + [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge))
                           for c in children(subject) if c.dep_ == "appos"]
    first = bisect.bisect_left(mentions, lo - _LONGEST_MENTION, key=lambda m: m[0])
    last = bisect.bisect_left(mentions, max(b for _, b in ranges), key=lambda m: m[0])
    touching = [(s, e, ent) for s, e, ent in mentions[first:last]
                if any(s < b and a < e for a, b in ranges)]
    if touching:
        best = min(touching, key=lambda m: (not m[0] <= subject.idx < m[1],
                                            _TYPE_RANK.get(m[2]["type"], 3), m[0] - m[1]))
        return _named(best[2])
    return _described(subject, known) or {"name": known.structure.text[lo:hi],
                                                "entity_id": None}
