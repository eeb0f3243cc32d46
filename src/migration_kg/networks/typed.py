"""The full typed graph: every kind of node and every relation, for exploration."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
from rdflib import Graph

from migration_kg.networks.attributes import node_attrs, statement_edge
from migration_kg.networks.data import Discourse, discourse, local_name
from migration_kg.networks.registry import NetworkOptions, TypedNetwork


def full(rdf: Graph | Discourse) -> TypedNetwork:
    """Everything typed, for exploration: people, the floor, organizations, instruments, topics,
    sessions, events, countries and initiatives, with every relation between them.

    Statements become edges from their actor to what they cite, concern or point at (one edge
    per actor, relation and target, weighted and toned like the two-mode edges); post holdings
    become ``holds post`` edges (``post``, ``tenure``); direct relations between entities
    (part of, supplements, organized by, represents, spoke in, broader topic ...) keep their
    predicate. The edge key and ``relation`` attribute are the compact predicate.
    """
    data = discourse(rdf)
    graph: TypedNetwork = nx.MultiDiGraph(name="full", mode="typed")
    grouped: dict[tuple[str, str, str], dict[str, int]] = defaultdict(dict)
    stances: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for link in data.links:
        key = (link.actor, link.relation, link.target)
        grouped[key][link.statement] = link.polarity
        stances[key].add(link.stance)
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    for (actor, relation, target), statements in grouped.items():
        edges.append((actor, target, relation,
                      statement_edge(statements, stances[actor, relation, target])))
    for h in data.holdings:
        edges.append((h.person, h.organization, "mkg:PostHolding",
                      {"weight": 1, "post": h.post, "tenure": "current" if h.current else "former",
                       "tone": "none"}))
    for source, relation, target in data.relations:
        edges.append((source, target, relation, {"weight": 1, "tone": "none"}))
    ends = {n for s, t, _, _ in edges for n in (s, t)}
    for node in sorted(set(data.nodes) | ends):
        graph.add_node(node, **node_attrs(data, node))
    for source, target, relation, attrs in sorted(edges, key=lambda e: e[:3]):
        label = "holds post" if relation == "mkg:PostHolding" else \
            data.relation_labels.get(relation) or local_name(relation)
        graph.add_edge(source, target, key=relation, relation=relation, relation_label=label,
                       **attrs)
    return graph


def full_kind(data: Discourse, options: NetworkOptions) -> TypedNetwork:
    return full(data)
