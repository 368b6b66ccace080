"""Search and cross-article queries: full text, entities, figures."""

from __future__ import annotations

VIENNA = ("Gas ministers meet in Vienna\n\nVIENNA, June 2, 2024 (Reuters) - Energy ministers "
          "met in Vienna on Sunday to discuss gas prices with Sergey Lavrov, who said "
          "supplies would fall by 10%.\n")


def test_full_text_search_finds_articles_by_words(client, seed):
    client.post("/v1/articles", data=VIENNA, content_type="text/plain")
    found = client.get("/v1/articles?q=nuclear weapons").get_json()
    assert [a["id"] for a in found["items"]] == [seed["id"]]
    gas = client.get("/v1/articles?q=gas").get_json()
    assert gas["total"] == 1 and gas["items"][0]["headline"] == "Gas ministers meet in Vienna"
    assert client.get("/v1/articles?q=zebra").get_json()["total"] == 0


def test_search_stems_and_ignores_query_syntax(client, seed):
    assert client.get("/v1/articles?q=discussing").get_json()["total"] == 1
    assert client.get('/v1/articles?q=" OR * NEAR(').get_json()["total"] == 0


def test_search_combines_with_entity_and_dates(client, seed):
    client.post("/v1/articles", data=VIENNA, content_type="text/plain")
    both = client.get("/v1/articles?entity=sergey lavrov&type=PERSON").get_json()
    assert both["total"] == 2
    only = client.get("/v1/articles?entity=Sergey%20LAVROV&q=gas").get_json()
    assert only["total"] == 1 and only["items"][0]["published"]["date"] == "2024-06-02"
    dated = client.get("/v1/articles?entity=lavrov&published_to=2023-12-31").get_json()
    assert [a["id"] for a in dated["items"]] == [seed["id"]]
    assert client.get("/v1/articles?entity=lavrov&type=ORGANIZATION").get_json()["total"] == 0


def test_entities_across_articles_count_articles_and_mentions(client, seed):
    client.post("/v1/articles", data=VIENNA, content_type="text/plain")
    body = client.get("/v1/entities?q=serg").get_json()
    lavrov = next(e for e in body["items"] if e["key"] == "sergey-lavrov")
    assert lavrov["type"] == "PERSON"
    assert lavrov["article_count"] == 2
    assert lavrov["mention_count"] >= 3
    articles = client.get("/v1/entities/sergey-lavrov/articles").get_json()
    assert articles["total"] == 2
    assert client.get("/v1/entities/nobody-at-all/articles").status_code == 404


def test_entities_filter_by_type(client, seed):
    places = client.get("/v1/entities?type=LOCATION&per_page=100").get_json()["items"]
    assert {"Belarus", "Moscow", "Minsk"} <= {e["name"] for e in places}
    assert all(e["type"] == "LOCATION" for e in places)


def test_search_ranks_the_most_recently_stored_candidates_after_the_filters(app, client, seed):
    vienna = client.post("/v1/articles", data=VIENNA, content_type="text/plain").get_json()
    app.extensions["store"].search_candidates = 1
    found = client.get("/v1/articles?q=lavrov").get_json()
    assert [a["id"] for a in found["items"]] == [vienna["id"]]
    assert (found["total"], found["total_exact"]) == (1, False)
    older = client.get("/v1/articles?q=lavrov&published_to=2023-12-31").get_json()
    assert [a["id"] for a in older["items"]] == [seed["id"]]
    assert (older["total"], older["total_exact"]) == (1, True)
    app.extensions["store"].search_candidates = 2
    both = client.get("/v1/articles?q=lavrov").get_json()
    assert (both["total"], both["total_exact"]) == (2, True)
    assert {a["id"] for a in both["items"]} == {seed["id"], vienna["id"]}


def test_figures_across_articles_come_newest_article_first(client, seed):
    client.post("/v1/articles", data=VIENNA, content_type="text/plain")
    figures = client.get("/v1/figures?per_page=100").get_json()["items"]
    assert figures[0]["article_id"] != seed["id"]
    assert figures[-1]["article_id"] == seed["id"]
    seeds = [f["id"] for f in figures if f["article_id"] == seed["id"]]
    stored = client.get(f"/v1/articles/{seed['id']}/figures?per_page=100").get_json()
    assert seeds == [f["id"] for f in stored["items"]]
    lavrov = client.get("/v1/figures?entity=lavrov&per_page=100").get_json()["items"]
    assert lavrov and lavrov[0]["article_id"] != seed["id"]
