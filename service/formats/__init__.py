"""Representations of an analysed article that other systems read: Markdown, clean HTML,
schema.org JSON-LD and IPTC ninjs. Pure functions of the analysis (no Flask, no SQL)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from service.formats import html, jsonld, markdown, ninjs
from service.formats.common import Links


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    extension: str
    render: Callable[..., str] | None  # None: the service's own JSON, made by the API layer
    parameters: tuple[tuple[str, str], ...] = ()

    @property
    def content_type(self) -> str:
        return "; ".join([self.media_type, *(f"{k}={v}" for k, v in self.parameters)])


JSON = Format("json", "application/json", "json", None)
FORMATS = (
    JSON,
    Format("markdown", "text/markdown", "md", markdown.render,
           (("charset", "utf-8"), ("variant", "CommonMark"))),
    Format("html", "text/html", "html", html.render, (("charset", "utf-8"),)),
    Format("jsonld", "application/ld+json", "jsonld", jsonld.render),
    Format("ninjs", "application/vnd.iptc.ninjs+json", "ninjs.json", ninjs.render),
)
BY_NAME = {each.name: each for each in FORMATS}
EXPORTABLE = tuple(each for each in FORMATS if each.render is not None)

__all__ = ["BY_NAME", "EXPORTABLE", "FORMATS", "JSON", "Format", "Links"]
