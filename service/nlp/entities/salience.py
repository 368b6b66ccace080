"""How central an entity is to its article: position, frequency, grammatical role and type.

The main actors of a story are named in its headline or lead, are the subjects of its
clauses and come back often; a nationality adjective ("Russian capital") only colours a
noun and never outranks the people of the story.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

# A mention's weight by where it is: the headline, the lead paragraph, the rest.
HEADLINE, LEAD, BODY = 2.0, 1.6, 1.0
# By what it does in its clause.
ROLE_WEIGHTS = {"nsubj": 1.6, "nsubjpass": 1.4, "agent": 1.4, "dobj": 1.2, "poss": 1.0,
                "appos": 1.0, "attr": 1.0, "pobj": 0.9}
MODIFIER = 0.3  # "Russian capital", "ISIL fighters"
# By kind of thing: people act, places and nationalities are where and who.
TYPE_WEIGHTS = {"PERSON": 1.8, "ORGANIZATION": 1.2, "LOCATION": 0.8, "GROUP": 0.5,
                "EVENT": 0.9, "LAW": 0.8, "WORK": 0.8, "PRODUCT": 0.8, "OTHER": 0.6}
# Each further paragraph that mentions the entity adds this much.
SPREAD = 0.4


def mention_weight(doc: Doc, start: int, end: int, section: int | None,
                   paragraph: int | None) -> float:
    """Weight of one mention (tokens ``start:end``) by its place and its grammatical role."""
    if section is None:
        weight = HEADLINE
    elif section == 0 and paragraph == 0:
        weight = LEAD
    else:
        weight = BODY
    return weight * _role(doc[start:end].root)


def _role(token: Token) -> float:
    if token.dep_ in {"amod", "compound", "nmod"} and token.head.i > token.i \
            and token.head.pos_ in {"NOUN", "PROPN"}:
        return MODIFIER
    while token.dep_ == "conj" and token.head.i < token.i:
        token = token.head
    dep = "agent" if token.dep_ == "pobj" and token.head.dep_ == "agent" else token.dep_
    return ROLE_WEIGHTS.get(dep, 0.8)


def entity_score(kind: str, weights: list[float], paragraphs: int) -> float:
    """The entity's score before normalization: its mentions' weights, its spread, its type."""
    return (sum(weights) + SPREAD * max(paragraphs - 1, 0)) * TYPE_WEIGHTS.get(kind, 0.6)


def rank(entities: list[dict], scores: list[float]) -> list[float]:
    """Scores with nationality adjectives kept below the story's people, then over their
    total (saliences add up to 1)."""
    people = [s for e, s in zip(entities, scores, strict=True)
              if e["type"] == "PERSON" and _of_the_story(e)]
    if people:
        ceiling = min(people) * 0.95
        scores = [min(s, ceiling) if e["type"] == "GROUP" else s
                  for e, s in zip(entities, scores, strict=True)]
    total = sum(scores) or 1.0
    return [s / total for s in scores]


def _of_the_story(entity: dict) -> bool:
    """A person named in the headline or lead, or more than once."""
    return entity["mention_count"] >= 2 or any(
        m["section"] is None or (m["section"] == 0 and m["paragraph"] == 0)
        for m in entity["mentions"])
