"""Tables on web pages: data tables whose markup makes the extractor lose their text (set in a
<blockquote>, a row label that is a link), and layout tables whose cells hold the article."""

import pytest
from lxml import html

from service.nlp.structure.html import extract_html
from service.nlp.structure.structure import analyze_structure
from service.nlp.structure.tables import readable_tables

TITLE = "Harburg council approves the ferry budget"
STORY = ["The council of Harburg approved the ferry budget on Tuesday after a debate that ran "
         "past midnight, officials said, and the first boat is due in spring.",
         "Islanders have asked for a second route since the old pier closed, and the plan "
         "gives them one crossing in the morning and another in the evening.",
         "Tickets will cost the same as the bus to town, the council said in a statement, "
         "and children under twelve will travel free on both routes."]
MORE = ["The opposition said the budget leaves too little for the repair of the old pier, "
        "which has been closed to boats for three winters in a row.",
        "A first vote on the timetable is due next month, when the council meets again in "
        "the town hall on the harbour front."]

# (header row, data rows): the cells of made-up tables, as the body should give them.
TABLES = [
    (["Member", "Votes"], [["Anna Berg", "63"], ["Carl Dunn", "56"], ["Edna Frey", "41"]]),
    (["Route", "Crossings", "Fare"], [["Harburg to Nolde", "14", "4.50"],
                                      ["Nolde to Sark Point", "6", "3.00"]]),
    (["Release", "Date"], [["4.2.3", "April 2014"], ["4.3", "July 2014"],
                           ["4.4.1", "February 2015"]]),
]


def _page(body: str) -> str:
    return (f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>"
            f"{body}</article></body></html>")


def _paragraphs(items: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in items)


def _table(header: list[str], rows: list[list[str]], link_labels: bool = False) -> str:
    head = "<tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>"
    body = ""
    for label, *cells in rows:
        shown = f'<a href="/items/{len(body)}">{label}</a>' if link_labels else label
        body += f"<tr><td><div>{shown}</div></td>" + "".join(
            f"<td><div>{c}</div></td>" for c in cells) + "</tr>"
    return f"<table>{head}{body}</table>"


def _rows(header: list[str], rows: list[list[str]]) -> list[str]:
    return [" | ".join(header)] + [" | ".join(row) for row in rows]


@pytest.mark.parametrize(("header", "rows"), TABLES)
@pytest.mark.parametrize("tables", [1, 2])
def test_a_table_set_in_a_blockquote_keeps_its_rows(header, rows, tables):
    quote = "<blockquote>" + _table(header, rows) * tables + "</blockquote>"
    extracted = extract_html(_page(_paragraphs(STORY) + quote + _paragraphs(MORE)))
    blocks = list(extracted.blocks)
    for row in _rows(header, rows):
        assert row in blocks
    assert blocks.index(_rows(header, rows)[0]) == len(STORY)
    assert blocks[-len(MORE):] == MORE


def test_a_blockquote_of_prose_stays_a_quote():
    quote = f"<blockquote><p>{MORE[0]}</p></blockquote>"
    extracted = extract_html(_page(_paragraphs(STORY) + quote + f"<p>{MORE[1]}</p>"))
    assert list(extracted.blocks) == STORY + MORE


@pytest.mark.parametrize(("header", "rows"), TABLES)
def test_a_row_label_that_is_a_link_stays_beside_its_figures(header, rows):
    table = _table(header, rows, link_labels=True)
    extracted = extract_html(_page(_paragraphs(STORY) + table + _paragraphs(MORE)))
    for row in _rows(header, rows):
        assert row in extracted.blocks


@pytest.mark.parametrize("cells", [2, 3])
def test_a_row_of_links_only_keeps_its_links(cells):
    """A navigation row (every cell a link) is no data row: its links stay links."""
    links = "".join(f'<td><a href="/s{i}">Section {i}</a></td>' for i in range(cells))
    tree = html.fromstring(f"<div><table><tr>{links}</tr></table></div>")
    readable_tables(tree)
    assert len(tree.findall(".//a")) == cells


@pytest.mark.parametrize("label", ['<a href="/a">Anna Berg</a> <a href="/b">(chair)</a>',
                                   'Anna <a href="/a">Berg</a>'])
