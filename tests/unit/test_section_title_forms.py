"""Lines that are no section title by their form: the last item of a numbered list run into
the story (a ranking, a countdown) before a paragraph, and two sentences of a script written
without spaces; numbered headings over their own paragraphs and one-sentence titles stay."""

import pytest

from service.nlp.structure.structure import analyze_structure
from tests.unit.structure_forms import BODY, HEADLINE, paragraphs

INTRO = "The survey ranked the towns of the valley as follows:"
CLOSING = ("The next survey is due in two years. The council will publish its answer to this one "
           "before the summer.")
TOWNS = ["Calloway", "Westfold", "Dunmere", "Orrin Ford", "Hallam", "Brisk Hill", "Tamsey",
         "Upper Lode", "Marrow", "Kestle", "Fennick", "Low Ashby"]


@pytest.mark.parametrize(("count", "mark"), [(3, "."), (6, "."), (10, "."), (12, ")"), (7, ")")])
def test_the_last_item_of_a_numbered_run_is_no_section_title(count, mark):
    items = [f"{n}{mark} {town}" for n, town in enumerate(TOWNS[:count], start=1)]
    s = analyze_structure("\n\n".join([HEADLINE, BODY[0], INTRO, *items, *BODY[1:]]))
    assert [section.title for section in s.sections if section.title] == []
    assert paragraphs(s) == [BODY[0], INTRO, *items, *BODY[1:]]


@pytest.mark.parametrize("start", [1, 4, 9])
def test_a_run_that_does_not_open_at_one_is_still_a_run(start):
    items = [f"{n}. {town}" for n, town in enumerate(TOWNS[:4], start=start)]
    s = analyze_structure("\n\n".join([HEADLINE, BODY[0], INTRO, *items, *BODY[1:]]))
    assert all(section.title is None for section in s.sections)


@pytest.mark.parametrize("mark", [".", ")"])
def test_numbered_headings_over_their_own_paragraphs_stay_titles(mark):
    titles = [f"1{mark} The old span", f"2{mark} The vote", f"3{mark} The cost"]
    text = "\n\n".join([HEADLINE, BODY[0], titles[0], BODY[1], titles[1], BODY[2],
                        titles[2], BODY[3], CLOSING])
    s = analyze_structure(text)
    assert [section.title for section in s.sections if section.title] == titles


def test_numbers_out_of_order_do_not_make_a_run():
    lines = ["4. Hallam", "9. Marrow"]
    s = analyze_structure("\n\n".join([HEADLINE, BODY[0], *lines, *BODY[1:]]))
    assert [section.title for section in s.sections if section.title] == ["9. Marrow"]


@pytest.mark.parametrize("block", [
    "2025年河谷委员会周四投票支持修建第二座桥。工程预计明年开始。（编辑/王明）",
    "Orrin河上的新桥将有两条车道。居民还要求修建人行道（编辑/王明）",
    "Orrin委员会会议定于周四举行！会议向公众开放",
])
def test_two_sentences_without_spaces_are_no_section_title(block):
    s = analyze_structure("\n\n".join([HEADLINE, BODY[0], BODY[1], block, BODY[2], CLOSING]))
    assert all(section.title is None for section in s.sections)
    assert block in paragraphs(s)


@pytest.mark.parametrize("title", ["Orrin河上的新桥", "DNC与新桥的费用", "Kosten der neuen Brücke"])
def test_a_one_sentence_title_stays_a_title(title):
    s = analyze_structure("\n\n".join([HEADLINE, BODY[0], BODY[1], title, BODY[2], CLOSING]))
    assert [section.title for section in s.sections if section.title] == [title]


TIPS = [("Cook at home", "Eating out costs three times as much as the same meal made at home."),
        ("Walk to work", "The bus fare adds up to more than a week of groceries over a year."),
        ("Mend your clothes", "A needle and thread cost less than a new shirt."),
        ("Share a car", "Two neighbours can halve the cost of the school run.")]


@pytest.mark.parametrize(("count", "start", "mark"), [(3, 1, "."), (4, 1, ")"), (2, 5, "."),
                                                      (4, 7, ".")])
def test_numbered_tips_closing_the_story_are_its_own_sections(count, start, mark):
    tips = [(f"{n}{mark} {head}", text)
            for n, (head, text) in enumerate(TIPS[:count], start=start)]
    s = analyze_structure("\n\n".join([HEADLINE, BODY[0], BODY[1], *sum(tips, ())]))
    assert s.removed == []
    assert [section.title for section in s.sections if section.title] == [h for h, _ in tips]
    assert paragraphs(s) == [BODY[0], BODY[1], *(text for _, text in tips)]


@pytest.mark.parametrize("numbers", [(None, None, None), (1, 1, 1), (3, 2, 1)])
def test_teaser_pairs_not_numbered_in_a_run_still_go(numbers):
    tips = TIPS[:len(numbers)]
    heads = [f"{n}. {head}" if n else head for n, (head, _) in zip(numbers, tips, strict=True)]
    pairs = [x for head, (_, text) in zip(heads, tips, strict=True) for x in (head, text)]
    s = analyze_structure("\n\n".join([HEADLINE, BODY[0], BODY[1], *pairs]))
    assert paragraphs(s) == [BODY[0], BODY[1]]
