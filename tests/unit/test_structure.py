"""Tests for splitting raw articles into headline, dateline, sections and paragraphs."""

import datetime
import hashlib
import json
import textwrap
from pathlib import Path

import pytest

from service.nlp.structure.structure import analyze_structure

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "fixtures" / "articles" / "tass-russia-belarus-diplomats.txt").read_text("utf-8")
GOLD_PATH = ROOT / "fixtures" / "expected" / "tass-russia-belarus-diplomats.json"
TODAY = datetime.date(2024, 6, 1)


def analyze(raw, **kwargs):
    kwargs.setdefault("today", TODAY)
    return analyze_structure(raw, **kwargs)


def article(*blocks, sep="\n\n"):
    return sep.join(blocks)


REUTERS = article(
    "Widget maker Acme posts record quarterly profit",
    "LONDON, April 21 (Reuters) - Acme Corp reported a record profit on Tuesday, helped by "
    "strong demand for its widgets in Europe and Asia.",
    "The company said sales rose in every region during the first quarter of 2024.",
    "(Reporting by Jane Doe; Editing by John Roe)",
)
AP = article(
    "Senate passes stopgap spending bill",
    "Vote keeps the government open for six more weeks",
    "WASHINGTON (AP) — The Senate passed a short-term spending bill late Thursday, sending it "
    "to the president hours before a shutdown deadline.",
    "The measure passed 77-19.",
)
AFP = article(
    "Museum strike closes the Louvre for a day",
    "PARIS, May 3 (AFP) - The Louvre stayed shut as staff walked out over crowding, the "
    "museum said.",
    "Visitors queued outside for hours before being turned away.",
    sep="\r\n\r\n",
)
ITAR_TASS = article(
    "Grain harvest expected to top last year",
    "MOSCOW, August 14 (Itar-Tass) — Farmers have harvested 60 million tonnes of grain so far "
    "this season, the agriculture ministry said.",
    "Officials expect the total to exceed the previous record set in 2008.",
)
DATED = article(
    "Bank of England holds rates",
    "LONDON, Jan. 5, 2024 (Reuters) - The Bank of England kept interest rates unchanged on "
    "Friday, as widely expected by economists.",
)
NEW_YORK = article(
    "Subway fares to rise next year",
    "NEW YORK — Subway and bus fares in the city will rise by 15 cents next year, the transit "
    "authority said on Monday after a board vote.",
)
CHROME = article(
    "Home | World",
    "Menu",
    "{{dayPoint.date | date : 'd MMMM yyyy'}}",
    "Share",
    "Ministers agree to extend grain deal",
    "By Jane Doe, Reuters Staff",
    "3 Min Read",
    "ISTANBUL, July 17 (Reuters) - Ministers agreed {{ad.slot}} on Monday to extend a deal "
    "that lets grain ships leave Black Sea ports, officials said.",
    "Advertisement",
    "The deal was first signed in July 2022.",
)
TEASERS = article(
    "Copper miners brace for strike",
    "SANTIAGO, March 4 (Reuters) - Workers at two large copper mines voted on Saturday to "
    "strike from next week, their union said, in a dispute over bonuses.",
    "The mines produced about a tenth of national output in 2022. Talks with the owners "
    "broke down on Friday after three weeks.",
    "(Reporting by Ana Ruiz; Editing by Tom Hale)",
    "Zinc prices hit a two-year high",
    "Traders bet on tighter supply as smelters cut output.",
    "Port strike enters third day",
    "Dock workers want higher pay and shorter shifts.",
)
UNICODE = article(
    "Zoe\u0308 Łukasz wins the “Golden 𝔘” prize 🎉",
    "WARSAW, June 2 (Reuters) - Painter Zoë Łukasz won the “Golden 𝔘” award 🎉 on Friday, "
    "the jury said, praising her “fearless” use of colour.",
    "“I did not expect this,” Łukasz told reporters in 2023.",
)
WRAPPED_PARAGRAPHS = [
    "BERLIN, May 8 (Reuters) - Train drivers returned to work on Monday after a week-long "
    "strike that halted most long-distance services, the rail operator said.",
    "The union said talks with the operator would resume in June, a month earlier than planned.",
]
HARD_WRAPPED = article(
    "Rail workers end week-long walkout", *(textwrap.fill(p, 60) for p in WRAPPED_PARAGRAPHS)
)
SECTIONED = article(
    "Talks on river treaty resume",
    "GENEVA, May 17. /TASS/. On Wednesday, delegations from both countries resumed talks on a "
    "river treaty.",
    "Water levels",
    "The river fell to a record low in 2022, officials said.",
    "Farmers have asked for a quicker deal.",
    "“We cannot wait another season”",
    "A farmers' group made the plea in a letter.",
)

