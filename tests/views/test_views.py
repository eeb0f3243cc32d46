"""Network views: the HTML is checked as text, then opened in headless Chromium (Debian's
``/usr/bin/chromium`` driven by Playwright) with the network blocked, including a graph whose
evidence quote, labels and title try to inject script."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import Graph

from migration_kg import networks, views
from migration_kg.cli import main
from migration_kg.errors import InputError
from migration_kg.views.text import MAX_TOOLTIP_QUOTES
from migration_kg.web import csp_hash
from tests.helpers import open_page

HOSTILE_QUOTE = ('Eve said <script>window.__pwned=1</script> and '
                 '<img src=x onerror="window.__pwned=1"> see <a href="https://evil.test/">this</a>'
                 ' & more')
HOSTILE_LABEL = 'Eve <img src=y onerror="window.__pwned=2">'
HOSTILE_TITLE = "<script>window.__pwned=3</script> title"
PLAIN_QUOTE = "Bob doubted the convention would be ratified soon"

HOSTILE = f"""
@prefix mkg: <https://w3id.org/migration-kg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix person: <https://w3id.org/migration-kg/person/> .
@prefix instrument: <https://w3id.org/migration-kg/instrument/> .
@prefix stance: <https://w3id.org/migration-kg/stance/> .
@prefix statement: <https://w3id.org/migration-kg/statement/> .
@prefix event: <https://w3id.org/migration-kg/event/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

person:eve a mkg:Person ; rdfs:label '''{HOSTILE_LABEL}''' .
person:bob a mkg:Person ; rdfs:label "Bob" .
instrument:i1 a mkg:Instrument, mkg:BindingInstrument ; rdfs:label "Convention <i>One</i>" .
event:s2 a mkg:Event, mkg:Session ; rdfs:label "Session 2" ; mkg:sessionNumber 2 .
stance:supports a mkg:Stance ; skos:prefLabel "supports" .
stance:opposes a mkg:Stance ; skos:prefLabel "opposes" .
statement:e1 a mkg:Statement ; prov:wasAttributedTo person:eve ; mkg:stance stance:supports ;
    mkg:citesInstrument instrument:i1 ; mkg:session event:s2 ; mkg:evidence statement:e1-ev .
statement:e1-ev oa:hasSelector statement:e1-q .
statement:e1-q a oa:TextQuoteSelector ; oa:exact '''{HOSTILE_QUOTE}''' .
statement:b1 a mkg:Statement ; prov:wasAttributedTo person:bob ; mkg:stance stance:opposes ;
    mkg:citesInstrument instrument:i1 ; mkg:session event:s2 ; mkg:evidence statement:b1-ev .
statement:b1-ev oa:hasSelector statement:b1-q .
statement:b1-q a oa:TextQuoteSelector ; oa:exact "{PLAIN_QUOTE}" .
"""
EVE, BOB, I1 = "person:eve", "person:bob", "instrument:i1"


@pytest.fixture(scope="module")
def hostile() -> networks.Discourse:
    graph = Graph()
    graph.parse(data=HOSTILE, format="turtle")
    return networks.Discourse.from_graph(graph)


@pytest.fixture(scope="module")
def hostile_page(hostile) -> views.Page:
    return views.view(hostile, "actor-instrument", title=HOSTILE_TITLE)


@pytest.fixture(scope="module")
def corpus(shipped_graph: Graph) -> networks.Discourse:
    return networks.Discourse.from_graph(shipped_graph)


# ----------------------------------------------------------------------------- the HTML as text


class Elements(HTMLParser):
    """The page's elements as a browser's tokenizer sees them (script bodies are raw text)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def test_hostile_text_never_reaches_the_html_unescaped(hostile_page):
    page = hostile_page.html
    for raw in ("<script>window.__pwned", "<img src=x", "<img src=y", "<i>One</i>",
                'href="https://evil'):
        assert raw not in page, raw
    assert "\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e" in page
    assert html.escape(HOSTILE_TITLE) in page
    # Only three script elements, none with src: vis-network, the data, the app; no element
    # from the data (img, a, i) at all.
    elements = Elements(page)
    assert [a for t, a in elements.tags if t == "script"] == [
        {}, {"type": "application/json", "id": "mkg-data"}, {}]
    assert not {t for t, _ in elements.tags} & {"img", "a", "i", "iframe", "link"}


