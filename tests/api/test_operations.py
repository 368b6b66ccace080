"""Health, readiness, the OpenAPI document and the interactive docs."""

from __future__ import annotations

from openapi_spec_validator import validate

from service.store.repository import Store


def test_healthz_says_ok(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_readyz_reports_store_and_model(client):
    body = client.get("/readyz").get_json()
    assert body["status"] == "ready"
    assert body["store"] == "ok"
    assert body["model"]["model"].startswith("en_core_web_sm")
    assert body["model"]["model_version"] == "3.8.0"


def test_readyz_is_503_problem_when_the_store_is_unreachable(app, client):
    unreachable = ("sqlite:////nonexistent/dir/db.sqlite3"
                   if app.extensions["store"].dialect == "sqlite"
                   else "postgresql://postgres@127.0.0.1:1/test")
    app.extensions["store"] = Store.from_url(unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content_type == "application/problem+json"
    assert response.get_json()["checks"]["store"] == "unreachable"


def test_openapi_document_is_valid_and_lists_every_endpoint(client):
    spec = client.get("/openapi.json").get_json()
    validate(spec)
    paths = set(spec["paths"])
    assert {"/v1/articles", "/v1/articles/{article_id}", "/v1/articles/{article_id}/sections",
            "/v1/articles/{article_id}/sections/{index}", "/v1/analyze", "/healthz",
            "/readyz", "/v1/entities", "/v1/figures",
            "/v1/articles/{article_id}/entities", "/v1/articles/{article_id}/figures",
            "/v1/articles/{article_id}/dates", "/v1/articles/{article_id}/quotes"} <= paths
    post = spec["paths"]["/v1/articles"]["post"]
    assert set(post["requestBody"]["content"]) == {"text/plain", "text/html",
                                                    "application/json"}
    assert "application/problem+json" in post["responses"]["415"]["content"]


def test_docs_page_is_served_with_local_assets(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert b"swagger-ui" in page.data
    assert client.get("/static/swagger-ui/swagger-ui-bundle.js").status_code == 200
