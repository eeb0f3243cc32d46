"""Discourse networks: definitions checked on a small hand-made graph whose answers are worked
out below by hand, exports read back by the libraries users open them with, the CLI, and
invariants on the shipped corpus checked against the raw triples (not against our SPARQL)."""

from __future__ import annotations

import argparse
import io
import json
import math
import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from migration_kg import networks, paths
from migration_kg.cli import main
from migration_kg.errors import InputError
from migration_kg.namespaces import compact
from migration_kg.sparql.files import read_query_file
from migration_kg.sparql.safety import check_query
from migration_kg.store import copy_into
from tests.helpers import ROOT

MKG = Namespace("https://w3id.org/migration-kg/ontology#")

# Three people a, b, c and the floor f; claims k1, k2, k3; instruments i1, i2; topic t1 under
# human rights, t2 under development; practice p1. Positions (claim, + agrees / - disagrees):
#   s1  a calls-for  i1, t1     k1+         s6  c supports   i2, t2   k3+
#   s2  b supports   i1         k2+         s7  b opposes    i2       k3-
#   s3  c criticises i1, t1     k1-  (p1)   s9  a supports   t1, t2   k2+, k3+
#   s4  a reports    t2         k2+         s10 c supports   t1       k1+  (c concurs with a)
#   s5  b reports    t2         k2+         s11 f supports   i1, i2   k3+  (the floor)
# a and b hold current posts in o1; c a current post in o2 and a former one in o1.
SMALL = """
@prefix mkg: <https://w3id.org/migration-kg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix person: <https://w3id.org/migration-kg/person/> .
@prefix participant: <https://w3id.org/migration-kg/participant/> .
@prefix organization: <https://w3id.org/migration-kg/organization/> .
@prefix instrument: <https://w3id.org/migration-kg/instrument/> .
@prefix topic: <https://w3id.org/migration-kg/topic/> .
@prefix claim: <https://w3id.org/migration-kg/claim/> .
@prefix practice: <https://w3id.org/migration-kg/practice/> .
@prefix stance: <https://w3id.org/migration-kg/stance/> .
@prefix scheme: <https://w3id.org/migration-kg/scheme/> .
@prefix statement: <https://w3id.org/migration-kg/statement/> .
@prefix post: <https://w3id.org/migration-kg/post/> .
@prefix holding: <https://w3id.org/migration-kg/holding/> .
@prefix schema: <https://schema.org/> .

person:a a mkg:Person ; rdfs:label "Ada" .
person:b a mkg:Person ; rdfs:label "Ben" .
person:c a mkg:Person ; rdfs:label "Cy" .
participant:f a mkg:AnonymousParticipant ; rdfs:label "the floor" .
organization:o1 a mkg:Organization, mkg:UNBody ; rdfs:label "Org One" .
organization:o2 a mkg:Organization, mkg:GovernmentBody ; rdfs:label "Org Two" .
instrument:i1 a mkg:Instrument, mkg:BindingInstrument ; rdfs:label "Convention One" .
instrument:i2 a mkg:Instrument, mkg:NonBindingInstrument ; rdfs:label "Plan Two" .
scheme:topics a skos:ConceptScheme .
topic:human-rights a mkg:Topic, skos:Concept ; rdfs:label "human rights" ;
    skos:topConceptOf scheme:topics .
topic:development a mkg:Topic, skos:Concept ; rdfs:label "development" ;
    skos:topConceptOf scheme:topics .
topic:t1 a mkg:Topic, skos:Concept ; rdfs:label "T one" ; skos:broader topic:human-rights .
topic:t2 a mkg:Topic, skos:Concept ; rdfs:label "T two" ; skos:broader topic:development .
claim:k1 a mkg:Claim, skos:Concept ; rdfs:label "Claim one." .
claim:k2 a mkg:Claim, skos:Concept ; rdfs:label "Claim two." .
claim:k3 a mkg:Claim, skos:Concept ; rdfs:label "Claim three." .
practice:p1 a mkg:Practice, skos:Concept ; rdfs:label "a bad practice" .
stance:supports a mkg:Stance, skos:Concept ; skos:prefLabel "supports" .
stance:opposes a mkg:Stance, skos:Concept ; skos:prefLabel "opposes" .
stance:reports a mkg:Stance, skos:Concept ; skos:prefLabel "reports" .
stance:calls-for a mkg:Stance, skos:Concept ; skos:prefLabel "calls for" .
stance:criticises a mkg:Stance, skos:Concept ; skos:prefLabel "criticises" .
post:boss schema:name "Boss" .
holding:a a mkg:PostHolding ; org:member person:a ; org:organization organization:o1 ;
    mkg:post post:boss ; mkg:tenure mkg:current .
holding:b a mkg:PostHolding ; org:member person:b ; org:organization organization:o1 ;
    mkg:post post:boss ; mkg:tenure mkg:current .
holding:c2 a mkg:PostHolding ; org:member person:c ; org:organization organization:o2 ;
    mkg:post post:boss ; mkg:tenure mkg:current .
holding:c1 a mkg:PostHolding ; org:member person:c ; org:organization organization:o1 ;
    mkg:post post:boss ; mkg:tenure mkg:former .
organization:o1 org:subOrganizationOf organization:o2 .

statement:s1 a mkg:Statement ; prov:wasAttributedTo person:a ; mkg:stance stance:calls-for ;
    mkg:citesInstrument instrument:i1 ; dcterms:subject topic:t1 ;
    mkg:hasPosition [ mkg:claim claim:k1 ; mkg:agreement mkg:agrees ] .
statement:s2 a mkg:Statement ; prov:wasAttributedTo person:b ; mkg:stance stance:supports ;
    mkg:citesInstrument instrument:i1 ;
    mkg:hasPosition [ mkg:claim claim:k2 ; mkg:agreement mkg:agrees ] .
statement:s3 a mkg:Statement ; prov:wasAttributedTo person:c ; mkg:stance stance:criticises ;
    mkg:citesInstrument instrument:i1 ; dcterms:subject topic:t1 ; mkg:criticises practice:p1 ;
    mkg:hasPosition [ mkg:claim claim:k1 ; mkg:agreement mkg:disagrees ] .
statement:s4 a mkg:Statement ; prov:wasAttributedTo person:a ; mkg:stance stance:reports ;
    dcterms:subject topic:t2 ;
    mkg:hasPosition [ mkg:claim claim:k2 ; mkg:agreement mkg:agrees ] .
statement:s5 a mkg:Statement ; prov:wasAttributedTo person:b ; mkg:stance stance:reports ;
    dcterms:subject topic:t2 ;
    mkg:hasPosition [ mkg:claim claim:k2 ; mkg:agreement mkg:agrees ] .
statement:s6 a mkg:Statement ; prov:wasAttributedTo person:c ; mkg:stance stance:supports ;
    mkg:citesInstrument instrument:i2 ; dcterms:subject topic:t2 ;
    mkg:hasPosition [ mkg:claim claim:k3 ; mkg:agreement mkg:agrees ] .
statement:s7 a mkg:Statement ; prov:wasAttributedTo person:b ; mkg:stance stance:opposes ;
    mkg:citesInstrument instrument:i2 ;
    mkg:hasPosition [ mkg:claim claim:k3 ; mkg:agreement mkg:disagrees ] .
statement:s9 a mkg:Statement ; prov:wasAttributedTo person:a ; mkg:stance stance:supports ;
    dcterms:subject topic:t1, topic:t2 ;
    mkg:hasPosition [ mkg:claim claim:k2 ; mkg:agreement mkg:agrees ] ,
                    [ mkg:claim claim:k3 ; mkg:agreement mkg:agrees ] .
statement:s10 a mkg:Statement ; prov:wasAttributedTo person:c ; mkg:stance stance:supports ;
    dcterms:subject topic:t1 ; mkg:concursWith person:a ;
    mkg:hasPosition [ mkg:claim claim:k1 ; mkg:agreement mkg:agrees ] .
statement:s11 a mkg:Statement ; prov:wasAttributedTo participant:f ;
    mkg:stance stance:supports ; mkg:citesInstrument instrument:i1, instrument:i2 ;
    mkg:hasPosition [ mkg:claim claim:k3 ; mkg:agreement mkg:agrees ] .
"""

