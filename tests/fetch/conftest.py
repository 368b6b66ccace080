"""Fixtures: the made-up site on loopback, and fetch settings that allow its host."""

from __future__ import annotations

import pytest

from tests.fetch.site import Site


@pytest.fixture
def site():
    server = Site().start()
    yield server
    server.stop()


@pytest.fixture
def fetch_config(site) -> dict:
    """Fetch settings for tests: the site's host allowed, short limits, no delay."""
    return {"FETCH_CONTACT": "mailto:ops@example.org", "FETCH_ALLOW_HOSTS": [site.host],
            "FETCH_CONNECT_TIMEOUT": 2.0, "FETCH_READ_TIMEOUT": 1.0,
            "FETCH_TOTAL_TIMEOUT": 3.0, "FETCH_MAX_REDIRECTS": 5,
            "FETCH_HOST_CONCURRENCY": 2, "FETCH_HOST_DELAY": 0.0, "FETCH_OBEY_ROBOTS": True,
            "MAX_HTML_BODY_BYTES": 256 * 1024}


@pytest.fixture
def app(migrated_url, analyses, fetch_config):
    """The application (development mode: writes need no key) fetching from the site."""
    from tests.conftest import create_test_app, remember_analyses

    app = create_test_app(migrated_url, DEV_MODE=True, **fetch_config)
    remember_analyses(app, analyses)
    yield app
    app.extensions["fetcher"].close()
    app.extensions["analyzer"].close()
    app.extensions["store"].close()
