"""Headline, subheadline and sections: how the blocks of a story are laid out."""

from __future__ import annotations

import re

from service.nlp.structure.agencies import opens_story
from service.nlp.structure.chrome import (
    is_furniture_line,
    is_head_furniture,
    is_names_line,
)
from service.nlp.structure.dateline import match_opening, speaker_turn
from service.nlp.structure.furniture import is_contact, is_promo_label
from service.nlp.structure.shape import (
    QUOTES,
    ends_clause,
    ends_sentence,
    is_display,
    is_table_row,
    numbered_run,
    starts_heading,
    word_count,
)

# A list item's marker: "+ Added", "* Fixed", "- Removed", "• Tickets", "1. Open".
_LIST_MARKER = re.compile(r"(?:[+*\-•·–—]|\d{1,2}[.)])\s")
# A full stop of a script written without spaces, with more text after it: two sentences.
_FULL_STOP_WITHIN = re.compile(r"[。！？].*\w")
# Beyond this many words a line is too long for a headline, but not for a dek.
MAX_HEAD_FURNITURE_WORDS = 30
MAX_LINES_BEFORE_HEADLINE = 3
MIN_LEAD_WORDS = 20


def opening_index(blocks: list[str]) -> int | None:
    """Where the dateline opens the story among the first blocks. A place in capitals
    with only a colon after it opens the story only right after the headline (and a dek),
    and not when a block beside it opens the same way (the turns of a transcript)."""
    for i, block in enumerate(blocks[:8]):
        match = match_opening(block)
        if not opens_story(match, blocks[:i]):
            continue
        if match.weak and (i > 2 or any(speaker_turn(b) for b in blocks[max(i - 1, 0):i])
                           or any(speaker_turn(b) for b in blocks[i + 1:i + 2])):
            continue
        return i
    return None


def split_head(blocks: list[str]) -> tuple[str | None, str | None, list[str], list[str]]:
    """Headline, subheadline, body blocks and head blocks dropped as chrome."""
    opening = opening_index(blocks)
    if opening is None:
        return _split_undated_head(blocks)
    head, body = blocks[:opening], blocks[opening:]
    removed = [b for b in head if is_contact(b)]
    head = [b for b in head if not is_contact(b)]
    # Kickers and site sections stand before the headline when the head has extra lines.
    while len(head) > 2 and word_count(head[0]) <= 5 and not ends_clause(head[0]):
        removed.append(head.pop(0))
    # A furniture line before a line that reads as a headline is not the headline.
    while len(head) > 1 and _gives_way(head[0], head[1], (head + body)[2:6]):
        removed.append(head.pop(0))
    headline = head[0] if head else None
    rest = head[1:]
    subheadline = rest.pop(0) if rest and _reads_as_dek(rest[0]) else None
    if subheadline is not None and repeats(subheadline, (rest + body)[0]):
        removed.append(subheadline)
        subheadline = None
    # What stands between the dek and the dateline is page furniture unless it is long.
    removed += [b for b in rest if word_count(b) <= 30]
    body = [b for b in rest if word_count(b) > 30] + body
    return headline, subheadline, body, removed


def join_bare_dateline(body: list[str]) -> list[str]:
    """A dateline on a line of its own ("DUNMERE 1996-12-06") opens the lead after it."""
    if len(body) > 1 and (match := match_opening(body[0])) is not None \
            and match.end >= len(body[0].rstrip()) and not match_opening(body[1]):
        return [f"{body[0].rstrip()} {body[1]}", *body[2:]]
    return body


def split_after_headline(blocks: list[str]) -> tuple[str | None, list[str], list[str]]:
    """Subheadline, body and dropped blocks after a headline the page's markup gave."""
    opening = opening_index(blocks)
    if opening is not None:
        head, body = blocks[:opening], blocks[opening:]
        dropped = [b for b in head if is_contact(b)]
        head = [b for b in head if not is_contact(b)]
        dek = head.pop(0) if head and _reads_as_dek(head[0]) else None
        if dek is not None and repeats(dek, body[0]):
            dropped.append(dek)
            dek = None
        return dek, [b for b in head if word_count(b) > 30] + body, dropped + [
            b for b in head if word_count(b) <= 30]
    lines = []  # a date line, a credit or a byline between the headline and the story
    while len(blocks) > 2 and word_count(blocks[0]) <= MAX_HEAD_FURNITURE_WORDS and (
            is_furniture_line(blocks[0])
            # a byline's names alone, its time stamp gone with the markup that held it
            or (not lines and 2 <= word_count(blocks[0]) <= 4 and is_names_line(blocks[0])
                and word_count(blocks[1]) >= MIN_LEAD_WORDS)):
        lines.append(blocks[0])
        blocks = blocks[1:]
    if len(blocks) > 1 and repeats(blocks[0], blocks[1]):
        return None, blocks[1:], [*lines, blocks[0]]
    if (len(blocks) > 2 and word_count(blocks[0]) >= 5 and _reads_as_dek(blocks[0])
            and not ends_sentence(blocks[0])):
        return blocks[0], blocks[1:], lines
    return None, blocks, lines