A, B, C, F = "person:a", "person:b", "person:c", "participant:f"
O1, O2 = "organization:o1", "organization:o2"
I1, I2 = "instrument:i1", "instrument:i2"
T1, T2 = "topic:t1", "topic:t2"
K1, K2, K3 = "claim:k1", "claim:k2", "claim:k3"


def st(*names: str) -> str:
    """The ``statements`` attribute for these statement names."""
    return ";".join(sorted(f"statement:{n}" for n in names))


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def small(request: pytest.FixtureRequest) -> networks.Discourse:
    """The hand-made graph, on both query engines: the answers must not depend on the engine."""
    graph = Graph()
    graph.parse(data=SMALL, format="turtle")
    return networks.Discourse.from_graph(copy_into(graph, request.param))


def weights(graph: nx.Graph) -> dict[frozenset[str], float]:
    return {frozenset((u, v)): d["weight"] for u, v, d in graph.edges(data=True)}


def edge(*nodes: str) -> frozenset[str]:
    return frozenset(nodes)


# ----------------------------------------------------------------------------- two-mode


def test_actor_claim_edges_carry_the_agreement(small):
    g = networks.actor_claim(small)
    assert set(g.nodes) == {A, B, C, F, K1, K2, K3}
    assert weights(g) == {edge(A, K1): 1, edge(A, K2): 2, edge(A, K3): 1, edge(B, K2): 2,
                          edge(B, K3): 1, edge(C, K1): 2, edge(C, K3): 1, edge(F, K3): 1}
    assert (g.edges[A, K2]["agreement"], g.edges[A, K2]["tone"]) == ("agrees", "agree")
    assert g.edges[A, K2]["statements"] == st("s4", "s9")
    assert (g.edges[B, K3]["agreement"], g.edges[B, K3]["tone"]) == ("disagrees", "disagree")
    c_k1 = g.edges[C, K1]  # c rejected k1 in s3 and agreed in s10
    assert (c_k1["agrees"], c_k1["disagrees"], c_k1["agreement"], c_k1["tone"]) == \
        (1, 1, "both", "mixed")
    assert c_k1["speech_acts"] == "criticises;supports"
    assert g.nodes[K1]["kind"] == "claim" and g.nodes[K1]["label"] == "Claim one."