ALL_TEXTS = [
    SEED,
    REUTERS,
    AP,
    AFP,
    ITAR_TASS,
    DATED,
    NEW_YORK,
    CHROME,
    TEASERS,
    UNICODE,
    HARD_WRAPPED,
    SECTIONED,
]


def test_seed_matches_every_structure_fact_of_the_gold():
    gold = json.loads(GOLD_PATH.read_text("utf-8"))["structure"]
    s = analyze(SEED)
    assert s.headline.text == gold["headline"]
    assert s.subheadline.text == gold["subheadline"]
    assert s.dateline.raw == gold["dateline"]["raw"]
    assert s.dateline.place == gold["dateline"]["place"]
    assert s.dateline.agency == gold["dateline"]["agency"]
    assert (s.published.date, s.published.inferred) == ("2023-05-17", True)
    assert [(sec.title, len(sec.paragraphs)) for sec in s.sections] == [
        (g["title"], g["paragraphs"]) for g in gold["sections"]
    ]
    for sec, g in zip(s.sections, gold["sections"], strict=True):
        first = sec.paragraphs[0].text.removeprefix(s.dateline.raw + " ")
        assert first.startswith(g["first_words"])
    for chrome in gold["page_chrome_not_content"]:
        assert chrome not in s.text
        assert chrome in s.removed


def test_seed_gets_its_id_language_and_inferred_date_basis():
    s = analyze(SEED)
    assert s.id == "2023-05-17-top-russian-belarusian-diplomats-to-discuss-union-state"
    assert s.language == "en"
    assert s.published.basis == (
        "The dateline gives May 17 without a year; 2023 is the latest year named in the text, "
        "and 17 May 2023 is a Wednesday, the weekday the lead names."
    )
    assert s.text.startswith(
        "Top Russian, Belarusian diplomats to discuss Union State integration, security\n\n"
        "Diplomats will also touch upon"
    )
    assert s.sections[0].paragraphs[0].text.startswith("MOSCOW, May 17. /TASS/. On Wednesday")
    assert s.content_hash == "sha256:" + hashlib.sha256(s.text.encode()).hexdigest()


def test_section_title_is_its_own_block_and_opens_the_section():
    s = analyze(SEED)
    section = s.sections[1]
    assert s.text[section.start : section.end].startswith("Boosting integration\n\nAs closest")
    assert section.end == section.paragraphs[-1].end
    assert [p.index for p in section.paragraphs] == [0, 1, 2, 3, 4]
    assert s.locate(section.start) == (None, None)
    assert s.locate(section.paragraphs[1].start + 3) == (1, 1)


def test_dateline_in_reuters_style_gives_place_and_agency():
    s = analyze(REUTERS)
    d = s.dateline
    assert (d.raw, d.place, d.agency, d.month, d.day, d.date) == (
        "LONDON, April 21 (Reuters) -",
        "London",
        "Reuters",
        4,
        21,
        None,
    )
    assert s.text[d.start : d.end] == d.raw


def test_article_without_subheadline_starts_body_after_headline():
    s = analyze(REUTERS)
    assert s.subheadline is None
    assert s.text.startswith("Widget maker Acme posts record quarterly profit\n\nLONDON, April 21")
    assert len(s.sections) == 1
    assert len(s.sections[0].paragraphs) == 2


def test_trailing_credits_are_kept_out_of_paragraphs_and_text():
    s = analyze(REUTERS)
    assert s.credits == ["(Reporting by Jane Doe; Editing by John Roe)"]
    assert "Reporting by" not in s.text
    assert s.sections[0].paragraphs[-1].text.endswith("first quarter of 2024.")


