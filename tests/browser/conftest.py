"""A live gunicorn server on a fresh SQLite database, and Chromium pages that watch for errors.

Chromium is Debian's (/usr/bin/chromium, installed by `make test`), driven by Playwright.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright import sync_api

from tests.servers import free_port, gunicorn, stop

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--headless=new"]
ARTIFACTS = ROOT / "artifacts"


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> str:
    """Base URL of the real service (gunicorn), migrated and loaded with the fixtures."""
    tmp = tmp_path_factory.mktemp("server")
    port = free_port()
    settings = {"HOST": "127.0.0.1", "PORT": str(port), "DEV_MODE": "1",
                "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}", "WEB_CONCURRENCY": "1"}
    env = {**os.environ, **settings}
    cli = str(BIN / "article-api")
    done = subprocess.run([cli, "db-upgrade"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, f"article-api db-upgrade:\n{done.stdout}{done.stderr}"
    # Loading the fixtures and starting gunicorn each load the model: overlap them.
    loading = subprocess.Popen([cli, "load-fixtures"], cwd=ROOT, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    log = tmp / "worker.log"
    with log.open("wb") as out:
        # The jobs are run by a worker process beside gunicorn, as deploy/start runs one.
        worker = subprocess.Popen([cli, "worker"], cwd=ROOT, env=env, stdout=out,
                                  stderr=subprocess.STDOUT)
    try:
        with gunicorn(["-c", "gunicorn.conf.py", "service.wsgi:app"], settings, port,
                      ready="/readyz", timeout=180):
            output, _ = loading.communicate(timeout=180)
            assert loading.returncode == 0, f"article-api load-fixtures:\n{output}"
            yield f"http://127.0.0.1:{port}"
    finally:
        loading.kill()
        loading.wait()
        stop(worker)


@pytest.fixture(scope="session")
def browser():
    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}: run `make browser-deps`"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Problems:
    """Console errors, page errors, failed requests and error responses seen by a page."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.allowed: list[re.Pattern] = []

    def add(self, problem: str) -> None:
        self.seen.append(problem)

    def allow(self, pattern: str) -> None:
        """Expect problems matching ``pattern`` (a test of an error path)."""
        self.allowed.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [p for p in self.seen if not any(a.search(p) for a in self.allowed)]


@pytest.fixture
def problems() -> Problems:
    return Problems()


@pytest.fixture
def page(browser, server, problems):
    """A 1440x900 page on the server; any unexpected problem fails the test."""
    context = browser.new_context(base_url=server, viewport={"width": 1440, "height": 900},
                                  reduced_motion="reduce")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.add(f"console: {m.text}"))
    page.on("pageerror", lambda error: problems.add(f"page error: {error}"))
    page.on("requestfailed", lambda r: problems.add(f"failed: {r.method} {r.url} {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and problems.add(f"{r.status}: {r.url}"))
    yield page
    unexpected = problems.unexpected()
    context.close()
    assert unexpected == [], "\n".join(unexpected)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def docs_screenshot(artifacts):
    """Copies a screenshot from artifacts/ into docs/ (the one the README shows)."""

    def copy(name: str) -> None:
        shutil.copyfile(artifacts / name, ROOT / "docs" / name)

    return copy
