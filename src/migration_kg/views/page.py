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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from migration_kg.io.atomic import write_file
from migration_kg.namespaces import local_path
from migration_kg.networks.data import Discourse, Quote, discourse
from migration_kg.networks.registry import (
    NETWORK_KINDS,
    SEED,
    Network,
    NetworkOptions,
    build_network,
)
from migration_kg.networks.style import (
    NODE_STYLES,
    SHAPE_POINTS,
    TONE_STYLES,
    VIS_SHAPES,
    node_style,
)
from migration_kg.views.placement import ego, layout
from migration_kg.views.text import (
    MEASURE_WORDS,
    edge_text,
    edge_words,
    node_statements,
    node_text,
    split_list,
)
from migration_kg.web import asset, csp_hash, script_json

NODE_STYLE = NODE_STYLES
"""Node kind -> how it is drawn (see :mod:`migration_kg.networks.style`)."""
TONE_STYLE = TONE_STYLES
"""Edge tone -> its colour and meaning."""
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


def _statement_table(quotes: Mapping[str, Sequence[Quote]], names: Mapping[str, str],
                     site_root: str | None) -> dict[str, dict[str, Any]]:
    """Statement -> what the details panel shows of it: speaker, act, session, date, quotes
    (text, start, end) and, in a site, the links to its page and to its quotes in the reader."""
    table: dict[str, dict[str, Any]] = {}
    for statement, found in quotes.items():
        if not found:
            continue
        first = min(found, key=lambda q: (q.start, q.text))
        entry: dict[str, Any] = {
            "actor": first.actor, "speaker": names.get(first.actor, first.actor),
            "act": first.stance.replace("-", " "), "session": first.session,
            "sessionId": first.session_id, "date": first.date,
            "quotes": [[q.text, q.start, q.end] for q in sorted(found, key=lambda q: q.start)],
        }
        if site_root is not None:
            page = local_path(statement)
            reader = local_path(first.report) if first.report else None
            if page:
                entry["href"] = f"{site_root}{page}.html"
            if reader:
                entry["reader"] = f"{site_root}{reader}.html"
        table[statement] = entry
    return table


def pyvis_network(graph: Network, *, quotes: Mapping[str, Sequence[Quote]] | None = None,
                  focus: Any = None, seed: int = SEED, data: Discourse | None = None,
                  site_root: str | None = None) -> Any:
    """A pyvis ``Network`` with positions, styles, plain-text tooltips and what the details
    panel shows (each edge in words, the statements behind nodes and edges), filled directly.

    Useful to tweak options in Python; :func:`render` turns it into the offline page. ``data``
    (the graph's :class:`Discourse`) names claims and members the network itself lacks and
    adds the tooltip lines of the entity sections; ``site_root`` (the path from the page to a
    site built by ``migration-kg site``) links nodes to their pages and quotes to the reader.
    """
    from pyvis.network import Network

    quotes = quotes if quotes is not None else (data.quotes if data is not None else {})
    facts = data.facts if data is not None else {}

    def name(node: str) -> str:
        if node in graph:
            return str(graph.nodes[node].get("label", node))
        return data.info(node).label if data is not None else node

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
        options: dict[str, Any] = {
            "id": str(node), "name": str(attrs.get("label", node)), "group": kind,
            "title": node_text(graph, node, quotes, by_actor, facts=facts, name=name),
            "x": x, "y": y, "value": simple_degree.get(node, 0) + 1,
            "lines": _detail_lines(attrs, facts.get(str(node), ()), name),
            "statements": node_statements(graph, node, by_actor),
        }
        page = local_path(str(node)) if site_root is not None else None
        if page:
            options["href"] = f"{site_root}{page}.html"
        if node == focus:
            options.update(borderWidth=5, value=options["value"] + 20, focus=True)
        net.nodes.append(options)
        net.node_ids.append(str(node))
        net.node_map[str(node)] = options
    for i, (u, v, edge) in enumerate(graph.edges(data=True)):
        tone = str(edge.get("tone") or "none")
        colour = TONE_STYLE.get(tone, TONE_STYLE["none"]).colour
        weight = edge.get("weight", 1)
        value = abs(weight) if isinstance(weight, int | float) else 1
        net.edges.append({
            "id": f"e{i}", "from": str(u), "to": str(v), "tone": tone,
            "color": {"color": colour, "highlight": colour, "hover": colour},
            "value": value, "title": edge_text(graph, u, v, edge, quotes, name=name),
            "words": edge_words(graph, u, v, edge, name),
            "statements": split_list(edge.get("statements")),
            "dashes": edge.get("basis") == "inferred",
        })
    big = graph.number_of_edges() >= BIG_GRAPH
    net.options = {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": seed},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "keyboard": {"enabled": True,
                                                             "bindToWindow": False}},
        "nodes": {"shape": "custom", "borderWidth": 1, "borderWidthSelected": 3,
                  "scaling": {"min": 7, "max": 26, "label": {"enabled": False}}},
        "edges": {"smooth": False, "color": {"inherit": False},
                  "scaling": {"min": 1, "max": 8, "label": {"enabled": False}},
                  "arrows": {"to": {"enabled": graph.is_directed(), "scaleFactor": 0.5}}},
        "groups": {kind: {"color": {"background": style.colour, "border": "#333333",
                                    "highlight": {"background": style.colour,
                                                  "border": "#000000"},
                                    "hover": {"background": style.colour,
                                              "border": "#000000"}},
                          "shape": style.shape if style.shape in VIS_SHAPES else "custom"}
                   for kind, style in NODE_STYLE.items()},
    }
    return net


