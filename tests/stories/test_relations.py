"""Grouping without a store: signatures, relations and the choice of the origin."""

from __future__ import annotations

import datetime as dt

import pytest

from service.stories.grouping import (
    COPY,
    ORIGIN,
    REWRITE,
    UPDATE,
    Member,
    band_hashes,
    choose_origin,
    relation,
    same_story,
    signature,
)
from tests.stories.documents import paragraph, story_paragraphs


def member(pk, paragraphs, **kwargs) -> Member:
    return Member(pk, signature(paragraphs), **kwargs)


@pytest.mark.parametrize("name", ["alpha", "beta", "gamma"])
def test_a_copy_with_a_small_edit_is_a_copy(name):
    text = story_paragraphs(name)
    edited = [*text[:-1], text[-1].replace(".", " extra word.")]
    assert relation(member(2, edited), member(1, text))[0] == COPY


@pytest.mark.parametrize("name", ["alpha", "beta", "gamma"])
def test_a_trimmed_or_extended_version_is_a_rewrite_of_the_same_story(name):
    text = story_paragraphs(name, 8)
    for version in (text[:4], [*text, *story_paragraphs(name + "-more", 4)],
                    [text[1], text[0], *text[2:6], paragraph(name + "-local")]):
        joined, _ = same_story(signature(version), signature(text))
        assert joined
        assert relation(member(2, version), member(1, text))[0] == REWRITE


@pytest.mark.parametrize("urls", [("https://a.example/x", "https://a.example/x?v=2"),
                                  ("https://www.b.example/1", "https://b.example/2")])
def test_a_version_from_the_same_page_or_site_is_an_update(urls):
    text = story_paragraphs("update")
    changed = [*text, paragraph("update-new")]
    assert relation(member(2, changed, source_url=urls[1]),
                    member(1, text, source_url=urls[0]))[0] == UPDATE


def test_the_origin_relates_to_itself_as_origin():
    origin = member(1, story_paragraphs("self"))
    assert relation(origin, origin) == (ORIGIN, 1.0)


@pytest.mark.parametrize("seed", ["one", "two", "three"])
def test_other_stories_are_not_grouped(seed):
    joined, similarity = same_story(signature(story_paragraphs(seed)),
                                    signature(story_paragraphs(seed + "-other")))
    assert not joined and similarity < 0.2


def test_band_hashes_are_shared_by_copies_and_rarely_by_others():
    text = story_paragraphs("bands")
    copy = band_hashes(signature([*text, "Advertisement"]))
    assert len(set(copy) & set(band_hashes(signature(text)))) > 10
    other = band_hashes(signature(story_paragraphs("bands-other")))
    assert len(set(other) & set(band_hashes(signature(text)))) <= 1


def test_the_agency_copy_contained_in_the_others_is_the_origin_though_published_later():
    text = story_paragraphs("wire")
    day = dt.date(2024, 3, 5)
    members = [member(1, [*text, paragraph("local")], published=day),
               member(2, text, agency="Reuters", published=day + dt.timedelta(days=1)),
               member(3, text[:4], published=day)]
    assert choose_origin(members).pk == 2


def test_an_agency_copy_not_contained_in_the_others_is_not_the_origin():
    text = story_paragraphs("wire2", 8)
    day = dt.date(2024, 3, 5)
    members = [member(1, text, published=day),
               member(2, [*text[:5], *story_paragraphs("own", 5)], agency="AFP",
                      published=day + dt.timedelta(days=1)),
               member(3, text, published=day + dt.timedelta(days=2))]
    assert choose_origin(members).pk == 1


def test_without_an_agency_the_earliest_published_is_the_origin_then_the_first_stored():
    text = story_paragraphs("early")
    day = dt.date(2024, 3, 5)
    assert choose_origin([member(1, text, published=day),
                          member(2, text, published=day - dt.timedelta(days=2))]).pk == 2
    assert choose_origin([member(5, text, published=day),
                          member(4, text, published=day)]).pk == 4
    assert choose_origin([member(1, text), member(2, text, published=day)]).pk == 2


def _rewritten(name: str) -> tuple[list[str], list[str]]:
    """A story and a heavy rewrite of it: half of its paragraphs kept, more added."""
    text = story_paragraphs(name, 6)
    return text, [*text[:3], *story_paragraphs(name + "-retold", 5)]


@pytest.mark.parametrize("name", ["retold", "recast", "redone"])
def test_a_heavy_rewrite_joins_when_it_shares_figures_and_quotes(name):
    text, rewrite = _rewritten(name)
    a, b = signature(text), signature(rewrite)
    assert not same_story(a, b)[0]
    assert same_story(a, b, lambda: 2)[0]
    assert not same_story(a, b, lambda: 1)[0]


def test_shared_facts_do_not_join_unrelated_texts():
    a, b = signature(story_paragraphs("fact-a")), signature(story_paragraphs("fact-b"))
    assert not same_story(a, b, lambda: 10)[0]


def test_facts_are_figures_by_kind_unit_and_value_and_quotes_by_their_words():
    from service.stories.grouping import facts
    from tests.stories.documents import document

    one = document("a", ["x"], figures=[{"value": 12, "of": "ships"}],
                   quotes=[{"speaker": "A", "text": "We will build the new port soon"}])
    two = document("b", ["y"], figures=[{"value": 12, "of": "boats"}, {"value": 3}],
                   quotes=[{"speaker": "B", "text": "we will build the new port, soon"}])
    assert len(facts(one) & facts(two)) == 2


@pytest.mark.parametrize("first", [1, 2, 3])
def test_among_versions_of_one_day_the_one_they_all_derive_from_is_the_origin(first):
    text = story_paragraphs("centre", 8)
    versions = {1: [*text, paragraph("local-a"), paragraph("local-b")],
                2: text[:5],
                3: [*text[:6], paragraph("local-c")],
                4: text}
    day = dt.date(2024, 3, 5)
    order = [first, *[pk for pk in versions if pk != first]]
    members = [member(pk, versions[pk], published=day) for pk in order]
    assert choose_origin(members).pk == 4
