"""The drafts in the report reader, in headless Chromium with the network blocked: their own
layer, framed apart from curated statements, with confidence and rules, and a toggle."""

from __future__ import annotations

from pathlib import Path

from migration_kg.api import load_graph, write_site
from tests.drafting.conftest import REPORT
from tests.helpers import cli, open_page


def test_drafts_show_apart_with_their_confidence_and_hide_on_request(
        browser, drafted: Path, tmp_path: Path) -> None:
    assert cli("build", "--data", drafted, "--out", tmp_path / "b", "--include-drafts").code == 0
    write_site(load_graph(tmp_path / "b" / "graph.nt"), tmp_path / "site", data=drafted)
    opened = open_page(browser, (tmp_path / "site" / "report" / f"{REPORT}.html").as_uri())
    page = opened.page
    page.wait_for_function("() => document.body.getAttribute('data-ready') === 'true'",
                           timeout=60_000)
    drafts = page.locator("mark.l-draft")
    assert drafts.count() >= 8
    first = drafts.first
    assert first.evaluate("m => getComputedStyle(m).outlineStyle") == "dashed"
    first.click()
    panel = page.text_content("#mkg-panel")
    assert "Draft, not reviewed" in panel and "confidence 0.70" in panel
    assert 'representative: "The representative of Algeria" said' in panel
    page.check("input.layer-toggle[value=draft]")  # already on; turning it off hides drafts
    page.uncheck("input.layer-toggle[value=draft]")
    assert first.evaluate("m => getComputedStyle(m).outlineStyle") == "none"
    assert opened.errors == [] and opened.outside_requests() == []
    page.context.close()