def test_actor_instrument_edges_carry_speech_acts_and_no_agreement(small):
    g = networks.actor_instrument(small)
    assert set(g.nodes) == {A, B, C, F, I1, I2}
    assert {n for n, d in g.nodes(data=True) if d["bipartite"] == 0} == {A, B, C, F}
    assert weights(g) == {edge(A, I1): 1, edge(B, I1): 1, edge(C, I1): 1, edge(F, I1): 1,
                          edge(B, I2): 1, edge(C, I2): 1, edge(F, I2): 1}
    assert g.edges[C, I1]["statements"] == st("s3")
    # c criticised a practice while citing i1: that says nothing against i1
    assert (g.edges[C, I1]["speech_acts"], g.edges[C, I1]["tone"]) == ("criticises", "none")
    assert {d["tone"] for *_, d in g.edges(data=True)} == {"none"}
    assert not any("polarity" in d or "negative" in d for *_, d in g.edges(data=True))
    assert g.edges[F, I2]["statements"] == st("s11")
    assert g.nodes[I1]["label"] == "Convention One"
    assert g.nodes[I1]["category"] == "binding instrument"
    assert g.nodes[F]["kind"] == "participant"


def test_actor_topic_edges_list_speech_acts(small):
    g = networks.actor_topic(small)
    assert weights(g) == {edge(A, T1): 2, edge(A, T2): 2, edge(B, T2): 1, edge(C, T1): 2,
                          edge(C, T2): 1}
    a_t2 = g.edges[A, T2]
    assert a_t2["speech_acts"] == "reports;supports"
    assert a_t2["statements"] == st("s4", "s9")
    assert a_t2["tone"] == "none"
    assert g.edges[C, T1]["speech_acts"] == "criticises;supports"
    assert g.nodes[T1]["category"] == "human rights"


def test_two_mode_at_organization_level_folds_speakers_into_current_organizations(small):
    g = networks.actor_instrument(small, level="organization")
    # c's former post in o1 does not count; the floor has no organization and stays itself.
    assert weights(g) == {edge(O1, I1): 2, edge(O1, I2): 1, edge(O2, I1): 1, edge(O2, I2): 1,
                          edge(F, I1): 1, edge(F, I2): 1}
    assert g.edges[O1, I1]["statements"] == st("s1", "s2")


# ----------------------------------------------------------------------------- one-mode

# Profiles (claim, agreement):
#   P_a = {k1+, k2+, k3+}   P_b = {k2+, k3-}   P_c = {k1-, k1+, k3+}   (P_f = {k3+}, left out)
# Congruence C: a-b {k2+} = 1; a-c {k1+, k3+} = 2; b-c 0.
# Conflict K: a-b {k3} = 1; a-c {k1} = 1; b-c {k3} = 1.
CASES = [
    ("congruence", "none", {edge(A, B): 1, edge(A, C): 2}),
    ("conflict", "none", {edge(A, B): 1, edge(A, C): 1, edge(B, C): 1}),
    # a-b: 1 - 1 = 0, so no edge
    ("subtract", "none", {edge(A, C): 1, edge(B, C): -1}),
    # C / |P_a | P_b|: a-b 1/(3+2-1); a-c 2/(3+3-2)
    ("congruence", "jaccard", {edge(A, B): 1 / 4, edge(A, C): 2 / 4}),
    # K / |P_a | flip(P_b)|: a-b 1/(3+2-1); a-c 1/(3+3-1); b-c 1/(2+3-1)
    ("conflict", "jaccard", {edge(A, B): 1 / 4, edge(A, C): 1 / 5, edge(B, C): 1 / 4}),
    ("subtract", "jaccard", {edge(A, C): 2 / 4 - 1 / 5, edge(B, C): -1 / 4}),
    # C / sqrt(|P_a||P_b|)
    ("congruence", "cosine", {edge(A, B): 1 / math.sqrt(6), edge(A, C): 2 / 3}),
    # K / sqrt(|P_a||P_b|)
    ("conflict", "cosine", {edge(A, B): 1 / math.sqrt(6), edge(A, C): 1 / 3,
                            edge(B, C): 1 / math.sqrt(6)}),
    ("subtract", "cosine", {edge(A, C): 2 / 3 - 1 / 3, edge(B, C): -1 / math.sqrt(6)}),
]


def test_one_mode_cases_are_not_empty():
    assert len(CASES) == 9
    assert {(k, n) for k, n, _ in CASES} == {
        (k, n) for k in ("congruence", "conflict", "subtract") for n in networks.NORMALIZATIONS}


@pytest.mark.parametrize(("kind", "normalization", "expected"), CASES)
def test_one_mode_weights_match_the_hand_computed_ones(small, kind, normalization, expected):
    g = networks.one_mode(small, kind, normalization=normalization)
    assert set(g.nodes) == {A, B, C}  # the floor is left out by default
    got = weights(g)
    assert set(got) == set(expected)
    for pair, value in expected.items():
        assert got[pair] == pytest.approx(value, abs=1e-6), pair
        assert isinstance(got[pair], int if normalization == "none" else float)


