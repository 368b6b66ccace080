"""Many articles at once (bulk ingest, jobs), each held to the time limit and failing
alone: structured, then analyzed in one ``nlp.pipe``, in the runner's processes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from service.analysis.runner import Runner
from service.nlp.pipeline import Analyzer, InvalidText, Request
from service.nlp.types import Structure


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """``items`` in lists of ``size`` (the last one shorter), read as they are needed."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def structures(runner: Runner, requests: list[Request]) -> list[Structure | str]:
    """The structure of each request, or why it cannot be analyzed."""
    return runner.each(_structure_each, requests)


def analyses(runner: Runner, structured: list[Structure]) -> list[dict | str]:
    """The analysis of each structure, or why it failed."""
    return runner.each(_analyze_each, structured)


def _structure_each(pipeline: Analyzer, requests: list[Request]) -> list[Structure | str]:
    found = []
    for request in requests:
        try:
            found.append(pipeline.structure(request))
        except InvalidText as exc:
            found.append(str(exc))
    return found


def _analyze_each(pipeline: Analyzer, structured: list[Structure]) -> list[dict]:
    return list(pipeline.analyze_structures(structured))
