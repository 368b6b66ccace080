"""A job's upload: spooled to a file under a size bound, then read record by record (a
JSON array one element at a time; JSONL lines as they came, parsed by the worker)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from service.articles.inputs import MAX_DEPTH, jsonl_lines

CHUNK = 64 * 1024
_decoder = json.JSONDecoder()
_SPACE = " \t\r\n"


class TooLarge(Exception):
    pass


class NotAnArray(ValueError):
    pass


def spool(stream: BinaryIO, path: Path, max_bytes: int) -> int:
    """Copy ``stream`` to ``path``; its size. Past ``max_bytes``: removed, ``TooLarge``."""
    size = 0
    try:
        with path.open("wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return size


def jsonl_records(path: Path) -> Iterator[list]:
    """``[line number, text]``, or ``[line number, None, reason]`` for a line not text."""
    with path.open("rb") as handle:
        for number, text, error in jsonl_lines(handle):
            yield [number, text] if text is not None else [number, None, error]


def array_records(path: Path) -> Iterator[list]:
    with path.open(encoding="utf-8-sig") as handle:
        try:
            yield from _array_elements(handle)
        except UnicodeDecodeError as exc:
            raise NotAnArray(f"the body is not valid UTF-8 text (byte {exc.start + 1} of a "
                             f"chunk)") from None


def _array_elements(handle) -> Iterator[list]:
    buffer, at = _read_until(handle, "", 0)
    if at >= len(buffer) or buffer[at] != "[":
        raise NotAnArray("the body is not a JSON array")
    at += 1
    index = 0
    expect_value = True
    while True:
        buffer, at = _read_until(handle, buffer, at)
        if at >= len(buffer):
            raise NotAnArray("the JSON array is not closed")
        if buffer[at] == "]" and (index == 0 or not expect_value):
            buffer, at = _read_until(handle, buffer, at + 1)
            if at < len(buffer):
                raise NotAnArray("there is more after the JSON array")
            return
        if not expect_value:
            if buffer[at] != ",":
                raise NotAnArray(f"expected ',' or ']' after element {index}")
            at += 1
            expect_value = True
            continue
        value, buffer, at = _decode_value(handle, buffer, at, index + 1)
        index += 1
        expect_value = False
        yield [index, json.dumps(value, ensure_ascii=False)]


def _read_until(handle, buffer: str, at: int) -> tuple[str, int]:
    """Skip whitespace from ``at``, reading more as needed; drops what is behind ``at``."""
    while True:
        while at < len(buffer) and buffer[at] in _SPACE:
            at += 1
        if at < len(buffer):
            return buffer[at:], 0
        chunk = handle.read(CHUNK)
        if not chunk:
            return "", 0
        buffer, at = chunk, 0


def _decode_value(handle, buffer: str, at: int, index: int):
    while True:
        try:
            value, end = _decoder.raw_decode(buffer, at)
        except RecursionError:
            raise NotAnArray(f"element {index} nests arrays or objects deeper than "
                             f"{MAX_DEPTH} levels") from None
        except json.JSONDecodeError as exc:
            # Reading as much again as is held keeps re-decoding linear in the element.
            chunk = handle.read(max(CHUNK, len(buffer)))
            if not chunk:
                raise NotAnArray(f"element {index} is not valid JSON: {exc.msg}") from None
            buffer += chunk
            continue
        if end == len(buffer):
            # A number may go on in the next chunk; read on and decode again to be sure.
            chunk = handle.read(max(CHUNK, len(buffer)))
            if chunk:
                buffer += chunk
                continue
        return value, buffer[end:], 0