def test_page_references_nothing_outside_itself(hostile_page):
    page = hostile_page.html
    for _tag, attrs in Elements(page).tags:
        assert not {"src", "href", "action", "srcset"} & set(attrs), attrs
    assert not re.search(r"sourceMappingURL", page)
    assert not re.search(r"url\(\s*['\"]?https?:", page)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp and "default-src 'none'" in html.unescape(csp.group(1))


def test_csp_hashes_match_the_inline_scripts(hostile_page):
    page = hostile_page.html
    csp = html.unescape(re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1))
    hashes = re.findall(r"'sha256-[^']+'", csp)
    vis_js, _data, app_js = Elements(page).scripts
    assert hashes == [csp_hash(vis_js), csp_hash(app_js)]


def test_tooltip_text_has_label_posts_quote_and_session(corpus):
    graph = networks.actor_instrument(corpus)
    by_actor: dict[str, list[str]] = {}
    for statement, quotes in corpus.quotes.items():
        by_actor.setdefault(quotes[0].actor, []).append(statement)
    person = "person:mary-robinson"
    text = views.node_text(graph, person, corpus.quotes, by_actor)
    lines = text.split("\n")
    assert lines[0] == "Mary Robinson" and lines[1] == "person"
    assert any(line.startswith("Posts: President, ") for line in lines)
    assert any(line.startswith("Former posts: High Commissioner for Human Rights")
               for line in lines)
    quotes = [line for line in lines if line.startswith("\u201c")]
    assert 1 <= len(quotes) <= MAX_TOOLTIP_QUOTES
    assert all(re.search(r"\(session \d, [a-z-]+\)$", q) for q in quotes)


def test_tooltips_give_treaty_status_of_instruments_and_countries(corpus):
    """An instrument says how many parties it had on the report's date and at the status
    date; a country, what it is party to; an instrument no dataset records says nothing."""
    graph = networks.full(corpus)
    icrmw = views.node_text(graph, "instrument:icrmw-1990", corpus.quotes, {})
    assert "Treaty status: 34 parties on 2006-06-27 (the report's date), 60 on 2026-02-03" \
        in icrmw
    mexico = views.node_text(graph, "country:mexico", corpus.quotes, {})
    assert ("party to 1990 UN Convention on the Protection of the Rights of all Migrant "
            "Workers and Members of their Families (ratification, 1999-03-08") in mexico
    canada = views.node_text(graph, "country:canada", corpus.quotes, {})
    assert "Treaty status: party to" in canada and "Migrant Workers" not in canada
    ilo = views.node_text(graph, "instrument:ilo-c097", corpus.quotes, {})
    assert "Treaty status" not in ilo


def test_edge_text_names_ends_weight_and_quotes(hostile):
    graph = networks.actor_instrument(hostile)
    text = views.edge_text(graph, BOB, I1, graph.edges[BOB, I1], hostile.quotes)
    assert text.split("\n")[:3] == ["Bob \u2014 Convention <i>One</i>", "weight: 1",
                                    "speech acts: opposes"]
    assert f"\u201c{PLAIN_QUOTE}\u201d (Bob, session 2, opposes)" in text
    # On a concept's tooltip every quote names its speaker; on a speaker's own, it does not.
    concept = views.node_text(graph, I1, hostile.quotes, {})
    assert "(Bob, session 2, opposes)" in concept
    assert f"({HOSTILE_LABEL}, session 2, supports)" in concept
    own = views.node_text(graph, BOB, hostile.quotes, {BOB: ["statement:b1"]})
    assert own.endswith(f"\u201c{PLAIN_QUOTE}\u201d (session 2, opposes)")


def test_layout_is_seeded_and_spread():
    graph = nx.les_miserables_graph()
    first = views.layout(graph, seed=7)
    assert first == views.layout(graph, seed=7)
    assert first != views.layout(graph, seed=8)
    xs = [x for x, _ in first.values()]
    assert max(xs) - min(xs) > 500  # pixels: nodes are not piled on one spot
    assert len(set(first.values())) == graph.number_of_nodes()


def test_same_graph_same_page_and_no_network_used(hostile, no_network):
    assert views.view(hostile, "full").html == views.view(hostile, "full").html
    assert no_network == []


