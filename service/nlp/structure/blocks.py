"""Raw text -> paragraph-sized blocks: placeholders out, hard-wrapped lines joined."""

from __future__ import annotations

import re
import unicodedata

from service.nlp.structure.dateline import match_opening
from service.nlp.structure.shape import (
    OPENING_QUOTES,
    ends_sentence,
)

_PLACEHOLDER = re.compile(
    r"\{\{[^{}\n]{0,200}\}\}|\{%[^%\n]{0,200}%\}|\$\{[^{}\n]{0,200}\}"
    # a shortcode: "[php snippet=5]", "[caption id=\"x\" width=\"300\"]", "[/caption]"
    r"|\[/[a-z][\w\-]{1,30}\]"
    r"|\[[a-z][\w\-]{1,30}(?:\s{1,3}[\w\-]{1,30}=(?:\"[^\"\n]{0,100}\"|'[^'\n]{0,100}'"
    r"|[^\s\]]{1,100})){1,10}\s{0,3}/?\]"
    # a bare shortcode closed on the same line, with what it wraps: "[embed]url[/embed]"
    r"|\[(?P<code>[a-z][\w\-]{1,30})\][^\[\]\n]{0,300}\[/(?P=code)\]")
_BARE_SHORTCODE = re.compile(r"\[[a-z][a-z_\-]{1,30}\]")
# A line of a narrow wrap holds at least this many words (a list of names or a contact
# block holds fewer).
MIN_WRAPPED_WORDS = 3
# A paragraph's first line indented by spaces or a tab, then text.
_INDENT = re.compile(r"(?: {2,8}|\t)\S")
MIN_INDENTED_PARAGRAPHS = 2
INDENT_SLACK = 8
MIN_PROSE_SHARE = 0.5
_BLANK_LINE = re.compile(r"\S[ \t]*\n[ \t]*\n[ \t]*\S")


def normalize(raw: str) -> str:
    return unicodedata.normalize("NFC", raw.removeprefix("\ufeff"))


def split_blocks(text: str) -> tuple[list[str], list[str]]:
    """Paragraph-sized blocks and the placeholders removed on the way."""
    lines, removed = [], []
    raw_lines, indented = _indents_as_breaks(text.splitlines())
    for line in raw_lines:
        found = [m.group() for m in _PLACEHOLDER.finditer(line)]
        if found:
            removed += found
            line = _PLACEHOLDER.sub(" ", line)
            if not line.strip():
                continue  # a placeholder-only line is not a paragraph break
            line = re.sub(r"[ \t]{2,}", " ", line)
        elif _BARE_SHORTCODE.fullmatch(line.strip()):
            removed.append(line.strip())  # "[toc]" alone on its line
            continue
        lines.append(line.strip())
    while lines and not lines[-1]:
        lines.pop()
    if "" not in lines:
        if _is_wrapped(lines):
            return _unwrap(lines, max(len(line) for line in lines)), removed
        return [line for line in lines if line], removed
    chunks = ["\n".join(lines).split("\n\n")]
    page_width = max(len(line) for line in lines)
    blocks = []
    for chunk in chunks[0]:
        chunk_lines = [line for line in chunk.strip("\n").split("\n") if line]
        if not chunk_lines:
            continue
        if _narrow_wrap(chunk_lines, page_width):
            blocks.append(_joined(chunk_lines))
        else:
            # an indent made a paragraph's first line shorter than the wrap
            slack = INDENT_SLACK if chunk_lines[0] in indented else 0
            blocks += _unwrap(chunk_lines, _chunk_width(chunk_lines, page_width), slack)
    return [b for b in blocks if b], removed


def preformatted_blocks(text: str) -> list[str]:
    """The paragraphs of preformatted text (wire copy in <pre>) as plain text gives them,
    when it marks paragraphs by blank lines or indents and they are prose; else none."""
    lines = text.strip("\n").splitlines()
    if not (_BLANK_LINE.search(text) or _indents_as_breaks(lines)[1]):
        return []
    blocks = split_blocks(text)[0]
    # prose, not code, a form or a document's laid-out pages: most blocks end a sentence
    prose = sum(map(ends_sentence, blocks))
    return blocks if prose >= MIN_PROSE_SHARE * len(blocks) else []


