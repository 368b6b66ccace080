"""A job's body read back record by record: JSONL lines by number, JSON arrays element by
element, never the whole body at once."""

from __future__ import annotations

import io
import json

import pytest

from service.jobs.upload import NotAnArray, TooLarge, array_records, jsonl_records, spool


def test_jsonl_lines_keep_their_numbers_and_blank_lines_count(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "a"}\n\n   \n{"text": "b\\u2028"}\r\nnot json')
    assert list(jsonl_records(path)) == [[1, '{"text": "a"}'], [4, '{"text": "b\\u2028"}'],
                                         [5, "not json"]]


def test_a_long_line_is_one_record(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("x" * 300_000 + "\nlast")
    assert [(n, len(text)) for n, text in jsonl_records(path)] == [(1, 300_000), (2, 4)]


def test_array_elements_come_one_by_one_across_chunks(tmp_path):
    items = [{"text": "y" * 100_000 + str(n)} for n in range(3)] + [7, "s", {"text": "é"}]
    path = tmp_path / "a.json"
    path.write_text(" [\n" + " ,\n".join(json.dumps(item) for item in items) + "]\n")
    records = list(array_records(path))
    assert [n for n, _ in records] == [1, 2, 3, 4, 5, 6]
    assert [json.loads(text) for _, text in records] == items


@pytest.mark.parametrize("body", ['{"text": "a"}', "[1,", "[1 2]", "[1] [2]", "[,]", "[1,]", ""])
def test_a_body_that_is_not_one_json_array_is_refused(tmp_path, body):
    path = tmp_path / "a.json"
    path.write_text(body)
    with pytest.raises(NotAnArray):
        list(array_records(path))


def test_spooling_stops_past_the_bound_and_leaves_no_file(tmp_path):
    path = tmp_path / "body"
    assert spool(io.BytesIO(b"x" * 100), path, 100) == 100
    with pytest.raises(TooLarge):
        spool(io.BytesIO(b"x" * 101), path, 100)
    assert not path.exists()