def test_one_mode_edges_say_which_claims_and_statements_are_behind_them(small):
    g = networks.subtract(small)
    ac = g.edges[A, C]
    assert (ac["congruence"], ac["conflict"]) == (2, 1)
    assert ac["agreements"] == f"{K1}=agrees;{K3}=agrees"
    assert ac["disagreements"] == K1
    # shared: k1+ (s1, s10), k3+ (s9, s6); disputed: k1 (s1 against s3)
    assert ac["statements"] == st("s1", "s10", "s9", "s6", "s3")
    assert ac["tone"] == "agree"
    bc = g.edges[B, C]
    assert (bc["congruence"], bc["conflict"]) == (0, 1)
    assert bc["disagreements"] == K3
    assert bc["statements"] == st("s7", "s6")
    assert bc["tone"] == "disagree"
    conflict = networks.conflict(small)
    assert conflict.edges[A, B]["statements"] == st("s9", "s7")
    assert conflict.edges[A, B]["tone"] == "disagree"


def test_speech_acts_and_topics_never_make_a_conflict(small):
    """c criticises (s3) and a calls for (s1) on the same topic and instrument, but only the
    claim k1, on which they take opposite sides, puts them in conflict."""
    conflict = networks.conflict(small)
    assert conflict.edges[A, C]["disagreements"] == K1
    congruence = networks.congruence(small)
    assert not congruence.has_edge(B, C)  # i1 and i2 in common, no claim on the same side


def test_the_floor_joins_one_mode_networks_only_when_asked(small):
    # P_f = {k3+}: agrees with a and c on k3, disagrees with b.
    g = networks.congruence(small, anonymous=True)
    assert {p: w for p, w in weights(g).items() if F in p} == {edge(F, A): 1, edge(F, C): 1}
    g = networks.conflict(small, anonymous=True)
    assert {p: w for p, w in weights(g).items() if F in p} == {edge(F, B): 1}


def test_organizations_fold_members_into_their_current_organization(small):
    # P_o1 = P_a | P_b = {k1+, k2+, k3+, k3-}; P_o2 = P_c = {k1-, k1+, k3+}: shared k1+, k3+.
    g = networks.organizations(small)
    assert set(g.nodes) == {O1, O2}
    assert weights(g) == {edge(O1, O2): 2}
    assert g.nodes[O1]["members"] == f"{A};{B}"
    assert g.nodes[O1]["category"] == "UN body"
    # conflict at organization level: k1 (o1 +, o2 -) and k3 (o1 -, o2 +)
    conflict = networks.conflict(small, level="organization")
    assert weights(conflict) == {edge(O1, O2): 2}


def test_instrument_cocitation_counts_statements_citing_both(small):
    # S_i1 = {s1, s2, s3, s11}, S_i2 = {s6, s7, s11}
    g = networks.instrument_cocitation(small)
    assert weights(g) == {edge(I1, I2): 1}
    assert g.edges[I1, I2]["statements"] == st("s11")
    assert (g.nodes[I1]["statement_count"], g.nodes[I1]["actor_count"]) == (4, 4)
    assert (g.nodes[I2]["statement_count"], g.nodes[I2]["actor_count"]) == (3, 3)
    assert weights(networks.instrument_cocitation(small, normalization="jaccard")) == {
        edge(I1, I2): pytest.approx(1 / 6, abs=1e-6)}
    assert weights(networks.instrument_cocitation(small, normalization="cosine")) == {
        edge(I1, I2): pytest.approx(1 / math.sqrt(12), abs=1e-6)}


def test_actor_cocitation_counts_shared_instruments(small):
    # I_a = {i1}, I_b = {i1, i2}, I_c = {i1, i2}
    g = networks.actor_cocitation(small)
    assert weights(g) == {edge(A, B): 1, edge(A, C): 1, edge(B, C): 2}
    assert g.edges[B, C]["instruments"] == f"{I1};{I2}"
    assert g.edges[B, C]["statements"] == st("s2", "s3", "s6", "s7")


def test_normalize_formulas():
    assert networks.normalize(3, 4, 5, "none") == 3
    assert networks.normalize(3, 4, 5, "jaccard") == pytest.approx(3 / 6)
    assert networks.normalize(3, 4, 5, "cosine") == pytest.approx(3 / math.sqrt(20))
    assert networks.normalize(0, 0, 5, "cosine") == 0.0
    with pytest.raises(InputError, match="normalization"):
        networks.normalize(1, 1, 1, "pearson")


def test_tone_of_every_combination():
    from migration_kg.networks.attributes import tone_of

    assert tone_of(1, 0) == "agree"
    assert tone_of(0, 2) == "disagree"
    assert tone_of(1, 1) == "mixed"
    assert tone_of(0, 0) == "none"


# ----------------------------------------------------------------------------- full graph


