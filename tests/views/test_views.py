"""Network views: the HTML is checked as text, then opened in headless Chromium (Debian's
``/usr/bin/chromium`` driven by Playwright) with the network blocked, including a graph whose
evidence quote, labels and title try to inject script."""

from __future__ import annotations

import html
import json
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
    date; a country, what it is party to; an instrument no dataset records says nothing.
    Both come from the entity sections marked tooltip (queries/site/35-, 36-)."""
    graph = networks.full(corpus)

    def text(node: str) -> str:
        return views.node_text(graph, node, corpus.quotes, {}, facts=corpus.facts)

    assert ("Treaty status: 34 parties on 2006-06-27 (the date of a report that cites it); "
            "60 parties on 2026-02-03 (the date of the depositary's record)") \
        in text("instrument:icrmw-1990")
    mexico = text("country:mexico")
    assert ("1990 UN Convention on the Protection of the Rights of all Migrant Workers and "
            "Members of their Families, ratification, 1999-03-08") in mexico
    canada = text("country:canada")
    assert "Party to: " in canada and "Migrant Workers" not in canada
    assert "Treaty status" not in text("instrument:ilo-c097")


def test_edge_text_says_what_the_edge_means_in_words_with_quotes(hostile):
    graph = networks.actor_instrument(hostile)
    text = views.edge_text(graph, BOB, I1, graph.edges[BOB, I1], hostile.quotes)
    assert text.split("\n")[0] == "Bob cites Convention <i>One</i> in 1 statement (opposes)."
    assert f"\u201c{PLAIN_QUOTE}\u201d (Bob, session 2, opposes)" in text
    assert not re.search(r"\w=\w|weight:|speech acts:", text)
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
    assert f"person: filled circle ({people})" in [t.strip() for t in legend]
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
    assert page.text_content("#mkg-shown").startswith(
        f"{graph.number_of_nodes() - instruments} of {graph.number_of_nodes()} nodes and ")
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


# ----------------------------------------------------------------------------- an analyst's view


def test_every_class_has_its_own_shape_and_colour() -> None:
    from migration_kg.networks.data import KIND_OF_CLASS
    from migration_kg.networks.style import NODE_STYLES, SHAPES, TONE_STYLES

    kinds = {kind for _, kind in KIND_OF_CLASS}
    assert kinds <= set(NODE_STYLES)  # no class of the graph falls back to "other"
    assert len({s.shape for s in NODE_STYLES.values()}) == len(NODE_STYLES)
    assert len({s.colour.lower() for s in NODE_STYLES.values()}) == len(NODE_STYLES)
    assert {s.shape for s in NODE_STYLES.values()} <= set(SHAPES)
    assert len({t.colour for t in TONE_STYLES.values()}) == len(TONE_STYLES)


# Machado, Oliveira and Fernandes (2009), severity 1.0, on linear RGB.
DEFICIENCIES = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}


def _seen(colour: str, matrix: tuple[tuple[float, ...], ...]) -> tuple[float, ...]:
    from migration_kg.networks.style import rgb

    def linear(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    values = [linear(c) for c in rgb(colour)]
    return tuple(min(1.0, max(0.0, sum(m * v for m, v in zip(row, values, strict=True))))
                 for row in matrix)


def test_agree_and_disagree_stay_apart_for_colour_blind_readers() -> None:
    from migration_kg.networks.style import TONE_STYLES

    agree, disagree = TONE_STYLES["agree"].colour, TONE_STYLES["disagree"].colour
    for name, matrix in DEFICIENCIES.items():
        a, d = _seen(agree, matrix), _seen(disagree, matrix)
        assert sum((x - y) ** 2 for x, y in zip(a, d, strict=True)) ** 0.5 > 0.3, name


def test_edges_read_as_sentences_in_every_kind_of_network(corpus) -> None:
    def words(graph, u, v, key=None):
        data = graph.edges[u, v, key] if key else graph.edges[u, v]
        return " ".join(views.edge_words(graph, u, v, data, lambda c: corpus.info(c).label))

    congruence = networks.congruence(corpus)
    said = words(congruence, "person:mariana-olivera-west", "person:mary-robinson")
    assert said.startswith("Mariana Olivera West and Mary Robinson take the same side of ")
    assert "Both agree: \u201cEvery state should become party to the international " \
           "instruments that protect migrants.\u201d" in said
    full = networks.full(corpus)
    assert words(full, "person:mary-robinson", "organization:united-nations",
                 "mkg:PostHolding") == ("Mary Robinson formerly held the post of High "
                                        "Commissioner for Human Rights in United Nations.")
    assert words(full, "person:mary-robinson", "claim:ratify-icrmw", "mkg:agreement") == (
        "Mary Robinson agrees with the claim \u201cStates should ratify the 1990 Migrant "
        "Workers Convention.\u201d in 1 statement (calls for).")
    inferred = [(u, v) for u, v, k in full.edges(keys=True) if k == "mkg:inferredResponseTo"]
    assert inferred and all("curators' reading" in words(full, u, v, "mkg:inferredResponseTo")
                            for u, v in inferred)
    instruments = networks.instrument_cocitation(corpus)
    u, v = next(iter(instruments.edges))
    assert " are cited together in " in words(instruments, u, v)
    everything = [w for graph in (congruence, full, instruments, networks.actor_claim(corpus),
                                  networks.actor_cocitation(corpus))
                  for u, v, d in graph.edges(data=True)
                  for w in views.edge_words(graph, u, v, d, lambda c: corpus.info(c).label)]
    assert everything and not [w for w in everything if re.search(r"\w=\w|:\w+-\w+", w)]


def test_a_view_in_a_site_links_nodes_and_quotes(corpus) -> None:
    page = views.view(corpus, "congruence", site_root="../").html
    data = json.loads(html.unescape(re.search(
        r'<script type="application/json" id="mkg-data">(.*?)</script>', page).group(1))
        .replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&"))
    robinson = next(n for n in data["nodes"] if n["id"] == "person:mary-robinson")
    assert robinson["href"] == "../person/mary-robinson.html"
    statement = data["statements"][robinson["statements"][0]]
    assert statement["reader"] == "../report/2006-06-27-migration-and-human-rights.html"
    assert statement["href"].startswith("../statement/2006-06-27-migration-and-human-rights/")
    standalone = views.view(corpus, "congruence").html
    assert '"href"' not in standalone and '"reader"' not in standalone


def test_gexf_carries_positions_colours_and_time(corpus, tmp_path) -> None:
    from migration_kg.networks.style import NODE_STYLES, rgb

    graph = networks.build_network(corpus, "full")
    [path] = networks.export(graph, "gexf", tmp_path / "full.gexf")
    back = nx.read_gexf(path)
    robinson = back.nodes["person:mary-robinson"]
    assert set(robinson["viz"]["position"]) == {"x", "y", "z"}
    assert tuple(robinson["viz"]["color"][c] for c in "rgb") == rgb(NODE_STYLES["person"].colour)
    assert robinson["start"] == "2006-06-27"
    assert back.graph["mode"] == "dynamic"
    positions = {tuple(d["viz"]["position"].values()) for _, d in back.nodes(data=True)}
    assert len(positions) == back.number_of_nodes()


@pytest.fixture(scope="module")
def two_reports(shipped_graph, mini_graph) -> networks.Discourse:
    """The shipped report (2006) and the mini corpus (2010) in one graph."""
    both = Graph()
    for triple in shipped_graph:
        both.add(triple)
    for triple in mini_graph:
        both.add(triple)
    return networks.Discourse.from_graph(both)


def test_networks_of_several_reports_are_dated(two_reports) -> None:
    graph = networks.build_network(two_reports, "actor-instrument")
    dates = {d["date"] for *_, d in graph.edges(data=True)}
    assert dates == {"2006-06-27", "2010-07-01"}
    assert graph.nodes["person:mary-robinson"]["date"] == "2006-06-27"


# ----------------------------------------------------------------------------- ... in the browser

REPORT_SIZE = {"width": 1280, "height": 800}
"""The window the full view of the report is checked in: a laptop screen."""


def open_view(browser: Any, path: Path, **options: Any) -> Any:
    opened = open_page(browser, path.as_uri(), viewport=REPORT_SIZE, accept_downloads=True,
                       **options)
    wait_drawn(opened.page)
    return opened


def check_labels(page: Any) -> list[dict[str, Any]]:
    """The drawn label boxes: each inside the canvas, no two overlapping."""
    labels = page.evaluate("mkgView.labels")
    size = page.evaluate("[document.getElementById('mkg-network').clientWidth, "
                         "document.getElementById('mkg-network').clientHeight]")
    assert page.evaluate("mkgView.canvasSize") == {"width": size[0], "height": size[1]}
    for box in labels:
        assert box["left"] >= 0 and box["top"] >= 0, box
        assert box["left"] + box["width"] <= size[0] and box["top"] + box["height"] <= size[1]
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            apart = (a["left"] + a["width"] <= b["left"] or b["left"] + b["width"] <= a["left"]
                     or a["top"] + a["height"] <= b["top"] or b["top"] + b["height"] <= a["top"])
            assert apart, (a["text"], b["text"])
    return labels


def test_browser_full_view_labels_never_overlap_or_leave_the_canvas(browser, full_view) -> None:
    path, graph = full_view
    opened = open_view(browser, path)
    page = opened.page
    labels = check_labels(page)
    speakers = {n for n, d in graph.nodes(data=True)
                if d["kind"] == "person" and d.get("statement_count")}
    assert len(speakers) == 12  # 14 people, of whom Michel and Sutherland did not speak
    assert speakers <= {box["id"] for box in labels}  # every speaker is named at once
    assert len(labels) >= 60
    drawn = page.evaluate("mkgView.drawCount")
    page.evaluate("network.moveTo({scale: network.getScale() * 2.5, animation: false})")
    page.wait_for_function("(n) => mkgView.drawCount > n", arg=drawn)
    zoomed = check_labels(page)  # zoomed in: fewer nodes on screen, still no overlap
    assert zoomed
    assert opened.errors == []
    page.context.close()


def test_browser_the_focus_of_an_ego_view_is_labelled_in_full(browser, corpus, tmp_path) -> None:
    path = tmp_path / "ego.html"
    views.save(views.view(corpus, "full", focus="person:mary-robinson", depth=1), path)
    opened = open_view(browser, path)
    labels = check_labels(opened.page)
    assert labels[0]["id"] == "person:mary-robinson"
    assert labels[0]["text"] == "Mary Robinson"
    opened.page.context.close()


def test_browser_png_and_svg_export_the_view(browser, full_view, tmp_path) -> None:
    from PIL import Image

    path, _ = full_view
    opened = open_view(browser, path)
    page = opened.page
    with page.expect_download() as download:
        page.click("#mkg-png")
    png = tmp_path / download.value.suggested_filename
    download.value.save_as(png)
    assert png.name == "migration-kg-full-network.png"
    image = Image.open(png)
    assert image.format == "PNG" and image.size[0] >= REPORT_SIZE["width"] / 2
    colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # a picture, not a blank canvas
    with page.expect_download() as download:
        page.click("#mkg-svg")
    svg = tmp_path / download.value.suggested_filename
    download.value.save_as(svg)
    from xml.etree import ElementTree

    root = ElementTree.parse(svg).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    shapes = root.findall(f"{ns}polygon") + root.findall(f"{ns}circle")
    assert len(shapes) == page.evaluate("mkgView.nodes.get({filter: n => !n.hidden}).length")
    assert [t.text for t in root.findall(f"{ns}text")] == \
        [box["text"] for box in page.evaluate("mkgView.labels")]
    assert len(root.findall(f"{ns}line")) == page.evaluate("mkgView.edges.length")
    assert len(root.findall(f"{ns}path[@class='leader']")) == \
        page.evaluate("mkgView.labels.filter(l => l.leader).length")
    assert opened.errors == []
    page.context.close()


def test_browser_an_edge_is_explained_in_words_with_every_quote(browser, corpus, tmp_path) -> None:
    path = tmp_path / "congruence.html"
    views.save(views.view(corpus, "congruence"), path)
    graph = networks.congruence(corpus)
    u, v, data = max(graph.edges(data=True), key=lambda e: len(e[2]["statements"].split(";")))
    statements = data["statements"].split(";")
    quotes = sum(len(corpus.quotes[s]) for s in statements)
    opened = open_view(browser, path)
    page = opened.page
    edge = page.evaluate(f"mkgView.edges.get().find(e => e.from === '{u}' && e.to === '{v}').id")
    page.evaluate(f"mkgView.showEdge('{edge}')")
    words = page.locator("#mkg-details .words").all_text_contents()
    assert words[0].startswith(f"{graph.nodes[u]['label']} and {graph.nodes[v]['label']} take "
                               "the same side of ")
    assert page.locator("#mkg-details blockquote").count() == quotes  # all, none cut off
    assert len(statements) > 2
    assert not re.search(r"\w=\w", page.text_content("#mkg-details"))
    legend = page.text_content("#mkg-legend")
    assert "Node size" in legend and "Edge width: the edge's weight, the number of such " \
                                      "claims" in legend and "no direction" in legend
    assert opened.errors == []
    page.context.close()


def test_browser_ego_view_in_the_page(browser, full_view) -> None:
    path, graph = full_view
    opened = open_view(browser, path)
    page = opened.page
    page.fill("#mkg-search", "Naresh Singh")
    page.press("#mkg-search", "Enter")
    assert page.is_visible("#mkg-ego")
    page.select_option("#mkg-depth", "2")
    page.click("#mkg-ego-show")
    shown = set(page.evaluate("mkgView.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))
    expected, _ = views.ego(graph, "person:naresh-singh", 2)
    assert shown == set(expected.nodes)
    assert "neighbourhood of Naresh Singh, depth 2" in page.text_content("#mkg-subtitle")
    check_labels(page)
    page.click("#mkg-show-all")
    assert page.evaluate("mkgView.nodes.get({filter: n => n.hidden === true}).length") == 0
    page.goto(path.as_uri() + "#focus=person:mary-robinson")
    wait_drawn(page)
    shown = set(page.evaluate("mkgView.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))
    assert shown == set(views.ego(graph, "person:mary-robinson", 1)[0].nodes)
    assert opened.errors == []
    page.context.close()


def test_browser_session_filter_keeps_what_was_said_there(browser, corpus, full_view) -> None:
    path, graph = full_view
    opened = open_view(browser, path)
    page = opened.page
    sessions = page.locator("#mkg-sessions input").evaluate_all("bs => bs.map(b => b.value)")
    assert sessions == ["event:2006-06-27-session-1", "event:2006-06-27-session-2",
                        "event:2006-06-27-session-3"]
    page.uncheck("#mkg-sessions input[value='event:2006-06-27-session-1']")
    page.uncheck("#mkg-sessions input[value='event:2006-06-27-session-3']")
    in_two = {s for s, qs in corpus.quotes.items()
              if qs[0].session_id == "event:2006-06-27-session-2"}
    said = [(u, v) for u, v, d in graph.edges(data=True)
            if set(str(d.get("statements") or "").split(";")) & in_two]
    nodes = {n for edge in said for n in edge}
    shown = set(page.evaluate("mkgView.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))
    assert shown == nodes
    assert "person:mariana-olivera-west" in shown and "person:mary-robinson" not in shown
    check_labels(page)
    assert opened.errors == []
    page.context.close()


def test_browser_date_range_with_several_reports(browser, two_reports, tmp_path) -> None:
    path = tmp_path / "two.html"
    views.save(views.view(two_reports, "actor-instrument"), path)
    opened = open_view(browser, path)
    page = opened.page
    assert page.locator("#mkg-date-from option").all_text_contents() == ["2006-06-27",
                                                                         "2010-07-01"]
    page.select_option("#mkg-date-from", "2010-07-01")
    shown = set(page.evaluate("mkgView.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))
    graph = networks.build_network(two_reports, "actor-instrument")
    later = {n for u, v, d in graph.edges(data=True) if d.get("date") == "2010-07-01"
             for n in (u, v)}
    assert shown == later and "person:mary-robinson" not in shown
    assert opened.errors == []
    page.context.close()