def test_credit_line_without_parentheses_is_a_credit_but_prose_is_not():
    s = analyze(article(REUTERS, "Writing by Ann Lee; Editing by Bo Chan"))
    assert s.credits[-1] == "Writing by Ann Lee; Editing by Bo Chan"
    prose = "Reporting by local media suggested the deal was close."
    s = analyze(article(REUTERS.rsplit("\n\n", 1)[0], prose))
    assert s.sections[0].paragraphs[-1].text == prose


def test_credit_at_the_end_of_the_last_paragraph_is_split_off():
    s = analyze(article(REUTERS.rsplit("\n\n", 1)[0] + " (Compiled by Ann Lee)"))
    assert s.credits == ["(Compiled by Ann Lee)"]
    assert s.text.endswith("first quarter of 2024.")


def test_site_section_kicker_timestamp_and_photo_credit_before_the_story_are_dropped():
    raw = article(
        "All news",
        "Regional Affairs & Diplomacy",
        "3 JUN, 14:05",
        "Border crossing to reopen after repairs",
        "Freight traffic is expected to resume first",
        "© Ivan Petrov/TASS",
        "MINSK, June 3. /TASS/. The crossing will reopen on Monday, the customs service said.",
    )
    s = analyze(raw)
    assert (s.headline.text, s.subheadline.text) == (
        "Border crossing to reopen after repairs",
        "Freight traffic is expected to resume first",
    )
    assert sorted(s.removed) == sorted(
        ["All news", "Regional Affairs & Diplomacy", "3 JUN, 14:05", "© Ivan Petrov/TASS"]
    )
    assert s.dateline.raw == "MINSK, June 3. /TASS/."


def test_dateline_in_ap_style_has_no_date():
    s = analyze(AP)
    d = s.dateline
    assert (d.raw, d.place, d.agency, d.month, d.day) == (
        "WASHINGTON (AP) —",
        "Washington",
        "AP",
        None,
        None,
    )
    assert s.subheadline.text == "Vote keeps the government open for six more weeks"
    assert s.published.date is None
    assert s.published.basis == "no date in the text or request"
    assert s.id.startswith("undated-senate-passes-stopgap-spending-bill")


def test_crlf_article_in_afp_style_is_normalized():
    s = analyze(AFP)
    assert "\r" not in s.text
    assert s.dateline.raw == "PARIS, May 3 (AFP) -"
    assert (s.dateline.place, s.dateline.agency) == ("Paris", "AFP")
    assert s.sections[0].paragraphs[1].text == (
        "Visitors queued outside for hours before being turned away."
    )


def test_dateline_with_itar_tass_agency_and_em_dash():
    d = analyze(ITAR_TASS).dateline
    assert (d.raw, d.place, d.agency) == ("MOSCOW, August 14 (Itar-Tass) —", "Moscow", "Itar-Tass")


def test_dateline_with_year_gives_the_date_without_inference():
    s = analyze(DATED)
    assert s.dateline.raw == "LONDON, Jan. 5, 2024 (Reuters) -"
    assert s.dateline.date == "2024-01-05"
    assert (s.published.date, s.published.inferred) == ("2024-01-05", False)
    assert "dateline" in s.published.basis


def test_dateline_with_place_and_dash_only():
    d = analyze(NEW_YORK).dateline
    assert (d.raw, d.place, d.agency) == ("NEW YORK —", "New York", None)


def test_mixed_case_opening_with_dash_is_not_a_dateline():
    s = analyze(article("Markets steady", "On Monday — a holiday — markets were quiet."))
    assert s.dateline is None


def test_navigation_placeholders_and_byline_noise_are_removed():
    s = analyze(CHROME)
    assert s.headline.text == "Ministers agree to extend grain deal"
    assert s.subheadline is None
    assert s.removed == [
        "{{dayPoint.date | date : 'd MMMM yyyy'}}",
        "{{ad.slot}}",
        "Home | World",
        "Menu",
        "Share",
        "By Jane Doe, Reuters Staff",
        "3 Min Read",
        "Advertisement",
    ]
    lead = s.sections[0].paragraphs[0].text
    assert lead.startswith("ISTANBUL, July 17 (Reuters) - Ministers agreed on Monday to extend")
    assert [p.text for p in s.sections[0].paragraphs][
        1
    ] == "The deal was first signed in July 2022."
    for noise in ("{{", "Menu", "Reuters Staff", "Min Read", "Advertisement"):
        assert noise not in s.text