def test_full_graph_is_typed_and_directed_with_statement_and_relation_edges(small):
    g = networks.full(small)
    assert g.is_directed() and g.is_multigraph()
    kinds = {n: d["kind"] for n, d in g.nodes(data=True)}
    assert kinds[A] == "person" and kinds[F] == "participant" and kinds[O1] == "organization"
    assert kinds[I1] == "instrument" and kinds[T1] == "topic"
    assert kinds[K1] == "claim" and kinds["practice:p1"] == "practice"
    cites = g.edges[A, I1, "mkg:citesInstrument"]
    assert cites["statements"] == st("s1") and cites["tone"] == "none"
    assert cites["speech_acts"] == "calls for"
    holds = g.edges[C, K1, "mkg:agreement"]
    assert (holds["agreement"], holds["relation_label"]) == ("both", "holds claim")
    assert g.edges[C, "practice:p1", "mkg:criticises"]["statements"] == st("s3")
    about = g.edges[A, T2, "dcterms:subject"]
    assert about["weight"] == 2 and about["statements"] == st("s4", "s9")
    assert g.edges[C, A, "mkg:concursWith"]["statements"] == st("s10")
    assert g.edges[C, O1, "mkg:PostHolding"]["tenure"] == "former"
    assert g.edges[C, O2, "mkg:PostHolding"]["tenure"] == "current"
    assert g.edges[O1, O2, "org:subOrganizationOf"]["tone"] == "none"
    assert g.edges[T1, "topic:human-rights", "skos:broader"]["relation"] == "skos:broader"
    assert not g.has_edge("topic:human-rights", T1)  # skos:narrower is not repeated


# ----------------------------------------------------------------------------- measures


def test_centrality_on_a_path_and_communities_on_two_cliques():
    path = nx.Graph()
    path.add_nodes_from(["x", "y", "z"], label="n", kind="person")
    path.add_edge("x", "y", weight=2)
    path.add_edge("y", "z", weight=3)
    table = networks.centrality(path).set_index("node")
    assert table.loc["y", "betweenness"] == 1.0
    assert table.loc["x", "betweenness"] == 0.0
    assert table.loc["y", "degree"] == 2
    assert table.loc["y", "strength"] == 5.0
    assert networks.centrality(path)["node"].iloc[0] == "y"

    cliques = nx.Graph()
    for group in ("p", "q"):
        nodes = [f"{group}{i}" for i in range(4)]
        cliques.add_weighted_edges_from((u, v, 1) for i, u in enumerate(nodes)
                                        for v in nodes[i + 1:])
    cliques.add_edge("p0", "q0", weight=1)
    found = networks.communities(cliques)
    assert found == networks.communities(cliques)  # seeded: the same every time
    assert len({found[f"p{i}"] for i in range(4)}) == 1
    assert len({found[f"q{i}"] for i in range(4)}) == 1
    assert found["p0"] != found["q0"]


def test_communities_ignore_negative_subtract_edges():
    g = nx.Graph()
    g.add_edge("a", "b", weight=-5)
    g.add_edge("c", "d", weight=1)
    found = networks.communities(g)
    assert found["a"] != found["b"]
    assert found["c"] == found["d"]


def test_add_measures_writes_node_attributes(small):
    g = networks.add_measures(networks.congruence(small))
    # congruence: a-b, a-c: a is the centre of a path.
    assert g.nodes[A]["degree"] == 2 and g.nodes[A]["betweenness"] == 1.0
    assert g.nodes[B]["betweenness"] == 0.0
    assert {"community", "strength"} <= set(g.nodes[B])


def test_most_cited_instruments(small):
    table = networks.most_cited_instruments(small)
    assert list(table["instrument"]) == [I1, I2]
    assert list(table["statements"]) == [4, 3]
    assert list(table["actors"]) == [4, 3]
    assert list(networks.most_cited_instruments(small, top=1)["instrument"]) == [I1]


def test_bridges_between_human_rights_and_development(small):
    table = networks.bridges(small, "topic:human-rights", "topic:development").set_index("actor")
    # a: s1 (t1), s4 (t2), s9 (t1 + t2); b: s5 (t2); c: s3, s10 (t1), s6 (t2)
    assert table.loc[A, ["human_rights", "development", "bridging"]].tolist() == [2, 2, 1]
    assert table.loc[A, "orientation"] == "balanced"
    assert table.loc[B, "orientation"] == "development"
    assert table.loc[C, "orientation"] == "human-rights"
    assert bool(table.loc[A, "bridge"]) and not bool(table.loc[C, "bridge"])
    # congruence: c - a - b; the one human-rights/development pair (c, b) runs through a.
    assert table.loc[A, "bridge_betweenness"] == 1.0
    assert table.loc[B, "bridge_betweenness"] == 0.0
    assert F not in table.index
    assert networks.bridges(small, "topic:human-rights", "topic:development")["actor"].iloc[0] == A


# ----------------------------------------------------------------------------- exports


def test_graphml_reads_back_with_every_attribute(small, tmp_path):
    g = networks.subtract(small, normalization="jaccard")
    [path] = networks.export(g, "graphml", tmp_path / "s.graphml")
    back = nx.read_graphml(path)
    assert set(back.nodes) == set(g.nodes)
    assert back.edges[B, C]["weight"] == pytest.approx(-0.25)
    assert back.edges[B, C]["statements"] == st("s6", "s7")
    assert back.nodes[A]["posts"] == "Boss, Org One"
    text = path.read_text(encoding="utf-8")
    assert "yfiles" not in text and "<key " in text


