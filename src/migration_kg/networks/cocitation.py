"""Co-citation networks: instruments cited together, actors citing the same instruments."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from itertools import combinations
from typing import Any

import networkx as nx
from rdflib import Graph

from migration_kg.networks.affiliation import normalize
from migration_kg.networks.attributes import Folding, node_attrs
from migration_kg.networks.data import CITES, Discourse, discourse
from migration_kg.networks.registry import (
    LEVELS,
    Level,
    Network,
    NetworkOptions,
    Normalization,
    check_choice,
)


def _cooccurrence(sets: Mapping[str, set[str]], normalization: str, item_attr: str,
                  statements_of: Mapping[tuple[str, str], set[str]] | None = None,
                  ) -> list[tuple[str, str, dict[str, Any]]]:
    """Pairs of keys with overlapping sets: weight = normalized size of the overlap."""
    edges = []
    for a, b in combinations(sorted(sets), 2):
        shared = sets[a] & sets[b]
        if not shared:
            continue
        weight = normalize(len(shared), len(sets[a]), len(sets[b]), normalization)
        attrs: dict[str, Any] = {"weight": weight if normalization == "none" else float(weight),
                                 "count": len(shared), item_attr: ";".join(sorted(shared)),
                                 "tone": "none"}
        if statements_of is not None:
            found: set[str] = set()
            for item in shared:
                found |= statements_of.get((a, item), set()) | statements_of.get((b, item), set())
            attrs["statements"] = ";".join(sorted(found))
        edges.append((a, b, attrs))
    return edges


def instrument_cocitation(rdf: Graph | Discourse, *,
                          normalization: Normalization = "none") -> Network:
    """Instruments linked when one statement cites both.

    With S_i the statements citing instrument i: ``count`` = |S_i & S_j|, ``weight`` its
    normalization (jaccard: |S_i & S_j| / |S_i | S_j|; cosine: Salton's |S_i & S_j| /
    sqrt(|S_i||S_j|)), ``statements`` the statements citing both. Nodes carry how many
    statements (``statement_count``) and actors (``actor_count``) cite them.
    """
    data = discourse(rdf)
    cited: dict[str, set[str]] = defaultdict(set)
    citers: dict[str, set[str]] = defaultdict(set)
    for link in data.links:
        if link.relation == CITES:
            cited[link.target].add(link.statement)
            citers[link.target].add(link.actor)
    graph: Network = nx.Graph(name="instrument co-citation", mode="one-mode",
                     normalization=normalization)
    for instrument in sorted(cited):
        graph.add_node(instrument, **node_attrs(data, instrument),
                       statement_count=len(cited[instrument]),
                       actor_count=len(citers[instrument]))
    for a, b, attrs in _cooccurrence(cited, normalization, "statements"):
        graph.add_edge(a, b, **attrs)
    return graph


def actor_cocitation(rdf: Graph | Discourse, *, normalization: Normalization = "none",
                     level: Level = "actor", anonymous: bool = False) -> Network:
    """Actors linked when both cited the same instrument, whatever their stances.

    With I_a the instruments actor a cited: ``count`` = |I_a & I_b|, ``weight`` its
    normalization as in :func:`normalize`, ``instruments`` the shared ones and ``statements``
    the citing statements of both.
    """
    data = discourse(rdf)
    check_choice(level, LEVELS, "level")
    cited: dict[str, set[str]] = defaultdict(set)
    statements_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    fold = Folding(data, level)
    for link in data.links:
        if link.relation != CITES:
            continue
        if not anonymous and data.info(link.actor).kind == "participant":
            continue
        for actor in fold(link.actor, link.statement):
            cited[actor].add(link.target)
            statements_of[actor, link.target].add(link.statement)
    graph: Network = nx.Graph(name="actor co-citation", mode="one-mode", level=level,
                     normalization=normalization)
    for actor in sorted(cited):
        graph.add_node(actor, **node_attrs(data, actor))
    for a, b, attrs in _cooccurrence(cited, normalization, "instruments", statements_of):
        graph.add_edge(a, b, **attrs)
    return fold.annotate(graph)


def instrument_cocitation_kind(data: Discourse, options: NetworkOptions) -> Network:
    return instrument_cocitation(data, normalization=options.normalization)


def actor_cocitation_kind(data: Discourse, options: NetworkOptions) -> Network:
    return actor_cocitation(data, normalization=options.normalization, level=options.level,
                            anonymous=options.anonymous)
