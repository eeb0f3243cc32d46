"""The view page: pyvis fills the network, this module writes the standalone offline HTML.

Why the page is built here and not by pyvis's own template (pyvis 0.3.2, measured):

* ``cdn_resources="in_line"`` still fetches Bootstrap from a CDN, so the page would not work
  offline; here vis-network's JS (shipped inside the pyvis package) is inlined with the page's
  own script and style (``static/``), and the page loads nothing at all. A
  Content-Security-Policy allows only those scripts (by hash) and data: images;
* pyvis switches every tooltip to raw HTML as soon as one title contains ``href`` and writes
  ``heading`` unescaped. Here every text from the data reaches the page as JSON (escaped so it
  cannot close the script element) and is shown only as text: tooltips are plain strings,
  which vis-network 9 sets with ``innerText``, and the details panel uses ``textContent``;
  text written into the HTML itself goes through ``html.escape``;
* pyvis's ``Network.add_node`` checks for duplicates in a list (quadratic: minutes at 10,000
  nodes) and ``from_nx`` is slower still, so the node and edge lists of the pyvis ``Network``
  are filled directly; pyvis's ``get_network_data`` then gives the page its data;
* positions come from python-igraph's Fruchterman-Reingold with a fixed seed (same graph, same
  picture), physics is off and edges are straight, so thousands of nodes draw in seconds.

In Jupyter, VS Code and JupyterLab use :func:`notebook_view` (or :func:`show`): it embeds the
page as an ``<iframe srcdoc>``, which works where pyvis's ``show()`` comes up blank.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from migration_kg.io.atomic import write_file
from migration_kg.networks.data import Discourse, Quote, discourse
from migration_kg.networks.registry import SEED, Network, NetworkOptions, build_network
from migration_kg.views.placement import ego, layout
from migration_kg.views.text import MAX_DETAIL_QUOTES, edge_text, node_text
from migration_kg.web import asset, csp_hash, script_json

# Node kind -> (colour, vis-network shape, legend symbol, legend text).
NODE_STYLE: dict[str, tuple[str, str, str, str]] = {
    "person": ("#4e79a7", "dot", "\u25cf", "person"),
    "participant": ("#a0a0a0", "dot", "\u25cf", "anonymous participant (the floor)"),
    "organization": ("#f28e2b", "square", "\u25a0", "organization"),
    "instrument": ("#7b4fa0", "diamond", "\u25c6", "instrument"),
    "topic": ("#59a14f", "triangle", "\u25b2", "topic"),
    "session": ("#edc948", "star", "\u2605", "session"),
    "event": ("#d4a017", "star", "\u2605", "event"),
    "country": ("#76b7b2", "triangleDown", "\u25bc", "country"),
    "initiative": ("#9c755f", "hexagon", "\u2b22", "initiative"),
    "other": ("#bab0ac", "dot", "\u25cf", "other"),
}
# Edge tone -> (colour, legend text).
TONE_STYLE: dict[str, tuple[str, str]] = {
    "agree": ("#1b7837", "agree: the actors hold a claim on the same side, or an actor agrees "
                         "with a claim"),
    "disagree": ("#b2182b", "disagree: on opposite sides of a claim, or an actor rejects it"),
    "mixed": ("#e08214", "mixed: both agreeing and disagreeing positions"),
    "none": ("#9e9e9e", "no agreement: a citation, a topic, a relation or a co-citation"),
}
MAX_SEARCH_OPTIONS = 5000
BIG_GRAPH = 2000  # from this many edges on, edges are hidden while dragging or zooming


@dataclass(frozen=True)
class Page:
    """A rendered view: the HTML and what it shows."""

    html: str
    nodes: int
    edges: int


@dataclass
class NotebookView:
    """Shows a view inline in Jupyter, VS Code or JupyterLab as an iframe whose srcdoc is the page.

    pyvis's ``show()`` writes a file and points an IFrame at it, which several frontends cannot
    load; ``srcdoc`` needs no file and no server. The sandbox lets the page's scripts run but
    gives them no access to the notebook.
    """

    html: str
    height: int = 650

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
                f'style="width:100%;height:{int(self.height)}px;border:0" '
                'sandbox="allow-scripts"></iframe>')


def pyvis_network(graph: Network, *, quotes: Mapping[str, Sequence[Quote]] | None = None,
                  focus: Any = None, seed: int = SEED) -> Any:
    """A pyvis ``Network`` with positions, styles and plain-text tooltips, filled directly.

    Useful to tweak options in Python; :func:`render` turns it into the offline page.
    """
    from pyvis.network import Network

    quotes = quotes or {}
    by_actor: dict[str, list[str]] = {}
    for statement, qs in quotes.items():
        for actor in {q.actor for q in qs}:
            by_actor.setdefault(actor, []).append(statement)
    positions = layout(graph, seed=seed)
    simple_degree = dict(nx.Graph(graph).degree())
    net = Network(directed=graph.is_directed(), cdn_resources="in_line")
    for node, attrs in graph.nodes(data=True):
        kind = str(attrs.get("kind") or "other")
        kind = kind if kind in NODE_STYLE else "other"
        x, y = positions[node]
        title = node_text(graph, node, quotes, by_actor)
        options: dict[str, Any] = {
            "id": str(node), "label": str(attrs.get("label", node)), "group": kind,
            "title": title, "x": x, "y": y, "value": simple_degree.get(node, 0) + 1,
        }
        details = node_text(graph, node, quotes, by_actor, limit=MAX_DETAIL_QUOTES)
        if details != title:
            options["details"] = details
        if node == focus:
            options.update(borderWidth=5, value=options["value"] + 20, font={"size": 22})
        net.nodes.append(options)
        net.node_ids.append(str(node))
        net.node_map[str(node)] = options
    for i, (u, v, data) in enumerate(graph.edges(data=True)):
        tone = str(data.get("tone") or "none")
        colour = TONE_STYLE.get(tone, TONE_STYLE["none"])[0]
        weight = data.get("weight", 1)
        value = abs(weight) if isinstance(weight, int | float) else 1
        net.edges.append({
            "id": f"e{i}", "from": str(u), "to": str(v), "tone": tone,
            "color": {"color": colour, "highlight": colour, "hover": colour},
            "value": value, "title": edge_text(graph, u, v, data, quotes),
            "dashes": data.get("basis") == "inferred",
        })
    big = graph.number_of_edges() >= BIG_GRAPH
    net.options = {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": seed},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "keyboard": {"enabled": True,
                                                             "bindToWindow": False}},
        "nodes": {"font": {"size": 14, "face": "sans-serif"},
                  "scaling": {"min": 8, "max": 30,
                              "label": {"enabled": True, "min": 12, "max": 20,
                                        "drawThreshold": 6}}},
        "edges": {"smooth": False, "color": {"inherit": False},
                  "scaling": {"min": 1, "max": 8},
                  "arrows": {"to": {"enabled": graph.is_directed(), "scaleFactor": 0.5}}},
        "groups": {kind: {"color": {"background": style[0], "border": "#333333",
                                    "highlight": {"background": style[0], "border": "#000000"},
                                    "hover": {"background": style[0], "border": "#000000"}},
                          "shape": style[1]}
                   for kind, style in NODE_STYLE.items()},
    }
    return net


@cache
def _vis_js() -> str:
    """vis-network 9.1.2 as shipped inside pyvis, without its source-map comment.

    Its 220 kB stylesheet is not needed: it styles the navigation buttons and the configurator,
    which the page does not use; the one rule that matters, the tooltip's, is in
    ``static/view.css``.
    """
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    return re.sub(r"//# sourceMappingURL=\S*", "", js).replace("</script", "<\\/script")


def tone_legend(stances: Mapping[str, str]) -> dict[str, str]:
    """The legend text of each edge tone; links name the speech acts of the scheme they carry."""
    acts = ", ".join(sorted(stances.values()))
    texts = {tone: text for tone, (_, text) in TONE_STYLE.items()}
    if acts:
        texts["none"] += f"; its details name the speech acts ({acts}), which carry no agreement"
    return texts


def _legend_html(kinds: Mapping[str, int], tones: Mapping[str, int],
                 tone_texts: Mapping[str, str], inferred: int = 0) -> str:
    esc = html.escape
    node_items = "".join(
        f'<li data-kind="{esc(kind)}"><span class="sym" style="color:{esc(NODE_STYLE[kind][0])}">'
        f"{esc(NODE_STYLE[kind][2])}</span>{esc(NODE_STYLE[kind][3])} ({count})</li>"
        for kind, count in kinds.items())
    edge_items = "".join(
        f'<li data-tone="{esc(tone)}"><span class="line" '
        f'style="background:{esc(TONE_STYLE[tone][0])}"></span>{esc(tone_texts[tone])} '
        f"({count})</li>"
        for tone, count in tones.items())
    if inferred:
        edge_items += ('<li data-basis="inferred"><span class="line dashed"></span>dashed: a '
                       "curators' reading (an inferred response), not stated in the report "
                       f"({inferred})</li>")
    return (f'<section id="mkg-legend"><h2>Legend</h2><ul class="legend-nodes">{node_items}'
            f'</ul><ul class="legend-edges">{edge_items}</ul></section>')


def _filter_html(kinds: Mapping[str, int]) -> str:
    esc = html.escape
    boxes = "".join(
        f'<label><input type="checkbox" value="{esc(kind)}" checked> '
        f"{esc(NODE_STYLE[kind][3])} ({count})</label>" for kind, count in kinds.items())
    return (f'<h2>Show node types</h2><fieldset id="mkg-filter">{boxes}</fieldset>'
            '<p id="mkg-shown"></p>')


def render(graph: Network, *, title: str = "migration-kg network",
           quotes: Mapping[str, Sequence[Quote]] | None = None, focus: str | None = None,
           depth: int = 1, seed: int = SEED,
           stances: Mapping[str, str] | None = None) -> Page:
    """The standalone, offline HTML page of ``graph`` (the ego view of ``focus`` if given)."""
    subtitle = ""
    focus_node = None
    if focus is not None:
        graph, focus_node = ego(graph, focus, depth)
        label = graph.nodes[focus_node].get("label", focus_node)
        subtitle = f"ego view of {label} ({focus_node}), depth {depth}"
    net = pyvis_network(graph, quotes=quotes, focus=focus_node, seed=seed)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    kinds: dict[str, int] = {}
    for node in nodes:
        kinds[node["group"]] = kinds.get(node["group"], 0) + 1
    kinds = {k: kinds[k] for k in NODE_STYLE if k in kinds}
    tones: dict[str, int] = {}
    for edge in edges:
        tones[edge["tone"]] = tones.get(edge["tone"], 0) + 1
    tones = {t: tones[t] for t in TONE_STYLE if t in tones}
    tone_texts = tone_legend(stances) if stances else \
        {t: text for t, (_, text) in TONE_STYLE.items()}
    payload = {"nodes": nodes, "edges": edges, "options": json.loads(options),
               "maxOptions": MAX_SEARCH_OPTIONS}
    vis_js = _vis_js()
    app_js = asset(__package__, "static/view.js")
    css = asset(__package__, "static/view.css")
    csp = ("default-src 'none'; "
           f"script-src {csp_hash(vis_js)} {csp_hash(app_js)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; "
           "base-uri 'none'; form-action 'none'")
    esc = html.escape
    counts = f"{len(nodes)} nodes \u00b7 {len(edges)} edges"
    page = "".join([
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{esc(title)}</title>\n",
        f"<style>{css}</style>\n",
        f"<script>{vis_js}</script>\n</head>\n<body>\n",
        f'<header><h1>{esc(title)}</h1><span id="mkg-counts">{esc(counts)}</span>',
        f'<span id="mkg-subtitle">{esc(subtitle)}</span></header>\n',
        '<div id="mkg-network" role="application" aria-label="network"></div>\n<aside>\n',
        '<form id="mkg-search-form" role="search"><h2><label for="mkg-search">Search'
        '</label></h2><input id="mkg-search" type="search" list="mkg-names" '
        'placeholder="name or id, then Enter" autocomplete="off">'
        '<datalist id="mkg-names"></datalist><span id="mkg-search-status"></span></form>\n',
        _filter_html(kinds), "\n",
        _legend_html(kinds, tones, tone_texts, sum(1 for e in edges if e.get("dashes"))), "\n",
        '<h2>Details</h2><div id="mkg-details">Click a node or an edge for its details; '
        "hover for a summary.</div>\n</aside>\n",
        f'<script type="application/json" id="mkg-data">{script_json(payload)}</script>\n',
        f"<script>{app_js}</script>\n</body>\n</html>\n",
    ])
    return Page(page, len(nodes), len(edges))


def write_view(graph: Network, out: Path | str, **options: Any) -> Page:
    """Render ``graph`` (see :func:`render`) and write the page to ``out``, atomically."""
    page = render(graph, **options)
    save(page, out)
    return page


def save(page: Page, out: Path | str) -> Path:
    """Write a rendered page to ``out`` atomically (a half-written page is never left behind)."""
    return write_file(Path(out), page.html)


def view(rdf: Graph | Discourse, kind: str, *, focus: str | None = None, depth: int = 1,
         title: str | None = None, options: NetworkOptions | None = None,
         **option_values: Any) -> Page:
    """The page of network ``kind`` of ``rdf``, with evidence quotes in the tooltips."""
    data = discourse(rdf)
    graph = build_network(data, kind, options, **option_values)
    return render(graph, title=title or f"migration-kg: {kind} network", quotes=data.quotes,
                  focus=focus, depth=depth, stances=data.stances)


def notebook_view(graph_or_page: Network | Page | str, *, height: int = 650,
                  **options: Any) -> NotebookView:
    """An object that Jupyter displays inline: a networkx graph, a rendered page or its HTML."""
    if isinstance(graph_or_page, nx.Graph):
        graph_or_page = render(graph_or_page, **options)
    text = graph_or_page.html if isinstance(graph_or_page, Page) else str(graph_or_page)
    return NotebookView(text, height)


def show(rdf: Graph | Discourse, kind: str, *, height: int = 650,
         **options: Any) -> NotebookView:
    """In a notebook: ``show(load_graph(), "congruence")`` displays that network's view inline."""
    return NotebookView(view(rdf, kind, **options).html, height)
