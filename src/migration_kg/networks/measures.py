"""Measures on the networks: centrality, communities, most-cited instruments, bridges."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import Graph

from migration_kg.errors import InputError
from migration_kg.networks.affiliation import congruence
from migration_kg.networks.bipartite import actor_instrument
from migration_kg.networks.data import SUBJECT, Discourse, discourse, local_name
from migration_kg.networks.registry import SEED, Network

if TYPE_CHECKING:
    import pandas as pd


def _simple(graph: Network) -> Network:
    """An undirected simple graph whose weights are summed over parallel edges."""
    simple: Network = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for u, v, data in graph.edges(data=True):
        w = data.get("weight", 1)
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += w
        else:
            simple.add_edge(u, v, weight=w)
    return simple


def communities(graph: Network, *, seed: int = SEED) -> dict[str, int]:
    """Louvain communities (networkx, fixed seed) over the positive-weight edges.

    Negative subtract edges say "disagree", which must not pull actors into one community, so
    only edges with weight > 0 count. Communities are numbered 0, 1, ... by size, largest first,
    ties by their first node id, so the numbering is stable.
    """
    simple = _simple(graph)
    positive: Network = nx.Graph()
    positive.add_nodes_from(sorted(simple.nodes))
    positive.add_weighted_edges_from(
        sorted((u, v, d["weight"]) for u, v, d in simple.edges(data=True) if d["weight"] > 0))
    found = nx.community.louvain_communities(positive, weight="weight", seed=seed)
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    return {node: index for index, members in enumerate(ordered) for node in members}


def centrality(graph: Network) -> pd.DataFrame:
    """Degree, weighted degree, betweenness and community of every node, most central first.

    ``degree`` counts distinct neighbours; ``strength`` sums the edge weights; ``betweenness``
    is networkx's normalized shortest-path betweenness on the undirected graph, unweighted
    (weights here are similarities, not distances).
    """
    import pandas as pd

    simple = _simple(graph)
    between = nx.betweenness_centrality(simple, normalized=True)
    community = communities(graph)
    rows = [{
        "node": node,
        "label": graph.nodes[node].get("label", node),
        "kind": graph.nodes[node].get("kind", ""),
        "degree": simple.degree(node),
        "strength": round(float(simple.degree(node, weight="weight")), 6),
        "betweenness": round(between[node], 6),
        "community": community[node],
    } for node in simple.nodes]
    frame = pd.DataFrame(rows, columns=["node", "label", "kind", "degree", "strength",
                                        "betweenness", "community"])
    return frame.sort_values(["betweenness", "degree", "node"],
                             ascending=[False, False, True]).reset_index(drop=True)


def add_measures(graph: Network) -> Network:
    """Write ``degree``, ``strength``, ``betweenness`` and ``community`` on every node, in place."""
    for row in centrality(graph).to_dict("records"):
        node = graph.nodes[row["node"]]
        for key in ("degree", "strength", "betweenness", "community"):
            node[key] = row[key]
    return graph


def most_cited_instruments(rdf: Graph | Discourse, *, top: int | None = None) -> pd.DataFrame:
    """Instruments by the number of statements citing them, then by the number of actors."""
    import pandas as pd

    graph = actor_instrument(rdf)
    rows = []
    for node, attrs in graph.nodes(data=True):
        if attrs["bipartite"] != 1:
            continue
        statements = {s for _, _, d in graph.edges(node, data=True)
                      for s in d["statements"].split(";")}
        rows.append({"instrument": node, "label": attrs["label"],
                     "category": attrs["category"], "statements": len(statements),
                     "actors": graph.degree(node)})
    frame = pd.DataFrame(rows, columns=["instrument", "label", "category", "statements",
                                        "actors"])
    frame = frame.sort_values(["statements", "actors", "instrument"],
                              ascending=[False, False, True]).reset_index(drop=True)
    return frame.head(top) if top is not None else frame


def bridges(rdf: Graph | Discourse, first: str, second: str) -> pd.DataFrame:
    """Who bridges the speakers of two top topics ``first`` and ``second`` (compact IRIs such as
    ``topic:human-rights`` and ``topic:development``, the two poles of the 2006 workshop).

    For each actor (anonymous participants left out), with columns named after the two poles
    (``human_rights`` and ``development`` for the example):

    * statements with a subject at or under each pole (skos:broader*);
    * ``bridging``: statements whose subjects fall under both at once, which tie the two agendas
      together in one breath;
    * ``orientation``: the pole with more statements, or ``balanced`` if equal and non-zero;
    * ``bridge_betweenness``: in the congruence network (default options), the sum over all
      pairs (s, t) of an s oriented to the first pole and a t oriented to the second of the
      fraction of shortest s-t paths that pass through this actor: how much it sits between
      the two camps.

    An actor is a **bridge** when ``bridging`` > 0. Rows are sorted by bridging statements,
    then bridge betweenness.
    """
    import pandas as pd

    data = discourse(rdf)
    for pole in (first, second):
        if pole not in data.tops.get(pole, frozenset()) and pole not in data.nodes:
            raise InputError(f"'{pole}' is not a topic of the graph", None,
                             hint="give two top topics, e.g. topic:human-rights "
                                  "topic:development")
    if first == second:
        raise InputError("the two poles are the same topic", None,
                         hint="give two different top topics")
    a_name, b_name = (local_name(p) for p in (first, second))
    a_col, b_col = (name.replace("-", "_") for name in (a_name, b_name))
    under: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for link in data.links:
        if link.relation != SUBJECT or data.info(link.actor).kind == "participant":
            continue
        for top in data.tops.get(link.target, ()):
            under[link.actor][link.statement].add(top)
    rows: list[dict[str, Any]] = []
    for actor, statements in under.items():
        hr = sum(1 for tops in statements.values() if first in tops)
        dev = sum(1 for tops in statements.values() if second in tops)
        both = sum(1 for tops in statements.values() if {first, second} <= tops)
        orientation = (a_name if hr > dev else b_name if dev > hr
                       else "balanced" if hr else "")
        rows.append({"actor": actor, "label": data.info(actor).label, a_col: hr,
                     b_col: dev, "bridging": both, "orientation": orientation})
    graph = congruence(data)
    sources = [r["actor"] for r in rows if r["orientation"] == a_name and r["actor"] in graph]
    targets = [r["actor"] for r in rows if r["orientation"] == b_name and r["actor"] in graph]
    # networkx halves subset betweenness on undirected graphs (it expects each pair counted from
    # both ends); sources and targets are disjoint here, so each pair was counted once.
    subset: dict[str, float] = nx.betweenness_centrality_subset(graph, sources, targets,
                                                               normalized=False)
    between = {node: 2 * value for node, value in subset.items()}
    for row in rows:
        row["bridge_betweenness"] = round(between.get(row["actor"], 0.0), 6)
        row["bridge"] = row["bridging"] > 0
    frame = pd.DataFrame(rows, columns=["actor", "label", a_col, b_col, "bridging",
                                        "orientation", "bridge_betweenness", "bridge"])
    return frame.sort_values(["bridging", "bridge_betweenness", "actor"],
                             ascending=[False, False, True]).reset_index(drop=True)