def test_timestamp_line_with_year_dates_the_article():
    raw = article(
        "Oil rises on supply worries",
        "Reuters Staff",
        "May 17, 2023 10:15 AM GMT+3Updated 2 hours ago",
        "NEW YORK, May 17 (Reuters) - Oil prices rose on Wednesday on fears of tighter supply.",
    )
    s = analyze(raw)
    assert s.removed == ["Reuters Staff", "May 17, 2023 10:15 AM GMT+3Updated 2 hours ago"]
    assert (s.published.date, s.published.inferred) == ("2023-05-17", False)


def test_trailing_related_story_teasers_are_dropped():
    s = analyze(TEASERS)
    assert s.removed == [
        "Zinc prices hit a two-year high",
        "Traders bet on tighter supply as smelters cut output.",
        "Port strike enters third day",
        "Dock workers want higher pay and shorter shifts.",
    ]
    assert s.credits == ["(Reporting by Ana Ruiz; Editing by Tom Hale)"]
    assert [(sec.title, len(sec.paragraphs)) for sec in s.sections] == [(None, 2)]
    assert s.text.endswith("after three weeks.")


def test_a_single_trailing_section_is_not_mistaken_for_teasers():
    s = analyze(article(TEASERS.split("\n\n(Reporting")[0], "What next", "Talks resume soon."))
    assert s.removed == []
    assert [(sec.title, len(sec.paragraphs)) for sec in s.sections] == [(None, 2), ("What next", 1)]


def test_curly_quotes_and_non_ascii_names_keep_offsets_right():
    s = analyze(UNICODE)
    assert s.headline.text == "Zoë Łukasz wins the “Golden 𝔘” prize 🎉"
    assert len(s.headline.text) == 38
    lead = s.sections[0].paragraphs[0]
    start = s.text.index("“fearless”")
    assert lead.start < start < lead.end
    assert s.text[start : start + 10] == "“fearless”"
    assert s.dateline.place == "Warsaw"
    second = s.sections[0].paragraphs[1]
    assert (
        s.text[second.start : second.end]
        == "“I did not expect this,” Łukasz told reporters in 2023."
    )
    assert s.id == "2023-06-02-zoe-lukasz-wins-the-golden-u-prize"


def test_hard_wrapped_paragraphs_are_joined_with_spaces():
    assert "\n" in HARD_WRAPPED.split("\n\n")[1]
    s = analyze(HARD_WRAPPED)
    assert [p.text for p in s.sections[0].paragraphs] == WRAPPED_PARAGRAPHS


def test_text_without_blank_lines_gives_one_block_per_line():
    s = analyze(
        article(
            "Ferry service restored",
            "ATHENS (Reuters) - Ferries sailed again.",
            "Ports reopened after the storm.",
            sep="\n",
        )
    )
    assert s.headline.text == "Ferry service restored"
    assert [p.text for p in s.sections[0].paragraphs] == [
        "ATHENS (Reuters) - Ferries sailed again.",
        "Ports reopened after the storm.",
    ]


def test_short_titled_blocks_open_sections_but_quotes_do_not():
    s = analyze(SECTIONED)
    assert [(sec.title, [p.text[:12] for p in sec.paragraphs]) for sec in s.sections] == [
        (None, ["GENEVA, May "]),
        ("Water levels", ["The river fe", "Farmers have", "“We cannot w", "A farmers' g"]),
    ]


def test_article_without_titles_has_a_single_lead_section():
    s = analyze(ITAR_TASS)
    assert len(s.sections) == 1
    assert s.sections[0].title is None
    assert s.sections[0].start == s.sections[0].paragraphs[0].start


def test_year_is_inferred_from_the_weekday_when_the_latest_year_does_not_fit():
    s = analyze(SECTIONED)
    assert (s.published.date, s.published.inferred) == ("2023-05-17", True)
    assert s.published.basis == (
        "The dateline gives May 17 without a year; 2022 is the latest year named in the text, "
        "but 17 May 2023 is the Wednesday the lead names."
    )


def test_year_without_weekday_is_the_latest_year_named():
    s = analyze(ITAR_TASS)
    assert s.published.date == "2008-08-14"
    assert s.published.basis == (
        "The dateline gives August 14 without a year; 2008 is the latest year named in the text."
    )


