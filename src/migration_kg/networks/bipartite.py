"""Two-mode networks: actors x the concepts they made statements on."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
from rdflib import Graph

from migration_kg.networks.attributes import (
    actors_of,
    concept_relations,
    node_attrs,
    statement_edge,
)
from migration_kg.networks.data import Discourse, discourse
from migration_kg.networks.registry import (
    LEVELS,
    Concepts,
    Level,
    Network,
    NetworkOptions,
    check_choice,
)


def two_mode(rdf: Graph | Discourse, concepts: Concepts = "instrument", *,
             level: Level = "person") -> Network:
    """Actor x concept network: an edge when the actor made a statement on the concept.

    ``weight`` is the number of the actor's statements on the concept; ``positive`` / ``neutral``
    / ``negative`` count them by polarity, ``polarity`` is their mean, ``stances`` names the
    stances taken and ``statements`` lists them. Nodes carry ``bipartite`` 0 (actors) or 1
    (concepts), the networkx convention. At ``level="organization"`` each statement counts for
    each current organization of its speaker (see :func:`one_mode`).
    """
    data = discourse(rdf)
    relations = concept_relations(concepts)
    check_choice(level, LEVELS, "level")
    grouped: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    stances: dict[tuple[str, str], set[str]] = defaultdict(set)
    for link in data.links:
        if link.relation not in relations:
            continue
        for actor in actors_of(data, link.actor, level):
            grouped[actor, link.target][link.statement] = link.polarity
            stances[actor, link.target].add(link.stance)
    graph: Network = nx.Graph(name=f"actor x {concepts}", mode="two-mode", level=level)
    actors = sorted({a for a, _ in grouped})
    targets = sorted({t for _, t in grouped})
    for actor in actors:
        graph.add_node(actor, **node_attrs(data, actor), bipartite=0)
    for target in targets:
        graph.add_node(target, **node_attrs(data, target), bipartite=1)
    for (actor, target), statements in sorted(grouped.items()):
        graph.add_edge(actor, target, **statement_edge(statements, stances[actor, target]))
    return graph


def actor_instrument(rdf: Graph | Discourse, *, level: Level = "person") -> Network:
    """Actor x instrument: who cited which instrument, with which stances, in which statements."""
    return two_mode(rdf, "instrument", level=level)


def actor_topic(rdf: Graph | Discourse, *, level: Level = "person") -> Network:
    """Actor x topic: who spoke on which topic, with which stances, in which statements."""
    return two_mode(rdf, "topic", level=level)


def actor_instrument_kind(data: Discourse, options: NetworkOptions) -> Network:
    return two_mode(data, "instrument", level=options.level)


def actor_topic_kind(data: Discourse, options: NetworkOptions) -> Network:
    return two_mode(data, "topic", level=options.level)
