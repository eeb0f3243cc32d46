"""The site in headless Chromium with the network blocked: from a person's page to the quote
highlighted in the report, search, coverage against ``stats``, accessibility, hostile text."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef

from migration_kg.api import write_site
from migration_kg.namespaces import MKG, expand
from tests.helpers import axe_violations, cli, open_page
from tests.views.test_views import HOSTILE, HOSTILE_LABEL, HOSTILE_QUOTE

READER = "report/2006-06-27-migration-and-human-rights.html"


def ready(page: Any) -> None:
    page.wait_for_function("() => document.body.getAttribute('data-ready') === 'true'",
                           timeout=60_000)


def in_view(page: Any, selector: str) -> bool:
    return page.evaluate("""(s) => { const r = document.querySelector(s).getBoundingClientRect();
                                     return r.top >= 0 && r.bottom <= window.innerHeight; }""",
                         selector)


def test_a_quote_on_a_persons_page_opens_the_report_on_it_highlighted(browser, site: Path) -> None:
    opened = open_page(browser, (site / "person/mary-robinson.html").as_uri())
    page = opened.page
    link = page.locator("#sec-statements a.quote").first
    quote = link.text_content()[1:-1]
    link.click()
    page.wait_for_url(re.compile(r"report/.*#char=\d+,\d+$"))
    ready(page)
    target = " ".join("".join(page.evaluate("mkgReader.target")).split())
    assert target == quote
    assert page.locator("mark.target").count() >= 1
    assert in_view(page, "mark.target")
    panel = page.text_content("#mkg-panel")
    assert "Mary Robinson" in panel and "Speech act" in panel
    assert page.get_attribute("#mkg-panel a", "href").endswith("person/mary-robinson.html")
    assert opened.errors == [] and opened.outside_requests() == []
    page.context.close()


def test_a_deep_link_to_a_statement_marks_all_its_quotes(browser, site: Path) -> None:
    opened = open_page(browser, (site / READER).as_uri() + "#st-robinson-ratify-icrmw")
    page = opened.page
    ready(page)
    marked = " ".join("".join(page.evaluate("mkgReader.target")).split())
    assert marked.startswith("Mrs. Robinson called upon the international community to ratify")
    assert "in particular the 1990 UN Convention" in marked
    page.hover("mark.target")
    assert page.is_visible("#mkg-tip")
    assert "calls for \u2014 Mary Robinson" in page.text_content("#mkg-tip")
    assert opened.errors == [] and opened.outside_requests() == []
    page.context.close()


def test_coverage_mode_counts_what_stats_reports(browser, site: Path, built: Path) -> None:
    stats = cli("stats", "--graph", built)
    found = re.search(r"coverage: report:2006-06-27-migration-and-human-rights: (\d+) of (\d+) "
                      r"sentences .* (\d+) not", stats.out)
    assert found, stats.out
    covered, total, missing = map(int, found.groups())
    assert covered + missing == total and missing > 0
    opened = open_page(browser, (site / READER).as_uri())
    page = opened.page
    ready(page)
    assert page.evaluate("getComputedStyle(document.querySelector('.unc')).backgroundColor") \
        == "rgba(0, 0, 0, 0)"
    page.check("#mkg-coverage")
    assert page.text_content("#mkg-coverage-status").startswith(
        f"{missing} of {total} sentences have no annotation")
    shown = page.evaluate("""() => new Set([...document.querySelectorAll('.unc')]
        .filter(n => getComputedStyle(n).backgroundColor !== 'rgba(0, 0, 0, 0)')
        .map(n => n.dataset.s)).size""")
    assert shown == missing
    page.uncheck("#mkg-coverage")
    assert page.text_content("#mkg-coverage-status") == ""
    assert opened.errors == []
    page.context.close()


def test_search_finds_an_entity_from_the_index_and_from_any_page(browser, site: Path) -> None:
    opened = open_page(browser, (site / "index.html").as_uri())
    page = opened.page
    page.fill("#mkg-search", "bustamante")
    assert page.text_content("#mkg-search-status").endswith("match.") or \
        "matches" in page.text_content("#mkg-search-status")
    page.click("#mkg-results a:text-is('Jorge Bustamante')")
    page.wait_for_url(re.compile(r"person/jorge-bustamante\.html$"))
    assert page.text_content("h1") == "Jorge Bustamante"
    page.fill("#mkg-find", "migrant workers convention")
    page.press("#mkg-find", "Enter")
    page.wait_for_url(re.compile(r"index\.html#q="))
    results = page.locator("#mkg-results a").all_text_contents()
    assert "1990 UN Convention on the Protection of the Rights of all Migrant Workers and " \
           "Members of their Families" in results or any("Migrant Workers" in r for r in results)
    assert opened.errors == [] and opened.outside_requests() == []
    page.context.close()


PAGES = ["index.html", "person/mary-robinson.html", READER, "views/full.html",
         "claim/ratify-icrmw.html",
         "statement/2006-06-27-migration-and-human-rights/robinson-ratify-icrmw.html"]


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(browser, site: Path, name: str) -> None:
    opened = open_page(browser, (site / name).as_uri())
    page = opened.page
    if name.startswith("views/"):
        page.wait_for_function("() => window.mkgView && mkgView.ready", timeout=60_000)
    if name == READER:
        ready(page)
        page.check("#mkg-coverage")
    assert axe_violations(page) == []
    assert opened.errors == [] and opened.outside_requests() == []
    page.context.close()


def test_hostile_labels_and_quotes_show_as_text(browser, tmp_path: Path) -> None:
    graph = Graph()
    graph.parse(data=HOSTILE, format="turtle")
    graph.add((URIRef(expand("statement:e1")), MKG.paraphrase, Literal(HOSTILE_QUOTE)))
    write_site(graph, tmp_path)
    opened = open_page(browser, (tmp_path / "person/eve.html").as_uri())
    page = opened.page
    assert page.text_content("h1") == HOSTILE_LABEL
    page.goto((tmp_path / "statement/e1.html").as_uri())
    assert HOSTILE_QUOTE in page.text_content("main")
    assert HOSTILE_LABEL in page.text_content("main")
    page.goto((tmp_path / "index.html").as_uri() + "#q=eve")
    assert HOSTILE_LABEL in page.locator("#mkg-results").text_content()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('main img, main script').length") == 0
    assert opened.errors == [] and opened.outside_requests() == []
    page.context.close()