@pytest.mark.parametrize("today", [datetime.date(2024, 4, 20), datetime.date(2024, 5, 20),
                                   datetime.date(2031, 1, 1)])
def test_a_dateline_without_a_year_in_a_text_naming_none_gives_no_date(today):
    s = analyze(AFP, today=today)
    assert s.published.date is None
    assert s.published.inferred is False
    assert s.published.basis == "The dateline gives May 3 without a year and the text names no year"
    assert s.dateline.place == "Paris"


def test_caller_published_date_wins_over_the_dateline():
    s = analyze(SEED, published=datetime.date(2020, 1, 2))
    assert s.published.date == "2020-01-02"
    assert s.published.inferred is False
    assert s.published.basis == "given by the caller"
    assert s.id.startswith("2020-01-02-top-russian")


def test_plain_format_keeps_the_text_verbatim():
    raw = "\ufeffAll news\r\n\r\nMOSCOW, May 17. /TASS/. Zoe\u0308 met 𝔘.\r\n"
    s = analyze(raw, fmt="plain")
    assert s.text == raw
    assert (s.headline, s.subheadline, s.dateline) == (None, None, None)
    [section] = s.sections
    assert (section.index, section.title, section.start, section.end) == (0, None, 0, len(raw))
    assert [(p.start, p.end, p.text) for p in section.paragraphs] == [(0, len(raw), raw)]
    assert s.published.date is None
    assert s.id == "undated-" + hashlib.sha256(raw.encode()).hexdigest()[:12]


def test_plain_format_of_empty_text_has_one_empty_paragraph():
    s = analyze("", fmt="plain", published=datetime.date(2024, 2, 29))
    assert s.text == ""
    assert [(p.start, p.end, p.text) for p in s.sections[0].paragraphs] == [(0, 0, "")]
    assert s.published.date == "2024-02-29"
    assert s.word_count == 0


def test_unknown_format_is_rejected():
    with pytest.raises(ValueError):
        analyze(SEED, fmt="html")


def test_word_count_treats_apostrophes_and_hyphens_as_one_word():
    s = analyze("Zoë's well-known 3 dogs", fmt="plain")
    assert s.word_count == 4


@pytest.mark.parametrize(("text", "language"), [
    ("Der Hund läuft schnell über die Straße, weil es regnet und er nach Hause will.", "de"),
    ("O presidente disse que a reforma será votada na próxima semana pelo congresso.", "pt"),
    ("Il sindaco ha detto che il ponte sarà chiuso per lavori fino alla fine di maggio.", "it"),
    ("El alcalde dijo que el puente estará cerrado por obras hasta finales de mayo.", "es"),
])
def test_language_is_detected_for_non_english_text(text, language):
    assert analyze(text, fmt="plain").language == language


def test_language_is_english_for_english_and_undetermined_for_too_little_text():
    assert analyze(REUTERS).language == "en"
    assert analyze("12 34 56", fmt="plain").language == "und"


def test_long_headline_slug_is_cut_at_a_word_boundary():
    s = analyze(article("Word " * 30, "LONDON (Reuters) - Body text here."))
    slug = s.id.removeprefix("undated-")
    assert slug == "-".join(["word"] * 12)


@pytest.mark.parametrize("raw", ALL_TEXTS)
def test_every_span_indexes_the_text(raw):
    s = analyze(raw)
    text = s.text
    for span in (s.headline, s.subheadline):
        if span is not None:
            assert text[span.start : span.end] == span.text
    if s.dateline is not None:
        assert text[s.dateline.start : s.dateline.end] == s.dateline.raw
    for section in s.sections:
        if section.title is not None:
            assert text[section.start : section.start + len(section.title)] == section.title
        assert section.end == section.paragraphs[-1].end
        for paragraph in section.paragraphs:
            assert text[paragraph.start : paragraph.end] == paragraph.text
            assert paragraph.text == paragraph.text.strip()
    assert text == "\n\n".join(_text_order(s))


def _text_order(s):
    parts = [p.text for p in (s.headline, s.subheadline) if p]
    for section in s.sections:
        parts += [section.title] if section.title else []
        parts += [p.text for p in section.paragraphs]
    return parts


