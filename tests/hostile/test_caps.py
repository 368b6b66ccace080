"""Output caps: an analysis is a small multiple of its text, whatever the text."""

from __future__ import annotations

import orjson

from service.nlp.caps import Caps, cap_analysis


def _analysis(text: str, figures: list[dict], **lists) -> dict:
    return {"text": text, "entities": lists.get("entities", []), "figures": figures,
            "dates": lists.get("dates", []), "quotes": lists.get("quotes", [])}


def _figure(text: str, start: int, end: int, sentence: str) -> dict:
    return {"id": f"f{start}", "text": text[start:end], "start": start, "end": end,
            "sentence": sentence, "entities": []}


def test_each_list_keeps_its_first_items_and_counts_the_rest():
    text = "1, " * 50
    figures = [_figure(text, i * 3, i * 3 + 1, text) for i in range(50)]
    entities = [{"id": "e", "mentions": [{"start": 0, "end": 1}] * 30, "aliases": [],
                 "descriptions": []}]
    capped = cap_analysis(_analysis(text, figures, entities=entities), Caps(max_items=20))
    assert [f["start"] for f in capped["figures"]] == [i * 3 for i in range(20)]
    assert len(capped["entities"][0]["mentions"]) == 20
    assert capped["truncated"] == {"figures": 30, "entities.mentions": 10}


def test_a_long_sentence_is_clipped_around_its_item_with_exact_offsets():
    lead = "Officials said that " + "the port grew and " * 100
    text = lead + "exports rose 7% in May" + " while imports fell" * 100 + "."
    start = text.index("7%")
    figure = _figure(text, start, start + 2, text)
    capped = cap_analysis(_analysis(text, [figure]), Caps(sentence_chars=100))
    kept = capped["figures"][0]
    assert len(kept["sentence"]) <= 100
    assert "7%" in kept["sentence"]
    offset = kept["sentence_start"]
    assert text[offset:offset + len(kept["sentence"])] == kept["sentence"]
    assert offset <= start and start + 2 <= offset + len(kept["sentence"])
    assert capped["truncated"] == {}


def test_an_item_longer_than_the_window_is_kept_whole():
    text = "He said: " + "\u201c" + "word " * 200 + "\u201d and left."
    start, end = text.index("\u201c"), text.index("\u201d") + 1
    quote = {"id": "q", "text": text[start:end], "start": start, "end": end,
             "sentence": text}
    capped = cap_analysis(_analysis(text, [], quotes=[quote]), Caps(sentence_chars=50))
    kept = capped["quotes"][0]
    assert kept["sentence"] == text[start:end]
    assert kept["sentence_start"] == start


def test_a_short_sentence_is_unchanged_and_located():
    text = "Rain fell. Rates rose 2% on Monday. Markets closed."
    start = text.index("2%")
    sentence = "Rates rose 2% on Monday."
    capped = cap_analysis(_analysis(text, [_figure(text, start, start + 2, sentence)]),
                          Caps())
    assert capped["figures"][0]["sentence"] == sentence
    assert capped["figures"][0]["sentence_start"] == text.index("Rates")


def test_the_whole_analysis_is_bounded_by_bytes_per_character():
    text = "x" * 1000
    figures = [{"id": f"f{i}", "text": "x", "start": i, "end": i + 1, "sentence": "x",
                "note": "y" * 500, "entities": []} for i in range(1000)]
    capped = cap_analysis(_analysis(text, figures), Caps(max_items=1000, bytes_per_char=10))
    size = len(orjson.dumps(capped))
    assert size <= 64 * 1024 + 10 * len(text)
    assert capped["truncated"]["figures"] == 1000 - len(capped["figures"])
    assert len(capped["figures"]) > 0


def test_a_run_of_separated_digits_gives_a_small_response(client):
    text = "1," * 2500  # the form that gave 805 MB for 40 KB; kept short for the test's time
    response = client.post("/v1/analyze", json={"text": text})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert len(response.get_data()) < 64 * 1024 + 32 * len(text)
    assert len(body["figures"]) <= 1000
    assert body["counts"]["figures"] == len(body["figures"]) + body["truncated"]["figures"]
    assert body["counts"]["figures"] > 1000
    assert max(len(f["sentence"]) for f in body["figures"]) <= 400


def test_a_stored_article_is_bounded_too(client):
    response = client.post("/v1/articles", json={"text": "1," * 2500})
    assert response.status_code == 201, response.get_data(as_text=True)[:300]
    path = response.get_json()["links"]["self"]
    figures = client.get(f"{path}/figures?per_page=100").get_json()
    assert 0 < figures["total"] < 2500
    assert all(len(f["sentence"]) <= 400 for f in figures["items"])
    assert client.delete(path).status_code == 204
