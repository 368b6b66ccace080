"""Choosing a representation: from ``?format=``, else from ``Accept`` as RFC 9110 (12.5.1)
reads it: an offer takes the weight of the most specific range matching it (0 refuses it),
the first offer wins a tie, and a range that cannot be read is ignored."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class Offer(Protocol):
    name: str
    media_type: str
    parameters: tuple[tuple[str, str], ...]


class NotAcceptable(Exception):

    def __init__(self, available: list[str]) -> None:
        super().__init__(f"none of {', '.join(available)} is acceptable")
        self.available = available


class UnknownFormat(ValueError):

    def __init__(self, name: str, available: list[str]) -> None:
        super().__init__(f"unknown format {name!r}: one of {', '.join(available)}")
        self.available = available


_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_RANGE = re.compile(rf"[ \t]*({_TOKEN})/({_TOKEN})[ \t]*")
_PARAMETER = re.compile(rf'[ \t]*;[ \t]*({_TOKEN})=({_TOKEN}|"(?:[^"\\]|\\.)*")[ \t]*')
_EXTENSION = re.compile(rf'[ \t]*;[ \t]*{_TOKEN}(?:=(?:{_TOKEN}|"(?:[^"\\]|\\.)*"))?[ \t]*')
_QVALUE = re.compile(r"0(\.\d{0,3})?|1(\.0{0,3})?")
_SKIP = re.compile(r'(?:[^,"]|"(?:[^"\\]|\\.)*"?)*')


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    parameters: tuple[tuple[str, str], ...]
    q: float

    def specificity(self, offer: Offer) -> int:
        """How closely this range matches ``offer`` (0: it does not)."""
        if self.type == "*":
            return 1 if self.subtype == "*" and not self.parameters else 0
        offered_type, offered_subtype = offer.media_type.split("/")
        if self.type != offered_type:
            return 0
        if self.subtype == "*":
            return 2 if not self.parameters else 0
        if self.subtype != offered_subtype:
            return 0
        if not self.parameters:
            return 3
        offered = {name: value.lower() for name, value in offer.parameters}
        return 4 if all(offered.get(name) == value.lower()
                        for name, value in self.parameters) else 0


def parse_accept(value: str) -> list[MediaRange]:
    ranges, at = [], 0
    while at < len(value):
        if value[at] in ", \t":
            at += 1
            continue
        parsed, at = _parse_range(value, at)
        if parsed is not None:
            ranges.append(parsed)
        at = _SKIP.match(value, at).end()  # past what is left of a range that was not read
    return ranges


def _parse_range(value: str, at: int) -> tuple[MediaRange | None, int]:
    match = _RANGE.match(value, at)
    if match is None:
        return None, at
    at = match.end()
    kind, subtype = match[1].lower(), match[2].lower()
    if kind == "*" and subtype != "*":
        return None, at
    parameters, q = [], 1.0
    while parameter := _PARAMETER.match(value, at):
        at = parameter.end()
        name, raw = parameter[1].lower(), parameter[2]
        if name == "q":
            if not _QVALUE.fullmatch(raw):
                return None, at
            q = float(raw)
            while extension := _EXTENSION.match(value, at):  # after the weight: ignored
                at = extension.end()
            break
        parameters.append((name, _unquote(raw)))
    if at < len(value) and value[at] != ",":
        return None, at
    return MediaRange(kind, subtype, tuple(parameters), q), at


def _unquote(raw: str) -> str:
    if raw.startswith('"'):
        return re.sub(r"\\(.)", r"\1", raw[1:-1])
    return raw


def weight(ranges: Sequence[MediaRange], offer: Offer) -> float:
    """The weight of the most specific range matching ``offer`` (the highest of those)."""
    matches = [(specificity, each.q) for each in ranges if (specificity := each.specificity(offer))]
    return max(matches, default=(0, 0.0))[1]


def choose(offers: Sequence[Offer], accept: str | None = None,
           format_name: str | None = None) -> Offer:
    """The offer ``format_name`` names, else the best for ``accept``."""
    if format_name is not None:
        for offer in offers:
            if offer.name == format_name:
                return offer
        raise UnknownFormat(format_name, [offer.name for offer in offers])
    ranges = parse_accept(accept) if accept else []
    if not ranges:
        return offers[0]
    weights = [weight(ranges, offer) for offer in offers]
    if max(weights) <= 0:
        raise NotAcceptable([offer.media_type for offer in offers])
    return offers[weights.index(max(weights))]