def test_entity_and_figure_extraction_is_skipped_only_where_the_model_does_not_fit():
    from service.nlp.structure.language import skipped_extractors

    portuguese = analyze("O presidente disse que a reforma será votada na próxima semana pelo "
                         "congresso nacional.", fmt="plain")
    assert skipped_extractors(portuguese.language) == ["entities", "figures"]
    assert skipped_extractors(analyze(REUTERS).language) == []
    assert skipped_extractors("und") == []


def test_slideshow_captions_numbered_k_of_n_are_removed():
    slides = [f"• {k}/12 Harbour view{k}A crane unloads a ship at dawn." for k in range(1, 6)]
    raw = article("Port reopens", "ROTTERDAM, March 4 (Reuters) - The port reopened on Tuesday.",
                  "Ships queued overnight.", *slides)
    s = analyze(raw)
    assert [p.text for p in s.sections[0].paragraphs] == [
        "ROTTERDAM, March 4 (Reuters) - The port reopened on Tuesday.", "Ships queued overnight."]
    assert slides[0] in s.removed


def test_two_numbered_lines_are_not_a_slideshow():
    raw = article("Vote count", "OSLO, May 2 (Reuters) - The count went on.",
                  "1/2 of the ballots were counted by noon.", "2/2 were counted by night.")
    assert len(analyze(raw).sections[0].paragraphs) == 3


def test_a_long_paragraph_in_a_script_without_spaces_is_not_a_dek():
    story = "港の作業員は火曜日にストライキを終えた。" * 20
    s = analyze(article("港のストライキが終わる", story, "船は夜通し並んだ。"))
    assert s.subheadline is None
    assert s.sections[0].paragraphs[0].text == story


WRAPPED = """Harbour cranes idle as dock strike enters third day
ROTTERDAM, March 4 (Reuters) - Dock workers at the port
extended their strike into a third day on Thursday,
leaving dozens of container ships waiting at anchor as
talks with employers stalled, the union said.
"We are not going back until the offer improves," union
leader Pieter Smit told reporters.
Terminal operators said the backlog would take at least
a week to clear once work resumed, and some shipping
lines had already diverted vessels to Antwerp and
Hamburg.
Talks resume
Employers and the union are due to meet again on Monday
with a mediator appointed by the government, a labour
ministry spokeswoman said."""


def test_wrapped_wire_text_is_rejoined_into_paragraphs():
    s = analyze(WRAPPED)
    assert s.headline.text == "Harbour cranes idle as dock strike enters third day"
    assert s.dateline.raw == "ROTTERDAM, March 4 (Reuters) -"
    lead = [p.text for p in s.sections[0].paragraphs]
    assert lead[0].endswith("talks with employers stalled, the union said.")
    assert lead[1] == ("\"We are not going back until the offer improves,\" union leader Pieter "
                       "Smit told reporters.")
    assert lead[2].endswith("diverted vessels to Antwerp and Hamburg.")
    assert [sec.title for sec in s.sections] == [None, "Talks resume"]
    assert s.sections[1].paragraphs[0].text.endswith("a labour ministry spokeswoman said.")


def test_wrapped_line_is_never_a_section_title_or_headline():
    s = analyze(WRAPPED)
    titles = [sec.title for sec in s.sections if sec.title]
    assert "Hamburg." not in titles
    assert "leaving dozens of container ships waiting at anchor as" not in titles
    assert all(len(p.text) > 60 for p in s.sections[0].paragraphs)


def test_one_paragraph_per_line_text_is_not_rejoined():
    raw = "\n".join([
        "Port reopens after strike",
        "ROTTERDAM, March 4 (Reuters) - The port reopened on Tuesday after a two-day strike "
        "by dock workers over pay, the port authority said in a statement.",
        "About 40 container ships were waiting to enter the port on Tuesday morning.",
        "Terminal operators said it would take several days to clear the backlog of ships.",
        "Shipping lines had diverted some vessels to Antwerp during the strike.",
        "The union said its members would vote on the new offer next week.",
    ])
    assert len(analyze(raw).sections[0].paragraphs) == 5


STORY = ("OSLO, May 2 (Reuters) - The city council approved a new tram line on Tuesday after "
         "two years of debate over its route and cost, officials said.")


