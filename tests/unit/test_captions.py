"""A photo caption shown twice, as captions.py alone decides it."""

from __future__ import annotations

import pytest

from service.nlp.structure.captions import ShownTwice, drop_shown_captions, is_caption_like
from service.nlp.structure.chrome import drop_chrome

LEAD = ("ARVIK, March 3 - The harbour board approved a second ferry pier on Monday after a "
        "year of talks with the fishing fleet and the town's shop owners, its chair said.")


@pytest.mark.parametrize("line", [
    "Ferries wait at the new pier at dawn",
    "A fisherman mends nets beside the harbour wall",
    "The harbour board meets in the old customs house",
])
def test_a_caption_like_line_without_a_full_stop_shown_twice_goes_every_copy(line):
    shown = ShownTwice([line, LEAD, line])
    assert shown.by_form(line) == "caption shown twice"
    assert ShownTwice([line, LEAD]).by_form(line) is None  # shown once
    assert ShownTwice([line + ".", LEAD, line + "."]).by_form(line + ".") is None


@pytest.mark.parametrize("line", [
    "Who pays for the new pier?", "The board says three things:", "Pier | 2024 | 4.5 million",
    "the pier opens in May",
])
def test_questions_labels_table_rows_and_lower_case_lines_are_no_caption(line):
    assert not is_caption_like(line)
    assert ShownTwice([line, LEAD, line]).by_form(line) is None


@pytest.mark.parametrize("sentence", [
    "The new pier will take two ferries at once.",
    "Shop owners on the quay welcomed the plan.",
])
def test_a_caption_like_sentence_shown_again_keeps_its_first_copy(sentence):
    shown = ShownTwice([LEAD, sentence, sentence])
    assert shown.beside_or_again(sentence, kept=[LEAD]) is None
    assert shown.beside_or_again(sentence, kept=[LEAD, sentence]) == "caption shown twice"
    kept, removed = drop_chrome([LEAD, sentence, "Work starts in May.", sentence])
    assert kept.count(sentence) == 1 and (sentence, "caption shown twice") in removed


@pytest.mark.parametrize(("caption", "credit"), [
    ("Ferries wait at the new pier at dawn.", "Photo: Lena Holm"),
    ("A crane lifts the first concrete block into place.", "Lena Holm/Arvik Post"),
])
def test_a_caption_shown_twice_beside_its_credit_goes_with_the_credit(caption, credit):
    shown = ShownTwice([caption, credit, LEAD, caption])
    assert shown.beside_or_again(caption, kept=[]) == "caption shown twice"
    assert shown.beside_or_again(credit, kept=[]) == "photo credit"
    assert ShownTwice([caption, credit, LEAD]).beside_or_again(caption, kept=[]) is None


@pytest.mark.parametrize("caption", ["The old pier in 1950.", "Boats in the harbour at night"])
def test_a_paragraph_repeating_a_named_caption_is_dropped(caption):
    kept, shown = drop_shown_captions([LEAD, caption, "Work starts in May."], {caption})
    assert kept == [LEAD, "Work starts in May."] and shown == [caption]