def _detail_lines(attrs: Mapping[str, Any], facts: Sequence[tuple[str, str]],
                  name: Callable[[str], str]) -> list[str]:
    """The lines of a node's details besides its statements: posts, members, section facts."""
    lines = []
    category = attrs.get("category")
    if category:
        lines.append(str(category).replace(";", ", "))
    if attrs.get("posts"):
        lines.append("Posts: " + "; ".join(split_list(attrs["posts"])))
    if attrs.get("former_posts"):
        lines.append("Former posts: " + "; ".join(split_list(attrs["former_posts"])))
    if attrs.get("members"):
        lines.append("Speaking members: " + ", ".join(name(m)
                                                      for m in split_list(attrs["members"])))
    lines.extend(f"{heading}: {text}" for heading, text in facts)
    for key, words in MEASURE_WORDS.items():
        if key in attrs:
            lines.append(f"{words}: {attrs[key]}")
    return lines


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
    texts = {tone: style.words for tone, style in TONE_STYLE.items()}
    if acts:
        texts["none"] += f"; its details name the speech acts ({acts}), which carry no agreement"
    return texts


def symbol_svg(kind: str, size: int = 16) -> str:
    """A node kind's shape and colour as a small inline SVG, for the legend and the filters."""
    style = node_style(kind)
    half = size / 2
    radius = size * 0.36
    points = SHAPE_POINTS.get(style.shape, ())
    if style.shape == "ring":
        shape = (f'<circle cx="{half}" cy="{half}" r="{radius * 0.85:.2f}" fill="#ffffff" '
                 f'stroke="{style.colour}" stroke-width="3"/>')
    elif not points:
        shape = (f'<circle cx="{half}" cy="{half}" r="{radius:.2f}" fill="{style.colour}" '
                 'stroke="#333333"/>')
    else:
        path = " ".join(f"{half + x * radius:.2f},{half + y * radius:.2f}" for x, y in points)
        shape = f'<polygon points="{path}" fill="{style.colour}" stroke="#333333"/>'
    return (f'<svg class="sym" width="{size}" height="{size}" viewBox="0 0 {size} {size}" '
            f'aria-hidden="true" focusable="false">{shape}</svg>')


def weight_words(graph: Network) -> str:
    """What an edge's width (its weight) counts in this network, from the registry's words."""
    name = str(graph.graph.get("name", "")).replace("actor x ", "actor-").replace(
        " co-citation", "-cocitation")
    kind = next((k for k in NETWORK_KINDS if k.name == name), None)
    if kind is not None and "weight = " in kind.definition:
        counted = kind.definition.split("weight = ", 1)[1]
        if graph.graph.get("normalization") not in (None, "none"):
            counted += f", normalised ({graph.graph['normalization']})"
        return f"Edge width: the edge's weight, the number of {counted}."
    return ("Edge width: the edge's weight, the number of statements behind it (1 for a "
            "relation between entities).")


