"""One-mode actor networks: congruence, conflict and subtract (Leifeld's affiliation networks)."""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import combinations
from typing import Any

import networkx as nx
from rdflib import Graph

from migration_kg.networks.attributes import (
    actors_of,
    concept_relations,
    node_attrs,
    signed,
)
from migration_kg.networks.data import Discourse, discourse
from migration_kg.networks.registry import (
    LEVELS,
    NORMALIZATIONS,
    Concepts,
    Level,
    Network,
    NetworkOptions,
    Normalization,
    check_choice,
)

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
    relations = concept_relations(concepts)
    check_choice(level, LEVELS, "level")
    result: dict[str, dict[Pair, set[str]]] = defaultdict(lambda: defaultdict(set))
    for link in data.links:
        if link.relation not in relations or (link.polarity == 0 and not neutral):
            continue
        if not anonymous and data.info(link.actor).kind == "participant":
            continue
        for actor in actors_of(data, link.actor, level):
            result[actor][link.target, link.polarity].add(link.statement)
    return {actor: dict(pairs) for actor, pairs in result.items()}


def normalize(count: int, size_a: int, size_b: int, normalization: str) -> float | int:
    """Normalize a count of shared items between two sets of sizes ``size_a`` and ``size_b``.

    none: the count; jaccard: count / (size_a + size_b - count), i.e. |A & B| / |A | B|;
    cosine: count / sqrt(size_a * size_b), the cosine of the two binary vectors.
    """
    check_choice(normalization, NORMALIZATIONS, "normalization")
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
             anonymous: bool = False) -> Network:
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
    check_choice(kind, ("congruence", "conflict", "subtract"), "one-mode network")
    check_choice(normalization, NORMALIZATIONS, "normalization")
    data = discourse(rdf)
    prof = profiles(data, concepts=concepts, level=level, neutral=neutral, anonymous=anonymous)
    graph: Network = nx.Graph(name=kind, mode="one-mode", level=level, normalization=normalization,
                     concepts=concepts, neutral=neutral)
    actors = sorted(prof)
    for actor in actors:
        graph.add_node(actor, **node_attrs(data, actor))
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


def congruence(rdf: Graph | Discourse, **options: Any) -> Network:
    """Actors linked by the concepts on which they took the same polarity; see :func:`one_mode`."""
    return one_mode(rdf, "congruence", **options)


def conflict(rdf: Graph | Discourse, **options: Any) -> Network:
    """Actors linked by the concepts on which they took opposite stances; see :func:`one_mode`."""
    return one_mode(rdf, "conflict", **options)


def subtract(rdf: Graph | Discourse, **options: Any) -> Network:
    """Congruence minus conflict, edge by edge; see :func:`one_mode`."""
    return one_mode(rdf, "subtract", **options)


def organizations(rdf: Graph | Discourse, **options: Any) -> Network:
    """The congruence network with actors folded into their current organizations.

    Organizations are linked by the (concept, polarity) pairs their members share; organization
    nodes list their speaking ``members``. Same options as :func:`one_mode`.
    """
    options = {**options, "level": "organization"}
    graph = one_mode(rdf, "congruence", **options)
    graph.graph["name"] = "organizations"
    return graph


def _keywords(options: NetworkOptions) -> dict[str, Any]:
    return {"normalization": options.normalization, "concepts": options.concepts,
            "level": options.level, "neutral": options.neutral, "anonymous": options.anonymous}


def congruence_kind(data: Discourse, options: NetworkOptions) -> Network:
    return one_mode(data, "congruence", **_keywords(options))


def conflict_kind(data: Discourse, options: NetworkOptions) -> Network:
    return one_mode(data, "conflict", **_keywords(options))


def subtract_kind(data: Discourse, options: NetworkOptions) -> Network:
    return one_mode(data, "subtract", **_keywords(options))


def organizations_kind(data: Discourse, options: NetworkOptions) -> Network:
    keywords = _keywords(options)
    del keywords["level"]
    return organizations(data, **keywords)
