"""The seed article's expected analysis (fixtures/expected), checked through the API."""

from __future__ import annotations

import json

import pytest

from tests.conftest import FIXTURES

GOLD = json.loads((FIXTURES.parent / "expected" / "tass-russia-belarus-diplomats.json")
                  .read_text(encoding="utf-8"))


def _all(client, path: str) -> list[dict]:
    items, page = [], 1
    while True:
        body = client.get(f"{path}{'&' if '?' in path else '?'}per_page=100&page={page}")
        assert body.status_code == 200, body.get_json()
        data = body.get_json()
        items += data["items"]
        if len(items) >= data["total"]:
            return items
        page += 1


@pytest.fixture
def entities(client, seed):
    return {e["name"]: e for e in _all(client, f"/v1/articles/{seed['id']}/entities")}


@pytest.mark.parametrize("expected", GOLD["entities"]["must"], ids=lambda e: e["name"])
def test_expected_entity_is_found_with_type_mentions_and_aliases(entities, expected):
    entity = entities.get(expected["name"])
    assert entity is not None, sorted(entities)
    assert entity["type"] == expected["type"]
    if "mentions" in expected:
        assert entity["mention_count"] == expected["mentions"] == len(entity["mentions"])
    for alias in expected.get("aliases", []):
        assert alias in entity["aliases"]


def test_people_have_descriptions(entities):
    people = [e for e in GOLD["entities"]["must"] if "role" in e]
    assert len(people) == 6
    for person in people:
        assert entities[person["name"]]["descriptions"], person["name"]
    assert "Russian Foreign Minister" in entities["Sergey Lavrov"]["descriptions"]
    assert "Belarusian Defense Minister" in entities["Igor Khrenin"]["descriptions"]


def test_nothing_that_must_not_be_an_entity_is_one(entities):
    names = {name.lower() for name in entities}
    aliases = {a.lower() for e in entities.values() for a in e["aliases"]}
    for junk in GOLD["entities"]["must_not"]:
        assert junk.lower() not in names | aliases


def test_every_mention_slices_the_text(client, seed, entities):
    text = client.get(f"/v1/articles/{seed['id']}").get_json()["text"]
    for entity in entities.values():
        assert entity["salience"] >= 0 and entity["salience"] <= 1
        for mention in entity["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]


def test_entities_are_sorted_by_salience_and_filterable(client, seed):
    items = _all(client, f"/v1/articles/{seed['id']}/entities")
    saliences = [e["salience"] for e in items]
    assert saliences == sorted(saliences, reverse=True)
    people = _all(client, f"/v1/articles/{seed['id']}/entities?type=PERSON")
    assert {e["type"] for e in people} == {"PERSON"}
    one = client.get(f"/v1/articles/{seed['id']}/entities/sergey-lavrov").get_json()
    assert one["name"] == "Sergey Lavrov" and one["aliases"] == ["Lavrov"]


def test_section_entities_keep_only_that_sections_mentions(client, seed):
    items = _all(client, f"/v1/articles/{seed['id']}/sections/2/entities")
    putin = next(e for e in items if e["name"] == "Vladimir Putin")
    assert putin["mention_count"] == 2
    assert {m["section"] for e in items for m in e["mentions"]} == {2}


@pytest.fixture
def figures(client, seed):
    return _all(client, f"/v1/articles/{seed['id']}/figures")


@pytest.mark.parametrize("expected", GOLD["figures"], ids=lambda f: f["text_contains"])
def test_expected_figure_is_found_with_its_attributes(figures, expected):
    found = [f for f in figures if expected["text_contains"] in f["text"]
             and f["kind"] == expected["kind"]]
    assert found, [f["text"] for f in figures]
    figure = found[0]
    assert figure["value"] == expected["value"]
    if "currency" in expected:
        assert figure["unit"] == expected["currency"]
    for key in ("qualifier", "change", "of"):
        if key in expected:
            assert figure[key] == expected[key]
    if "period" in expected:
        assert figure["period"]["label"] == expected["period"]
    if "compared_with" in expected:
        assert figure["compared_with"]["label"] == expected["compared_with"]


def test_dollar_figure_is_the_equivalent_of_the_ruble_figure(figures):
    rubles = next(f for f in figures if f["unit"] == "RUB")
    dollars = next(f for f in figures if f["unit"] == "USD")
    assert dollars["equivalent_of"] == rubles["id"]
    assert rubles["sentence"].startswith("According to State Secretary")


def test_figures_across_articles_filter_by_unit_value_and_entity(client, seed):
    rubles = client.get("/v1/figures?unit=RUB&min_value=1e9").get_json()
    assert rubles["total"] == 1 and rubles["items"][0]["value"] == 56700000000
    assert rubles["items"][0]["article_id"] == seed["id"]
    assert client.get("/v1/figures?unit=RUB&max_value=1e9").get_json()["total"] == 0
    percent = client.get("/v1/figures?kind=percent").get_json()["items"]
    assert [f["value"] for f in percent] == [22]


@pytest.mark.parametrize("expected", GOLD["dates"], ids=lambda d: d["text_contains"])
def test_expected_date_is_on_the_timeline(client, seed, expected):
    dates = _all(client, f"/v1/articles/{seed['id']}/dates")
    found = [d for d in dates if expected["text_contains"] in d["text"]
             and d["value"] == expected["value"]]
    assert found, [(d["text"], d["value"]) for d in dates]
    if "qualifier" in expected:
        assert found[0]["qualifier"] == expected["qualifier"]


def test_timeline_is_chronological(client, seed):
    dates = _all(client, f"/v1/articles/{seed['id']}/dates")
    keys = [d["start_date"] for d in dates]
    assert keys == sorted(keys)


def test_quotes_have_the_expected_speakers(client, seed):
    quotes = _all(client, f"/v1/articles/{seed['id']}/quotes")
    for expected in GOLD["quotes"]:
        quote = next((q for q in quotes if q["text"].startswith(expected["starts_with"])), None)
        assert quote is not None, [q["text"][:40] for q in quotes]
        assert quote["speaker"]["name"] == expected["speaker"]
        assert quote["speaker"]["entity_id"] == "russian-foreign-ministry"
