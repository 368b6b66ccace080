"""A trailing rail of teasers (linked headings, each with a short summary) is furniture;
linked section headings followed by the story's own paragraphs are not."""

import random

import pytest

from service.nlp.structure.html import extract_html

HEADS = ["Storm closes the island school again", "Kelvay fares rise for the winter",
         "Rudna mayor resigns after the budget vote", "Eastmoor opens its first night market",
         "Port Anselm names a new harbour master"]
SUMMARIES = ["The school has now lost nine days this term.", "Tickets go up by a fifth in May.",
             "She said the council had lost its way.", "Forty stalls opened on Friday.",
             "He has worked on the quay for thirty years."]
STORY = [
    "The council of Harburg approved the ferry plan on Tuesday after a long debate that ran "
    "past midnight, officials said, and the first boat is due in the spring.",
    "Islanders have asked for a daily ferry since the old boat was sold in 2015, and the vote "
    "was close, with seven councillors against the plan and two abstaining.",
    "Tickets will cost the same as the bus into town, the port authority said, and the new "
    "pier will be finished in April if the weather holds.",
]


def _rail(rng: random.Random, n: int) -> str:
    title = rng.choice(["<h2>Other Opinion Columns</h2>", "<h3>More from Harburg</h3>", ""])
    tag = rng.choice(["h3", "h4"])
    items = "".join(
        f"<{tag}><b>{rng.choice(['Opinion', 'Local', 'Analysis'])}</b> "
        f"<a href='/story/{i}'>{HEADS[i]}</a></{tag}><p>{SUMMARIES[i]}</p>"
        for i in rng.sample(range(len(HEADS)), k=n))
    return title + items


def _page(body: str) -> str:
    return ("<html><head><title>Ferry plan approved - Example Gazette</title></head><body>"
            f"<article><h1>Ferry plan approved</h1>{body}</article></body></html>")


@pytest.mark.parametrize("seed", range(8))
def test_a_trailing_rail_of_teasers_is_removed(seed):
    rng = random.Random(seed)
    rail = _rail(rng, rng.randint(3, 5))
    page = extract_html(_page("".join(f"<p>{p}</p>" for p in STORY) + rail))
    assert all(p in page.blocks for p in STORY)
    for text in HEADS + SUMMARIES:
        assert all(text not in block for block in page.blocks), text
    assert any(reason == "a list of links" for _, reason in page.removed)


@pytest.mark.parametrize("n", [3, 4])
def test_linked_section_headings_over_the_story_s_paragraphs_are_kept(n):
    body = "".join(f"<h3><a href='/topic/{i}'>{HEADS[i]}</a></h3>"
                   f"<p>{' '.join(STORY[i % 3:] + STORY[:i % 3])}</p>" for i in range(n))
    page = extract_html(_page(body))
    assert any(HEADS[0] in block for block in page.blocks)


def test_two_teasers_are_no_rail():
    rng = random.Random(3)
    page = extract_html(_page("".join(f"<p>{p}</p>" for p in STORY) + _rail(rng, 2)))
    assert sum(any(h in b for b in page.blocks) for h in HEADS) == 2
