"""Loading the spaCy pipeline named by configuration, once per process."""

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


@functools.cache
def load_model(name: str) -> Language:
    """Load an installed pipeline package or a pipeline folder (cached per process), with
    ``block_breaks`` first."""
    try:
        nlp = spacy.load(Path(name) if "/" in name else name)
    except OSError as exc:
        raise ModelUnavailable(
            f"NLP model {name!r} could not be loaded: install the package "
            "(pip install --require-hashes --no-deps -r requirements/runtime.txt) or set "
            "NLP_MODEL to an installed pipeline package or a pipeline folder."
        ) from exc
    nlp.add_pipe("block_breaks", first=True)
    return nlp


def model_info(nlp: Language) -> dict:
    """Name and version of a loaded pipeline, as recorded in every analysis."""
    meta = nlp.meta
    return {"model": f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
            "model_version": meta.get("version", "unknown")}
