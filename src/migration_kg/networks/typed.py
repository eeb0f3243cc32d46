"""The full typed graph: every kind of node and every relation, for exploration."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
from rdflib import Graph

from migration_kg.networks.attributes import link_edge, node_attrs, position_edge
from migration_kg.networks.data import Discourse, Position, discourse, local_name
from migration_kg.networks.registry import NetworkOptions, TypedNetwork

RESPONSE_RELATION = {"stated": "mkg:respondsTo", "inferred": "mkg:inferredResponseTo"}
RESPONSE_BASIS = {relation: basis for basis, relation in RESPONSE_RELATION.items()}
EDGE_LABELS = {
    "mkg:PostHolding": "holds post",
    "mkg:agreement": "holds claim",
    "mkg:respondsTo": "responds to (the report says so)",
    "mkg:inferredResponseTo": "responds to (curators' reading, not stated in the report)",
}


def full(rdf: Graph | Discourse) -> TypedNetwork:
    """Everything typed, for exploration: people, the floor, organizations, instruments, topics,
    claims, practices, sessions, events, countries and initiatives, with every relation between
    them.

    Statements become edges from their actor to what they cite, concern, criticise or point at
    (one edge per actor, relation and target, with the speech acts behind it), and to the claims
    they hold (relation ``mkg:agreement``, with ``agrees``/``disagrees`` and a tone); post holdings
    become ``holds post`` edges (``post``, ``tenure``); a response becomes an edge from the
    responder to whoever asked (``mkg:respondsTo`` when the report says it is a response,
    ``mkg:inferredResponseTo`` when it is the curators' reading, with ``basis``); direct
    relations between entities (part of, supplements, organized by, represents, spoke in,
    broader topic ...) keep their predicate. The edge key and ``relation`` attribute are the
    compact predicate. Every node takes part in a relation: the countries and treaties that
    only the treaty-status data names are left out (their status shows in tooltips).
    """
    data = discourse(rdf)
    graph: TypedNetwork = nx.MultiDiGraph(name="full", mode="typed")
    grouped: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    stances: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for link in data.links:
        key = (link.actor, link.relation, link.target)
        grouped[key].add(link.statement)
        stances[key].add(link.stance)
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    for (actor, relation, target), statements in grouped.items():
        edges.append((actor, target, relation,
                      link_edge(data, statements, stances[actor, relation, target])))
    held: dict[tuple[str, str], list[Position]] = defaultdict(list)
    for position in data.positions:
        held[position.actor, position.claim].append(position)
    for (actor, claim), positions in held.items():
        edges.append((actor, claim, "mkg:agreement", position_edge(data, positions)))
    for h in data.holdings:
        edges.append((h.person, h.organization, "mkg:PostHolding",
                      {"weight": 1, "post": h.post, "tenure": "current" if h.current else "former",
                       "tone": "none"}))
    answered: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    asked: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in data.responses:
        key = (r.responder, r.asker, RESPONSE_RELATION[r.basis])
        answered[key].add(r.statement)
        asked[key].add(r.question)
    for (responder, asker, relation), statements in answered.items():
        edges.append((responder, asker, relation,
                      {"weight": len(statements), "basis": RESPONSE_BASIS[relation],
                       "statements": ";".join(sorted(statements)),
                       "questions": ";".join(sorted(asked[responder, asker, relation])),
                       "tone": "none"}))
    for source, relation, target in data.relations:
        edges.append((source, target, relation, {"weight": 1, "tone": "none"}))
    ends = {n for s, t, _, _ in edges for n in (s, t)}
    for node in sorted(ends):
        graph.add_node(node, **node_attrs(data, node))
    for source, target, relation, attrs in sorted(edges, key=lambda e: e[:3]):
        label = EDGE_LABELS.get(relation) \
            or data.relation_labels.get(relation) or local_name(relation)
        graph.add_edge(source, target, key=relation, relation=relation, relation_label=label,
                       **attrs)
    return graph


def full_kind(data: Discourse, options: NetworkOptions) -> TypedNetwork:
    return full(data)