def _legend_html(kinds: Mapping[str, int], tones: Mapping[str, int],
                 tone_texts: Mapping[str, str], inferred: int, graph: Network) -> str:
    esc = html.escape
    node_items = "".join(
        f'<li data-kind="{esc(kind)}">{symbol_svg(kind)} <strong>{esc(NODE_STYLE[kind].noun)}'
        f"</strong>: {esc(NODE_STYLE[kind].shape_word)} ({count})</li>"
        for kind, count in kinds.items())
    edge_items = "".join(
        f'<li data-tone="{esc(tone)}"><span class="line" data-colour="{esc(tone)}"></span>'
        f"{esc(TONE_STYLE[tone].colour_word)}, {esc(tone_texts[tone])} ({count})</li>"
        for tone, count in tones.items())
    if inferred:
        edge_items += ('<li data-basis="inferred"><span class="line dashed"></span>dashed: a '
                       "curators' reading (an inferred response), not stated in the report "
                       f"({inferred})</li>")
    arrows = ("<p>Arrows point from the speaker to what they cite, hold, criticise or answer, "
              "and from a part to its whole (a session to its meeting, a protocol to the "
              "convention it supplements).</p>" if graph.is_directed() else
              "<p>Edges have no direction: both ends share what the edge says.</p>")
    return (f'<details id="mkg-legend" open><summary>Legend</summary>'
            f'<p>Shapes and colours: the kind of each node.</p><ul class="legend-nodes">'
            f"{node_items}</ul><p>Node size: how many others a node is linked to (its "
            "degree).</p><p>Labels: the most connected nodes are named first, where a name "
            "fits without covering another; zoom in to see more, hover or select any node "
            f'for its name.</p><p>Edge colour: agreement.</p><ul class="legend-edges">'
            f"{edge_items}</ul><p>{esc(weight_words(graph))}</p>{arrows}</details>")


def _filter_html(kinds: Mapping[str, int], sessions: Mapping[str, str],
                 dates: Sequence[str]) -> str:
    esc = html.escape
    boxes = "".join(
        f'<label><input type="checkbox" value="{esc(kind)}" checked> {symbol_svg(kind, 13)} '
        f"{esc(NODE_STYLE[kind].noun)} ({count})</label>" for kind, count in kinds.items())
    parts = [f'<fieldset id="mkg-filter"><legend>Kinds of node</legend>{boxes}</fieldset>']
    if sessions:
        session_boxes = "".join(
            f'<label><input type="checkbox" value="{esc(sid)}" checked> {esc(label)}</label>'
            for sid, label in sessions.items())
        parts.append('<fieldset id="mkg-sessions"><legend>Said in the session</legend>'
                     f"{session_boxes}<p class=\"hint\">Unticking a session keeps the edges "
                     "backed by a statement made in a ticked one, and the nodes they join."
                     "</p></fieldset>")
    if len(dates) > 1:
        options = "".join(f'<option value="{esc(d)}">{esc(d)}</option>' for d in dates)
        parts.append('<fieldset id="mkg-dates"><legend>Said between</legend><label>from '
                     f'<select id="mkg-date-from">{options}</select></label> <label>to '
                     f'<select id="mkg-date-to">{options}</select></label></fieldset>')
    parts.append('<p id="mkg-shown" role="status"></p>')
    return "".join(parts)


