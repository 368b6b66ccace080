"""The jobs page against the live service: upload a JSONL file, watch the bar, see the
failures and the finished job in the list."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _story(number: int) -> dict:
    # Written for this test: short made-up wire stories, each different.
    return {"text": f"Harbor board approves {number + 3} new cranes\n\n"
                    f"TALLINN, June {number + 1} (AP) - The Ostra Harbor Board approved "
                    f"{number + 3} cranes worth {number + 20} mln euros on Tuesday, its "
                    f"chairman Karl Meri said.",
            "published": "2024-06-04"}


def test_an_uploaded_file_becomes_a_job_whose_progress_ends_done(page):
    lines = [json.dumps(_story(n)) for n in range(24)]
    lines.insert(5, '{"text": "Cranes", "published": "June 2024"}')
    body = ("\n".join(lines) + "\n").encode()

    page.goto("/jobs")
    expect(page.locator("h1")).to_have_text("Jobs")
    page.set_input_files("#file", files=[{"name": "cranes.jsonl", "buffer": body,
                                          "mimeType": "application/x-ndjson"}])
    page.get_by_role("button", name="Submit").click()

    progress = page.locator("progress.job-progress")
    expect(progress).to_be_visible()
    expect(progress).to_have_attribute("max", "25")
    status = page.locator(".job-status")
    expect(status).to_have_attribute("data-status", "done", timeout=90_000)
    expect(progress).to_have_attribute("value", "25")
    expect(status).to_have_text(re.compile(r"^Done: 25 of 25 articles \(100%\)"))
    expect(page.locator(".job-counts")).to_contain_text("Ingested 24")
    expect(page.locator(".job-counts")).to_contain_text("Failed 1")
    expect(page.locator(".failures li")).to_have_text(re.compile(r"^Line 6: .*YYYY-MM-DD"))
    assert re.search(r"/jobs\?id=[0-9a-f-]{36}$", page.url)

    row = page.locator("#jobs tbody tr").first
    expect(row).to_contain_text("done")
    expect(row.locator("td.n").nth(1)).to_have_text("24")
