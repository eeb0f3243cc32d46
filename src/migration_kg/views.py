"""Interactive network views: one standalone HTML page per network, safe and fast to open.

Why the page is built here and not by pyvis's own template (pyvis 0.3.2, measured):

* ``cdn_resources="in_line"`` still fetches Bootstrap from a CDN, so the page would not work
  offline; here vis-network's JS and CSS (shipped inside the pyvis package) are inlined and the
  page loads nothing at all. A Content-Security-Policy allows only the page's own two scripts
  (by hash) and data: images, so even a stray URL could not be fetched;
* pyvis switches every tooltip to raw HTML as soon as one title contains ``href`` and writes
  ``heading`` unescaped. Here every text from the data reaches the page as JSON (with ``<``,
  ``>`` and ``&`` escaped, so it cannot close the script element) and is shown only as text:
  tooltips are plain strings, which vis-network 9 sets with ``innerText``, and the details
  panel uses ``textContent``. Text written into the HTML itself goes through ``html.escape``;
* positions come from python-igraph's Fruchterman-Reingold with a fixed seed (same graph, same
  picture), physics is off and edges are straight, so thousands of nodes draw in seconds and
  stay pannable; pyvis's node and edge lists are filled directly (``from_nx`` is slow).

In Jupyter, VS Code and JupyterLab use :func:`notebook_view` (or :func:`show`): it embeds the
page as an ``<iframe srcdoc>``, which works where pyvis's ``show()`` comes up blank.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import html
import json
import math
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from migration_kg.errors import InputError
from migration_kg.namespaces import compact
from migration_kg.networks import (
    ACTOR_KINDS,
    SEED,
    Discourse,
    Quote,
    build_network,
    discourse,
)

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
    "positive": ("#2e7d32", "positive: supports, calls for, recommends; or agreement"),
    "negative": ("#c62828", "negative: opposes, criticises; or disagreement"),
    "neutral": ("#7a7a7a", "neutral: warns, reports, questions"),
    "mixed": ("#ef6c00", "mixed: both positive and negative statements"),
    "none": ("#c4c4c4", "no stance: a relation or a co-citation"),
}
MAX_TOOLTIP_QUOTES = 3
MAX_DETAIL_QUOTES = 40
MAX_QUOTE_CHARS = 400
MAX_SEARCH_OPTIONS = 5000
GRID_FROM = 300  # nodes: above this, Fruchterman-Reingold uses igraph's grid approximation
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


# ----------------------------------------------------------------------------- layout


def layout(graph: nx.Graph, *, seed: int = SEED) -> dict[Any, tuple[float, float]]:
    """Seeded Fruchterman-Reingold positions from python-igraph, scaled to pixels.

    igraph takes about a second for 10,000 nodes where networkx's spring layout took minutes.
    Its random numbers (start positions included) come from a ``random.Random(seed)``, so the
    same graph always gets the same picture. No start matrix is passed: with one, igraph 1.0
    turns off its grid approximation and took 30 s instead of 1 s for 5,000 nodes (measured).
    The grid is used from ``GRID_FROM`` nodes on (igraph's own threshold is 1,000, where the
    exact method takes 1.9 s against 0.17 s).
    """
    import igraph

    nodes = list(graph.nodes)
    if not nodes:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted({tuple(sorted((index[u], index[v]))) for u, v in graph.edges() if u != v})
    ig = igraph.Graph(n=len(nodes), edges=pairs)
    igraph.set_random_number_generator(random.Random(seed))
    try:
        coords = ig.layout_fruchterman_reingold(
            niter=500, grid="grid" if len(nodes) > GRID_FROM else "nogrid").coords
    finally:
        igraph.set_random_number_generator(random)
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    side = 120.0 * math.sqrt(len(nodes)) + 200.0
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {node: (round((x - cx) / span * side, 1), round((y - cy) / span * side, 1))
            for node, (x, y) in zip(nodes, coords, strict=True)}


# ----------------------------------------------------------------------------- ego view


def resolve_node(graph: nx.Graph, text: str) -> Any:
    """The node ``text`` names: its id, full IRI, label or slug (case-insensitive)."""
    if text in graph:
        return text
    if compact(text) in graph:
        return compact(text)
    wanted = text.strip().casefold()
    for matcher in (lambda n, a: str(a.get("label", "")).casefold() == wanted,
                    lambda n, a: str(n).rsplit("/", 1)[-1].rsplit(":", 1)[-1].casefold()
                    == wanted):
        found = [n for n, a in graph.nodes(data=True) if matcher(n, a)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise InputError(f"'{text}' names several nodes: {', '.join(map(str, found))}",
                             None, hint="give the node id instead")
    names = [str(n) for n in graph.nodes] + [str(a.get("label", ""))
                                             for _, a in graph.nodes(data=True)]
    close = difflib.get_close_matches(text, names, n=5, cutoff=0.5)
    hint = ("did you mean: " + ", ".join(close)) if close else \
        "give a node id such as person:jorge-bustamante, or a label"
    raise InputError(f"no node '{text}' in this network", None, hint=hint)


def ego(graph: nx.Graph, focus: str, depth: int = 1) -> tuple[nx.Graph, Any]:
    """The nodes within ``depth`` steps of ``focus`` (edges in either direction) and their edges."""
    if depth < 0:
        raise InputError(f"--depth must be 0 or more, not {depth}", None,
                         hint="e.g. --depth 1 for the node and its neighbours")
    node = resolve_node(graph, focus)
    return nx.ego_graph(graph, node, radius=depth, undirected=True), node


# ----------------------------------------------------------------------------- tooltips


def _clip(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _quote_lines(statements: Sequence[str], quotes: Mapping[str, Sequence[Quote]],
                 limit: int, graph: nx.Graph, speaker: Any = None) -> list[str]:
    """The quotes in report order, each with its session and stance, and its speaker unless
    the tooltip is the speaker's own."""
    found = [q for s in statements for q in quotes.get(s, ())]
    found.sort(key=lambda q: (q.start, q.statement))
    lines = []
    for q in found[:limit]:
        who = "" if q.actor == speaker else \
            str(graph.nodes[q.actor].get("label", q.actor)) if q.actor in graph else q.actor
        where = ", ".join(x for x in (who, q.session, q.stance) if x)
        lines.append(f"\u201c{_clip(q.text)}\u201d" + (f" ({where})" if where else ""))
    if len(found) > limit:
        lines.append(f"\u2026 and {len(found) - limit} more quotes")
    return lines