def test_ego_view_by_id_label_and_slug(corpus):
    graph = networks.congruence(corpus)
    sub, node = views.ego(graph, "person:barbara-masciangelo", 1)
    assert node == "person:barbara-masciangelo"
    assert set(sub.nodes) == {node, *graph.neighbors(node)}
    assert views.ego(graph, "Barbara Masciangelo", 0)[0].number_of_nodes() == 1
    assert views.resolve_node(graph, "barbara-masciangelo") == node
    assert views.resolve_node(
        graph, "https://w3id.org/migration-kg/person/barbara-masciangelo") == node
    deeper, _ = views.ego(graph, node, 2)
    assert deeper.number_of_nodes() > sub.number_of_nodes()
    with pytest.raises(InputError, match="no node") as raised:
        views.ego(graph, "Barbara Masciangel", 1)
    assert "Barbara Masciangelo" in (raised.value.hint or "")
    with pytest.raises(InputError, match="depth"):
        views.ego(graph, node, -1)


def test_ego_view_of_a_directed_graph_follows_edges_both_ways(hostile):
    graph = networks.full(hostile)
    sub, _ = views.ego(graph, I1, 1)
    assert {EVE, BOB, I1} <= set(sub.nodes)  # both only point at i1


def test_notebook_view_embeds_the_escaped_page(hostile_page):
    shown = views.notebook_view(hostile_page)._repr_html_()
    assert shown.startswith('<iframe srcdoc="')
    assert "<script" not in shown
    srcdoc = re.match(r'<iframe srcdoc="([^"]*)"', shown).group(1)
    assert html.unescape(srcdoc) == hostile_page.html
    assert 'sandbox="allow-scripts"' in shown


def test_render_accepts_a_plain_networkx_graph():
    graph = nx.path_graph(4)
    page = views.render(graph, title="path")
    assert (page.nodes, page.edges) == (4, 3)
    assert '"group":"other"' in page.html


# ----------------------------------------------------------------------------- CLI


def test_cli_view_writes_an_ego_page(tmp_path, capsys):
    out = tmp_path / "ego.html"
    assert main(["view", "congruence", "--focus", "person:mary-robinson", "--depth", "1",
                 "--out", str(out)]) == 0
    assert "ego view of Mary Robinson" in out.read_text(encoding="utf-8")
    assert f"wrote {out}" in capsys.readouterr().err


BAD_VIEWS = [
    (["view", "full", "--depth", "2"], "--depth needs --focus"),
    (["view", "full", "--out", "page.png"], "must end in .html"),
    (["view", "congruence", "--focus", "nobody-at-all"], "no node 'nobody-at-all'"),
]


def test_bad_view_cases_are_not_empty():
    assert len(BAD_VIEWS) == 3


@pytest.mark.parametrize(("argv", "message"), BAD_VIEWS)
def test_cli_view_bad_input_exits_2(argv, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert message in capsys.readouterr().err


# ----------------------------------------------------------------------------- in the browser




def wait_drawn(page: Any) -> None:
    page.wait_for_function("() => window.mkgView && window.mkgView.ready === true",
                           timeout=60_000)


def hover_node(page: Any, node: str) -> str:
    """Move the mouse onto ``node`` and return the tooltip's innerHTML."""
    x, y = page.evaluate(
        """(id) => {
             const p = network.canvasToDOM(network.getPosition(id));
             const r = document.getElementById('mkg-network').getBoundingClientRect();
             return [p.x + r.left, p.y + r.top];
           }""", node)
    page.mouse.move(x - 40, y - 40)
    page.mouse.move(x, y, steps=4)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=10_000)
    return page.inner_html("div.vis-tooltip")