def repeats(dek: str, lead: str) -> bool:
    """Whether a dek repeats the opening of the lead (often after its dateline)."""
    short = " ".join(dek.casefold().split()).rstrip(" .…")
    opening = " ".join(lead.casefold().split())[: len(short) + 80]
    return len(short.split()) >= 4 and short in opening


def _split_undated_head(blocks: list[str]) -> tuple[str | None, str | None, list[str], list[str]]:
    removed = []
    # A furniture first line gives way to a headline after it ("News Feed", a date line,
    # a photo credit, a teaser cut off mid-word), if the story follows.
    while len(blocks) > 2 and len(removed) < MAX_LINES_BEFORE_HEADLINE:
        # furniture lines may stand one under another before the headline
        runs = next((k for k in range(1, 3) if all(
            is_head_furniture(b) for b in blocks[1:k]) and len(blocks) > k + 1
            and _gives_way(blocks[0], blocks[k], blocks[k + 1:k + 5])), None)
        if runs is None:
            break
        removed.append(blocks[0])
        blocks = blocks[1:]
    if len(blocks) < 2 or not is_display(blocks[0], 30) or ends_sentence(blocks[0]):
        return None, None, blocks, removed
    dek = blocks[1]
    if len(blocks) > 2 and repeats(dek, blocks[2]):
        return blocks[0], None, blocks[2:], [*removed, dek]
    if (len(blocks) > 2 and word_count(dek) >= 5 and _reads_as_dek(dek)
            and not ends_sentence(dek)):
        return blocks[0], dek, blocks[2:], removed
    return blocks[0], None, blocks[1:], removed


def _gives_way(first: str, second: str, later: list[str]) -> bool:
    """Whether a first line is no headline when ``second`` follows it: furniture by its
    form, a teaser that runs the headline into the lead (it opens with ``second``), or the
    lead's opening cut off mid-way (a block of ``later`` opens with it)."""
    if not _reads_as_headline(second):
        return False
    return (is_head_furniture(first) or _runs_into(first, second)
            or any(_runs_into(block, first) for block in later))


def _runs_into(longer: str, opening: str) -> bool:
    """Whether ``longer`` opens with all of ``opening`` and runs on."""
    short, long = _folded(opening), _folded(longer)
    return len(long) > len(short) + 10 and long.startswith(short)


def _folded(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(" .:")


def _reads_as_dek(block: str) -> bool:
    """A line that may stand under the headline: a display line of four words or more,
    not furniture by its form, nor a label over another story ("WATCH: ..."), nor the
    first item of a list ("+ Added ...", "• ...")."""
    words = word_count(block)
    return (is_display(block, 40) and words >= 4 and not is_promo_label(block)
            and not _LIST_MARKER.match(block)
            and not (words <= MAX_HEAD_FURNITURE_WORDS and is_head_furniture(block)))


def _reads_as_headline(block: str) -> bool:
    """A short line that reads as a title: three words or more, no closing full stop,
    not furniture by its form."""
    return (is_display(block, 30) and word_count(block) >= 3 and not ends_sentence(block)
            and starts_heading(block) and not is_head_furniture(block)
            and not match_opening(block))


def sectionize(body: list[str]) -> list[tuple[str | None, list[str]]]:
    sections: list[tuple[str | None, list[str]]] = [(None, body[:1])]
    for i, block in enumerate(body[1:], start=1):
        follower = body[i + 1] if i + 1 < len(body) else None
        # A title opens a section whose first paragraph opens a sentence; a line that
        # runs on in lower case is the start of a wrapped paragraph; the next item of a
        # numbered run is the last item of a list.
        if (follower is not None and _is_title(block) and not _is_title(follower)
                and not follower[:1].islower() and not numbered_run(body[i - 1:i + 1])):
            sections.append((block, []))
        else:
            sections[-1][1].append(block)
    return sections


def _is_title(block: str) -> bool:
    return (
        word_count(block) <= 10
        and not is_table_row(block)
        and len(block) <= 90
        and starts_heading(block)
        and not ends_clause(block)
        and block[-1] not in QUOTES
        and not match_opening(block)
        and not _FULL_STOP_WITHIN.search(block)
    )
