"""What the store's lists are asked for and answer: pages, filters and listings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    number: int = 1
    size: int = 20

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


@dataclass(frozen=True)
class Listing:
    """A page of a list, with how many items the list has: exactly, or at least."""

    items: list[dict]
    total: int
    total_exact: bool = True


@dataclass(frozen=True)
class ArticleFilter:
    q: str | None = None
    entity: str | None = None
    type: str | None = None
    published_from: dt.date | None = None
    published_to: dt.date | None = None
    collapse: str | None = None  # "story": each story once, by its origin


@dataclass(frozen=True)
class FigureFilter:
    kind: str | None = None
    unit: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    entity: str | None = None
    collapse: str | None = None  # "story": each story once, by its origin
