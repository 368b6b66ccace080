"""Loading the spaCy pipeline named by configuration, once per process, with the learned
entity tagger after spaCy's own recognizer unless ``ner="fast"``."""

from __future__ import annotations

import functools
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc


class ModelUnavailable(RuntimeError):
    """The configured NLP model cannot be loaded."""


@Language.component("block_breaks")
def block_breaks(doc: Doc) -> Doc:
    """No sentence runs across a blank line: an article's headline, subheadline, section
    titles and paragraphs are joined by blank lines, and a title has no full stop to end
    its sentence. The parser keeps sentence starts set before it."""
    for token in doc[:-1]:
        if token.is_space and "\n\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


NER_MODES = ("learned", "fast")
# spaCy's labels that the learned tagger does not decide: numbers and dates for the other
# extractors, and the MISC-like names (nationalities, events, laws, works, products, places
# built by people), where the tagger is weaker than spaCy with the rules after it.
KEPT_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL",
                         "NORP", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "LANGUAGE", "FAC"})
TAGGER_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
# spaCy's PERSON, ORG and GPE names that overlap no name of the tagger's stay too (their
# entities are then typed by the tagger's evidence when it has enough).
KEEP_SPACY_NAMES = True
# spaCy's names of these kinds win over a tagger's name they overlap: nationalities and
# other groups, events, laws, languages, which the tagger reads as places or organizations.
SPACY_FIRST = frozenset({"NORP", "EVENT", "LAW", "LANGUAGE"})
# Whether the tagger's names replace spaCy's at all. Off, spaCy and the rules give the
# spans and the tagger's probabilities only decide the types of PERSON, ORGANIZATION and
# LOCATION entities (``entities._tagged_type``): at the training the shipped weights had,
# its spans are worse than spaCy's and its types better (docs/model.md).
TAGGER_SPANS = False


@Language.component("learned_entities")
def learned_entities(doc: Doc) -> Doc:
    """Names typed PERSON, ORG or GPE by the learned tagger replace spaCy's; spaCy's other
    entities stay where they overlap no such name. spaCy's own entities are kept in
    ``doc.spans["spacy_ents"]`` and the tag probabilities in ``doc.user_data["tagged"]``."""
    from service.nlp.entities.learned import tagger  # noqa: PLC0415 (loads on first use)

    tagged = tagger().tag(doc)
    doc.user_data["tagged"] = tagged
    doc.spans["spacy_ents"] = list(doc.ents)
    if not TAGGER_SPANS:
        return doc
    names = [doc.char_span(doc[a].idx, doc[b - 1].idx + len(doc[b - 1]),
                           label=TAGGER_LABELS[kind])
             for a, b, kind, _ in tagged.spans(doc) if kind in TAGGER_LABELS]
    first = [e for e in doc.ents if e.label_ in SPACY_FIRST]
    held = {i for e in first for i in range(e.start, e.end)}
    names = [s for s in names if s is not None
             and not any(i in held for i in range(s.start, s.end))] + first
    taken = {i for s in names for i in range(s.start, s.end)}
    kept = [e for e in doc.ents if (e.label_ in KEPT_LABELS or KEEP_SPACY_NAMES)
            and not any(i in taken for i in range(e.start, e.end))]
    doc.ents = sorted(names + kept, key=lambda s: s.start)
    return doc


def load_model(name: str, ner: str = "fast") -> Language:
    """Load an installed pipeline package or a pipeline folder (cached per process), with
    ``block_breaks`` first and, with ``ner="learned"``, the learned tagger after spaCy's
    recognizer (its weights load on the first analysis)."""
    if ner not in NER_MODES:
        raise ModelUnavailable(f"NER_MODEL must be one of {', '.join(NER_MODES)}, not {ner!r}")
    return _load(name, ner)


@functools.cache
def _load(name: str, ner: str) -> Language:
    try:
        nlp = spacy.load(Path(name) if "/" in name else name)
    except OSError as exc:
        raise ModelUnavailable(
            f"NLP model {name!r} could not be loaded: install the package "
            "(pip install --require-hashes --no-deps -r requirements/runtime.txt) or set "
            "NLP_MODEL to an installed pipeline package or a pipeline folder."
        ) from exc
    nlp.add_pipe("block_breaks", first=True)
    if ner == "learned":
        nlp.add_pipe("learned_entities", after="ner" if "ner" in nlp.pipe_names else None)
    return nlp


def model_info(nlp: Language) -> dict:
    """Name and version of a loaded pipeline, as recorded in every analysis."""
    meta = nlp.meta
    info = {"model": f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
            "model_version": meta.get("version", "unknown")}
    if "learned_entities" in nlp.pipe_names:
        info["model"] += "+learned_entities"
    return info
