"""The web page evaluation's measures: body shingles and the share of the text the service
misses that it set aside (furniture, credits, the dek), short blocks included."""

import pytest

from evaluation.html import Output, lost_paragraphs, set_aside_share, shingle_scores

GOLD = ("The ferry to the islands runs twice a day in winter. Next "
        "Tickets cost the same as the bus into town, the council said on Tuesday.")


def test_shingle_scores_of_the_same_text_are_whole():
    assert shingle_scores(GOLD, GOLD) == (1.0, 1.0)


def test_a_missing_sentence_lowers_recall_not_precision():
    precision, recall = shingle_scores(GOLD.split(" Next ")[0], GOLD)
    assert precision == 1.0 and 0 < recall < 1


@pytest.mark.parametrize("short", ["Next", "Learn more", "Read the story"])
def test_a_removed_block_shorter_than_a_shingle_accounts_for_the_shingles_around_it(short):
    gold = GOLD.replace("Next", short)
    first, second = gold.split(f" {short} ")
    service = Output(body=f"{first}\n{second}", title=None, published=None, set_aside=short)
    bare = Output(body=gold, title=None, published=None)
    assert set_aside_share(service, bare, gold) == 1.0
    unseen = Output(body=f"{first}\n{second}", title=None, published=None, set_aside="")
    assert set_aside_share(unseen, bare, gold) == 0.0


def test_text_lost_for_another_reason_is_not_set_aside():
    first, second = GOLD.split(" Next ")
    service = Output(body=first, title=None, published=None, set_aside="Next")
    bare = Output(body=GOLD, title=None, published=None)
    assert 0 < set_aside_share(service, bare, GOLD) < 0.5


def test_the_shingles_running_into_and_out_of_a_removed_line_are_set_aside_with_it():
    related = "Related: Fares rise for the winter on all routes"
    gold = GOLD.replace("Next", related)
    first, second = gold.split(f" {related} ")
    bare = Output(body=gold, title=None, published=None)
    service = Output(body=f"{first}\n{second}", title=None, published=None, set_aside=related)
    assert set_aside_share(service, bare, gold) == 1.0
    unseen = Output(body=f"{first}\n{second}", title=None, published=None,
                    set_aside="Subscribe to the morning briefing")
    assert set_aside_share(unseen, bare, gold) == 0.0


LOST_GOLD = "\n".join([
    "The ferry to the islands runs twice a day in winter.",
    "What to bring",
    "Tickets cost the same as the bus into town, the council said on Tuesday.",
])


@pytest.mark.parametrize(("service", "bare", "expected"), [
    (LOST_GOLD, LOST_GOLD, []),
    (LOST_GOLD.replace("What to bring\n", ""), LOST_GOLD, [(1.0, 0.0, "What to bring")]),
    (LOST_GOLD.split("\n")[0], LOST_GOLD.split("\n")[0],
     [(1.0, 1.0, "What to bring"), (1.0, 1.0, LOST_GOLD.split("\n")[2])]),
])
def test_lost_paragraphs_name_what_the_service_misses_beside_trafilatura(service, bare,
                                                                          expected):
    assert lost_paragraphs(LOST_GOLD, service, bare) == expected


def test_a_paragraph_mostly_kept_is_not_lost():
    gold = LOST_GOLD.split("\n")[2]
    kept = gold.replace("on Tuesday", "")
    assert lost_paragraphs(gold, kept, gold) == []
