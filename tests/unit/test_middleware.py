"""The stages around the views run in the order of their list, as Flask would run each of
their hooks registered one by one, when a run of them is registered as one hook."""

from __future__ import annotations

import inspect

from flask import Flask

import service.app as factory
from service.app import App, Layer, register_middleware


def _app(layers_of) -> tuple[Flask, list[str]]:
    app = Flask(__name__)
    seen: list[str] = []
    app.add_url_rule("/", "view", lambda: seen.append("view") or "body")
    register_middleware(app, layers_of(seen))
    return app, seen


def _layer(seen: list[str], name: str, answer: str | None = None, **kwargs) -> Layer:
    def before():
        seen.append(f"{name} before")
        return answer

    def after(response):
        seen.append(f"{name} after")
        response.headers.add("X-Stage", name)
        return response

    return Layer(name, before=before, after=after, **kwargs)


def _installer(seen: list[str], name: str) -> Layer:
    def install(app: Flask) -> None:
        app.before_request(lambda: seen.append(f"{name} before"))
        app.after_request(lambda response: seen.append(f"{name} after") or response)

    return Layer(name, install=install)


def test_befores_run_in_order_and_afters_in_reverse_around_an_installer():
    app, seen = _app(lambda seen: [_layer(seen, "a"), _layer(seen, "b"),
                                   _installer(seen, "cors"), _layer(seen, "c"),
                                   Layer("only after", after=lambda r: seen.append("d") or r)])
    response = app.test_client().get("/")
    assert response.data == b"body"
    assert seen == ["a before", "b before", "cors before", "c before", "view",
                    "d", "c after", "cors after", "b after", "a after"]
    assert response.headers.getlist("X-Stage") == ["c", "b", "a"]


def test_a_before_hook_with_an_answer_stops_the_later_ones_and_the_view():
    app, seen = _app(lambda seen: [_layer(seen, "a"), _layer(seen, "b", answer="refused"),
                                   _installer(seen, "cors"), _layer(seen, "c")])
    response = app.test_client().get("/")
    assert response.data == b"refused"
    assert seen == ["a before", "b before", "c after", "cors after", "b after", "a after"]



def test_the_application_decides_once_per_function_whether_it_runs_synchronously(
        monkeypatch):
    app, asked = App(__name__), []
    monkeypatch.setattr(factory, "iscoroutinefunction",
                        lambda func: asked.append(func) or inspect.iscoroutinefunction(func))

    class View:
        def get(self):
            return "sync"

    async def later():
        return "async"

    for _ in range(3):
        view = View()  # a method of a view made per request
        assert app.ensure_sync(view.get) == view.get
        try:  # still handed to Flask's async support
            wrapped = app.ensure_sync(later)
        except RuntimeError:  # which needs Flask's "async" extra
            wrapped = None
        assert wrapped is not later
    assert len(asked) == 2  # View.get once, later once
