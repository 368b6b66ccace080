"""Direct quotations in an article and who said them."""

from __future__ import annotations

from service.nlp.caps import whole
from service.nlp.places import Places
from service.nlp.quotes.attribution import attributed, continued, introduced, subject_of
from service.nlp.quotes.layout import Layout, speech_verb, stands_alone
from service.nlp.quotes.marks import MARKS, quote_spans
from service.nlp.quotes.speakers import Speakers, speaker_of
from service.nlp.sentences import SentenceIndex
from service.nlp.types import Structure

# A quote this short is kept only when a speech verb governs it; others are scare quotes.
_MIN_WORDS = 3
_SENTENCE_END = (".", "?", "!", ",", "…", "—")
_SCARE_WORDS = 6  # a quote this short, with no speech verb near and no sentence in it


def extract_quotes(doc, structure: Structure, entities: list[dict]) -> list[dict]:
    """Every direct quotation, in text order (ids q1, q2, ...), with its speaker if known."""
    return whole(find_quotes(doc, structure, entities))


def find_quotes(doc, structure: Structure, entities: list[dict]) -> list[dict]:
    """The quotations of ``extract_quotes``, each ``sentence`` a ``Sentence`` (read when
    the analysis is put out)."""
    text = structure.text
    spans = quote_spans(text)
    sentences = SentenceIndex.of(doc, structure)
    known = Speakers(doc, structure, entities, sentences)
    layout = Layout(doc, text, spans)
    places = Places(structure)
    quotes: list[dict] = []
    for start, end in spans:
        verb, governs = speech_verb(doc, start, end, layout, sentences)
        words = len(text[start:end].split())
        if words < _MIN_WORDS and not governs:
            continue
        # "...," Jane Roe, director of the agency.: a person named after it says it is speech
        named = attributed(text, end, known) if verb is None else None
        if (verb is None and named is None and words < _SCARE_WORDS
                and not text[start:end].rstrip(MARKS).endswith(_SENTENCE_END)
                and not stands_alone(layout, start, end)):
            continue  # scare quotes: 'joints for jabs' is a name for something, not speech
        subject = subject_of(verb) if verb is not None else None
        if subject is not None:
            speaker = speaker_of(subject, known)
        else:
            speaker = None if verb is not None else (
                named or continued(quotes, text, start)
                or introduced(doc, layout, start, known))
        if speaker is not None and speaker["entity_id"] is not None:
            known.last = speaker["entity_id"]
        section, paragraph = places.locate(start)
        quotes.append(sentences.give_sentence(
            {"id": f"q{len(quotes) + 1}", "text": text[start:end], "speaker": speaker,
             "sentence": None, "start": start, "end": end,
             "section": section, "paragraph": paragraph}))
    return quotes
