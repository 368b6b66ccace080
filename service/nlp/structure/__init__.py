"""An article's layout: headline, dateline, byline, sections and paragraphs over one text."""