def _indents_as_breaks(lines: list[str]) -> tuple[list[str], set[str]]:
    """Lines with a blank line before each indented first line of a paragraph, where the
    text marks its paragraphs by indenting them (two or more times, under lines that are
    not indented) rather than by blank lines alone; and those first lines."""
    firsts = [i for i in range(len(lines)) if _INDENT.match(lines[i])
              and (i == 0 or not _INDENT.match(lines[i - 1]))]
    if len(firsts) < MIN_INDENTED_PARAGRAPHS:
        return lines, set()
    breaks = {i for i in firsts if i > 0 and lines[i - 1].strip()}
    out: list[str] = []
    for i, line in enumerate(lines):
        if i in breaks:
            out.append("")
        out.append(line)
    return out, {lines[i].strip() for i in firsts}


def rejoin_wrapped(lines: list[str]) -> list[str]:
    """The lines of one element of a page, split at its line breaks, rejoined where they are
    hard-wrapped prose (wire copy set with a break at each line's end): every line but the
    last ends near one width of 40 to 100 characters, and one of them runs on without
    closing a sentence."""
    if len(lines) < 2:
        return lines
    width = max(len(line) for line in lines)
    body = lines[:-1]
    if (not 40 <= width <= 100 or any(len(line) < width - 15 for line in body)
            or all(ends_sentence(line) for line in body)
            or any(len(line.split()) < MIN_WRAPPED_WORDS for line in body)):
        return lines
    return _unwrap(lines, width)


def _chunk_width(lines: list[str], page_width: int) -> int:
    """The width a block of lines was wrapped at: the page's widest line, unless that is no
    fixed-width wrap (a long unwrapped line elsewhere) and this block's own lines show one
    (two lines or more, the first ones ending near one width without closing a sentence)."""
    if 40 <= page_width <= 100 or len(lines) < 2:
        return page_width
    width = max(len(line) for line in lines)
    body = lines[:-1]
    full = [line for line in body if len(line) >= width - 15]
    open_ended = [line for line in full if not ends_sentence(line)]
    if len(full) * 2 >= len(body) and open_ended:
        return width
    return page_width


def _narrow_wrap(lines: list[str], page_width: int) -> bool:
    """Whether one block's lines are prose wrapped narrower than the page's width (a
    quote box, a column pasted from elsewhere): lines of several words each, none but the
    last closing a sentence, and the sentence running on in lower case after a break."""
    if len(lines) < 2 or max(len(line) for line in lines) >= min(page_width, 100) - 15:
        return False
    body = lines[:-1]
    if any(ends_sentence(line) or len(line.split()) < MIN_WRAPPED_WORDS for line in body):
        return False
    return any(line[:1].islower() for line in lines[1:])


def _joined(lines: list[str]) -> str:
    text = lines[0]
    for previous, line in zip(lines, lines[1:], strict=False):
        text += ("" if re.search(r"[^\W\d_]-$", previous) else " ") + line
    return text


def _is_wrapped(lines: list[str]) -> bool:
    """Whether lines without blank lines between them are hard-wrapped prose (wire copy
    at 50-65 characters, ragged right): most lines end near one width, and wrapped lines
    run into the next without closing a sentence."""
    if len(lines) < 6:
        return False
    width = max(len(line) for line in lines)
    if not 40 <= width <= 100:
        return False
    full = [line for line in lines if len(line) >= width - 15]
    open_ended = [line for line in full if not ends_sentence(line)]
    return len(full) * 2 >= len(lines) and len(open_ended) * 2 >= len(full)


def _unwrap(lines: list[str], width: int, slack: int = 0) -> list[str]:
    """Join hard-wrapped lines; a break where the next word would have fit ends a block,
    and so does a line opening with a dateline or, after a full stop, with a quote."""
    if not 40 <= width <= 100:  # not a fixed-width wrap: one block per line
        return lines
    blocks = [lines[0]]
    for previous, line in zip(lines, lines[1:], strict=False):
        opens = bool(match_opening(line)) or (
            ends_sentence(previous) and line[:1] in OPENING_QUOTES)
        indent = slack if previous is lines[0] else 0
        if not opens and indent + len(previous) + 1 + len(line.split()[0]) > width:
            # a wrap after a word's hyphen ("long-\ndistance") keeps the compound together
            joiner = "" if re.search(r"[^\W\d_]-$", previous) else " "
            blocks[-1] += joiner + line
        else:
            blocks.append(line)
    return blocks
