"""Made-up story text and page markup shared by the structure form tests."""

from service.nlp.structure.html import extract_html
from service.nlp.structure.structure import analyze_structure

HEADLINE = "Valley board backs a second bridge over the Orrin river"


BODY = [
    "Engineers from the Dunmere works office told the board that the old span carried twice "
    "the traffic it was built for and needed a partner within five years.",
    "The board voted six to two for the plan on Thursday, after residents of Calloway and "
    "Westfold asked for a footpath on the new bridge as well as two lanes for cars.",
    "Work could begin in the autumn if the regional fund pays half of the cost, the chair of "
    "the board, Hedda Marsh, said after the vote.",
    "Opponents said the money would be better spent on the bus service, which lost three "
    "routes last year when the county cut its grant.",
]


def paragraphs(structure) -> list[str]:
    return [p.text for _, p in structure.paragraphs()]


def removed_reasons(structure) -> dict[str, str]:
    return dict(zip(structure.removed, structure.removal_reasons, strict=True))


def html_page(boxes: dict[int, str], title: str = HEADLINE) -> str:
    parts = [f"<p>{p}</p>" for p in BODY]
    for at in sorted(boxes, reverse=True):
        parts.insert(at, boxes[at])
    return (f"<html><head><title>{title} - Valley Post</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{''.join(parts)}"
            "</article><footer>Valley Post</footer></body></html>")


def from_html(html: str):
    page = extract_html(html)
    return analyze_structure(page.text, page=page)
