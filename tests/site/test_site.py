"""The static site as files: every page and its RDF, links that resolve, the VoID, bad input.

What the pages do in a browser is in ``test_site_browser.py``.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, VOID, XSD

from migration_kg import paths
from migration_kg.api import load_graph, write_site
from migration_kg.errors import InputError
from migration_kg.namespaces import BASE, OA, expand
from migration_kg.site.entities import entities
from migration_kg.web import csp_hash
from tests.helpers import MINI, cli

ROBINSON = "person/mary-robinson"
READER = "report/2006-06-27-migration-and-human-rights"


class Parsed(HTMLParser):
    """Links, scripts, styles, alternates and quote links of one page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.alternates: list[tuple[str, str]] = []
        self.quotes: list[tuple[str, str]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._in: str | None = None
        self._quote: str | None = None
        self._text = ""
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
            if "quote" in str(found.get("class") or ""):
                self._quote, self._text = str(found["href"]), ""
        if tag == "link" and found.get("rel") == "alternate":
            self.alternates.append((str(found["type"]), str(found["href"])))
        if tag in ("script", "style"):
            self._in = tag
            (self.scripts if tag == "script" else self.styles).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._in = None
        if tag == "a" and self._quote is not None:
            self.quotes.append((self._quote, self._text))
            self._quote = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in == "style":
            self.styles[-1] += data
        if self._quote is not None:
            self._text += data


def pages_of(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_entity_has_a_page_with_its_turtle_and_json_ld_beside_it(
        site: Path, local: Graph, shipped_graph: Graph) -> None:
    found = entities(local)
    assert len(found) > 400
    for entity in found.values():
        page = site / f"{entity.path}.html"
        assert page.is_file(), entity.id
        name = entity.path.rsplit("/", 1)[-1]
        alternates = Parsed(page.read_text(encoding="utf-8")).alternates
        assert alternates == [("text/turtle", f"{name}.ttl"),
                              ("application/ld+json", f"{name}.jsonld")], entity.id
    turtle = Graph().parse(site / f"{ROBINSON}.ttl", format="turtle")
    jsonld = Graph().parse(site / f"{ROBINSON}.jsonld", format="json-ld")
    robinson = URIRef(BASE + ROBINSON)
    assert set(turtle) == set(jsonld)
    assert (robinson, RDFS.label, Literal("Mary Robinson", lang="en")) in turtle
    assert set(turtle.triples((robinson, None, None))) == \
        set(shipped_graph.triples((robinson, None, None)))
    statement = URIRef(expand("statement:2006-06-27-migration-and-human-rights/robinson-ratify-"
                              "icrmw"))
    described = Graph().parse(site / "statement/2006-06-27-migration-and-human-rights/"
                              "robinson-ratify-icrmw.ttl", format="turtle")
    evidence = URIRef(str(statement) + "/evidence/1")
    assert set(described.triples((evidence, None, None))) == \
        set(shipped_graph.triples((evidence, None, None)))  # described with their owner
    position = URIRef(str(evidence) + "/position")
    assert set(described.objects(position, OA.start)) == {
        Literal("3590", datatype=XSD.nonNegativeInteger)}  # the built datatype, kept


def test_every_link_of_every_page_resolves_inside_the_site(site: Path) -> None:
    broken = []
    checked = 0
    for page in pages_of(site):
        for link in Parsed(page.read_text(encoding="utf-8")).links:
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, (page, link)  # nothing outside
            if not parts.path:
                continue
            checked += 1
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file() or site.resolve() not in target.parents:
                broken.append((str(page.relative_to(site)), link))
    assert checked > 10_000
    assert broken == []


def test_pages_load_nothing_and_allow_only_their_own_script_and_style(site: Path) -> None:
    for page in [site / "index.html", site / f"{ROBINSON}.html", site / f"{READER}.html"]:
        text = page.read_text(encoding="utf-8")
        parsed = Parsed(text)
        assert not [a for t, a in parsed.tags if t in ("script", "img", "iframe") and "src" in a]
        csp = html.unescape(re.search(r'Content-Security-Policy" content="([^"]+)"',
                                      text).group(1))
        assert csp.startswith("default-src 'none'")
        code = [s for s in parsed.scripts if not s.lstrip().startswith(("{", "["))]
        assert re.findall(r"script-src ([^;]+)", csp)[0].split() == [csp_hash(code[0])]
        assert re.findall(r"style-src ([^;]+)", csp)[0].split() == [csp_hash(parsed.styles[0])]


def test_a_persons_quotes_each_link_to_their_place_in_the_report(site: Path) -> None:
    """From any person's page, each of their quotes is one click from its highlighted place."""
    text = (paths.GRAPH_DIR / "reports" / "2006-06-27-migration-and-human-rights" /
            "source.txt").read_text(encoding="utf-8")
    people = sorted((site / "person").glob("*.html"))
    assert len(people) == 14
    seen = 0
    for page in people:
        for href, shown in Parsed(page.read_text(encoding="utf-8")).quotes:
            target, _, fragment = href.partition("#")
            assert (page.parent / target).resolve() == (site / f"{READER}.html").resolve()
            start, end = map(int, re.fullmatch(r"char=(\d+),(\d+)", fragment).groups())
            assert shown[1:-1] == " ".join(text[start:end].split())
            seen += 1
    assert seen > 150


def test_the_reader_marks_every_evidence_span_at_its_offsets(site: Path) -> None:
    text = (paths.GRAPH_DIR / "reports" / "2006-06-27-migration-and-human-rights" /
            "source.txt").read_text(encoding="utf-8")
    page = (site / f"{READER}.html").read_text(encoding="utf-8")
    pieces = re.findall(r'data-start="(\d+)" data-end="(\d+)"[^>]*>([^<]*)<', page)
    assert "".join(html.unescape(p[2]) for p in pieces) == text  # the whole text, in order
    assert all(text[int(a):int(b)] == html.unescape(t) for a, b, t in pieces)
    payload = json.loads(html.unescape(re.search(
        r'<script type="application/json" id="mkg-page">(.*?)</script>', page).group(1)))
    spans = payload["spans"]
    assert len(spans) == 267 and {s["layer"] for s in spans} == {"statement", "evidence"}
    assert {s["tone"] for s in spans if s["layer"] == "statement"} >= {"calls-for", "reports"}
    assert 'id="st-robinson-ratify-icrmw"' in page


def test_the_dataset_is_described_in_void_and_dcat(site: Path, local: Graph,
                                                   built: Path) -> None:
    void = Graph().parse(site / "void.ttl", format="turtle")
    dataset = URIRef(BASE + "dataset")
    assert (dataset, VOID.triples, Literal(len(local))) in void
    assert (dataset, VOID.sparqlEndpoint, URIRef(BASE + "sparql")) in void
    assert (dataset, DCTERMS.license, None) in void
    assert (dataset, DCTERMS.source, URIRef(expand("report:2006-06-27-migration-and-human-"
                                                    "rights"))) in void
    examples = list(void.objects(dataset, VOID.exampleResource))
    assert len(examples) == 3
    for example in examples:
        assert (site / (str(example)[len(BASE):] + ".html")).is_file()
    for dump in void.objects(dataset, VOID.dataDump):
        assert (site / str(dump)[len(BASE):]).is_file()
    assert (site / "data/graph.nt").read_bytes() == built.read_bytes()  # the build's own bytes


def test_the_endpoint_named_can_be_changed(local: Graph, tmp_path: Path) -> None:
    write_site(local, tmp_path, endpoint="https://example.org/sparql")
    void = Graph().parse(tmp_path / "void.ttl", format="turtle")
    assert (None, VOID.sparqlEndpoint, URIRef("https://example.org/sparql")) in void


def test_a_text_that_is_not_the_graphs_is_refused_and_nothing_is_written(
        mini_graph: Graph, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no report '2010-07-01-test-workshop'"):
        write_site(mini_graph, tmp_path / "site")
    assert not (tmp_path / "site").exists()
    data = tmp_path / "data"
    import shutil

    shutil.copytree(MINI, data)
    source = data / "reports" / "2010-07-01-test-workshop" / "source.txt"
    changed = source.read_text(encoding="utf-8").replace("Geneva", "Genf")
    source.write_text(changed, encoding="utf-8")
    report = source.parent / "report.yaml"
    report.write_text(re.sub(r"sha256: \w+", "sha256: " + hashlib.sha256(
        changed.encode()).hexdigest(), report.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(InputError, match="not the one the graph was built from"):
        write_site(mini_graph, tmp_path / "site", data=data)


def test_the_site_command_prints_the_index_and_keeps_an_old_site_on_failure(
        tmp_path: Path) -> None:
    out = tmp_path / "site"
    run = cli("site", "--data", MINI, "--out", out)
    assert run.code == 0, run.err
    assert run.out.strip() == str((out / "index.html").resolve())
    assert "8 of 8 sentences (100.0%) covered" in run.err
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    built = tmp_path / "mini.nt"
    load_graph(data=MINI).serialize(built, format="nt")
    failed = cli("site", "--graph", built, "--out", out)  # texts from the shipped data: wrong
    assert failed.code == 2 and "no report '2010-07-01-test-workshop'" in failed.err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
