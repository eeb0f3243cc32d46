"""Discourse networks over the RDF graph, in the manner of Leifeld's discourse network analysis.

Every network is computed from the RDF graph through the SPARQL files in ``queries/networks/``
(never from the YAML), so anything a curator adds to the graph shows up here, and every edge
carries the ids of the statements behind it (``statements``, ``;``-joined), so it can be traced
back to its evidence.

Vocabulary used below:

* an **actor** is whoever a statement is attributed to: a ``mkg:Person`` or, for questions from
  the floor, the ``mkg:AnonymousParticipant``;
* a **concept** is what a statement takes a stance on: an instrument it cites
  (``mkg:citesInstrument``) or a topic it is about (``dcterms:subject``, the topic as annotated,
  not rolled up to its broader topic);
* the **polarity** of a statement is that of its stance: +1 (supports, calls for, recommends),
  -1 (opposes, criticises) or 0 (warns, reports, questions).

Node ids are compact IRIs (``person:jorge-bustamante``); every node has ``label``, ``kind``
(person, participant, organization, instrument, topic, session, event, country, initiative),
``category`` (finer class, e.g. "UN body", "binding instrument", "human rights" for a topic's top
concept) and ``iri``. Every edge has ``weight`` and ``tone``: positive, negative, neutral, mixed
or none, which views use as the edge colour. All attributes are scalars (lists are ``;``-joined),
so GraphML, GEXF, CSV and node-link JSON carry them as they are.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx
from rdflib import Graph

from migration_kg import paths
from migration_kg.errors import InputError
from migration_kg.namespaces import PREFIXES
from migration_kg.queries import read_query_file, run_query

if TYPE_CHECKING:
    import pandas as pd

KINDS = (
    "actor-instrument",
    "actor-topic",
    "congruence",
    "conflict",
    "subtract",
    "actor-cocitation",
    "instrument-cocitation",
    "organizations",
    "full",
)
NORMALIZATIONS = ("none", "jaccard", "cosine")
CONCEPTS = ("all", "instrument", "topic")
LEVELS = ("person", "organization")
FORMATS = ("graphml", "gexf", "csv", "json")
TONES = ("positive", "negative", "neutral", "mixed", "none")
SEED = 20060627
"""Seed of every random choice (community detection), so results repeat exactly."""

Normalization = Literal["none", "jaccard", "cosine"]
Concepts = Literal["all", "instrument", "topic"]
Level = Literal["person", "organization"]

QUERY_DIR = paths.QUERIES_DIR / "networks"

CITES = "mkg:citesInstrument"
SUBJECT = "dcterms:subject"
HUMAN_RIGHTS = "topic:human-rights"
DEVELOPMENT = "topic:development"

# Class (compact IRI) -> node kind, most specific first: a session is also an event.
_KIND_OF_CLASS = (
    ("mkg:AnonymousParticipant", "participant"),
    ("mkg:Person", "person"),
    ("mkg:Organization", "organization"),
    ("mkg:Instrument", "instrument"),
    ("mkg:Topic", "topic"),
    ("mkg:Session", "session"),
    ("mkg:Event", "event"),
    ("mkg:Country", "country"),
    ("mkg:Initiative", "initiative"),
)
_CATEGORY_OF_CLASS = {
    "mkg:UNBody": "UN body",
    "mkg:IntergovernmentalBody": "intergovernmental body",
    "mkg:GovernmentBody": "government body",
    "mkg:CivilSocietyOrganization": "civil-society organization",
    "mkg:Commission": "commission",
    "mkg:BindingInstrument": "binding instrument",
    "mkg:NonBindingInstrument": "non-binding instrument",
}
ACTOR_KINDS = frozenset({"person", "participant"})


# ----------------------------------------------------------------------------- data from SPARQL


@dataclass(frozen=True)
class Link:
    """A row of ``statement-links.rq``: a statement, its actor and stance, one thing it links."""

    statement: str
    actor: str
    relation: str
    target: str
    stance: str
    polarity: int


@dataclass(frozen=True)
class Holding:
    person: str
    organization: str
    post: str
    current: bool


@dataclass(frozen=True)
class NodeInfo:
    id: str
    label: str
    kind: str
    category: str = ""


@dataclass(frozen=True)
class Quote:
    """A verbatim evidence quote of a statement, with who said it, when and with which stance."""

    statement: str
    actor: str
    text: str
    session: str
    stance: str
    start: int


@dataclass
class Discourse:
    """What the networks are made of, read once from the RDF graph with the network queries."""

    links: list[Link]
    nodes: dict[str, NodeInfo]
    holdings: list[Holding]
    tops: dict[str, frozenset[str]]
    relations: list[tuple[str, str, str]] = field(default_factory=list)
    relation_labels: dict[str, str] = field(default_factory=dict)
    quotes: dict[str, list[Quote]] = field(default_factory=dict)

    @classmethod
    def from_graph(cls, rdf: Graph) -> Discourse:
        links = [
            Link(r["statement"], r["actor"], r["relation"], r["target"], r["stance"],
                 int(r["polarity"]))
            for r in _records(rdf, "statement-links")
        ]
        tops: dict[str, set[str]] = defaultdict(set)
        for r in _records(rdf, "topic-tops"):
            tops[r["topic"]].add(r["top"])
        nodes = _node_infos(_records(rdf, "nodes"), tops)
        holdings = [
            Holding(r["person"], r["organization"], r["post"] or "", r["tenure"] == "mkg:current")
            for r in _records(rdf, "holdings")
        ]
        relations = [(r["source"], r["relation"], r["target"])
                     for r in _records(rdf, "entity-relations")]
        labels = {r["property"]: str(r["label"]) for r in _records(rdf, "property-labels")}
        quotes: dict[str, list[Quote]] = defaultdict(list)
        for r in _records(rdf, "evidence"):
            number = r["sessionNumber"]
            session = f"session {number}" if number is not None else \
                (_local(r["session"]) if r["session"] else "")
            quotes[r["statement"]].append(Quote(
                r["statement"], r["actor"], str(r["quote"]), session,
                _local(r["stance"]) if r["stance"] else "", int(r["start"] or 0)))
        return cls(links, nodes, holdings, {k: frozenset(v) for k, v in tops.items()},
                   relations, labels, dict(quotes))

    def info(self, node: str) -> NodeInfo:
        """What is known of ``node``; a node the queries did not type gets kind ``other``."""
        return self.nodes.get(node) or NodeInfo(node, node.rsplit("/", 1)[-1], "other")

    def current_organizations(self, actor: str) -> list[str]:
        return sorted({h.organization for h in self.holdings if h.person == actor and h.current})

    def statement_count(self, actor: str) -> int:
        return len({link.statement for link in self.links if link.actor == actor})


def _records(rdf: Graph, name: str) -> list[dict[str, Any]]:
    return run_query(rdf, read_query_file(QUERY_DIR / f"{name}.rq")).records()


def _node_infos(rows: Iterable[Mapping[str, Any]],
                tops: Mapping[str, set[str]]) -> dict[str, NodeInfo]:
    classes: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for row in rows:
        classes[row["node"]].add(row["class"])
        if row["label"] is not None:
            labels.setdefault(row["node"], str(row["label"]))
    infos: dict[str, NodeInfo] = {}
    for node, its in sorted(classes.items()):
        kind = next((k for c, k in _KIND_OF_CLASS if c in its), "other")
        categories = sorted(_CATEGORY_OF_CLASS[c] for c in its if c in _CATEGORY_OF_CLASS)
        if kind == "topic":
            categories = sorted(_local(t).replace("-", " ") for t in tops.get(node, ()))
        label = labels.get(node) or _local(node)
        infos[node] = NodeInfo(node, label, kind, ";".join(categories))
    return infos


def _local(compact_iri: str) -> str:
    return compact_iri.rsplit("/", 1)[-1].rsplit(":", 1)[-1]


def _expand(compact_iri: str) -> str:
    prefix, _, local = compact_iri.partition(":")
    namespace = PREFIXES.get(prefix)
    return str(namespace) + local if namespace is not None and local else compact_iri


def discourse(rdf: Graph | Discourse) -> Discourse:
    """The network data of ``rdf``; pass a :class:`Discourse` to reuse one already read."""
    return rdf if isinstance(rdf, Discourse) else Discourse.from_graph(rdf)


# ----------------------------------------------------------------------------- shared helpers


def _check_choice(value: str, choices: Iterable[str], what: str) -> None:
    choices = tuple(choices)
    if value not in choices:
        raise InputError(f"unknown {what} '{value}'", None,
                         hint=f"choose one of: {', '.join(choices)}")


def _concept_relations(concepts: str) -> frozenset[str]:
    _check_choice(concepts, CONCEPTS, "concept set")
    return {
        "all": frozenset({CITES, SUBJECT}),
        "instrument": frozenset({CITES}),
        "topic": frozenset({SUBJECT}),
    }[concepts]


def _actors_of(data: Discourse, actor: str, level: str) -> list[str]:
    """The actor itself, or at organization level its current organizations (itself if none)."""
    if level == "person":
        return [actor]
    return data.current_organizations(actor) or [actor]


def signed(polarity: int) -> str:
    """+1, -1 or 0, as written in ``agreements``."""
    return f"{polarity:+d}" if polarity else "0"


def tone_of(positive: int, negative: int, neutral: int) -> str:
    """The colour class of a set of statements: mixed when they hold both non-zero polarities."""
    if positive and negative:
        return "mixed"
    if positive:
        return "positive"
    if negative:
        return "negative"
    return "neutral" if neutral else "none"


def _node_attrs(data: Discourse, node: str) -> dict[str, Any]:
    info = data.info(node)
    attrs: dict[str, Any] = {"label": info.label, "kind": info.kind, "category": info.category,
                             "iri": _expand(node)}
    if info.kind in ACTOR_KINDS:
        attrs.update(_actor_attrs(data, node))
    if info.kind == "organization":
        members = sorted({h.person for h in data.holdings
                          if h.organization == node and h.current})
        attrs["members"] = ";".join(members)
    return attrs


def _actor_attrs(data: Discourse, actor: str) -> dict[str, Any]:
    def post(h: Holding) -> str:
        return f"{h.post}, {data.info(h.organization).label}" if h.post else \
            data.info(h.organization).label

    mine = [h for h in data.holdings if h.person == actor]
    return {
        "posts": ";".join(post(h) for h in mine if h.current),
        "former_posts": ";".join(post(h) for h in mine if not h.current),
        "organizations": ";".join(data.current_organizations(actor)),
        "statement_count": data.statement_count(actor),
    }


def _statement_edge(statements: Mapping[str, int], stances: Iterable[str]) -> dict[str, Any]:
    """Attributes of an edge made of statements (id -> polarity)."""
    positive = sum(1 for p in statements.values() if p > 0)
    negative = sum(1 for p in statements.values() if p < 0)
    neutral = len(statements) - positive - negative
    return {
        "weight": len(statements),
        "stances": ";".join(sorted({_local(s) for s in stances})),
        "positive": positive,
        "neutral": neutral,
        "negative": negative,
        "polarity": round((positive - negative) / len(statements), 6),
        "tone": tone_of(positive, negative, neutral),
        "statements": ";".join(sorted(statements)),
    }


# ----------------------------------------------------------------------------- two-mode


def two_mode(rdf: Graph | Discourse, concepts: Concepts = "instrument", *,
             level: Level = "person") -> nx.Graph:
    """Actor x concept network: an edge when the actor made a statement on the concept.

    ``weight`` is the number of the actor's statements on the concept; ``positive`` / ``neutral``
    / ``negative`` count them by polarity, ``polarity`` is their mean, ``stances`` names the
    stances taken and ``statements`` lists them. Nodes carry ``bipartite`` 0 (actors) or 1
    (concepts), the networkx convention. At ``level="organization"`` each statement counts for
    each current organization of its speaker (see :func:`one_mode`).
    """
    data = discourse(rdf)
    relations = _concept_relations(concepts)
    _check_choice(level, LEVELS, "level")
    grouped: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    stances: dict[tuple[str, str], set[str]] = defaultdict(set)
    for link in data.links:
        if link.relation not in relations:
            continue
        for actor in _actors_of(data, link.actor, level):
            grouped[actor, link.target][link.statement] = link.polarity
            stances[actor, link.target].add(link.stance)
    graph = nx.Graph(name=f"actor x {concepts}", mode="two-mode", level=level)
    actors = sorted({a for a, _ in grouped})
    targets = sorted({t for _, t in grouped})
    for actor in actors:
        graph.add_node(actor, **_node_attrs(data, actor), bipartite=0)
    for target in targets:
        graph.add_node(target, **_node_attrs(data, target), bipartite=1)
    for (actor, target), statements in sorted(grouped.items()):
        graph.add_edge(actor, target, **_statement_edge(statements, stances[actor, target]))
    return graph


def actor_instrument(rdf: Graph | Discourse, *, level: Level = "person") -> nx.Graph:
    """Actor x instrument: who cited which instrument, with which stances, in which statements."""
    return two_mode(rdf, "instrument", level=level)


def actor_topic(rdf: Graph | Discourse, *, level: Level = "person") -> nx.Graph:
    """Actor x topic: who spoke on which topic, with which stances, in which statements."""
    return two_mode(rdf, "topic", level=level)


# ----------------------------------------------------------------------------- one-mode


Pair = tuple[str, int]  # (concept, polarity)


def profiles(rdf: Graph | Discourse, *, concepts: Concepts = "all", level: Level = "person",
             neutral: bool = True, anonymous: bool = False) -> dict[str, dict[Pair, set[str]]]:
    """Each actor's profile P_a: its (concept, polarity) pairs, each with the statements behind it.

    A pair is in P_a when the actor made at least one statement on the concept with that
    polarity, however many (profiles are binary, as in Leifeld's DNA). ``neutral=False`` drops
    the polarity-0 pairs; ``anonymous=False`` (the default) leaves out anonymous participants:
    "the floor" is many different people, so pairing it with anyone would be spurious.
    """
    data = discourse(rdf)
    relations = _concept_relations(concepts)
    _check_choice(level, LEVELS, "level")
    result: dict[str, dict[Pair, set[str]]] = defaultdict(lambda: defaultdict(set))
    for link in data.links:
        if link.relation not in relations or (link.polarity == 0 and not neutral):
            continue
        if not anonymous and data.info(link.actor).kind == "participant":
            continue
        for actor in _actors_of(data, link.actor, level):
            result[actor][link.target, link.polarity].add(link.statement)
    return {actor: dict(pairs) for actor, pairs in result.items()}


def normalize(count: int, size_a: int, size_b: int, normalization: str) -> float | int:
    """Normalize a count of shared items between two sets of sizes ``size_a`` and ``size_b``.

    none: the count; jaccard: count / (size_a + size_b - count), i.e. |A & B| / |A | B|;
    cosine: count / sqrt(size_a * size_b), the cosine of the two binary vectors.
    """
    _check_choice(normalization, NORMALIZATIONS, "normalization")
    if normalization == "none":
        return count
    if count == 0:
        return 0.0
    if normalization == "jaccard":
        return round(count / (size_a + size_b - count), 6)
    return round(count / math.sqrt(size_a * size_b), 6)


def one_mode(rdf: Graph | Discourse, kind: str = "congruence", *,
             normalization: Normalization = "none", concepts: Concepts = "all",
             level: Level = "person", neutral: bool = True,
             anonymous: bool = False) -> nx.Graph:
    """Actor x actor congruence, conflict or subtract network (Leifeld's affiliation networks).

    With P_a the profile of actor a (see :func:`profiles`) and N_a = {(c, p) in P_a : p != 0}:

    * congruence count C(a, b) = |P_a & P_b|: the (concept, polarity) pairs both hold, i.e. the
      concepts on which both spoke with the same polarity (including 0 unless ``neutral=False``);
    * conflict count K(a, b) = |{(c, p) in N_a : (c, -p) in N_b}|: the concepts on which they
      took opposite non-zero polarities (an actor who took both on a concept counts twice, once
      per pair, as in DNA);
    * normalization (:func:`normalize`) of C over P_a, P_b and of K over N_a, N_b: ``jaccard``
      gives C / |P_a | P_b| and K / |N_a | flip(N_b)|, where flip(N_b) reverses every polarity;
      ``cosine`` gives C / sqrt(|P_a||P_b|) and K / sqrt(|N_a||N_b|);
    * congruence links a, b when C > 0 with weight norm(C); conflict when K > 0 with weight
      norm(K); subtract when norm(C) - norm(K) != 0, with that difference as weight, which is
      negative where they disagree more than they agree.

    Edges also carry the raw ``congruence`` and ``conflict`` counts, the ``agreements``
    (``concept=+1``) and ``disagreements`` (concept) behind them, and the ``statements`` of both
    actors behind the edge: the agreeing ones (congruence), the disagreeing ones (conflict), or
    both (subtract). ``level="organization"`` folds each speaker into their current
    organizations (a statement counts for each; a speaker with none stays as themselves).
    """
    _check_choice(kind, ("congruence", "conflict", "subtract"), "one-mode network")
    _check_choice(normalization, NORMALIZATIONS, "normalization")
    data = discourse(rdf)
    prof = profiles(data, concepts=concepts, level=level, neutral=neutral, anonymous=anonymous)
    graph = nx.Graph(name=kind, mode="one-mode", level=level, normalization=normalization,
                     concepts=concepts, neutral=neutral)
    actors = sorted(prof)
    for actor in actors:
        graph.add_node(actor, **_node_attrs(data, actor))
    for a, b in combinations(actors, 2):
        pa, pb = prof[a], prof[b]
        na = {pair for pair in pa if pair[1] != 0}
        nb = {pair for pair in pb if pair[1] != 0}
        agree = sorted(set(pa) & set(pb))
        disagree = sorted((c, p) for c, p in na if (c, -p) in nb)
        c_norm = normalize(len(agree), len(pa), len(pb), normalization)
        k_norm = normalize(len(disagree), len(na), len(nb), normalization)
        if kind == "congruence":
            weight: float | int = c_norm
        elif kind == "conflict":
            weight = k_norm
        else:
            weight = round(c_norm - k_norm, 6) if normalization != "none" else c_norm - k_norm
        if weight == 0:
            continue
        statements: set[str] = set()
        if kind != "conflict":
            for pair in agree:
                statements |= pa[pair] | pb[pair]
        if kind != "congruence":
            for c, p in disagree:
                statements |= pa[c, p] | pb[c, -p]
        if normalization != "none":
            weight = float(weight)
        graph.add_edge(
            a, b,
            weight=weight,
            congruence=len(agree),
            conflict=len(disagree),
            agreements=";".join(f"{c}={signed(p)}" for c, p in agree),
            disagreements=";".join(sorted({c for c, _ in disagree})),
            tone={"congruence": "positive", "conflict": "negative"}.get(
                kind, "positive" if weight > 0 else "negative"),
            statements=";".join(sorted(statements)),
        )
    return graph


def congruence(rdf: Graph | Discourse, **options: Any) -> nx.Graph:
    """Actors linked by the concepts on which they took the same polarity; see :func:`one_mode`."""
    return one_mode(rdf, "congruence", **options)


def conflict(rdf: Graph | Discourse, **options: Any) -> nx.Graph:
    """Actors linked by the concepts on which they took opposite stances; see :func:`one_mode`."""
    return one_mode(rdf, "conflict", **options)


def subtract(rdf: Graph | Discourse, **options: Any) -> nx.Graph:
    """Congruence minus conflict, edge by edge; see :func:`one_mode`."""
    return one_mode(rdf, "subtract", **options)


def organizations(rdf: Graph | Discourse, **options: Any) -> nx.Graph:
    """The congruence network with actors folded into their current organizations.

    Organizations are linked by the (concept, polarity) pairs their members share; organization
    nodes list their speaking ``members``. Same options as :func:`one_mode`.
    """
    options = {**options, "level": "organization"}
    graph = one_mode(rdf, "congruence", **options)
    graph.graph["name"] = "organizations"
    return graph


# ----------------------------------------------------------------------------- co-citation


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
                          normalization: Normalization = "none") -> nx.Graph:
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
    graph = nx.Graph(name="instrument co-citation", mode="one-mode",
                     normalization=normalization)
    for instrument in sorted(cited):
        graph.add_node(instrument, **_node_attrs(data, instrument),
                       statement_count=len(cited[instrument]),
                       actor_count=len(citers[instrument]))
    for a, b, attrs in _cooccurrence(cited, normalization, "statements"):
        graph.add_edge(a, b, **attrs)
    return graph


def actor_cocitation(rdf: Graph | Discourse, *, normalization: Normalization = "none",
                     level: Level = "person", anonymous: bool = False) -> nx.Graph:
    """Actors linked when both cited the same instrument, whatever their stances.

    With I_a the instruments actor a cited: ``count`` = |I_a & I_b|, ``weight`` its
    normalization as in :func:`normalize`, ``instruments`` the shared ones and ``statements``
    the citing statements of both.
    """
    data = discourse(rdf)
    _check_choice(level, LEVELS, "level")
    cited: dict[str, set[str]] = defaultdict(set)
    statements_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for link in data.links:
        if link.relation != CITES:
            continue
        if not anonymous and data.info(link.actor).kind == "participant":
            continue
        for actor in _actors_of(data, link.actor, level):
            cited[actor].add(link.target)
            statements_of[actor, link.target].add(link.statement)
    graph = nx.Graph(name="actor co-citation", mode="one-mode", level=level,
                     normalization=normalization)
    for actor in sorted(cited):
        graph.add_node(actor, **_node_attrs(data, actor))
    for a, b, attrs in _cooccurrence(cited, normalization, "instruments", statements_of):
        graph.add_edge(a, b, **attrs)
    return graph


# ----------------------------------------------------------------------------- full typed graph


def full(rdf: Graph | Discourse) -> nx.MultiDiGraph:
    """Everything typed, for exploration: people, the floor, organizations, instruments, topics,
    sessions, events, countries and initiatives, with every relation between them.

    Statements become edges from their actor to what they cite, concern or point at (one edge
    per actor, relation and target, weighted and toned like the two-mode edges); post holdings
    become ``holds post`` edges (``post``, ``tenure``); direct relations between entities
    (part of, supplements, organized by, represents, spoke in, broader topic ...) keep their
    predicate. The edge key and ``relation`` attribute are the compact predicate.
    """
    data = discourse(rdf)
    graph = nx.MultiDiGraph(name="full", mode="typed")
    grouped: dict[tuple[str, str, str], dict[str, int]] = defaultdict(dict)
    stances: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for link in data.links:
        key = (link.actor, link.relation, link.target)
        grouped[key][link.statement] = link.polarity
        stances[key].add(link.stance)
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    for (actor, relation, target), statements in grouped.items():
        edges.append((actor, target, relation,
                      _statement_edge(statements, stances[actor, relation, target])))
    for h in data.holdings:
        edges.append((h.person, h.organization, "mkg:PostHolding",
                      {"weight": 1, "post": h.post, "tenure": "current" if h.current else "former",
                       "tone": "none"}))
    for source, relation, target in data.relations:
        edges.append((source, target, relation, {"weight": 1, "tone": "none"}))
    ends = {n for s, t, _, _ in edges for n in (s, t)}
    for node in sorted(set(data.nodes) | ends):
        graph.add_node(node, **_node_attrs(data, node))
    for source, target, relation, attrs in sorted(edges, key=lambda e: e[:3]):
        label = "holds post" if relation == "mkg:PostHolding" else \
            data.relation_labels.get(relation) or _local(relation)
        graph.add_edge(source, target, key=relation, relation=relation, relation_label=label,
                       **attrs)
    return graph


# ----------------------------------------------------------------------------- by name


def build_network(rdf: Graph | Discourse, kind: str, *, normalization: Normalization = "none",
                  concepts: Concepts = "all", level: Level = "person", neutral: bool = True,
                  anonymous: bool = False) -> nx.Graph:
    """The network called ``kind`` (one of :data:`KINDS`); options apply where they make sense."""
    _check_choice(kind, KINDS, "network kind")
    data = discourse(rdf)
    if kind in ("actor-instrument", "actor-topic"):
        return two_mode(data, "instrument" if kind == "actor-instrument" else "topic",
                        level=level)
    if kind in ("congruence", "conflict", "subtract"):
        return one_mode(data, kind, normalization=normalization, concepts=concepts,
                        level=level, neutral=neutral, anonymous=anonymous)
    if kind == "organizations":
        return organizations(data, normalization=normalization, concepts=concepts,
                             neutral=neutral, anonymous=anonymous)
    if kind == "actor-cocitation":
        return actor_cocitation(data, normalization=normalization, level=level,
                                anonymous=anonymous)
    if kind == "instrument-cocitation":
        return instrument_cocitation(data, normalization=normalization)
    return full(data)


# ----------------------------------------------------------------------------- measures


def _simple(graph: nx.Graph) -> nx.Graph:
    """An undirected simple graph whose weights are summed over parallel edges."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for u, v, data in graph.edges(data=True):
        w = data.get("weight", 1)
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += w
        else:
            simple.add_edge(u, v, weight=w)
    return simple


def communities(graph: nx.Graph, *, seed: int = SEED) -> dict[str, int]:
    """Louvain communities (networkx, fixed seed) over the positive-weight edges.

    Negative subtract edges say "disagree", which must not pull actors into one community, so
    only edges with weight > 0 count. Communities are numbered 0, 1, ... by size, largest first,
    ties by their first node id, so the numbering is stable.
    """
    simple = _simple(graph)
    positive = nx.Graph()
    positive.add_nodes_from(sorted(simple.nodes))
    positive.add_weighted_edges_from(
        sorted((u, v, d["weight"]) for u, v, d in simple.edges(data=True) if d["weight"] > 0))
    found = nx.community.louvain_communities(positive, weight="weight", seed=seed)
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    return {node: index for index, members in enumerate(ordered) for node in members}


def centrality(graph: nx.Graph) -> pd.DataFrame:
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


def add_measures(graph: nx.Graph) -> nx.Graph:
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


def bridges(rdf: Graph | Discourse) -> pd.DataFrame:
    """Who bridges the human-rights and the development speakers.

    For each actor (anonymous participants left out):

    * ``human_rights`` / ``development``: statements with a subject at or under the top concept
      topic:human-rights / topic:development (skos:broader*);
    * ``bridging``: statements whose subjects fall under both at once, which tie the two agendas
      together in one breath;
    * ``orientation``: human-rights if human_rights > development, development if the reverse,
      balanced if equal and non-zero;
    * ``bridge_betweenness``: in the congruence network (default options), the sum over all
      pairs (s, t) of a human-rights-oriented s and a development-oriented t of the fraction of
      shortest s-t paths that pass through this actor: how much it sits between the two camps.

    An actor is a **bridge** when ``bridging`` > 0. Rows are sorted by bridging statements,
    then bridge betweenness.
    """
    import pandas as pd

    data = discourse(rdf)
    under: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for link in data.links:
        if link.relation != SUBJECT or data.info(link.actor).kind == "participant":
            continue
        for top in data.tops.get(link.target, ()):
            under[link.actor][link.statement].add(top)
    rows = []
    for actor, statements in under.items():
        hr = sum(1 for tops in statements.values() if HUMAN_RIGHTS in tops)
        dev = sum(1 for tops in statements.values() if DEVELOPMENT in tops)
        both = sum(1 for tops in statements.values() if {HUMAN_RIGHTS, DEVELOPMENT} <= tops)
        orientation = ("human-rights" if hr > dev else "development" if dev > hr
                       else "balanced" if hr else "")
        rows.append({"actor": actor, "label": data.info(actor).label, "human_rights": hr,
                     "development": dev, "bridging": both, "orientation": orientation})
    graph = congruence(data)
    sources = [r["actor"] for r in rows if r["orientation"] == "human-rights"
               and r["actor"] in graph]
    targets = [r["actor"] for r in rows if r["orientation"] == "development"
               and r["actor"] in graph]
    # networkx halves subset betweenness on undirected graphs (it expects each pair counted from
    # both ends); sources and targets are disjoint here, so each pair was counted once.
    between = {node: 2 * value for node, value in
               nx.betweenness_centrality_subset(graph, sources, targets,
                                                normalized=False).items()}
    for row in rows:
        row["bridge_betweenness"] = round(between.get(row["actor"], 0.0), 6)
        row["bridge"] = row["bridging"] > 0
    frame = pd.DataFrame(rows, columns=["actor", "label", "human_rights", "development",
                                        "bridging", "orientation", "bridge_betweenness",
                                        "bridge"])
    return frame.sort_values(["bridging", "bridge_betweenness", "actor"],
                             ascending=[False, False, True]).reset_index(drop=True)


# ----------------------------------------------------------------------------- export


def _plain(value: Any) -> Any:
    if isinstance(value, bool | int | float | str):
        return value
    if value is None:
        return ""
    if isinstance(value, list | tuple | set | frozenset):
        return ";".join(sorted(str(v) for v in value))
    return str(value)


def plain(graph: nx.Graph) -> nx.Graph:
    """A copy whose graph, node and edge attributes are all scalars GraphML and GEXF accept."""
    copy = graph.copy()
    copy.graph = {k: _plain(v) for k, v in graph.graph.items()}
    for _, attrs in copy.nodes(data=True):
        for key, value in list(attrs.items()):
            attrs[key] = _plain(value)
    for *_, attrs in copy.edges(data=True):
        for key, value in list(attrs.items()):
            attrs[key] = _plain(value)
    return copy


def graphml_text(graph: nx.Graph) -> str:
    """Plain GraphML (typed ``<key>``s, no yEd or Gephi dialect)."""
    return "\n".join(nx.generate_graphml(plain(graph))) + "\n"


def gexf_text(graph: nx.Graph) -> str:
    """GEXF 1.2 with the node ``label`` as GEXF label and everything else as attributes.

    networkx stamps today's date as ``lastmodifieddate``; it is dropped (it is optional) so the
    same graph always gives the same file.
    """
    text = "\n".join(nx.generate_gexf(plain(graph), version="1.2draft")) + "\n"
    return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)


def node_link_json(graph: nx.Graph) -> str:
    """Node-link JSON (``nodes`` and ``links``), the format d3 and networkx read back."""
    data = nx.node_link_data(plain(graph), edges="links")
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def tables(graph: nx.Graph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The nodes table (``id`` + every node attribute) and edges table (``source``, ``target``,
    ``key`` for multigraphs, + every edge attribute); a missing attribute is an empty cell."""
    import pandas as pd

    nodes = [{"id": n, **attrs} for n, attrs in plain(graph).nodes(data=True)]
    node_columns = _columns(["id", "label", "kind"], nodes)
    if graph.is_multigraph():
        edges = [{"source": u, "target": v, "key": k, **d}
                 for u, v, k, d in plain(graph).edges(keys=True, data=True)]
        first = ["source", "target", "key"]
    else:
        edges = [{"source": u, "target": v, **d} for u, v, d in plain(graph).edges(data=True)]
        first = ["source", "target"]
    edge_columns = _columns([*first, "weight"], edges)
    return (pd.DataFrame(nodes, columns=node_columns),
            pd.DataFrame(edges, columns=edge_columns))


def _columns(first: list[str], rows: list[dict[str, Any]]) -> list[str]:
    seen = {k for row in rows for k in row}
    return [c for c in first if c in seen or c in ("id", "source", "target")] + \
        sorted(seen - set(first))


def csv_tables(graph: nx.Graph) -> tuple[str, str]:
    """The nodes and edges tables as CSV text."""
    def text(frame: pd.DataFrame) -> str:
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        return buffer.getvalue()

    nodes, edges = tables(graph)
    return text(nodes), text(edges)


def csv_paths(out: Path) -> tuple[Path, Path]:
    """Where ``--out`` puts the two CSV tables.

    ``out`` ending in ``.csv`` gives ``<stem>-nodes.csv`` and ``<stem>-edges.csv`` beside it;
    anything else is a folder that gets ``nodes.csv`` and ``edges.csv``.
    """
    if out.suffix.lower() == ".csv":
        stem = out.with_suffix("")
        return (stem.parent / f"{stem.name}-nodes.csv", stem.parent / f"{stem.name}-edges.csv")
    return out / "nodes.csv", out / "edges.csv"


def export(graph: nx.Graph, fmt: str, out: Path) -> list[Path]:
    """Write ``graph`` as ``fmt`` to ``out`` (two files for csv, see :func:`csv_paths`)."""
    _check_choice(fmt, FORMATS, "format")
    out = Path(out)
    if fmt == "csv":
        nodes_text, edges_text = csv_tables(graph)
        targets = list(zip(csv_paths(out), (nodes_text, edges_text), strict=True))
    else:
        text = {"graphml": graphml_text, "gexf": gexf_text, "json": node_link_json}[fmt](graph)
        targets = [(out, text)]
    written = []
    for path, text in targets:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(path, text)
        except OSError as exc:
            raise InputError(f"cannot write the network ({exc.strerror or exc})", path,
                             hint="choose a writable --out path") from exc
        written.append(path)
    return written


def check_export(fmt: str, out: Path | None) -> None:
    """Refuse an export that cannot be done: unknown format, or CSV (two tables) without --out."""
    _check_choice(fmt, FORMATS, "format")
    if fmt == "csv" and out is None:
        raise InputError("CSV is two tables (nodes and edges), so it needs --out", None,
                         hint="add --out DIR (writes DIR/nodes.csv and DIR/edges.csv) or "
                              "--out NAME.csv (writes NAME-nodes.csv and NAME-edges.csv)")


def export_text(graph: nx.Graph, fmt: str) -> str:
    """``graph`` as ``fmt`` text, for stdout; CSV has two tables, so it needs files."""
    check_export(fmt, None)
    return {"graphml": graphml_text, "gexf": gexf_text, "json": node_link_json}[fmt](graph)


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
