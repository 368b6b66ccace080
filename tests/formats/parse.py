"""Reading each representation back: Markdown through markdown-it (CommonMark), HTML
through the standard library's parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from markdown_it import MarkdownIt


@dataclass
class Block:
    kind: str  # "h1", "h2", "p"
    text: str  # the text a reader sees, line breaks as "\n"
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, href)
    markup: list[str] = field(default_factory=list)  # inline token types other than text


def markdown_blocks(source: str) -> tuple[list[Block], list[str]]:
    """The headings and paragraphs of ``source``, and the types of any other block."""
    tokens = MarkdownIt("commonmark").parse(source)
    blocks, others, current = [], [], None
    for token in tokens:
        if token.type in {"heading_open", "paragraph_open"}:
            current = Block(token.tag, "")
        elif token.type == "inline" and current is not None:
            link = None
            for child in token.children or []:
                if child.type == "text":
                    current.text += child.content
                    if link is not None:
                        link[0] += child.content
                elif child.type in {"softbreak", "hardbreak"}:
                    current.text += "\n"
                elif child.type == "link_open":
                    link = ["", child.attrs["href"]]
                elif child.type == "link_close":
                    current.links.append(tuple(link))
                    link = None
                else:
                    current.markup.append(child.type)
        elif token.type in {"heading_close", "paragraph_close"}:
            blocks.append(current)
            current = None
        elif current is None:
            others.append(token.type)
    return blocks, others


@dataclass
class Element:
    tag: str
    attrs: dict
    text: str = ""


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.open: list[Element] = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.elements.append(element)
        if tag not in {"meta", "br", "img", "hr"}:
            self.open.append(element)

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop().tag == tag:
                break

    def handle_data(self, data):
        for element in self.open:
            element.text += data


def html_elements(source: str) -> list[Element]:
    """Every element of ``source`` in document order, each with the text inside it."""
    collector = _Collector()
    collector.feed(source)
    collector.close()
    return collector.elements