def _split(value: Any) -> list[str]:
    return [v for v in str(value or "").split(";") if v]


def _node_statements(graph: nx.Graph, node: Any, by_actor: Mapping[str, list[str]]) -> list[str]:
    attrs = graph.nodes[node]
    if attrs.get("kind") in ACTOR_KINDS:
        return by_actor.get(node, [])
    if attrs.get("kind") == "organization" and graph.graph.get("level") == "organization":
        return sorted({s for m in _split(attrs.get("members")) for s in by_actor.get(m, [])})
    found: set[str] = set()
    for _, _, data in graph.edges(node, data=True):
        found.update(_split(data.get("statements")))
    if graph.is_directed():
        for _, _, data in graph.in_edges(node, data=True):
            found.update(_split(data.get("statements")))
    return sorted(found)


def node_text(graph: nx.Graph, node: Any, quotes: Mapping[str, Sequence[Quote]],
              by_actor: Mapping[str, list[str]], *, limit: int = MAX_TOOLTIP_QUOTES) -> str:
    """The plain-text tooltip of a node: label, kind, posts, and evidence quotes with session."""
    attrs = graph.nodes[node]
    lines = [str(attrs.get("label", node))]
    kind = " \u00b7 ".join(str(x) for x in (attrs.get("kind"), attrs.get("category")) if x)
    if kind:
        lines.append(kind)
    lines.append(str(node))
    if attrs.get("posts"):
        lines.append("Posts: " + "; ".join(_split(attrs["posts"])))
    if attrs.get("former_posts"):
        lines.append("Former posts: " + "; ".join(_split(attrs["former_posts"])))
    if attrs.get("members"):
        lines.append("Speaking members: " + ", ".join(_split(attrs["members"])))
    statements = _node_statements(graph, node, by_actor)
    if statements:
        lines.append(f"{len(statements)} statement(s)")
        speaker = node if attrs.get("kind") in ACTOR_KINDS else None
        lines.extend(_quote_lines(statements, quotes, limit, graph, speaker))
    for key in ("degree", "betweenness", "community"):
        if key in attrs:
            lines.append(f"{key}: {attrs[key]}")
    return "\n".join(lines)