def render(graph: Network, *, title: str = "migration-kg network",
           quotes: Mapping[str, Sequence[Quote]] | None = None, focus: str | None = None,
           depth: int = 1, seed: int = SEED,
           stances: Mapping[str, str] | None = None, data: Discourse | None = None,
           site_root: str | None = None) -> Page:
    """The standalone, offline HTML page of ``graph`` (the ego view of ``focus`` if given).

    ``data`` (the :class:`Discourse` the network was built from) gives quotes, stances, the
    names of claims and the tooltip lines; ``site_root`` links nodes and quotes into a site.
    """
    subtitle = ""
    focus_node = None
    if focus is not None:
        graph, focus_node = ego(graph, focus, depth)
        label = graph.nodes[focus_node].get("label", focus_node)
        subtitle = f"ego view of {label} ({focus_node}), depth {depth}"
    if data is not None:
        quotes = quotes if quotes is not None else data.quotes
        stances = stances if stances is not None else data.stances
    quotes = quotes or {}
    net = pyvis_network(graph, quotes=quotes, focus=focus_node, seed=seed, data=data,
                        site_root=site_root)
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
        {t: style.words for t, style in TONE_STYLE.items()}
    used = {s for edge in edges for s in edge["statements"]} | \
        {s for node in nodes for s in node["statements"]}
    names = {str(n): str(a.get("label", n)) for n, a in graph.nodes(data=True)}
    if data is not None:
        names.update({n: i.label for n, i in data.nodes.items() if n not in names})
    statements = _statement_table({s: quotes[s] for s in sorted(used) if s in quotes}, names,
                                  site_root)
    sessions = dict(sorted({(e["sessionId"], e["session"]) for e in statements.values()
                            if e["sessionId"]}, key=lambda x: (x[1], x[0])))
    dates = sorted({e["date"] for e in statements.values() if e["date"]})
    payload = {"nodes": nodes, "edges": edges, "options": json.loads(options),
               "maxOptions": MAX_SEARCH_OPTIONS, "statements": statements,
               "kinds": {k: {"colour": v.colour, "shape": v.shape, "noun": v.noun}
                         for k, v in NODE_STYLE.items()},
               "shapes": {k: [list(p) for p in v] for k, v in SHAPE_POINTS.items()},
               "directed": graph.is_directed(), "title": title,
               "siteRoot": site_root, "dates": dates}
    vis_js = _vis_js()
    app_js = asset(__package__, "static/view.js")
    css = asset(__package__, "static/view.css") + "".join(
        f'.line[data-colour="{tone}"]{{background:{style.colour}}}'
        for tone, style in TONE_STYLE.items())
    csp = ("default-src 'none'; "
           f"script-src {csp_hash(vis_js)} {csp_hash(app_js)}; "
           "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
           "base-uri 'none'; form-action 'none'")
    esc = html.escape
    counts = f"{len(nodes)} nodes \u00b7 {len(edges)} edges"
    home = (f'<a class="home" href="{esc(site_root)}index.html">migration-kg</a>'
            if site_root is not None else "")
    page = "".join([
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{esc(title)}</title>\n",
        f"<style>{css}</style>\n",
        f"<script>{vis_js}</script>\n</head>\n<body>\n",
        f"<header>{home}<h1>{esc(title)}</h1><span id=\"mkg-counts\">{esc(counts)}</span>",
        f'<span id="mkg-subtitle">{esc(subtitle)}</span></header>\n<main>\n',
        '<div id="mkg-network" role="application" aria-label="the network; select a node or '
        'an edge for its details"></div>\n<aside aria-label="details and controls">\n',
        '<section id="mkg-details-box" aria-labelledby="mkg-details-title">'
        '<h2 id="mkg-details-title">Details</h2><div id="mkg-details" aria-live="polite">'
        "Select a node or an edge for its details and every quote behind it; hover for a "
        "summary.</div>",
        '<div id="mkg-ego" hidden><label for="mkg-depth">Neighbourhood depth</label> '
        '<select id="mkg-depth"><option value="1">1</option><option value="2">2</option>'
        '<option value="3">3</option></select> <button type="button" id="mkg-ego-show">'
        'Show only its neighbourhood</button></div>'
        '<p><button type="button" id="mkg-show-all" hidden>Show the whole network</button>'
        "</p></section>\n",
        '<form id="mkg-search-form" role="search"><h2><label for="mkg-search">Search'
        '</label></h2><input id="mkg-search" type="search" list="mkg-names" '
        'placeholder="name or id, then Enter" autocomplete="off">'
        '<datalist id="mkg-names"></datalist><span id="mkg-search-status" role="status">'
        "</span></form>\n",
        "<section aria-labelledby=\"mkg-show-title\"><h2 id=\"mkg-show-title\">Show</h2>",
        _filter_html(kinds, sessions, dates), "</section>\n",
        '<section aria-labelledby="mkg-save-title"><h2 id="mkg-save-title">Save this view</h2>'
        '<button type="button" id="mkg-png">PNG picture</button> '
        '<button type="button" id="mkg-svg">SVG drawing</button></section>\n',
        _legend_html(kinds, tones, tone_texts, sum(1 for e in edges if e.get("dashes")),
                     graph), "\n</aside>\n</main>\n",
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
         site_root: str | None = None, **option_values: Any) -> Page:
    """The page of network ``kind`` of ``rdf``, with evidence quotes in the tooltips; in a
    site (``site_root``, the path from the page to the site's root) with links to its pages."""
    data = discourse(rdf)
    graph = build_network(data, kind, options, **option_values)
    return render(graph, title=title or f"migration-kg: {kind} network", data=data,
                  focus=focus, depth=depth, site_root=site_root)


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
