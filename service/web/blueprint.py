"""The blueprint class every resource uses, the decorators its read views share, and the
views that answer from one stored article: the article, a page of one of its lists, one
of its items."""

from __future__ import annotations

import copy
import datetime as dt
import functools

import flask_smorest
import marshmallow as ma
from flask import request
from flask.views import MethodView
from flask_smorest.utils import deepupdate
from webargs.flaskparser import FlaskParser

from schemas.common import OffsetsArgs, PagedOffsetsArgs
from service import articles
from service.app import store
from service.errors import ArticleNotFound
from service.store.documents import StoredDocument
from service.web import representation as wire
from service.web.docs import problems
from service.web.negotiation import offers_formats


def read_article(article_id: str, known: tuple | None = None) -> StoredDocument:
    """The stored article, else ``ArticleNotFound`` (a 404 problem); its document is not
    read when ``known`` is still its version."""
    stored = store.current.read(article_id, known)
    if stored is None:
        raise ArticleNotFound(article_id)
    return stored


class Resource(MethodView):
    """The views of one resource: they keep nothing between requests, so one instance
    serves them all (Flask would otherwise make one per request)."""

    init_every_request = False


# What an empty query string may load to, to be given again to later requests.
_CONSTANT = (str, int, float, bool, type(None), dt.date, dt.datetime)


class ArgumentsParser(FlaskParser):
    """webargs' parser for Flask, loading each schema's arguments of an empty query string
    once: most reads send none, and they then load to the same defaults every time."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._defaults: dict[ma.Schema, dict | None] = {}

    def parse(self, argmap, req=None, *, location=None, validate=None, **kwargs):
        if location != "query" or validate is not None or not isinstance(argmap, ma.Schema) \
                or (req or request).query_string:
            return super().parse(argmap, req, location=location, validate=validate, **kwargs)
        if argmap not in self._defaults:
            loaded = super().parse(argmap, req, location=location, **kwargs)
            constant = isinstance(loaded, dict) and not any(
                callable(field.load_default) for field in argmap.fields.values()) \
                and all(type(value) in _CONSTANT for value in loaded.values())
            self._defaults[argmap] = dict(loaded) if constant else None
            return loaded
        defaults = self._defaults[argmap]
        if defaults is None:
            return super().parse(argmap, req, location=location, **kwargs)
        return dict(defaults)  # the view's own copy

    def use_args(self, argmap, req=None, *, location=None, as_kwargs=False, **kwargs):
        """webargs' decorator; a view of query arguments called without a query string,
        once ``parse`` knows their defaults, is given a copy of them directly: neither
        webargs' wrapper nor ``parse`` runs again for them."""
        decorate = super().use_args(argmap, req, location=location, as_kwargs=as_kwargs,
                                    **kwargs)
        if location != "query" or req is not None or not isinstance(argmap, ma.Schema) \
                or kwargs.get("validate") is not None or kwargs.get("arg_name") is not None:
            return decorate

        def decorator(view):
            parsing = decorate(view)

            @functools.wraps(parsing)
            def wrapper(*args, **view_kwargs):
                defaults = None if request.query_string else self._defaults.get(argmap)
                if defaults is None:  # a query to read, or defaults not known (or kept)
                    return parsing(*args, **view_kwargs)
                if as_kwargs:  # as webargs adds them: after the view's own
                    return view(*args, **{**view_kwargs, **defaults})
                return view(*args, dict(defaults), **view_kwargs)

            return wrapper

        return decorator


def _document(view, **doc) -> None:
    """What ``Blueprint.doc`` adds to the OpenAPI document, added to ``view`` itself (a
    function made for one view only) instead of to a wrapper: one call fewer on every
    request."""
    view._apidoc = copy.deepcopy(getattr(view, "_apidoc", {}))
    view._apidoc["manual_doc"] = deepupdate(copy.deepcopy(view._apidoc.get("manual_doc", {})),
                                            doc)


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's blueprint, letting each schema decide about unknown parameters.

    webargs ignores unknown query parameters by default; our argument schemas reject
    them, so that a misspelt filter is reported instead of silently returning everything.
    """

    ARGUMENTS_PARSER = ArgumentsParser(unknown=None)

    def reads(self, schema, *statuses: int, query=None, as_kwargs: bool = False):
        """Decorator of a view answering 200 with ``schema``, or a problem of one of
        ``statuses``; ``query`` is the schema of its query arguments, passed to the view
        as one positional argument (as keyword arguments with ``as_kwargs``)."""

        def decorate(view):
            view = self.doc(responses=problems(*statuses))(view)
            view = self.response(200, schema)(view)
            if query is not None:
                # One instance: webargs would otherwise build the schema for every request.
                schema_ = query() if isinstance(query, type) else query
                view = self.arguments(schema_, location="query", as_kwargs=as_kwargs)(view)
            return view

        return decorate

    def article(self, schema, query=OffsetsArgs, *, formats: bool = False):
        """Decorator of a view answering from one stored article: the view is given the
        stored document, the query arguments and the path parameters after
        ``article_id``, and returns what ``schema`` dumps (or a finished rendering). The
        answer is validated and kept by the article's version (``wire.stored_answer``), so
        the view runs and its result is dumped once per version; a missing article is a
        404 problem. ``formats``: the view offers the article's other representations
        (``service/web/negotiation.py``)."""

        def decorate(view):
            dumped = self.response(200, schema)(view)

            @functools.wraps(dumped)
            def read(resource, args, article_id, **path):
                return wire.stored_answer(
                    lambda known: read_article(article_id, known),
                    lambda stored: dumped(resource, stored.document, args, **path))

            if formats:
                read = offers_formats(read)
            _document(read, responses=problems(404, 422))
            # One instance: webargs would otherwise build the schema for every request.
            schema_ = query() if isinstance(query, type) else query
            return self.arguments(schema_, location="query")(read)

        return decorate

    def article_items(self, schema, query=PagedOffsetsArgs):
        """Decorator of a view answering a page of one of an article's lists: the view is
        given what ``article`` gives its views, and returns the whole list."""

        def decorate(pick):
            @functools.wraps(pick)
            def page(resource, document, args, **path):
                return wire.part_page(document, pick(resource, document, args, **path), args)

            return self.article(schema, query)(page)

        return decorate

    def article_item(self, schema):
        """Decorator of a view answering one item of an article, in the offsets asked for:
        the view is given what ``article`` gives its views, and returns the item."""

        def decorate(pick):
            @functools.wraps(pick)
            def item(resource, document, args, **path):
                return wire.in_unit(pick(resource, document, args, **path), document, args)

            return self.article(schema)(item)

        return decorate

    def article_list(self, name: str, schema, summary: str, query=PagedOffsetsArgs,
                     select=None):
        """The ``get`` of a view answering a page of the article's list ``name``: of the items
        ``select(items, args)`` keeps when given, else of all; ``summary`` is its docstring
        (the operation's summary)."""

        def pick(resource, document, args):
            return select(document[name], args) if select else document[name]

        pick.__doc__ = summary
        return self.article_items(schema, query)(pick)

    def article_list_item(self, name: str, what: str, schema, summary: str):
        """The ``get`` of a view answering the item of the article's list ``name`` whose id
        ends the path (a 404 problem naming ``what`` when there is none)."""

        def pick(resource, document, args, **path):
            (item_id,) = path.values()
            return articles.find_item(document[name], "id", item_id, what, document["id"])

        pick.__doc__ = summary
        return self.article_item(schema)(pick)