def test_gexf_reads_back_multigraph_full(small, tmp_path):
    g = networks.full(small)
    [path] = networks.export(g, "gexf", tmp_path / "full.gexf")
    back = nx.read_gexf(path)
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()
    assert back.nodes[I1]["label"] == "Convention One"
    assert back.nodes[I1]["kind"] == "instrument"
    text = path.read_text(encoding="utf-8")
    assert "lastmodifieddate" not in text  # no date stamp: same graph, same file
    assert text == networks.gexf_text(networks.full(small))


def test_node_link_json_round_trips(small):
    g = networks.actor_topic(small)
    data = json.loads(networks.node_link_json(g))
    assert {"nodes", "links"} <= set(data)
    back = nx.node_link_graph(data, edges="links")
    assert back.edges[A, T2]["statements"] == st("s4", "s9")


def test_csv_tables_have_every_attribute(small, tmp_path):
    g = networks.add_measures(networks.congruence(small))
    nodes_path, edges_path = networks.export(g, "csv", tmp_path / "out")
    assert (nodes_path.name, edges_path.name) == ("nodes.csv", "edges.csv")
    nodes = pd.read_csv(nodes_path, keep_default_na=False)
    edges = pd.read_csv(edges_path, keep_default_na=False)
    assert list(nodes.columns[:3]) == ["id", "label", "kind"]
    assert {"posts", "betweenness", "community", "iri", "statement_count"} <= set(nodes.columns)
    assert list(edges.columns[:3]) == ["source", "target", "weight"]
    assert {"congruence", "conflict", "agreements", "statements", "tone"} <= set(edges.columns)
    assert len(nodes) == 3 and len(edges) == 2
    row = edges[(edges.source == A) & (edges.target == B)].iloc[0]
    assert row["statements"] == st("s2", "s4", "s5", "s9")


def test_csv_paths_for_a_folder_or_a_file_name():
    assert networks.csv_paths(Path("x/net")) == (Path("x/net/nodes.csv"), Path("x/net/edges.csv"))
    assert networks.csv_paths(Path("x/net.csv")) == (Path("x/net-nodes.csv"),
                                                     Path("x/net-edges.csv"))


def test_full_csv_has_a_key_column(small):
    _, edges = networks.tables(networks.full(small))
    assert list(edges.columns[:4]) == ["source", "target", "key", "weight"]
    assert "mkg:PostHolding" in set(edges["key"])


def test_plain_turns_lists_and_none_into_scalars():
    g = nx.Graph()
    g.add_node("n", tags=["b", "a"], missing=None)
    g.add_edge("n", "m", ids={"y", "x"})
    p = networks.plain(g)
    assert p.nodes["n"] == {"tags": "a;b", "missing": ""}
    assert p.edges["n", "m"]["ids"] == "x;y"


# ----------------------------------------------------------------------------- queries and CLI


NETWORK_QUERIES = sorted((paths.QUERIES_DIR / "networks").glob("*.rq"))


def test_network_queries_have_headers_and_parse():
    assert len(NETWORK_QUERIES) >= 6
    for path in NETWORK_QUERIES:
        query = read_query_file(path)
        assert query.title and query.question, path
        check_query(query)  # parses: every prefix it uses is declared in the file
        used = set(re.findall(r"\b([a-z]+):[A-Za-z]", re.sub(r"#.*", "", query.text)))
        declared = set(re.findall(r"PREFIX\s+([a-z]+):", query.text))
        assert used - {"http", "https"} <= declared, path


def test_cli_choices_come_from_the_registry():
    from migration_kg.cli import make_parser

    parser = make_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for command in ("network", "view"):
        kind = next(a for a in sub.choices[command]._actions if a.dest == "kind")
        assert tuple(kind.choices) == networks.KIND_NAMES
        normalization = next(a for a in sub.choices[command]._actions
                             if a.dest == "normalization")
        assert tuple(normalization.choices) == networks.NORMALIZATIONS


@pytest.fixture(scope="module")
def small_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("small") / "small.ttl"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_cli_network_csv_folder(small_file, tmp_path, capsys):
    out = tmp_path / "cong"
    assert main(["network", "congruence", "--format", "csv", "--out", str(out),
                 "--graph", str(small_file)]) == 0
    edges = pd.read_csv(out / "edges.csv")
    assert sorted(edges["weight"]) == [1, 2]
    assert "wrote" in capsys.readouterr().err


def test_cli_network_to_stdout_with_options(small_file, capsys):
    assert main(["network", "conflict", "--format", "json", "--normalization", "cosine",
                 "--graph", str(small_file)]) == 0
    data = json.loads(capsys.readouterr().out)
    got = {frozenset((e["source"], e["target"])): e["weight"] for e in data["links"]}
    assert got == {edge(A, B): pytest.approx(1 / math.sqrt(6), abs=1e-6),
                   edge(A, C): pytest.approx(1 / 3, abs=1e-6),
                   edge(B, C): pytest.approx(1 / math.sqrt(6), abs=1e-6)}


def test_cli_network_measures_flag(small_file, capsys):
    assert main(["network", "congruence", "--format", "json", "--measures",
                 "--graph", str(small_file)]) == 0
    nodes = {n["id"]: n for n in json.loads(capsys.readouterr().out)["nodes"]}
    assert nodes[A]["betweenness"] == 1.0


