"""The language of an article, by py3langid's model (shipped in its wheel, loaded on first use)."""

from __future__ import annotations

import re
from functools import lru_cache

UNDETERMINED = "und"
# Languages the entity and figure extractors are built for (spaCy's English model).
MODEL_LANGUAGES = frozenset({"en"})
SAMPLE_CHARS = 1_500
MIN_LETTERS = 20
MIN_CONFIDENCE = 0.5

_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text``'s language, or ``und`` when there is too little to tell."""
    sample = text[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return UNDETERMINED
    language, confidence = _identifier().classify(sample)
    return language if confidence >= MIN_CONFIDENCE else UNDETERMINED


def skipped_extractors(language: str) -> list[str]:
    """The extractors whose model does not fit ``language`` (none when it is undetermined)."""
    if language == UNDETERMINED or language in MODEL_LANGUAGES:
        return []
    return ["entities", "figures"]
