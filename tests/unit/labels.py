"""Entity labels forced on a spaCy Doc, so that a case is tested whatever the statistical
model says."""

from __future__ import annotations


def force_labels(doc, relabel) -> None:
    """Give the first occurrence of each (phrase, label) that label, replacing any entity
    it overlaps."""
    for phrase, label in relabel:
        at = doc.text.index(phrase)
        span = doc.char_span(at, at + len(phrase), label=label)
        doc.ents = [e for e in doc.ents if e.end <= span.start or e.start >= span.end] + [span]
