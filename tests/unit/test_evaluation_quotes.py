"""The quote scorer: a quote is found by its words, its speaker right by name or by none."""

from evaluation.quotes import score_case

CASE = {"id": "q-1", "class": "verb", "text": "...", "expected": [
    {"quote": "We will rebuild the bridge", "speaker": "Ana Costa"},
    {"quote": "The deal is dead", "speaker": None},
]}


def quote(text, name=None):
    return {"text": text, "speaker": {"name": name, "entity_id": None} if name else None}


def test_a_quote_with_the_right_speaker_is_found_and_right():
    errors = []
    tally = score_case(CASE, [quote("We will rebuild the bridge by spring", "Ana Costa"),
                              quote("The deal is dead.")], errors)
    assert (tally.items, tally.found, tally.right, tally.correct) == (2, 2, 2, 2)
    assert errors == []


def test_a_wrong_or_missing_speaker_is_found_but_not_right():
    errors = []
    tally = score_case(CASE, [quote("We will rebuild the bridge", "Jane Roe"),
                              quote("The deal is dead", "Omar Haddad")], errors)
    assert (tally.found, tally.right, tally.correct) == (2, 0, 0)
    assert len(errors) == 2


def test_an_unexpected_quote_lowers_precision_and_is_listed():
    errors = []
    tally = score_case(CASE, [quote("Something else entirely", "Ana Costa")], errors)
    assert (tally.found, tally.predicted, tally.correct) == (0, 1, 0)
    assert any(line.startswith("false") for line in errors)