BAD_ARGS = [
    ["network", "sideways"],
    ["network", "congruence", "--normalization", "pearson"],
    ["network", "congruence", "--format", "xlsx"],
    ["measures", "loudness"],
]


def test_bad_args_cases_are_not_empty():
    assert len(BAD_ARGS) == 4


@pytest.mark.parametrize("argv", BAD_ARGS)
def test_cli_network_bad_arguments_exit_2(small_file, argv, capsys):
    with pytest.raises(SystemExit) as raised:
        main([*argv, "--graph", str(small_file)])
    assert raised.value.code == 2
    assert "fix:" in capsys.readouterr().err


def test_cli_csv_without_out_returns_2_with_hint(small_file, capsys):
    assert main(["network", "congruence", "--format", "csv", "--graph", str(small_file)]) == 2
    assert "--out DIR" in capsys.readouterr().err


def test_cli_measures(small_file, capsys):
    assert main(["measures", "bridges", "--format", "csv", "--graph", str(small_file)]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert table.iloc[0]["actor"] == A
    assert main(["measures", "most-cited", "--top", "1", "--format", "json",
                 "--graph", str(small_file)]) == 0
    assert json.loads(capsys.readouterr().out)[0]["instrument"] == I1
    assert main(["measures", "centrality", "--kind", "congruence", "--format", "md",
                 "--graph", str(small_file)]) == 0
    assert "| person:a" in capsys.readouterr().out


# ----------------------------------------------------------------------------- shipped corpus


@pytest.fixture(scope="module")
def corpus(shipped_graph: Graph) -> tuple[Graph, networks.Discourse]:
    return shipped_graph, networks.Discourse.from_graph(shipped_graph)


def _raw_links(rdf: Graph, predicate: URIRef) -> dict[tuple[str, str], set[str]]:
    """(actor, target) -> statements, straight from the triples, no SPARQL."""
    found: dict[tuple[str, str], set[str]] = {}
    for statement in rdf.subjects(RDF.type, MKG.Statement):
        actor = compact(str(rdf.value(statement, URIRef("http://www.w3.org/ns/prov#"
                                                        "wasAttributedTo"))))
        for target in rdf.objects(statement, predicate):
            found.setdefault((actor, compact(str(target))), set()).add(compact(str(statement)))
    return found


def test_corpus_actor_instrument_matches_the_raw_triples(corpus):
    rdf, data = corpus
    g = networks.actor_instrument(data)
    raw = _raw_links(rdf, MKG.citesInstrument)
    assert raw, "the corpus cites instruments"
    assert {edge(*k): len(v) for k, v in raw.items()} == weights(g)
    for (actor, target), statements in raw.items():
        assert set(g.edges[actor, target]["statements"].split(";")) == statements


def test_corpus_actor_topic_matches_the_raw_triples(corpus):
    rdf, data = corpus
    raw = _raw_links(rdf, URIRef("http://purl.org/dc/terms/subject"))
    assert {edge(*k): len(v) for k, v in raw.items()} == weights(networks.actor_topic(data))


def test_corpus_one_mode_edges_are_consistent_and_traceable(corpus):
    rdf, data = corpus
    statements = {compact(str(s)) for s in rdf.subjects(RDF.type, MKG.Statement)}
    cong = networks.congruence(data)
    conf = networks.conflict(data)
    sub = networks.subtract(data)
    assert cong.number_of_edges() > 40
    assert not any(d["kind"] == "participant" for _, d in cong.nodes(data=True))
    for u, v, d in sub.edges(data=True):
        c = cong.edges[u, v]["weight"] if cong.has_edge(u, v) else 0
        k = conf.edges[u, v]["weight"] if conf.has_edge(u, v) else 0
        assert d["weight"] == c - k != 0
        assert set(d["statements"].split(";")) <= statements
    for *_, d in cong.edges(data=True):
        assert d["weight"] == len(d["agreements"].split(";"))
    assert all(d["conflict"] == d["weight"] for *_, d in conf.edges(data=True))


def test_corpus_every_kind_builds_and_exports(corpus, tmp_path, no_network):
    _, data = corpus
    assert len(networks.KIND_NAMES) == 10
    for kind in networks.KIND_NAMES:
        g = networks.build_network(data, kind)
        # the report holds no disagreement, so the conflict network has nodes and no edge
        assert g.number_of_nodes() > 0 and (g.number_of_edges() > 0) == (kind != "conflict"), \
            kind
        for fmt in ("graphml", "gexf", "json"):
            assert networks.export_text(g, fmt).strip(), (kind, fmt)
        networks.export(g, "csv", tmp_path / kind)
        assert (tmp_path / kind / "edges.csv").stat().st_size > 0
    assert no_network == []


def test_corpus_most_cited_agrees_with_the_triples(corpus):
    rdf, data = corpus
    counts: dict[str, set[str]] = {}
    for statement, _, instrument in rdf.triples((None, MKG.citesInstrument, None)):
        counts.setdefault(compact(str(instrument)), set()).add(str(statement))
    table = networks.most_cited_instruments(data)
    top = max(len(v) for v in counts.values())
    assert table.iloc[0]["statements"] == top
    assert dict(zip(table["instrument"], table["statements"], strict=True)) == {
        k: len(v) for k, v in counts.items()}


def test_corpus_full_graph_has_each_kind_and_holdings(corpus):
    rdf, data = corpus
    g = networks.full(data)
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert {"person", "participant", "organization", "instrument", "topic", "claim", "practice",
            "session", "event", "country", "initiative"} <= kinds
    holdings = [d for *_, d in g.edges(data=True) if d["relation"] == "mkg:PostHolding"]
    assert len(holdings) == len(set(rdf.subjects(RDF.type, MKG.PostHolding)))
    assert {d["tenure"] for d in holdings} == {"current", "former"}


def test_corpus_full_graph_marks_which_responses_the_report_states(corpus):
    """Only Robinson's "In response, ..." is stated; every other response is the curators'
    reading and must be told apart wherever a user meets it."""
    rdf, data = corpus
    g = networks.full(data)
    floor = "participant:2006-06-27-migration-and-human-rights/floor"
    responses = {(u, v, k): d for u, v, k, d in g.edges(keys=True, data=True)
                 if k in ("mkg:respondsTo", "mkg:inferredResponseTo")}
    stated = {key: d for key, d in responses.items() if d["basis"] == "stated"}
    assert list(stated) == [("person:mary-robinson", floor, "mkg:respondsTo")]
    assert stated["person:mary-robinson", floor, "mkg:respondsTo"]["statements"] == \
        "statement:2006-06-27-migration-and-human-rights/robinson-mwc-existing-obligations"
    inferred = {key for key, d in responses.items() if d["basis"] == "inferred"}
    assert {u for u, _, _ in inferred} == {
        "person:mary-robinson", "person:gabriella-rodriguez", "person:jorge-bustamante"}
    assert sum(responses[key]["weight"] for key in inferred) == \
        len(set(rdf.subjects(MKG.inferredResponseTo)))
    assert set(responses["person:jorge-bustamante", floor, "mkg:inferredResponseTo"]
               ["questions"].split(";")) == {
        f"statement:2006-06-27-migration-and-human-rights/floor-{q}"
        for q in ("q2-obey-host-laws", "q4-sovereign-right-borders",
                  "q6-employer-associations-domestic-workers")}


# ----------------------------------------------------------------------------- fidelity


def _raw_pairs(rdf: Graph, *predicates: URIRef) -> set[frozenset[str]]:
    """Pairs of people the triples say concurred or agreed, straight from the RDF."""
    prov = URIRef("http://www.w3.org/ns/prov#wasAttributedTo")
    return {frozenset((compact(str(rdf.value(s, prov))), compact(str(o))))
            for p in predicates for s, o in rdf.subject_objects(p)}


def test_corpus_pairs_the_report_says_agreed_are_never_in_conflict(corpus):
    rdf, data = corpus
    agreed = _raw_pairs(rdf, MKG.concursWith, MKG.agreesWith)
    assert frozenset(("person:naresh-singh", "person:jorge-bustamante")) in agreed
    conflict = networks.conflict(data, normalization="none")
    assert not {frozenset(e) for e in conflict.edges} & agreed
    # and those who speak congruently: Singh and Bustamante share the claim Singh concurred with
    congruence = networks.congruence(data)
    shared = congruence.edges["person:naresh-singh", "person:jorge-bustamante"]["agreements"]
    assert "claim:power-asymmetries-underlie-deprivation=agrees" in shared.split(";")


def test_corpus_conflict_edges_each_rest_on_a_claim_rejected_by_one_side(corpus):
    """Every conflict edge (there are none in this consensus workshop) must list the claim
    and the statements of both sides; the rejection recorded in the graph has no taker."""
    _, data = corpus
    rejected = [p for p in data.positions if not p.agrees]
    assert [(p.actor, p.claim) for p in rejected] == [
        ("person:gabriella-rodriguez", "claim:hrba-means-open-door")]
    held = {(p.actor, p.claim) for p in data.positions if p.agrees}
    assert not [c for _, c in held if c == "claim:hrba-means-open-door"]
    assert networks.conflict(data).number_of_edges() == 0


def test_corpus_no_instrument_is_opposed_by_a_speaker_who_invokes_it(corpus):
    _, data = corpus
    g = networks.actor_instrument(data)
    assert {d["tone"] for *_, d in g.edges(data=True)} == {"none"}
    robinson = g.edges["person:mary-robinson", "instrument:trafficking-protocol"]
    assert robinson["speech_acts"] == "criticises"
    claims = networks.actor_claim(data)
    protocol = claims.edges["person:mary-robinson", "claim:trafficking-protocol-protects-victims"]
    assert protocol["agreement"] == "agrees"


def test_readme_table_of_kinds_is_the_registry(capsys):
    """The README's table, the CLI's choices and --help all come from NETWORK_KINDS."""
    from migration_kg.networks.registry import KIND_NAMES, kinds_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert kinds_table() in readme
    table_kinds = re.findall(r"^\| `([a-z-]+)` \| (?:two-mode|one-mode|typed) \|", readme, re.M)
    assert tuple(table_kinds) == KIND_NAMES
    with pytest.raises(SystemExit):
        main(["network", "--help"])
    shown = capsys.readouterr().out
    assert [k.name for k in networks.NETWORK_KINDS if k.definition in shown] == list(KIND_NAMES)
