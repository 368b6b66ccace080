"""The viewer's sources page and the analyze page's URL field are served."""

from __future__ import annotations


def test_the_sources_page_has_its_form_and_script(client):
    response = client.get("/sources")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="add"' in page and 'name="kind"' in page and "/viewer/sources.js" in page
    script = client.get("/viewer/sources.js")
    assert script.status_code == 200 and b"/v1/sources" in script.data


def test_the_analyze_page_can_send_a_url():
    from pathlib import Path

    viewer = Path(__file__).resolve().parents[2] / "service" / "static" / "viewer"
    assert "{ url: pageUrl }" in (viewer / "api.js").read_text()
    assert 'id: "url"' in (viewer / "app.js").read_text()
