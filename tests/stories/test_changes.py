"""What one version changed against another: every kind of change, and none invented."""

from __future__ import annotations

import pytest

from service.stories.changes import Changes, changes
from tests.stories.documents import document, paragraph, story_paragraphs


def kinds(found) -> list[str]:
    return [change.change for change in found.paragraphs]


@pytest.mark.parametrize("name", ["one", "two", "three"])
def test_the_same_text_has_no_changes(name):
    text = story_paragraphs(name)
    found = changes(document("a", text), document("b", text))
    assert found == Changes("a", "b")


@pytest.mark.parametrize("name", ["one", "two"])
def test_paragraphs_added_removed_and_edited_with_offsets_in_both(name):
    text = story_paragraphs(name)
    edited = text[2].replace(".", " and one more clause.")
    new = [text[0], text[1], edited, text[3], text[5], paragraph(name + "-new")]
    before, after = document("a", text), document("b", new)
    found = changes(before, after)
    assert sorted(kinds(found)) == ["added", "edited", "removed"]
    by_kind = {c.change: c for c in found.paragraphs}
    removed, added, change = by_kind["removed"], by_kind["added"], by_kind["edited"]
    assert removed.before.text == text[4] and removed.after is None
    assert before["text"][removed.before.start:removed.before.end] == text[4]
    assert added.after.text == new[-1]
    assert after["text"][added.after.start:added.after.end] == new[-1]
    assert (change.before.index, change.after.index) == (2, 2)
    assert after["text"][change.after.start:change.after.end] == edited


@pytest.mark.parametrize("swap", [(1, 2), (0, 4), (3, 5)])
def test_a_paragraph_out_of_its_order_is_moved_and_nothing_else(swap):
    text = story_paragraphs("moved")
    new = list(text)
    i, j = swap
    new[i], new[j] = new[j], new[i]
    found = changes(document("a", text), document("b", new))
    assert set(kinds(found)) == {"moved"} and 1 <= len(found.paragraphs) <= 2


def test_the_headline_change():
    text = story_paragraphs("head")
    found = changes(document("a", text, headline="Old words"),
                    document("b", text, headline="New words"))
    assert found.headline == {"before": "Old words", "after": "New words"}
    assert found.paragraphs == []


@pytest.mark.parametrize(("old", "new"), [(12, 15), (300, 280), (7, 70)])
def test_a_figure_of_the_same_measure_changed(old, new):
    text = story_paragraphs("figures")
    found = changes(document("a", text, figures=[{"value": old, "of": "casualties"},
                                                 {"value": 4, "of": "villages"}]),
                    document("b", text, figures=[{"value": 4, "of": "villages"},
                                                 {"value": new, "of": "casualties"}]))
    assert [(f.change, f.before["value"], f.after["value"]) for f in found.figures] == [
        ("changed", old, new)]


def test_figures_of_other_measures_are_added_and_removed_not_changed():
    text = story_paragraphs("figures2")
    found = changes(document("a", text, figures=[{"value": 5, "of": "ships"}]),
                    document("b", text, figures=[{"value": 9, "of": "trucks"},
                                                 {"value": 5, "of": "ships", "unit": "t"}]))
    assert sorted(f.change for f in found.figures) == ["added", "added", "removed"]


def test_quotes_added_cut_and_altered_by_speaker_and_text():
    text = story_paragraphs("quotes")
    before = [{"speaker": "Ana Pel", "text": "We will keep every promise we made"},
              {"speaker": "Ivo Dun", "text": "Nothing has been decided yet"}]
    after = [{"speaker": "Ana Pel", "text": "We will keep every promise we made this year"},
             {"speaker": "Eda Sor", "text": "The port opens in May"}]
    found = changes(document("a", text, quotes=before), document("b", text, quotes=after))
    assert sorted((q.change, (q.before or q.after)["speaker"]) for q in found.quotes) == [
        ("added", "Eda Sor"), ("altered", "Ana Pel"), ("cut", "Ivo Dun")]


def test_the_same_quote_given_to_another_speaker_is_altered():
    text = story_paragraphs("speaker")
    quote = "The talks went well"
    found = changes(document("a", text, quotes=[{"speaker": "Ana Pel", "text": quote}]),
                    document("b", text, quotes=[{"speaker": "Ivo Dun", "text": quote}]))
    assert [(q.change, q.before["speaker"], q.after["speaker"]) for q in found.quotes] == [
        ("altered", "Ana Pel", "Ivo Dun")]


def test_entities_added_and_dropped():
    text = story_paragraphs("entities")
    found = changes(document("a", text, entities=["Ana Pel", "Ivo Dun"]),
                    document("b", text, entities=["Ivo Dun", "Eda Sor"]))
    assert [e["name"] for e in found.entities_added] == ["Eda Sor"]
    assert [e["name"] for e in found.entities_dropped] == ["Ana Pel"]
