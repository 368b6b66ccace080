"""Behind a reverse proxy: X-Forwarded-For and X-Forwarded-Proto are trusted for exactly
PROXY_HOPS proxies, so that rate limits count each client, and never by default, so that
a client cannot choose the address it is counted as."""

from __future__ import annotations

import pytest
from flask import request

from tests.conftest import create_test_app


@pytest.fixture
def make_app(migrated_url):
    made = []

    def make(**overrides):
        app = create_test_app(migrated_url, LOAD_MODEL=False, RATELIMIT_ENABLED=True,
                              RATE_LIMIT_READ="2 per minute", **overrides)
        made.append(app)
        return app.test_client()

    yield make
    for app in made:
        app.extensions["store"].close()


def _statuses(client, forwarded: list[str]) -> list[int]:
    return [client.get("/v1/articles", headers={"X-Forwarded-For": each}).status_code
            for each in forwarded]


def test_by_default_forwarded_addresses_are_ignored_and_share_one_budget(make_app):
    client = make_app()
    assert _statuses(client, ["198.51.100.1", "198.51.100.2", "198.51.100.3"]) \
        == [200, 200, 429]


def test_behind_one_proxy_each_forwarded_client_has_its_own_budget(make_app):
    client = make_app(PROXY_HOPS=1)
    assert _statuses(client, ["198.51.100.1", "198.51.100.1", "198.51.100.1"]) \
        == [200, 200, 429]
    assert _statuses(client, ["203.0.113.7", "203.0.113.9"]) == [200, 200]


def test_addresses_a_client_adds_before_the_proxys_own_are_not_trusted(make_app):
    client = make_app(PROXY_HOPS=1)
    # The proxy appends the address it saw; what the client sent comes before it.
    spoofed = ["10.0.0.1, 198.51.100.5", "10.0.0.2, 198.51.100.5", "10.0.0.3, 198.51.100.5"]
    assert _statuses(client, spoofed) == [200, 200, 429]


def test_two_proxies_trust_the_address_the_outer_one_saw(make_app):
    client = make_app(PROXY_HOPS=2)
    assert _statuses(client, ["198.51.100.8, 192.0.2.1", "198.51.100.9, 192.0.2.1"]) \
        == [200, 200]


@pytest.mark.parametrize(("hops", "scheme"), [(0, "http"), (1, "https")])
def test_the_forwarded_scheme_is_trusted_only_behind_a_proxy(migrated_url, hops, scheme):
    app = create_test_app(migrated_url, LOAD_MODEL=False, PROXY_HOPS=hops)
    seen = []
    app.before_request(lambda: seen.append(request.scheme))
    try:
        app.test_client().get("/healthz", headers={"X-Forwarded-Proto": "https",
                                                    "X-Forwarded-For": "198.51.100.1"})
    finally:
        app.extensions["store"].close()
    assert seen == [scheme]