@pytest.mark.parametrize("furniture", [
    "News in Brief at 11:04 p.m. EDT",
    "Morning Digest 07:30",
    "Views: 1,204",
    "Error",
])
def test_head_furniture_is_never_the_headline(furniture):
    s = analyze(article(furniture, "Council approves new tram line", STORY, "Work starts in May."))
    assert s.headline.text == "Council approves new tram line"
    assert furniture in s.removed


@pytest.mark.parametrize("line", ["___", "* * *", "-----", "« Previous | Next »", "‹ Prev Next ›"])
def test_rules_and_pagers_are_not_paragraphs(line):
    s = analyze(article("Council approves new tram line", STORY, line, "Work starts in May."))
    assert [p.text for p in s.sections[0].paragraphs] == [STORY, "Work starts in May."]


@pytest.mark.parametrize("credit", [
    "Photo: Ida Berg/Reuters",
    "Credit Kevin Hale/Example Images",
    "Associated Press writer Jane Roe in Paris contributed to this report.",
    "Ola Nordmann contributed reporting.",
])
def test_photo_credits_and_contributor_lines_go_to_credits(credit):
    s = analyze(article("Council approves new tram line", STORY, credit, "Work starts in May."))
    assert credit in s.credits
    assert credit not in s.text


@pytest.mark.parametrize("caption", [
    "A tram crosses the river at dusk",
    "Council members vote on the route in the city hall on Tuesday (Photo: Ida Berg)",
    "Workers lay the first rails near the central station",
])
def test_a_caption_shown_twice_is_furniture_both_times(caption):
    s = analyze(article("Council approves new tram line", STORY, caption, "Work starts in May.",
                        caption))
    assert caption not in s.text
    assert s.removed.count(caption) == 2
    assert s.removal_reasons[s.removed.index(caption)] == "caption shown twice"


def test_a_sentence_about_photos_is_prose():
    prose = "Photographs of the route were shown at the meeting, and residents asked questions."
    s = analyze(article("Council approves new tram line", STORY, prose))
    assert s.sections[0].paragraphs[-1].text == prose


NARROW_LEAD = ("HARBURG (Reuters) - The council approved the ferry plan on Tuesday after a long "
               "debate that ran past midnight, officials said, and the mayor welcomed the vote.")


@pytest.mark.parametrize(("lines", "joined"), [
    (["The plan covers the new pier", "and the ferry route to the", "islands, which opens in May."],
     "The plan covers the new pier and the ferry route to the islands, which opens in May."),
    (["Mayor Ilse Varga said the", "town had waited nine years", "for a daily ferry."],
     "Mayor Ilse Varga said the town had waited nine years for a daily ferry."),
    (["Tickets will cost the same as", "the bus into town, the port", "authority said on Monday."],
     "Tickets will cost the same as the bus into town, the port authority said on Monday."),
])
def test_a_block_wrapped_narrower_than_the_page_is_rejoined(lines, joined):
    raw = "\n\n".join(["Harburg approves its ferry plan", NARROW_LEAD, "\n".join(lines),
                       "The first boat is due in the spring, the council said."])
    s = analyze(raw)
    texts = [p.text for p in s.sections[0].paragraphs]
    assert joined in texts
    assert [sec.title for sec in s.sections] == [None]


@pytest.mark.parametrize("lines", [
    ["Media contact:", "Jane Roe", "jane.roe@example.com"],
    ["Ingredients", "Two eggs", "One cup of flour"],
    ["12 Harbour Street", "Harburg HB1 2CD"],
])
def test_a_block_of_short_lines_is_not_rejoined(lines):
    raw = "\n\n".join(["Harburg approves its ferry plan", NARROW_LEAD, "\n".join(lines),
                       "The first boat is due in the spring, the council said."])
    s = analyze(raw)
    joined = " ".join(lines)
    assert all(joined not in p.text for _, p in s.paragraphs())


@pytest.mark.parametrize("title", ["The new pier", "What the ferry means", "Islanders wait"])
def test_a_line_running_on_in_lower_case_is_no_section_title(title):
    raw = "\n\n".join(["Harburg approves its ferry plan", NARROW_LEAD,
                       "The vote was close, officials said.", title,
                       "and the ferry route to the islands opens in May, the council said."])
    s = analyze(raw)
    assert title not in [sec.title for sec in s.sections]
