"""Headline, subheadline and sections: how the blocks of a story are laid out."""

from __future__ import annotations

from service.nlp.structure.chrome import is_contact
from service.nlp.structure.dateline import match_opening, speaker_turn
from service.nlp.structure.shape import (
    QUOTES,
    ends_clause,
    ends_sentence,
    is_display,
    starts_heading,
    word_count,
)


def opening_index(blocks: list[str]) -> int | None:
    """Where the dateline opens the story among the first blocks. A place in capitals
    with only a colon after it opens the story only right after the headline (and a dek),
    and not when a block beside it opens the same way (the turns of a transcript)."""
    for i, block in enumerate(blocks[:8]):
        match = match_opening(block)
        if match is None:
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
    headline = head[0] if head else None
    rest = head[1:]
    subheadline = rest.pop(0) if rest and is_display(rest[0], 40) else None
    # What stands between the dek and the dateline is page furniture unless it is long.
    removed += [b for b in rest if word_count(b) <= 30]
    body = [b for b in rest if word_count(b) > 30] + body
    return headline, subheadline, body, removed


def split_after_headline(blocks: list[str]) -> tuple[str | None, list[str], list[str]]:
    """Subheadline, body and dropped blocks after a headline the page's markup gave."""
    opening = opening_index(blocks)
    if opening is not None:
        head, body = blocks[:opening], blocks[opening:]
        dropped = [b for b in head if is_contact(b)]
        head = [b for b in head if not is_contact(b)]
        dek = head.pop(0) if head and is_display(head[0], 40) else None
        return dek, [b for b in head if word_count(b) > 30] + body, dropped + [
            b for b in head if word_count(b) <= 30]
    if (len(blocks) > 2 and word_count(blocks[0]) >= 5 and is_display(blocks[0], 40)
            and not ends_sentence(blocks[0])):
        return blocks[0], blocks[1:], []
    return None, blocks, []


def _split_undated_head(blocks: list[str]) -> tuple[str | None, str | None, list[str], list[str]]:
    if len(blocks) < 2 or not is_display(blocks[0], 30) or ends_sentence(blocks[0]):
        return None, None, blocks, []
    dek = blocks[1]
    if (len(blocks) > 2 and word_count(dek) >= 5 and is_display(dek, 40)
            and not ends_sentence(dek)):
        return blocks[0], dek, blocks[2:], []
    return blocks[0], None, blocks[1:], []


def sectionize(body: list[str]) -> list[tuple[str | None, list[str]]]:
    sections: list[tuple[str | None, list[str]]] = [(None, body[:1])]
    for i, block in enumerate(body[1:], start=1):
        follower = body[i + 1] if i + 1 < len(body) else None
        if follower is not None and _is_title(block) and not _is_title(follower):
            sections.append((block, []))
        else:
            sections[-1][1].append(block)
    return sections


def _is_title(block: str) -> bool:
    return (
        word_count(block) <= 10
        and len(block) <= 90
        and starts_heading(block)
        and not ends_clause(block)
        and block[-1] not in QUOTES
        and not match_opening(block)
    )
