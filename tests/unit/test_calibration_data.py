"""The calibration tooling (training/): the pipeline's mentions judged on windows of words
with BIO tags, and the maps fitted on them. Made-up text only."""

import importlib
import json
import random
from pathlib import Path

import pytest

from service.nlp.entities import learned

TRAINING = Path(__file__).resolve().parents[2] / "training"
shipped = pytest.mark.skipif(not (learned.MODEL_DIR / "meta.json").exists(),
                             reason="the tagger's weights are not in this checkout")
WORDS = ["Maria", "Lopez", "met", "Peter", "Hansen", "in", "Berlin", "on", "Monday", "."]
TAGS = ["B-PER", "I-PER", "O", "B-PER", "I-PER", "O", "B-LOC", "O", "O", "O"]


@pytest.fixture
def data(monkeypatch):
    monkeypatch.syspath_prepend(str(TRAINING))
    return importlib.import_module("calibration_data")


@pytest.fixture
def calibrate(data):
    return importlib.import_module("calibrate")


@pytest.mark.parametrize(("words", "text"), [
    (["Hello", ",", "Vera", "Lind", "!"], "Hello, Vera Lind!"),
    (["He", "said", "(", "twice", ")", "it", "'s", "5", "%", "."], "He said (twice) it's 5%."),
    (["Kell", "'s", "shop", "costs", "$", "3", "."], "Kell's shop costs $3."),
])
def test_window_words_join_into_text_with_each_offset(data, words, text):
    joined, offsets = data.joined(words)
    assert joined == text
    assert [joined[o:o + len(w)] for o, w in zip(offsets, words, strict=True)] == words


@pytest.mark.parametrize(("tags", "spans"), [
    (["B-PER", "I-PER", "O", "B-LOC"], {(0, 2, "PER"), (3, 4, "LOC")}),
    (["B-ORG", "B-ORG", "I-ORG"], {(0, 1, "ORG"), (1, 3, "ORG")}),
    (["-", "B-MISC", "I-MISC", "-"], {(1, 3, "MISC")}),
    (["I-LOC", "I-PER", "O"], {(0, 1, "LOC"), (1, 2, "PER")}),
])
def test_gold_spans_read_bio_tags_and_a_b_opens_a_new_name(data, tags, spans):
    assert data.gold_spans(tags) == spans


def windows_file(tmp_path: Path, rows: list[dict]) -> list[dict]:
    """The rows through a calib.jsonl file, as calibrate.py reads them."""
    import calibration_data

    path = tmp_path / "calib.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return calibration_data.window_rows(path)


@shipped
def test_window_mentions_are_right_only_against_their_gold_tags(data, tmp_path):
    right = data.window_pairs(windows_file(tmp_path, [
        {"source": "gum", "tokens": WORDS, "tags": TAGS}]))
    shifted = data.window_pairs(windows_file(tmp_path, [
        {"source": "gum", "tokens": WORDS,
         "tags": ["O", "B-PER", "O", "O", "B-PER", "O", "B-ORG", "O", "O", "O"]}]))
    assert len(right) >= 3 and all(p.right for p in right)
    assert len(shifted) == len(right) and not any(p.right for p in shifted)
    assert {p.source for p in right} == {"gum"}
    assert all(0.0 <= p.score <= 1.0 and p.cls in {"PER", "ORG", "LOC", "MISC"} for p in right)


@shipped
def test_mentions_over_undecided_words_and_unjudged_misc_are_left_out(data, tmp_path):
    undecided = data.window_pairs(windows_file(tmp_path, [
        {"source": "btc", "tokens": WORDS, "tags": ["-"] * len(WORDS)}]))
    assert undecided == []
    words = ["The", "Danish", "and", "Swedish", "ministers", "met", "in", "Malmo", "."]
    tags = ["O", "B-MISC", "O", "B-MISC", "O", "O", "O", "B-LOC", "O"]
    judged = data.window_pairs(windows_file(tmp_path, [
        {"source": "wikigold", "tokens": words, "tags": tags}]))
    unjudged = data.window_pairs(windows_file(tmp_path, [
        {"source": "btc", "tokens": words, "tags": tags}]))
    assert any(p.cls == "MISC" for p in judged)
    assert not any(p.cls == "MISC" for p in unjudged)
    assert [p[:3] for p in judged if p.cls != "MISC"] == [p[:3] for p in unjudged]


def made_up_pairs(data, n: int = 600, sure: float = 0.4):
    """Scores that overstate how often a mention is right: right with chance sure * score."""
    rng = random.Random(3)
    pairs = []
    for i in range(n):
        score = rng.random()
        pairs.append(data.Pair(score, i % 2 == 0, "PER" if i % 3 else "LOC", "made-up",
                               rng.random() < sure * score))
    return pairs


@pytest.mark.parametrize("table", [False, True])
def test_fitted_maps_lower_the_error_of_overstated_scores(data, calibrate, table):
    pairs = made_up_pairs(data)
    fitted = calibrate.fitted_maps(pairs, table)
    assert calibrate.learned_error({}, pairs) > 0.2  # the raw scores as confidence
    assert calibrate.learned_error(fitted, pairs) < 0.06
    assert ("calibration_table" in fitted) == table


def test_the_fast_table_is_the_share_right_of_each_class(data, calibrate):
    pairs = [data.Pair(0.0, False, cls, "made-up", ok) for cls, ok in
             [("PER", True), ("PER", True), ("PER", False), ("LOC", False), ("ORG", True)]]
    assert calibrate.type_precision(pairs) == {"PER": 0.67, "ORG": 1.0, "LOC": 0.0,
                                               "MISC": 0.0}