@pytest.fixture(scope="module")
def hostile_file(hostile_page, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("views") / "hostile.html"
    views.save(hostile_page, path)
    return path


def test_browser_hostile_quote_shows_as_text_and_never_runs(browser, hostile_file):
    opened = open_page(browser, hostile_file.as_uri())
    page = opened.page
    wait_drawn(page)
    assert page.evaluate("[network.body.data.nodes.length, network.body.data.edges.length]") \
        == [3, 2]
    inner = hover_node(page, EVE)
    assert html.escape(HOSTILE_QUOTE, quote=False) in inner
    assert html.escape(HOSTILE_LABEL, quote=False) in inner
    assert HOSTILE_QUOTE in page.text_content("div.vis-tooltip")
    assert page.evaluate("document.querySelectorAll('div.vis-tooltip *:not(br)').length") == 0
    page.mouse.click(*page.evaluate(
        """() => { const p = network.canvasToDOM(network.getPosition('person:eve'));
                   const r = document.getElementById('mkg-network').getBoundingClientRect();
                   return [p.x + r.left, p.y + r.top]; }"""))
    assert HOSTILE_QUOTE in page.text_content("#mkg-details")
    page.fill("#mkg-search", "Eve <img")
    page.press("#mkg-search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == [EVE]
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img, iframe, a').length") == 0
    assert page.title() == HOSTILE_TITLE
    assert opened.errors == []
    assert opened.outside_requests() == []
    page.context.close()


def test_browser_plain_quote_tooltip_on_an_edge_end(browser, hostile_file):
    opened = open_page(browser, hostile_file.as_uri())
    wait_drawn(opened.page)
    inner = hover_node(opened.page, BOB)
    assert f"\u201c{PLAIN_QUOTE}\u201d (session 2, opposes)" in inner
    assert opened.errors == []
    opened.page.context.close()


@pytest.fixture(scope="module")
def full_view(corpus, tmp_path_factory) -> tuple[Path, nx.MultiDiGraph]:
    graph = networks.full(corpus)
    path = tmp_path_factory.mktemp("views") / "full.html"
    views.save(views.view(corpus, "full"), path)
    return path, graph


def test_browser_full_corpus_view_counts_legend_filter_and_search(browser, full_view):
    path, graph = full_view
    opened = open_page(browser, path.as_uri())
    page = opened.page
    wait_drawn(page)
    assert page.evaluate("[network.body.data.nodes.length, network.body.data.edges.length]") \
        == [graph.number_of_nodes(), graph.number_of_edges()]
    legend = page.locator("#mkg-legend li[data-kind]").all_text_contents()
    people = sum(1 for _, d in graph.nodes(data=True) if d["kind"] == "person")
    assert any(t.endswith(f"person ({people})") for t in legend)
    assert page.locator("#mkg-legend li[data-tone='disagree']").count() == 1
    # responses the curators inferred are dashed, the one the report states is solid
    inferred = sum(1 for *_, d in graph.edges(data=True) if d.get("basis") == "inferred")
    assert inferred == 3
    assert page.evaluate("mkgView.edges.get({filter: e => e.dashes === true}).length") \
        == inferred
    assert page.text_content("#mkg-legend li[data-basis='inferred']").endswith(f"({inferred})")
    instruments = sum(1 for _, d in graph.nodes(data=True) if d["kind"] == "instrument")
    assert instruments > 0
    page.uncheck("#mkg-filter input[value='instrument']")
    hidden = page.evaluate(
        "mkgView.nodes.get({filter: n => n.hidden === true}).map(n => n.group)")
    assert hidden == ["instrument"] * instruments
    assert page.text_content("#mkg-shown") == \
        f"{graph.number_of_nodes() - instruments} of {graph.number_of_nodes()} nodes shown"
    page.check("#mkg-filter input[value='instrument']")
    assert page.evaluate("mkgView.nodes.get({filter: n => n.hidden === true}).length") == 0
    page.fill("#mkg-search", "Jorge Bustamante")
    page.press("#mkg-search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == ["person:jorge-bustamante"]
    assert "Special Rapporteur" in page.text_content("#mkg-details")
    inner = hover_node(page, "person:jorge-bustamante")
    assert "Jorge Bustamante<br>person<br>" in inner
    assert "(session 1, " in inner
    assert opened.errors == []
    assert opened.outside_requests() == []
    page.context.close()


def test_browser_ego_view_draws_only_the_neighbourhood(browser, corpus, tmp_path):
    graph = networks.congruence(corpus)
    sub, node = views.ego(graph, "person:mary-robinson", 1)
    path = tmp_path / "ego.html"
    views.save(views.view(corpus, "congruence", focus=node, depth=1), path)
    opened = open_page(browser, path.as_uri())
    wait_drawn(opened.page)
    assert opened.page.evaluate(
        "[network.body.data.nodes.length, network.body.data.edges.length]") == \
        [sub.number_of_nodes(), sub.number_of_edges()]
    assert sub.number_of_nodes() < graph.number_of_nodes() or \
        sub.number_of_nodes() == graph.number_of_nodes() > 1
    assert opened.errors == [] and opened.outside_requests() == []
    opened.page.context.close()


def test_browser_notebook_iframe_renders_the_network(browser, hostile_page):
    context = browser.new_context()
    requests: list[str] = []
    context.route("**/*", lambda route: (requests.append(route.request.url), route.abort()))
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_content(views.notebook_view(hostile_page, height=500)._repr_html_())
    frame = page.frames[1]
    frame.wait_for_function("() => window.mkgView && window.mkgView.ready === true",
                            timeout=60_000)
    assert frame.evaluate("network.body.data.nodes.length") == 3
    assert frame.evaluate("typeof window.__pwned") == "undefined"
    assert errors == [] and requests == []
    context.close()