_EDGE_FIELDS = ("relation_label", "stances", "congruence", "conflict", "count", "post", "tenure",
                "agreements", "disagreements", "instruments")


def edge_text(graph: nx.Graph, u: Any, v: Any, data: Mapping[str, Any],
              quotes: Mapping[str, Sequence[Quote]], *, limit: int = 2) -> str:
    """The plain-text tooltip of an edge: its ends, weight, stances and evidence quotes."""
    ends = f"{graph.nodes[u].get('label', u)} \u2014 {graph.nodes[v].get('label', v)}"
    lines = [ends, f"weight: {data.get('weight', 1)}"]
    for key in _EDGE_FIELDS:
        if data.get(key) not in (None, ""):
            lines.append(f"{key.replace('_', ' ')}: {data[key]}")
    statements = _split(data.get("statements"))
    if statements:
        lines.append(f"{len(statements)} statement(s)")
        lines.extend(_quote_lines(statements, quotes, limit, graph))
    return "\n".join(lines)


# ----------------------------------------------------------------------------- pyvis network


def pyvis_network(graph: nx.Graph, *, quotes: Mapping[str, Sequence[Quote]] | None = None,
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


# ----------------------------------------------------------------------------- page


@cache
def _vis_js() -> str:
    """vis-network 9.1.2 as shipped inside pyvis, without its source-map comment.

    Its 220 kB stylesheet is not needed: it styles the navigation buttons and the configurator,
    which the page does not use; the one rule that matters, the tooltip's, is in ``_CSS``.
    """
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    return re.sub(r"//# sourceMappingURL=\S*", "", js).replace("</script", "<\\/script")


def _script_json(value: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``<``, ``>`` or ``&`` can end or open a tag."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() \
        + "'"


_CSS = """
html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, sans-serif; color: #222; }
body { display: grid; grid-template-columns: 1fr 320px; grid-template-rows: auto 1fr; }
header { grid-column: 1 / 3; padding: 6px 12px; border-bottom: 1px solid #ddd;
         display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; }
header h1 { font-size: 16px; margin: 0; }
#mkg-network { min-height: 300px; height: 100%; background: #fff; }
aside { border-left: 1px solid #ddd; padding: 8px 12px; overflow: auto; }
aside h2 { font-size: 13px; margin: 10px 0 4px; text-transform: uppercase; color: #555; }
#mkg-legend ul { list-style: none; margin: 0; padding: 0; }
#mkg-legend li { margin: 2px 0; }
.sym { display: inline-block; width: 1.3em; text-align: center; font-size: 16px; }
.line { display: inline-block; width: 22px; height: 4px; vertical-align: middle;
        margin: 0 0.3em 0 0; }
#mkg-filter { border: 0; padding: 0; margin: 0; }
#mkg-filter label { display: block; }
#mkg-search { width: 100%; box-sizing: border-box; }
#mkg-details { white-space: pre-wrap; font-size: 13px; }
div.vis-tooltip { position: absolute; visibility: hidden; pointer-events: none; z-index: 5;
                  padding: 5px 7px; background: #f5f4ed; border: 1px solid #808074;
                  border-radius: 3px; box-shadow: 3px 3px 10px rgba(0, 0, 0, 0.2); color: #000;
                  white-space: pre-wrap; max-width: 460px; font: 13px/1.35 system-ui,
                  sans-serif; }
"""

_APP_JS = """
(function () {
  "use strict";
  var payload = JSON.parse(document.getElementById("mkg-data").textContent);
  var nodes = new vis.DataSet(payload.nodes);
  var edges = new vis.DataSet(payload.edges);
  var container = document.getElementById("mkg-network");
  var state = { nodes: nodes, edges: edges, drawnAt: null, ready: false, drawCount: 0 };
  window.mkgView = state;
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, payload.options);
  state.network = network;
  window.network = network;
  network.on("afterDrawing", function () {
    state.drawCount += 1;
    if (!state.ready) {
      state.ready = true;
      state.drawnAt = performance.now();
      document.body.setAttribute("data-ready", "true");
    }
  });
  network.fit({ animation: false });

  var details = document.getElementById("mkg-details");
  var hint = details.textContent;
  function show(item) { details.textContent = item ? item.details || item.title || "" : hint; }
  network.on("click", function (p) {
    if (p.nodes.length) { show(nodes.get(p.nodes[0])); }
    else if (p.edges.length) { show(edges.get(p.edges[0])); }
    else { show(null); }
  });

  var boxes = Array.prototype.slice.call(
    document.querySelectorAll("#mkg-filter input[type=checkbox]"));
  var shown = document.getElementById("mkg-shown");
  function applyFilter() {
    var hidden = {};
    boxes.forEach(function (b) { hidden[b.value] = !b.checked; });
    var updates = [];
    nodes.forEach(function (n) {
      var h = hidden[n.group] === true;
      if ((n.hidden === true) !== h) { updates.push({ id: n.id, hidden: h }); }
    });
    if (updates.length) { nodes.update(updates); }
    var visible = nodes.get({ filter: function (n) { return n.hidden !== true; } }).length;
    shown.textContent = visible + " of " + nodes.length + " nodes shown";
  }
  boxes.forEach(function (b) { b.addEventListener("change", applyFilter); });
  state.applyFilter = applyFilter;

  var search = document.getElementById("mkg-search");
  var names = document.getElementById("mkg-names");
  payload.nodes.slice(0, payload.maxOptions).forEach(function (n) {
    var option = document.createElement("option");
    option.value = n.label;
    names.appendChild(option);
  });
  var status = document.getElementById("mkg-search-status");
  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) { status.textContent = ""; network.unselectAll(); return []; }
    var exact = [], partial = [];
    nodes.forEach(function (n) {
      var label = String(n.label).toLowerCase(), id = String(n.id).toLowerCase();
      if (label === q || id === q) { exact.push(n.id); }
      else if (label.indexOf(q) >= 0 || id.indexOf(q) >= 0) { partial.push(n.id); }
    });
    var found = exact.concat(partial);
    status.textContent = found.length ? found.length + " match(es)" : "no match";
    if (found.length) {
      network.selectNodes(found);
      network.focus(found[0], { scale: 1.2, animation: false });
      show(nodes.get(found[0]));
    }
    return found;
  }
  state.find = find;
  document.getElementById("mkg-search-form").addEventListener("submit", function (e) {
    e.preventDefault();
    find(search.value);
  });
  search.addEventListener("change", function () { find(search.value); });
})();
"""


def _legend_html(kinds: Mapping[str, int], tones: Mapping[str, int]) -> str:
    esc = html.escape
    node_items = "".join(
        f'<li data-kind="{esc(kind)}"><span class="sym" style="color:{esc(NODE_STYLE[kind][0])}">'
        f"{esc(NODE_STYLE[kind][2])}</span>{esc(NODE_STYLE[kind][3])} ({count})</li>"
        for kind, count in kinds.items())
    edge_items = "".join(
        f'<li data-tone="{esc(tone)}"><span class="line" '
        f'style="background:{esc(TONE_STYLE[tone][0])}"></span>{esc(TONE_STYLE[tone][1])} '
        f"({count})</li>"
        for tone, count in tones.items())
    return (f'<section id="mkg-legend"><h2>Legend</h2><ul class="legend-nodes">{node_items}'
            f'</ul><ul class="legend-edges">{edge_items}</ul></section>')


def _filter_html(kinds: Mapping[str, int]) -> str:
    esc = html.escape
    boxes = "".join(
        f'<label><input type="checkbox" value="{esc(kind)}" checked> '
        f"{esc(NODE_STYLE[kind][3])} ({count})</label>" for kind, count in kinds.items())
    return (f'<h2>Show node types</h2><fieldset id="mkg-filter">{boxes}</fieldset>'
            '<p id="mkg-shown"></p>')


def render(graph: nx.Graph, *, title: str = "migration-kg network",
           quotes: Mapping[str, Sequence[Quote]] | None = None, focus: str | None = None,
           depth: int = 1, seed: int = SEED) -> Page:
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
    payload = {"nodes": nodes, "edges": edges, "options": json.loads(options),
               "maxOptions": MAX_SEARCH_OPTIONS}
    vis_js = _vis_js()
    csp = ("default-src 'none'; "
           f"script-src {_sha256(vis_js)} {_sha256(_APP_JS)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; "
           "base-uri 'none'; form-action 'none'")
    esc = html.escape
    counts = f"{len(nodes)} nodes \u00b7 {len(edges)} edges"
    page = "".join([
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{esc(title)}</title>\n",
        f"<style>{_CSS}</style>\n",
        f"<script>{vis_js}</script>\n</head>\n<body>\n",
        f'<header><h1>{esc(title)}</h1><span id="mkg-counts">{esc(counts)}</span>',
        f'<span id="mkg-subtitle">{esc(subtitle)}</span></header>\n',
        '<div id="mkg-network" role="application" aria-label="network"></div>\n<aside>\n',
        '<form id="mkg-search-form" role="search"><h2><label for="mkg-search">Search'
        '</label></h2><input id="mkg-search" type="search" list="mkg-names" '
        'placeholder="name or id, then Enter" autocomplete="off">'
        '<datalist id="mkg-names"></datalist><span id="mkg-search-status"></span></form>\n',
        _filter_html(kinds), "\n", _legend_html(kinds, tones), "\n",
        '<h2>Details</h2><div id="mkg-details">Click a node or an edge for its details; '
        "hover for a summary.</div>\n</aside>\n",
        f'<script type="application/json" id="mkg-data">{_script_json(payload)}</script>\n',
        f"<script>{_APP_JS}</script>\n</body>\n</html>\n",
    ])
    return Page(page, len(nodes), len(edges))


def write_view(graph: nx.Graph, out: Path | str, **options: Any) -> Page:
    """Render ``graph`` (see :func:`render`) and write the page to ``out``, atomically."""
    page = render(graph, **options)
    save(page, out)
    return page


def save(page: Page, out: Path | str) -> Path:
    """Write a rendered page to ``out`` atomically (a half-written page is never left behind)."""
    path = Path(out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(page.html, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise InputError(f"cannot write the view ({exc.strerror or exc})", path,
                         hint="choose a writable --out path") from exc
    return path


# ----------------------------------------------------------------------------- from the graph


def view(rdf: Graph | Discourse, kind: str, *, focus: str | None = None, depth: int = 1,
         title: str | None = None, **network_options: Any) -> Page:
    """The page of network ``kind`` of ``rdf``, with evidence quotes in the tooltips."""
    data = discourse(rdf)
    graph = build_network(data, kind, **network_options)
    return render(graph, title=title or f"migration-kg: {kind} network", quotes=data.quotes,
                  focus=focus, depth=depth)


def notebook_view(graph_or_page: nx.Graph | Page | str, *, height: int = 650,
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
