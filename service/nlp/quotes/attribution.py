"""Who a quote's words belong to when its sentence does not say it with a subject: the
person named after it, the speaker it continues, the paragraph that introduces it."""

from __future__ import annotations

import bisect
import re

from service.nlp.heads import ancestors, children, span_root
from service.nlp.quotes.layout import BLANKS, Layout, is_speech
from service.nlp.quotes.marks import MARKS
from service.nlp.quotes.speakers import Speakers, speaker_of


def subject_of(verb):
    """The token naming who speaks: the subject, or the object of "according to"."""
    if verb.lower_ == "according":
        to = next(c for c in children(verb) if c.lower_ == "to")
        return next((c for c in children(to) if c.dep_ == "pobj"), None)
    for node in (verb, verb.head):
        subject = _nsubj(node)
        # "said Jean Roe, an adviser, told the paper": the doubled verb has the subject
        if subject is not None or node.dep_ not in ("conj", "advcl", "xcomp", "ccomp",
                                                    "parataxis"):
            break
    if subject is None:  # the same, parsed the other way round
        doubled = next((c for c in children(verb) if c.i > verb.i and is_speech(c)), None)
        subject = _nsubj(doubled) if doubled is not None else None
        if subject is not None and subject.i > doubled.i:
            subject = None
    return subject


def _nsubj(verb):
    return next((c for c in children(verb) if c.dep_ in ("nsubj", "nsubjpass")), None)


def continued(quotes: list[dict], text: str, start: int) -> dict | None:
    """The previous quote's speaker when this quote goes on from it."""
    if not quotes:
        return None
    previous = quotes[-1]
    between = text[previous["end"]:start]
    # Same paragraph, or paragraphs that are nothing but quotes one after the other.
    if "\n\n" not in between or not between.strip(MARKS + "\n .,"):
        return previous["speaker"]
    return None


# After a quote, its closing mark and comma, a person and the end of the clause:
# "...," Jane Roe, director of the agency.
_ATTRIBUTION_GAP_RE = re.compile(r"[^\S\n]*[\"”’»«“]?[^\S\n]*,?[\"”’»«“]?[^\S\n]*")
_ATTRIBUTION_END_RE = re.compile(r"[^\S\n]*(?:[,.;]|$)", re.M)


def attributed(text: str, end: int, known: Speakers) -> dict | None:
    """The person named right after a quote ending in a comma, with no verb: the
    attribution of a wire's caption style ("...," Jane Roe, director of the agency.)."""
    gap = _ATTRIBUTION_GAP_RE.match(text, end)
    if "," not in text[end:gap.end()]:
        return None
    entity = known.named_at(gap.end())
    if entity is None or entity["type"] != "PERSON":
        return None
    k = bisect.bisect_left(known.starts, gap.end())
    if k >= len(known.starts) or known.starts[k] != gap.end():
        return None
    if not _ATTRIBUTION_END_RE.match(text, known.mentions[k][1]):
        return None
    return {"name": entity["name"], "entity_id": entity["id"]}


def introduced(doc, layout: Layout, start: int, known: Speakers) -> dict | None:
    """The subject of a paragraph ending in a colon that introduces this quote's paragraph."""
    k = layout.block(start)
    if k < 1 or layout.run_after(layout.block_starts[k], MARKS + "\n ") < start:
        return None
    # the end of the text before this paragraph, blanks left out
    colon_at = layout.run_before(layout.block_starts[k], BLANKS) - 1
    if colon_at < 0 or layout.text[colon_at] != ":":
        return None
    colon = span_root(doc.char_span(colon_at, colon_at + 1, alignment_mode="expand"))
    verb = next((t for t in ancestors(colon) if t.pos_ in ("VERB", "AUX")), None)
    subject = subject_of(verb) if verb is not None else None
    return speaker_of(subject, known) if subject is not None else None
