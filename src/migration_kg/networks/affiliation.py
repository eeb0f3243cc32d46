"""One-mode actor networks: congruence, conflict and subtract (Leifeld's affiliation networks).

Built from positions only: (actor, claim, agreement). Speech acts and the topics or
instruments a statement mentions play no part, so criticising a practice and proposing a
remedy for it can never put two speakers in conflict; only holding opposite sides of the same
claim does.
"""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import combinations
from typing import Any

import networkx as nx
from rdflib import Graph

from migration_kg.networks.attributes import Folding, node_attrs
from migration_kg.networks.data import AGREES, DISAGREES, Discourse, discourse, local_name
from migration_kg.networks.registry import (
    LEVELS,
    NORMALIZATIONS,
    Level,
    Network,
    NetworkOptions,
    Normalization,
    check_choice,
)

Pair = tuple[str, str]  # (claim, agreement)
FLIP = {AGREES: DISAGREES, DISAGREES: AGREES}


def profiles(rdf: Graph | Discourse, *, level: Level = "actor", anonymous: bool = False,
             folding: Folding | None = None) -> dict[str, dict[Pair, set[str]]]:
    """Each actor's profile P_a: its (claim, agreement) pairs, each with the statements behind it.

    A pair is in P_a when the actor holds the claim with that agreement in at least one
    statement, however many (profiles are binary, as in Leifeld's DNA). ``anonymous=False`` (the
    default) leaves out anonymous participants: "the floor" is many different people, so pairing
    it with anyone would be spurious.
    """
    data = discourse(rdf)
    check_choice(level, LEVELS, "level")
    fold = folding if folding is not None else Folding(data, level)
    result: dict[str, dict[Pair, set[str]]] = defaultdict(lambda: defaultdict(set))
    for position in data.positions:
        if not anonymous and data.info(position.actor).kind == "participant":
            continue
        for actor in fold(position.actor, position.statement):
            result[actor][position.claim, position.agreement].add(position.statement)
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


def _agreement_word(agreement: str) -> str:
    return local_name(agreement)


def one_mode(rdf: Graph | Discourse, kind: str = "congruence", *,
             normalization: Normalization = "none", level: Level = "actor",
             anonymous: bool = False) -> Network:
    """Actor x actor congruence, conflict or subtract network.

    With P_a the profile of actor a (see :func:`profiles`):

    * congruence count C(a, b) = |P_a & P_b|: the claims both hold on the same side (both agree
      or both disagree);
    * conflict count K(a, b) = |{(c, x) in P_a : (c, not x) in P_b}|: the claims on which one
      agrees and the other disagrees (an actor who took both sides of a claim counts twice, once
      per pair, as in DNA);
    * normalization (:func:`normalize`) of C over P_a, P_b and of K over P_a, flip(P_b):
      ``jaccard`` gives C / |P_a | P_b| and K / |P_a | flip(P_b)|, where flip(P_b) reverses every
      agreement; ``cosine`` gives C / sqrt(|P_a||P_b|) and K / sqrt(|P_a||P_b|);
    * congruence links a, b when C > 0 with weight norm(C); conflict when K > 0 with weight
      norm(K); subtract when norm(C) - norm(K) != 0, with that difference as weight, negative
      where they disagree more than they agree.

    Edges also carry the raw ``congruence`` and ``conflict`` counts, ``agreements`` (the shared
    claims with their side, ``claim=agrees``), ``disagreements`` (the disputed claims) and
    ``statements`` (of both actors, on the shared or the disputed claims). ``level`` folds
    speakers into the organizations or States they speak for or represent (a statement counts
    for each; see :func:`migration_kg.networks.attributes.actors_of`); folded nodes list their
    speaking ``members``.
    """
    check_choice(kind, ("congruence", "conflict", "subtract"), "one-mode network")
    check_choice(normalization, NORMALIZATIONS, "normalization")
    data = discourse(rdf)
    folding = Folding(data, level)
    prof = profiles(data, level=level, anonymous=anonymous, folding=folding)
    graph: Network = nx.Graph(name=kind, mode="one-mode", level=level,
                              normalization=normalization)
    actors = sorted(prof)
    for actor in actors:
        graph.add_node(actor, **node_attrs(data, actor))
    for a, b in combinations(actors, 2):
        pa, pb = prof[a], prof[b]
        agree = sorted(set(pa) & set(pb))
        disagree = sorted((c, x) for c, x in pa if (c, FLIP[x]) in pb)
        c_norm = normalize(len(agree), len(pa), len(pb), normalization)
        k_norm = normalize(len(disagree), len(pa), len(pb), normalization)
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
            for c, x in disagree:
                statements |= pa[c, x] | pb[c, FLIP[x]]
        if normalization != "none":
            weight = float(weight)
        graph.add_edge(
            a, b,
            weight=weight,
            congruence=len(agree),
            conflict=len(disagree),
            agreements=";".join(f"{c}={_agreement_word(x)}" for c, x in agree),
            disagreements=";".join(sorted({c for c, _ in disagree})),
            tone={"congruence": "agree", "conflict": "disagree"}.get(
                kind, "agree" if weight > 0 else "disagree"),
            statements=";".join(sorted(statements)),
        )
    return folding.annotate(graph)


def congruence(rdf: Graph | Discourse, **options: Any) -> Network:
    """Actors linked by the claims they hold on the same side; see :func:`one_mode`."""
    return one_mode(rdf, "congruence", **options)


def conflict(rdf: Graph | Discourse, **options: Any) -> Network:
    """Actors linked by the claims on which one agrees and the other disagrees."""
    return one_mode(rdf, "conflict", **options)


def subtract(rdf: Graph | Discourse, **options: Any) -> Network:
    """Congruence minus conflict, edge by edge; see :func:`one_mode`."""
    return one_mode(rdf, "subtract", **options)


def organizations(rdf: Graph | Discourse, **options: Any) -> Network:
    """The congruence network with people folded into the organizations they speak for or hold
    a post in.

    Organizations are linked by the (claim, agreement) pairs their members share; organization
    nodes list their speaking ``members``. Same options as :func:`one_mode`.
    """
    options = {**options, "level": "organization"}
    graph = one_mode(rdf, "congruence", **options)
    graph.graph["name"] = "organizations"
    return graph


def _keywords(options: NetworkOptions) -> dict[str, Any]:
    return {"normalization": options.normalization, "level": options.level,
            "anonymous": options.anonymous}


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
