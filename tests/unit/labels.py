"""Entity labels forced on a spaCy Doc, so that a case is tested whatever the statistical
model says, and the entities of a made-up text found that way."""

from __future__ import annotations

from service.nlp.entities.entities import extract_entities
from service.nlp.structure.structure import analyze_structure


def force_labels(doc, relabel) -> None:
    """Give the first occurrence of each (phrase, label) that label, replacing any entity
    it overlaps."""
    for phrase, label in relabel:
        at = doc.text.index(phrase)
        span = doc.char_span(at, at + len(phrase), label=label)
        doc.ents = [e for e in doc.ents if e.end <= span.start or e.start >= span.end] + [span]


def entities_of(nlp, text, relabel=(), fmt="plain") -> dict:
    """The entities of ``text`` by name, spaCy's labels of ``relabel`` forced first."""
    structure = analyze_structure(text, fmt=fmt)
    doc = nlp(structure.text)
    force_labels(doc, relabel)
    return {e["name"]: e for e in extract_entities(doc, structure)}


def mention_texts(entities) -> set[str]:
    return {m["text"] for e in entities.values() for m in e["mentions"]}
