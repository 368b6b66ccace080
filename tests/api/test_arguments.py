"""Query arguments: an empty query string loads each schema's defaults once, and they are
what a query naming the defaults gives; anything else is parsed every time."""

from __future__ import annotations

import itertools

import marshmallow as ma
from flask import Flask

from service.web.blueprint import ArgumentsParser
from tests.conftest import assert_problem


class _Args(ma.Schema):
    offsets = ma.fields.String(load_default="codepoints")
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1))


def test_an_empty_query_gives_each_request_its_own_copy_of_the_defaults():
    parser, schema = ArgumentsParser(unknown=None), _Args()
    with Flask(__name__).test_request_context("/x"):
        first = parser.parse(schema, location="query")
        first["page"] = 99  # a view changing its arguments changes nobody else's
        second = parser.parse(schema, location="query")
    assert first is not second
    assert second == {"offsets": "codepoints", "page": 1}
    with Flask(__name__).test_request_context("/x?page=3&offsets=utf16"):
        assert parser.parse(schema, location="query") == {"offsets": "utf16", "page": 3}


def test_a_default_made_per_request_is_loaded_per_request():
    counter = itertools.count(1)

    class Made(ma.Schema):
        n = ma.fields.Integer(load_default=lambda: next(counter))

    parser, schema = ArgumentsParser(unknown=None), Made()
    with Flask(__name__).test_request_context("/x"):
        assert [parser.parse(schema, location="query")["n"] for _ in range(3)] == [1, 2, 3]


def test_an_empty_query_answers_as_one_naming_the_defaults(client, seed):
    path = f"/v1/articles/{seed['id']}/entities"
    plain = [client.get(path) for _ in range(2)]
    named = client.get(f"{path}?page=1&per_page=20&offsets=codepoints")
    assert plain[0].data == plain[1].data == named.data
    assert plain[0].get_json()["per_page"] == 20
    assert_problem(client.get(f"{path}?per_page=0"), 422)
    assert_problem(client.get(f"{path}?colour=red"), 422)
    assert client.get(path).data == plain[0].data
