"""Query arguments: an empty query string loads each schema's defaults once, and they are
what a query naming the defaults gives; anything else is parsed every time."""

from __future__ import annotations

import itertools

import marshmallow as ma
import pytest
from flask import Flask
from werkzeug.exceptions import UnprocessableEntity

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


def _view(parser, schema, **options):
    seen = []

    @parser.use_args(schema, location="query", **options)
    def view(*args, **kwargs):
        seen.append((args, kwargs))
        return "ok"

    return view, seen


def test_a_view_called_without_a_query_is_given_the_defaults_without_webargs():
    parser, schema = ArgumentsParser(unknown=None), _Args()
    view, seen = _view(parser, schema)
    calls = []
    parse = parser.parse

    def counted(*args, **kwargs):
        calls.append(1)
        return parse(*args, **kwargs)

    parser.parse = counted
    with Flask(__name__).test_request_context("/x"):
        view("resource", article_id="a1")
        seen[0][0][1]["page"] = 99  # the view's own copy
        view("resource", article_id="a1")
    assert len(calls) == 1  # parsed once; after that the defaults are given directly
    assert seen[1] == (("resource", {"offsets": "codepoints", "page": 1}), {"article_id": "a1"})
    with Flask(__name__).test_request_context("/x?page=4"):
        view("resource", article_id="a1")
    assert seen[2][0][1] == {"offsets": "codepoints", "page": 4} and len(calls) == 2


def test_defaults_given_directly_as_keyword_arguments_and_bad_queries_still_refused():
    parser, schema = ArgumentsParser(unknown=None), _Args()
    view, seen = _view(parser, schema, as_kwargs=True)
    for _ in range(2):
        with Flask(__name__).test_request_context("/x"):
            view("resource", key="k")
    assert seen[0] == seen[1] == (("resource",), {"key": "k", "offsets": "codepoints",
                                                  "page": 1})
    with Flask(__name__).test_request_context("/x?page=0"), \
            pytest.raises(UnprocessableEntity):
        view("resource", key="k")
