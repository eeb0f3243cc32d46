"""Two-mode networks: actors x the claims they hold, the instruments they cite, the topics they
speak on."""

from __future__ import annotations

from collections import defaultdict
from typing import Literal

import networkx as nx
from rdflib import Graph

from migration_kg.networks.attributes import Folding, link_edge, node_attrs, position_edge
from migration_kg.networks.data import CITES, SUBJECT, Discourse, Position, discourse
from migration_kg.networks.registry import LEVELS, Level, Network, NetworkOptions, check_choice

Mode = Literal["claim", "instrument", "topic"]
MODES: tuple[Mode, ...] = ("claim", "instrument", "topic")
RELATION = {"instrument": CITES, "topic": SUBJECT}


def two_mode(rdf: Graph | Discourse, concepts: Mode = "claim", *,
             level: Level = "actor") -> Network:
    """Actor x concept network.

    * ``claim``: an edge when the actor holds the claim. ``agrees`` / ``disagrees`` count the
      statements on each side, ``agreement`` is agrees, disagrees or both, ``tone`` agree,
      disagree or mixed: the agreement is the edge attribute, as in DNA's affiliation network.
    * ``instrument`` / ``topic``: an edge when a statement of the actor cites the instrument or is
      about the topic; ``speech_acts`` names how (calls for, reports, criticises ...), with no
      polarity: citing an instrument says nothing of agreeing with it.

    ``weight`` is the number of the actor's statements behind the edge and ``statements`` lists
    them. Nodes carry ``bipartite`` 0 (actors) or 1 (concepts), the networkx convention. At
    ``level="organization"`` or ``"country"`` each statement counts for each organization or
    State its speaker is folded into (:func:`migration_kg.networks.attributes.actors_of`).
    """
    data = discourse(rdf)
    check_choice(concepts, MODES, "two-mode concept")
    check_choice(level, LEVELS, "level")
    graph: Network = nx.Graph(name=f"actor x {concepts}", mode="two-mode", level=level)
    fold = Folding(data, level)
    edges: dict[tuple[str, str], dict[str, object]] = {}
    if concepts == "claim":
        held: dict[tuple[str, str], list[Position]] = defaultdict(list)
        for position in data.positions:
            for actor in fold(position.actor, position.statement):
                held[actor, position.claim].append(position)
        edges = {key: position_edge(data, positions) for key, positions in held.items()}
    else:
        statements: dict[tuple[str, str], set[str]] = defaultdict(set)
        stances: dict[tuple[str, str], set[str]] = defaultdict(set)
        for link in data.links:
            if link.relation != RELATION[concepts]:
                continue
            for actor in fold(link.actor, link.statement):
                statements[actor, link.target].add(link.statement)
                stances[actor, link.target].add(link.stance)
        edges = {key: link_edge(data, ids, stances[key]) for key, ids in statements.items()}
    for actor in sorted({a for a, _ in edges}):
        graph.add_node(actor, **node_attrs(data, actor), bipartite=0)
    for target in sorted({t for _, t in edges}):
        graph.add_node(target, **node_attrs(data, target), bipartite=1)
    for (actor, target), attrs in sorted(edges.items()):
        graph.add_edge(actor, target, **attrs)
    return fold.annotate(graph)


def actor_claim(rdf: Graph | Discourse, *, level: Level = "actor") -> Network:
    """Actor x claim: who holds which claim, agreeing or disagreeing, in which statements."""
    return two_mode(rdf, "claim", level=level)


def actor_instrument(rdf: Graph | Discourse, *, level: Level = "actor") -> Network:
    """Actor x instrument: who cited which instrument, with which speech acts, where."""
    return two_mode(rdf, "instrument", level=level)


def actor_topic(rdf: Graph | Discourse, *, level: Level = "actor") -> Network:
    """Actor x topic: who spoke on which topic, with which speech acts, in which statements."""
    return two_mode(rdf, "topic", level=level)


def actor_claim_kind(data: Discourse, options: NetworkOptions) -> Network:
    return two_mode(data, "claim", level=options.level)


def actor_instrument_kind(data: Discourse, options: NetworkOptions) -> Network:
    return two_mode(data, "instrument", level=options.level)


def actor_topic_kind(data: Discourse, options: NetworkOptions) -> Network:
    return two_mode(data, "topic", level=options.level)
