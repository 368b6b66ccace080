"""What the text says a person is: the title before the name, or an apposition after it."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from service.nlp.entities.clusters import Cluster
from service.nlp.entities.mentions import (
    NON_ENTITY_LABELS,
    TITLE_WORDS,
    Mention,
)

# Forms of address: no description on their own.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "madam",
                        "monsieur", "madame", "herr", "frau", "señor", "señora"})


def person_descriptions(doc: Doc, c: Cluster) -> list[str]:
    found: list[str] = []
    for m in c.mentions:
        for text in (_title_before(doc, m.start), _apposition(doc, m)):
            text = _without_honorific(text)
            if text and text not in found:
                found.append(text)
    return found


def _without_honorific(text: str | None) -> str | None:
    """A description without a trailing honorific ("President Mr" -> "President"); none
    when nothing else is left or what is left ends in a preposition ("departure of Mr")."""
    words = (text or "").split()
    while words and words[-1].lower().rstrip(".") in HONORIFICS:
        words.pop()
    if not words or words[-1].lower() in {"of", "for", "to", "by", "with", "the", "and"}:
        return None
    return " ".join(words)


def _title_before(doc: Doc, s: int) -> str | None:
    """The title words just before a name: "Russian Foreign Minister [Sergey Lavrov]", "his
    Belarusian counterpart [Sergey Aleynik]", "State Secretary of the Union State [...]"."""
    i, start, bridged = s - 1, s, False
    while i >= 0:
        if _title_part(doc[i]):
            start, i = i, i - 1
            continue
        j = i - 1 if doc[i].lower_ == "the" else i
        if start < s and j >= 1 and doc[j].lower_ in {"of", "for"} and _title_part(doc[j - 1]):
            start, i, bridged = j - 1, j - 2, True
            continue
        break
    words = doc[start:s]
    if not words or words[-1].pos_ not in {"NOUN", "PROPN"}:
        return None
    last = words[-1]
    named = last.ent_type_ in {"ORG", "GPE", "NORP", "LOC", "FAC"}
    if named and not bridged and last.lower_ not in TITLE_WORDS:
        return None  # "Kremlin Dmitry Peskov" is a missing comma, no title
    return _description(words)


def _description(words: Span) -> str | None:
    """A description as found, without what runs on into the next name ("head of the
    delegation and [Ceraova]", "chief executive [Nibor] Nelunov" when the model took only
    the surname) or a trailing conjunction; none when no word of it is a title or lower
    case (a name beside a name: "Saint Barthelemy, Senegal agree ...")."""
    doc, start, end = words.doc, words.start, words.end
    for t in words[1:]:
        after = doc[t.i + 1] if t.i + 1 < end else None
        if (t.pos_ == "CCONJ" and doc[t.i - 1].is_lower
                and (after is None or not (after.is_lower or after.lower_ in TITLE_WORDS))):
            end = t.i
            break
    i = end
    while i > start and doc[i - 1].pos_ == "PROPN" and doc[i - 1].text[:1].isupper() \
            and doc[i - 1].lower_ not in TITLE_WORDS:
        i -= 1
    if start < i < end and doc[i - 1].is_lower and doc[i - 1].pos_ == "NOUN":
        end = i
    while end > start and doc[end - 1].pos_ in {"CCONJ", "DET", "ADP", "PUNCT"}:
        end -= 1
    words = doc[start:end]
    if not any(t.lower_ in TITLE_WORDS or t.is_lower for t in words):
        return None
    return words.text


def _title_part(t: Token) -> bool:
    if t.ent_type_ in NON_ENTITY_LABELS or t.ent_type_ == "PERSON" or t.is_punct:
        return False
    if t.pos_ in {"DET", "ADP", "PRON", "VERB", "AUX", "CCONJ", "SCONJ", "PART", "NUM"}:
        return False
    if t.text[:1].isupper():
        return t.pos_ in {"PROPN", "NOUN", "ADJ"}
    return (t.pos_ == "NOUN" and t.tag_ == "NN") or t.pos_ == "ADJ"


def _apposition(doc: Doc, m: Mention) -> str | None:
    """"[John Smith], the chief executive of Acme," -> "chief executive of Acme"."""
    if m.end >= len(doc) or doc[m.end].text != ",":
        return None
    root = doc[m.start:m.end].root
    for child in root.rights:
        if child.dep_ == "appos" and child.i > m.end and child.ent_type_ != "PERSON":
            return _phrase(doc, child)
    return None


def _phrase(doc: Doc, head: Token) -> str | None:
    """The noun phrase of ``head`` without determiner, relative clause or trailing comma."""
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
    return _description(words)
