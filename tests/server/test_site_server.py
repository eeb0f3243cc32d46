"""``serve`` answers entity IRIs: their page for a browser, Turtle or JSON-LD by the Accept
header; the site's other files as they are; nothing outside the site's folder."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from migration_kg.namespaces import BASE
from migration_kg.server.site import answer
from tests.helpers import Running, chromium, http, start_process

ROBINSON = "person/mary-robinson"


# ----------------------------------------------------------------------------- the decision


@pytest.mark.parametrize(("path", "accept", "status", "file"), [
    (ROBINSON, None, 200, f"{ROBINSON}.html"),
    (ROBINSON, "text/html,application/xhtml+xml,*/*;q=0.8", 200, f"{ROBINSON}.html"),
    (ROBINSON, "text/turtle", 200, f"{ROBINSON}.ttl"),
    (ROBINSON, "application/ld+json", 200, f"{ROBINSON}.jsonld"),
    (ROBINSON, "text/turtle;q=0.5, application/ld+json", 200, f"{ROBINSON}.jsonld"),
    (ROBINSON, "image/png", 406, None),
    (f"{ROBINSON}.ttl", "text/html", 200, f"{ROBINSON}.ttl"),
    ("views/full.html", None, 200, "views/full.html"),
    ("dataset", "text/turtle", 200, "void.ttl"),
    ("dataset", None, 200, "index.html"),
    (".well-known/void", "text/turtle", 200, "void.ttl"),
    ("person/nobody-at-all", None, 404, None),
    ("../etc/passwd", None, 404, None),
    ("person/../../etc/passwd", None, 404, None),
    ("person/.hidden", None, 404, None),
])
def test_how_a_path_is_answered(site: Path, path: str, accept: str | None, status: int,
                                file: str | None) -> None:
    found = answer(site, path, accept)
    assert found.status == status, found.message
    assert (found.file.relative_to(site).as_posix() if found.file else None) == file
    if status == 200 and not path.endswith((".html", ".ttl")):
        assert found.headers["Vary"] == "Accept"


def test_a_described_resource_is_a_see_other_to_its_page(site: Path) -> None:
    found = answer(site, "statement/2006-06-27-migration-and-human-rights/robinson-ratify-"
                         "icrmw/evidence/1", "text/turtle")
    assert found.status == 303
    assert found.headers["Location"] == \
        "/statement/2006-06-27-migration-and-human-rights/robinson-ratify-icrmw"


def test_a_symlink_out_of_the_site_is_not_followed(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    copy.mkdir()
    (copy / "index.html").write_text("<!DOCTYPE html><title>x</title>", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    (copy / "leak.txt").symlink_to(secret)
    assert answer(copy, "leak.txt", None).status == 404


# ----------------------------------------------------------------------------- a real server


@pytest.fixture(scope="module")
def site_server(built: Path, site: Path) -> Iterator[Running]:
    command = [sys.executable, "-m", "migration_kg.cli", "serve", "--graph", str(built),
               "--port", "0", "--site", str(site), "--workers", "1"]
    running = start_process(command, " at ")
    try:
        yield running
    finally:
        running.stop()


def base(server: Running) -> str:
    return server.url.rsplit("/sparql", 1)[0]


def test_an_entity_iri_path_answers_html_or_rdf(site_server: Running, local: Graph) -> None:
    url = f"{base(site_server)}/{ROBINSON}"
    status, headers, body = http(url, headers={"Accept": "text/html"})
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b"<h1>Mary Robinson</h1>" in body
    status, headers, body = http(url, headers={"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert headers["content-location"] == f"/{ROBINSON}.ttl"
    turtle = Graph().parse(data=body.decode(), format="turtle")
    robinson = URIRef(BASE + ROBINSON)
    assert set(turtle.objects(robinson, RDFS.label)) == set(local.objects(robinson, RDFS.label))
    status, headers, body = http(url, headers={"Accept": "application/ld+json"})
    assert status == 200 and "@context" in json.loads(body)
    status, _, body = http(f"{base(site_server)}/person/nobody", headers={"Accept": "text/html"})
    assert status == 404 and b"no page at /person/nobody" in body
    status, _, _ = http(f"{base(site_server)}/sparql?query=ASK%7B%7D")
    assert status == 200  # the endpoint is still there


@pytest.mark.browser
def test_the_query_page_links_iris_to_their_pages(site_server: Running) -> None:
    errors: list[str] = []
    with chromium() as browser:
        page = browser.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(base(site_server) + "/")
        page.select_option("#example", "speakers")
        page.click("button[type=submit]")
        page.wait_for_selector("#out table a", timeout=60_000)
        link = page.locator("#out table a", has_text=BASE + ROBINSON).first
        assert link.get_attribute("href") == f"/{ROBINSON}"
        link.click()
        page.wait_for_url(f"**/{ROBINSON}")
        assert page.text_content("h1") == "Mary Robinson"
    assert errors == []


@pytest.mark.server
def test_serve_writes_its_own_site_unless_told_not_to(tmp_path: Path) -> None:
    from tests.helpers import MINI

    for extra, expected in (([], 200), (["--no-site"], 404)):
        command = [sys.executable, "-m", "migration_kg.cli", "serve", "--data", str(MINI),
                   "--port", "0", "--workers", "1", *extra]
        running = start_process(command, " at ")
        try:
            status, headers, body = http(f"{base(running)}/person/ada-lovelace",
                                         headers={"Accept": "text/turtle"})
            assert status == expected, body
            if status == 200:
                assert headers["content-type"].startswith("text/turtle")
                assert "the site at http://127.0.0.1:" in "".join(running.log)
        finally:
            running.stop()
