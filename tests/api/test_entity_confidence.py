"""Every entity and mention carries a confidence, documented and usable as a filter."""


def test_every_entity_and_mention_of_an_article_has_a_confidence_in_range(client, seed):
    items = client.get(f"/v1/articles/{seed['id']}/entities?per_page=100").get_json()["items"]
    assert items
    for entity in items:
        assert 0.0 <= entity["confidence"] <= 1.0
        assert all(0.0 <= m["confidence"] <= 1.0 for m in entity["mentions"])


def test_min_confidence_keeps_exactly_the_entities_at_or_above_it(client, seed):
    url = f"/v1/articles/{seed['id']}/entities?per_page=100"
    every = client.get(url).get_json()["items"]
    levels = sorted({e["confidence"] for e in every})
    assert len(levels) >= 2, "the seed's entities should not all share one confidence"
    cut = levels[len(levels) // 2]
    kept = client.get(f"{url}&min_confidence={cut}").get_json()["items"]
    assert [e["id"] for e in kept] == [e["id"] for e in every if e["confidence"] >= cut]
    assert 0 < len(kept) < len(every)


def test_min_confidence_outside_0_to_1_is_a_validation_error(client, seed):
    response = client.get(f"/v1/articles/{seed['id']}/entities?min_confidence=1.5")
    assert response.status_code == 422
    assert "min_confidence" in str(response.get_json())


def test_the_openapi_document_describes_the_confidence_and_its_filter(client):
    spec = client.get("/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    assert "confidence" in schemas["Entity"]["properties"]
    assert "confidence" in schemas["Mention"]["properties"]
    params = spec["paths"]["/v1/articles/{article_id}/entities"]["get"]["parameters"]
    assert "min_confidence" in {p["name"] for p in params}
