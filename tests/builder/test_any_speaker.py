"""Any speaker: a State (its delegation), an organization, a group of States or a person speaks,
on behalf of one or several; the graph, the queries and the networks follow.

The corpus is ``tests/data/valid/delegations``, a fictional summary record written for these
tests.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from migration_kg.api import build_graph, query, validate_graph
from migration_kg.namespaces import MKG, expand
from migration_kg.networks import actor_claim, congruence
from migration_kg.networks.registry import Network
from tests.helpers import DELEGATIONS

REPORT = "2024-03-12-hrc-migrants-dialogue"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph(DELEGATIONS)


def statement(name: str) -> URIRef:
    return URIRef(expand(f"statement:{REPORT}/{name}"))


def test_the_record_validates(graph: Graph) -> None:
    report = validate_graph(graph, DELEGATIONS)
    assert report.ok, report


def test_a_state_an_organization_and_a_person_are_speakers(graph: Graph) -> None:
    speakers = {str(row.speaker): str(row.name)
                for row in query(graph, "speakers").itertuples()}
    assert speakers == {"country:algeria": "Algeria", "country:egypt": "Egypt",
                        "organization:amnesty-international": "Amnesty International",
                        "person:alan-turing": "Alan Turing", "person:grace-hopper": "Grace Hopper"}
    algeria = URIRef(expand("country:algeria"))
    assert (statement("algeria-urges-ratification"), PROV.wasAttributedTo, algeria) in graph
    assert (algeria, RDF.type, MKG.Country) in graph
    assert (URIRef(expand("organization:african-group")), RDF.type, MKG.GroupOfStates) in graph


def test_on_behalf_of_one_id_or_a_list_gives_the_same_triples(graph: Graph) -> None:
    group = URIRef(expand("organization:african-group"))
    # one statement gives a list, the other a single id
    for name in ("egypt-protect-regardless-of-status", "egypt-regular-pathways"):
        assert set(graph.objects(statement(name), MKG.onBehalfOf)) == {group}
    assert (URIRef(expand("country:egypt")), PROV.actedOnBehalfOf, group) in graph
    rows = query(graph, "on-behalf-of")
    pairs = {(str(r.speaker), str(r.principal)) for r in rows.itertuples()}
    assert pairs == {("country:egypt", "organization:african-group"),
                     ("organization:amnesty-international", "organization:icmc"),
                     ("person:alan-turing", "country:mexico")}


def actors(network: Network) -> dict[str, str]:
    return {n: str(a.get("members") or "")
            for n, a in network.nodes(data=True) if a["bipartite"] == 0}


def test_levels_fold_people_into_what_they_speak_for_or_represent(graph: Graph) -> None:
    assert actors(actor_claim(graph)) == {
        "country:algeria": "", "country:egypt": "", "organization:amnesty-international": "",
        "person:alan-turing": "", "person:grace-hopper": ""}
    # Hopper holds a post at Canada's mission; Turing speaks for a State, not an organization
    assert actors(actor_claim(graph, level="organization")) == {
        "country:algeria": "", "country:egypt": "", "organization:amnesty-international": "",
        "organization:canada-permanent-mission": "person:grace-hopper",
        "person:alan-turing": ""}
    # the mission represents Canada; Turing spoke for Mexico
    assert actors(actor_claim(graph, level="country")) == {
        "country:algeria": "", "country:egypt": "", "organization:amnesty-international": "",
        "country:canada": "person:grace-hopper", "country:mexico": "person:alan-turing"}


def test_two_states_holding_a_claim_are_congruent(graph: Graph) -> None:
    net = congruence(graph)
    assert net.has_edge("country:algeria", "country:egypt") is False  # no shared claim
    assert sorted(net.nodes) == ["country:algeria", "country:egypt",
                                 "organization:amnesty-international", "person:alan-turing",
                                 "person:grace-hopper"]
