"""The NLP pipeline as the settings describe it, loaded once per process."""

from __future__ import annotations

from collections.abc import Mapping

from service.nlp.caps import Caps
from service.nlp.model import load_model
from service.nlp.pipeline import Analyzer, Limits


def build_pipeline(config: Mapping) -> Analyzer:
    """Warmed up, so that processes forked afterwards share its tables."""
    caps = Caps(max_items=config["MAX_ITEMS_PER_LIST"],
                sentence_chars=config["MAX_SENTENCE_CHARS"],
                bytes_per_char=config["MAX_OUTPUT_BYTES_PER_CHAR"])
    limits = Limits(max_chars=config["MAX_TEXT_CHARS"],
                    max_paragraphs=config["MAX_PARAGRAPHS"], caps=caps)
    pipeline = Analyzer(load_model(config["NLP_MODEL"], config["NER_MODEL"]), limits)
    pipeline.warm_up()
    return pipeline
