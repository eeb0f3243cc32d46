"""The ontology: every term labelled and explained, every term used is declared, one prefix map."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from migration_kg import paths
from migration_kg.namespaces import MKG, PREFIXES

ONTOLOGY = Graph().parse(paths.ONTOLOGY_FILE, format="turtle")
DECLARED = {s for s in ONTOLOGY.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(str(MKG))}


def test_terms_are_declared() -> None:
    assert len(DECLARED) > 80


def test_the_mkg_namespace_is_closed_and_equals_the_ontology() -> None:
    """``MKG`` lists exactly the declared terms, so a typo fails instead of minting a term."""
    listed = {URIRef(str(MKG) + name) for name in MKG.__annotations__}
    assert listed == DECLARED, (sorted(DECLARED - listed), sorted(listed - DECLARED))
    assert MKG.Organization == URIRef(str(MKG) + "Organization")
    with pytest.raises(AttributeError):
        _ = MKG.Orgnization


@pytest.mark.parametrize("term", sorted(DECLARED), ids=lambda t: str(t).split("#")[-1])
def test_every_term_has_label_and_comment(term: URIRef) -> None:
    assert ONTOLOGY.value(term, RDFS.label) is not None
    assert ONTOLOGY.value(term, RDFS.comment) is not None


def test_every_mkg_term_the_graph_uses_is_declared(shipped_graph: Graph) -> None:
    used = {p for _, p, _ in shipped_graph if str(p).startswith(str(MKG))}
    used |= {o for o in shipped_graph.objects(None, RDF.type) if str(o).startswith(str(MKG))}
    assert used - DECLARED == set()
    assert len(used) > 40


TERM_USERS = [*sorted(paths.QUERIES_DIR.rglob("*.rq")), paths.SHAPES_FILE]


@pytest.mark.parametrize("path", TERM_USERS, ids=lambda p: p.name)
def test_every_mkg_term_in_queries_and_shapes_is_declared(path) -> None:
    text = path.read_text(encoding="utf-8")
    terms = {URIRef(str(MKG) + name) for name in re.findall(r"\bmkg:([A-Za-z][A-Za-z0-9]*)", text)}
    assert terms - DECLARED == set(), path.name


def test_queries_use_the_ontology() -> None:
    users = [p for p in paths.QUERIES_DIR.rglob("*.rq") if "mkg:" in p.read_text("utf-8")]
    assert len(users) >= 20


@pytest.mark.parametrize("path", [paths.ONTOLOGY_FILE, paths.SHAPES_FILE], ids=lambda p: p.name)
def test_turtle_prefixes_agree_with_the_namespaces_module(path) -> None:
    declared = dict(re.findall(r"@prefix\s+([a-z]*):\s*<([^>]+)>", path.read_text("utf-8")))
    shared = set(declared) & set(PREFIXES)
    assert {"mkg", "rdfs", "skos", "prov"} <= shared
    for prefix in shared:
        assert declared[prefix] == str(PREFIXES[prefix]), prefix


def test_ontology_has_no_blank_nodes() -> None:
    from rdflib import BNode

    assert not [t for t in ONTOLOGY if any(isinstance(x, BNode) for x in t)]
    assert (URIRef(str(MKG).rstrip("#")), RDF.type, OWL.Ontology) in ONTOLOGY
