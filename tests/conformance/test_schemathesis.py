"""The service against its own OpenAPI document: every operation, every Schemathesis check.

Schemathesis generates valid and invalid requests for each operation of /openapi.json
and checks every answer: no 5xx, documented status codes, content types, headers and
bodies, invalid input refused, valid input accepted, auth enforced where declared. The
seed article is stored, and path parameters are drawn mostly from its real ids so that
the successful answers are checked too, not only the 404s.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from service import articles
from service.app import create_app
from service.config import hash_key
from service.fetch.client import Fetcher
from service.fetch.errors import FetchRefused
from service.fetch.guard import check_url
from service.nlp.pipeline import Request
from service.store.migrations import upgrade_database
from service.store.values import ArticleFilter, Page
from tests.conftest import FIXTURES, SEED

pytestmark = pytest.mark.conformance


@schemathesis.serializer("application/x-ndjson")
def _jsonl(context, value):
    """A JSONL body (``POST /v1/jobs``) is described as a string: it goes as its UTF-8
    text; a value of another type (a negative case) has no JSONL form and goes as no body,
    which the service refuses."""
    return value.encode() if isinstance(value, str) else None

@schemathesis.serializer("text/plain", "text/html")
def _text(context, value):
    """A text body is described as a string: it goes as its UTF-8 text; a value of
    another type (a negative case) has no text form (``0`` sent as text is a valid text)
    and goes as no body, which the service refuses."""
    return value.encode() if isinstance(value, str) else None


KEY = "conformance-key-0123456789abcdefghijklmnopqrstu"
MAX_EXAMPLES = 20


def _config(seed: dict) -> SchemathesisConfig:
    def words(values):
        return {"values": sorted({str(v) for v in values})}

    return SchemathesisConfig.from_dict({
        "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "deterministic": True},
        "auth": {"openapi": {"bearerAuth": {"bearer": KEY}}},
        # The in-process WSGI client does not undo Content-Encoding as HTTP clients do.
        "headers": {"Accept-Encoding": "identity"},
        "checks": {"enabled": True},
        "operations": [{
            # Analysis also refuses, with a 422 naming the field, what no schema can say:
            # a text that is only page chrome, or one over the size and time budgets.
            # A URL to fetch (articles, analyze, sources) is refused here as a loopback
            # address (see ``service``): 422 with its reason.
            "include-path": ["/v1/articles", "/v1/analyze", "/v1/sources"],
            "include-method": "POST",
            "checks": {"positive_data_acceptance": {
                "expected-statuses": ["2XX", 401, 403, 404, 409, 422, 429]}},
        }, {
            # DELETE of a job cancels it: the job stays readable, with status "cancelled".
            "include-path-regex": "^/v1/jobs/", "include-method": "GET",
            "checks": {"use_after_free": {"enabled": False}},
        }],
        "dictionaries": {
            "article_ids": words([seed["id"]]),
            "entity_ids": words(e["id"] for e in seed["entities"]),
            "figure_ids": words(f["id"] for f in seed["figures"]),
            "sections": words(s["index"] for s in seed["sections"]),
        },
        "parameters": {
            "path.article_id": {"dictionary": "article_ids", "probability": 0.8},
            "path.entity_id": {"dictionary": "entity_ids", "probability": 0.6},
            "path.key": {"dictionary": "entity_ids", "probability": 0.6},
            "path.figure_id": {"dictionary": "figure_ids", "probability": 0.6},
            "path.index": {"dictionary": "sections", "probability": 0.6},
        },
    })


class _Offline(Fetcher):
    """Checks a URL as the fetcher does, then refuses it (422): nothing leaves the machine."""

    def fetch(self, url, **kwargs):
        check_url(url, lambda host, port: ["127.0.0.1"])
        raise FetchRefused("offline", "This test service fetches nothing.")


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    """The service with the seed stored, writes guarded by a key, limits off."""
    url = f"sqlite:///{tmp_path_factory.mktemp('conformance') / 'articles.sqlite3'}"
    upgrade_database(url)
    app = create_app({"DATABASE_URL": url, "DEV_MODE": False, "TESTING": True,
                      "RATELIMIT_ENABLED": False, "FIXTURES_DIR": str(FIXTURES),
                      "API_KEY_HASHES": [hash_key(KEY)]})
    app.extensions["fetcher"] = _Offline(app.config)
    store = app.extensions["store"]
    with app.app_context():
        seed = articles.analysis_of(app.extensions["analyzer"],
                                    Request(text=SEED.read_text(encoding="utf-8")))
    store.add(seed)
    yield app, seed
    store.close()


@pytest.fixture
def api_schema(service):
    app, seed = service
    # DELETE may have removed the seed in an earlier case: put it back, without the NLP.
    if app.extensions["store"].get(seed["id"]) is None:
        app.extensions["store"].add(seed)
    return schemathesis.openapi.from_wsgi("/openapi.json", app, config=_config(seed))


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request):
    # Schemathesis 4.32 renames the test node through the private ``_nodeid`` that
    # pytest 9 no longer has; give it one (reporting only).
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(deadline=None, max_examples=MAX_EXAMPLES, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_to_the_openapi_document(case):
    case.call_and_validate()


def _reset(store, seed: dict) -> None:
    """Only the seed stored, as at the start."""
    items = store.list_articles(ArticleFilter(), Page(1, 100)).items
    for item in items:
        store.delete(item["id"])
    store.add(seed)


def test_workflows_through_links_conform(service):
    """Sequences of calls linked by ids and Location headers (create, read, delete, ...)."""
    app, seed = service
    workflow = schemathesis.openapi.from_wsgi("/openapi.json", app, config=_config(seed))

    class Workflow(workflow.as_state_machine()):
        def setup(self):
            _reset(app.extensions["store"], seed)

    Workflow.run(settings=settings(max_examples=15, stateful_step_count=6, deadline=None,
                                   derandomize=True, suppress_health_check=list(HealthCheck)))
