"""A numbered list run into the story (a ranking, a countdown): its last item, before a
paragraph, is an item of the list and not a section title; numbered headings over their own
paragraphs stay section titles."""

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