def test_a_label_that_is_not_one_whole_link_keeps_its_links(label):
    tree = html.fromstring(f"<div><table><tr><td>{label}</td><td>63</td></tr></table></div>")
    links = len(tree.findall(".//a"))
    readable_tables(tree)
    assert len(tree.findall(".//a")) == links


LEAD = "Harburg has argued about its ferries for as long as anyone on the islands remembers."
SECTIONS = [("Release histories", STORY[:2]), ("Development statistics", STORY[2:] + MORE[:1]),
            ("Some conclusions", MORE[1:])]


@pytest.mark.parametrize("side", ["", "<td><p>Subscribe</p></td>", "<td></td>"])
@pytest.mark.parametrize("heading", ["h2", "h4"])
def test_a_layout_table_cell_gives_its_paragraphs_and_titles_one_block_each(side, heading):
    cell = f"<p>{LEAD}</p>" + "".join(f"<{heading}>{title}</{heading}>" + _paragraphs(paras)
                                      for title, paras in SECTIONS)
    html = (f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1>"
            f"<table><tr><td>{cell}</td>{side}</tr></table></body></html>")
    extracted = extract_html(html)
    structure = analyze_structure(extracted.text, page=extracted)
    assert [(s.title, [p.text for p in s.paragraphs]) for s in structure.sections] == [
        (None, [LEAD]), *SECTIONS]


def test_text_between_the_blocks_of_a_layout_cell_is_a_block_of_its_own():
    cell = (f"<p>{STORY[0]}</p>{STORY[1]}<p>{STORY[2]}</p>")
    html = _page(f"<table><tr><td>{cell}</td><td><p>{MORE[0]}</p></td></tr></table>")
    assert list(extract_html(html).blocks) == [*STORY, MORE[0]]


@pytest.mark.parametrize("cells", [3, 5])
@pytest.mark.parametrize("rows", [1, 2])
def test_a_row_of_menu_links_is_set_apart_as_links(cells, rows):
    row = "<tr>" + "".join(f'<td><a href="/s{i}">Section {i}</a></td>'
                           for i in range(cells)) + "</tr>"
    html_page = _page(_paragraphs(STORY) + f"<table>{row * rows}</table>"
                      + _paragraphs(MORE))
    extracted = extract_html(html_page)
    assert list(extracted.blocks) == STORY + MORE
    assert any("Section 0" in text for text, reason in extracted.removed
               if reason == "a list of links")


COMPANIES = [["Red Hat", "8417", "38.0%"], ["Collabora", "6531", "29.5%"],
             ["Canonical", "422", "1.9%"], ["Igalia", "80", "0.4%"],
             ["Ericsson", "21", "0.1%"], ["Yandex", "18", "0.1%"]]


@pytest.mark.parametrize(("header", "rows"), [*TABLES, (["Company", "Changesets", "Share"],
                                                        COMPANIES)])
@pytest.mark.parametrize("times", [1, 2])
def test_rows_of_a_table_at_the_end_are_neither_titles_nor_teasers_nor_captions(
        header, rows, times):
    """Short rows one under another read like titles over one-line summaries, and a row
    shown twice like a caption shown twice."""
    extracted = extract_html(_page(_paragraphs(STORY) + _table(header, rows * times)))
    structure = analyze_structure(extracted.text, page=extracted)
    assert all(s.title is None for s in structure.sections)
    assert [p.text for _, p in structure.paragraphs()][len(STORY):] == [
        " | ".join(row) for row in [header, *rows * times]]


@pytest.mark.parametrize(("header", "rows"), TABLES)
def test_a_table_whose_column_heads_are_links_keeps_its_head_row(header, rows):
    head = "<tr>" + "".join(f'<th><a href="/sort/{i}">{h}</a></th>'
                            for i, h in enumerate(header + ["Notes"])) + "</tr>"
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in [*row, "none"]) + "</tr>"
                   for row in rows)
    extracted = extract_html(_page(_paragraphs(STORY) + f"<table>{head}{body}</table>"
                                   + _paragraphs(MORE)))
    assert " | ".join([*header, "Notes"]) in extracted.blocks
